"""Shared fixtures: the real spaCy model and pipeline, loaded once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline():
    from onrecord.pipeline import Pipeline
    return Pipeline.load()


@pytest.fixture(scope="session")
def polnear_pipeline():
    """Every attribution PolNeAR annotates (beliefs and intentions too), for scoring on it."""
    from onrecord.pipeline import Pipeline
    return Pipeline.load(scope="all")


@pytest.fixture(scope="session")
def rules_pipeline():
    from onrecord.pipeline import Pipeline
    return Pipeline.load(tagger=None)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seed" / "gold.json").exists():
        pytest.skip("../shared is not beside the project")
    return SHARED
