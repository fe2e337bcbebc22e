"""The ``show --html`` page in a real browser: headless Chromium loads it, the highlights are in
the rendered DOM, and a screenshot is saved to tests/artifacts/ for a person to look at."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.corpus import read_article_file
from pipeline.io import read_facts
from pipeline.render import html_page

from .conftest import CORPUS, GOLD, ROOT
from .test_render import check_page

sys.path.insert(0, str(ROOT / "scripts"))
from make_docs import CHROMIUM, chromium

ARTIFACTS = ROOT / "tests" / "artifacts"
AID = "001_f2ec7078244bfa86"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs headless Chromium: apt-get install -y chromium (/usr/bin/chromium)",
    ),
]


def test_show_page_renders_every_fact_in_chromium(tmp_path: Path) -> None:
    article = read_article_file(CORPUS / f"{AID}.txt", CORPUS)
    facts = list(read_facts(GOLD / f"{AID}.jsonl"))
    page = tmp_path / "show.html"
    page.write_text(html_page(article, facts), encoding="utf-8")

    dom = chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert "<mark" in dom
    check_page(dom, article, facts)  # the browser's DOM: same highlights, values and table

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "show.png"
    shot.unlink(missing_ok=True)
    chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a blank page is a few kB
