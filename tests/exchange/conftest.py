"""Paths of the sample files and small helpers shared by the exchange tests."""

import copy
import json
from pathlib import Path

import pytest
from django.conf import settings

SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"
DEMO = Path(settings.BASE_DIR) / "demo"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def catalogue_sample() -> dict:
    return copy.deepcopy(load(SAMPLES / "catalogue-sample.json"))


@pytest.fixture
def listing_sample() -> dict:
    return copy.deepcopy(load(SAMPLES / "listing-sample.json"))
