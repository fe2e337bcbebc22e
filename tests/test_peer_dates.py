"""Date value F1 on peer suites: Recognizers-Text (with reference dates) and TempEval-3.

The suites, the pipeline run and the scoring are those of ``newsfacts bench-accuracy``
(``pipeline.peer_suites``, ``pipeline.accuracy``), so the floors here and the README table
measure the same thing: FACTS.md's value matching, one to one, the most overlapping pair first.
Recognizers-Text: any value in a fact's ``candidates`` is right; predictions that match no fact
are false positives. TempEval-3: DATE timexes with a FACTS.md value are scored; predictions
overlapping the other DATE/TIME timexes are not counted; predictions overlapping DURATION/SET
timexes or nothing are false positives. The floors are the scores reached, rounded down: they
may only go up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline.accuracy import run_newsfacts, score_case
from pipeline.peer_suites import Case, load_rt_date, load_tempeval
from pipeline.scoring import PRF
from pipeline.settings import Settings

TEMPEVAL = Path(__file__).resolve().parents[2] / "shared" / "peer" / "tempeval3"

RT_FLOOR = 0.91
PLATINUM_FLOOR = 0.91
TBAQ_FLOOR = 0.85


def date_score(cases: Sequence[Case]) -> PRF:
    """Value tp/fp/fn of the whole pipeline's date facts over a suite."""
    total = PRF()
    predictions = run_newsfacts(cases, Settings(), notes=[])
    for case, facts in zip(cases, predictions, strict=True):
        total = total + score_case(list(case.gold), [f for f in facts if f.type == "date"], case.ignore, True)
    return total


def tempeval_cases(name: str) -> list[Case]:
    path = TEMPEVAL / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent: TempEval-3 texts are publishers' news and are not copied here")
    return load_tempeval(path)


def test_recognizers_text_dates() -> None:
    score = date_score(load_rt_date())
    print(f"Recognizers-Text dates: {score} F1={score.f:.3f}")
    assert (score.f or 0) >= RT_FLOOR


def test_tempeval3_platinum_dates() -> None:
    score = date_score(tempeval_cases("platinum"))
    print(f"TempEval-3 platinum DATE: {score} F1={score.f:.3f}")
    assert (score.f or 0) >= PLATINUM_FLOOR


@pytest.mark.slow
def test_tempeval3_tbaq_dates() -> None:
    score = date_score(tempeval_cases("tbaq"))
    print(f"TempEval-3 TBAQ DATE: {score} F1={score.f:.3f}")
    assert (score.f or 0) >= TBAQ_FLOOR
