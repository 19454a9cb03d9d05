import pytest


@pytest.fixture(autouse=True)
def _private_case_files(settings, tmp_path):
    """Case files of a test go to a directory of its own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "case_files": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "case_files")},
        },
    }
