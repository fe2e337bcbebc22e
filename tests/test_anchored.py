"""The anchored Matcher finds exactly what the whole pattern set finds over the whole document.

Run for each ruler on the seed articles and the peer sentences of its kind, plus hand-made
lines with matches at the edges of windows (where a wrong reach would lose a match).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "tests" / "data" / "peer"
EXTRA = [
    "He paid 927 million U.S. dollars, or twenty - five thousand euros and 3 dollars 50 cents.",
    "Between US$ 1.5 and 2 billion yuan; five hundred and twenty memoranda of understanding.",
    "From the early 1990s to late September 2025, and between now and Christmas Eve of next year.",
    "2025 2026 May March: the 18th of May, 05-Aug-2016, Q3 2019, H1, mid-2020s.",
]
RULERS = {
    "newsfacts_money": ("rt_currency.jsonl", "rt_number.jsonl"),
    "newsfacts_counts": ("rt_number.jsonl",),
    "newsfacts_dates": ("rt_date.jsonl",),
}


def _texts(peer_files: tuple[str, ...]) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    for name in peer_files:
        lines = (PEER / name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts + EXTRA


@pytest.mark.parametrize("component", sorted(RULERS))
def test_anchored_matches_equal_whole_document_matches(component: str) -> None:
    nlp = spacy.blank("en")
    anchored = nlp.add_pipe(component).matcher
    assert anchored.complete, "every pattern needs an anchor, or the ruler reads whole documents"
    windows = 0
    for text in _texts(RULERS[component]):
        doc = nlp.make_doc(text)
        assert set(anchored(doc)) == set(anchored.matcher(doc)), text[:80]
        windows += len(anchored.windows(doc))
    assert windows > 0


def test_identical_spans_keep_the_first_listed_rule() -> None:
    from pipeline.components.anchored import AnchoredMatcher

    nlp = spacy.blank("en")
    patterns = [("second", [{"LOWER": "may"}, {"IS_DIGIT": True}]), ("first", [{"LOWER": "may"}])]
    patterns.insert(0, ("zero", [{"LOWER": "may"}, {"TEXT": {"REGEX": r"^\d+$"}}]))
    matcher = AnchoredMatcher(nlp.vocab, patterns, common=["the", "1"])
    doc = nlp.make_doc("On May 5 the fund opened; in May it closed.")
    rules = [(nlp.vocab.strings[m], doc[s:e].text) for m, s, e in matcher(doc)]
    assert rules == [("zero", "May 5"), ("second", "May 5"), ("first", "May"), ("first", "May")]
