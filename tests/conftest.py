"""Shared fixtures: the real pipeline (built once per session) and paths to the shipped data."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.nlp import build_nlp
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "articles"
GOLD = ROOT / "corpus" / "gold"
PEER = ROOT / "tests" / "data" / "peer"
SHARED_PEER = ROOT.parent / "shared" / "peer"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Language:
    """The whole newsfacts pipeline with the real English model."""
    return build_nlp(settings)
