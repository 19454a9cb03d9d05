"""gunicorn settings of the web service (deploy/Dockerfile's CMD).

Workers × threads per container: 4 × 4 by default, the figures docs/operations.md counts
PostgreSQL connections with (one persistent connection per thread, DB_CONN_MAX_AGE).
"""

import os

bind = f"0.0.0.0:{os.environ.get('GUNICORN_PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request may import a 512 KB file inline (IMPORT_INLINE_MAX_KB) or render a PDF notice.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm"
accesslog = "-"
errorlog = "-"
