"""Import jobs of the admin: an uploaded catalogue or listing file, its dry run (preview) and,
once confirmed, its import — in the request for small files, as a Celery task for large ones."""
