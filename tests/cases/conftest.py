import pytest


@pytest.fixture(autouse=True)
def _private_case_files(case_files_dir):
    """Case files of every 办件 test go to a directory of its own (tests/conftest.py)."""
    return case_files_dir
