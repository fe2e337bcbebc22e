"""Entity span rules on short texts (real model + the fixer) and canonical names (pure functions)."""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import pipeline.components.entities  # noqa: F401  (registers the factory)
from pipeline.errors import LexiconError
from pipeline.normalise.entities import canonical_names, org_name, person_name, place_name
from pipeline.normalise.entity_lexicon import load_lexicon
from pipeline.settings import DEFAULT_EXCLUDE, DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def _nlp() -> Language:
    nlp = spacy.load(DEFAULT_MODEL, exclude=list(DEFAULT_EXCLUDE))
    nlp.add_pipe("newsfacts_entities")
    return nlp


def _ents(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in _nlp()(text).ents]


# (text, mentions that must be there, texts that must not be a mention)
SPAN_CASES = [
    ("Singapore’s CrimsonLogic signed a deal.", [("Singapore", "GPE"), ("CrimsonLogic", "ORG")], []),
    ("China-Singapore cooperation grew.", [("China", "GPE"), ("Singapore", "GPE")], ["China-Singapore"]),
    ("A Chongqing-based company listed.", [("Chongqing", "GPE")], ["Chongqing-based"]),
    (
        "the sixth meeting of the Singapore-Shanghai Comprehensive Cooperation Council.",
        [("Singapore-Shanghai Comprehensive Cooperation Council", "ORG")],
        ["Singapore", "Shanghai"],
    ),
    (
        "Firms in western China and Southwest China grew.",
        [("China", "GPE")],
        ["western China", "Southwest China"],
    ),
    ("He reported results of the CCI-FS 2023 in May.", [], ["CCI-FS 2023"]),
    ("Parks called VSIP 2.0 opened.", [], ["VSIP 2.0"]),
    (
        "The Monetary Authority of Singapore (MAS) acted. MAS said so.",
        [("Monetary Authority of Singapore", "ORG"), ("MAS", "ORG")],
        ["the Monetary Authority of Singapore"],
    ),
    ("Chinese and Singaporean companies grew.", [], ["Chinese", "Singaporean"]),
    ("It issued 500 million U.S. dollars in bonds.", [], ["U.S."]),
    ("They discussed the South China Sea and the Mekong.", [], ["South China Sea", "China", "Mekong"]),
    ("Trade in Southeast Asia rose.", [], ["Southeast Asia"]),
    ("Both signed the Action Program for the Implementation of the Partnership.", [], ["Action Program"]),
    ("The Belt and Road Initiative expanded.", [("Belt and Road Initiative", "ORG")], []),
    (
        "Prime Minister Pham Minh Chinh met PM Wong.",
        [("Pham Minh Chinh", "PERSON"), ("Wong", "PERSON")],
        ["PM Wong"],
    ),
    ("Hainan province in southern China acted.", [("Hainan", "GPE"), ("China", "GPE")], ["Hainan province"]),
    ("Officials visited Jiangsu Province.", [("Jiangsu Province", "GPE")], []),
    ("Centres in Ho Chi Minh City and Danang grew.", [("Ho Chi Minh City", "GPE"), ("Danang", "GPE")], []),
    ("Hon Hai Precision Industry Co., Ltd. grew.", [("Hon Hai Precision Industry Co., Ltd.", "ORG")], []),
    ("DBS Bank’s China division grew.", [("DBS Bank", "ORG"), ("China", "GPE")], []),
    (
        "Wu Heng reported. (Photo/Kenny Dong)",
        [("Wu Heng", "PERSON"), ("Kenny Dong", "PERSON")],
        ["Photo/Kenny Dong"],
    ),
    ("It opens in June. (Photo/Diyiyan TV-CQNEWS)", [("Diyiyan TV", "ORG"), ("CQNEWS", "ORG")], []),
    (
        "The Ho Chi Minh City People's Committee approved it.",
        [("Ho Chi Minh City People's Committee", "ORG")],
        [],
    ),
    ("Tengku Datuk Seri Zafrul Abdul Aziz spoke.", [("Zafrul Abdul Aziz", "PERSON")], ["Tengku Datuk"]),
    (
        "Minister of Finance spoke at the Bank of Communications.",
        [("Bank of Communications", "ORG")],
        ["Minister of Finance"],
    ),
    ("Tags: chongqing", [("chongqing", "GPE")], []),
    (
        "They signed the Regional Comprehensive Economic Partnership agreement.",
        [],
        ["Regional Comprehensive Economic Partnership"],
    ),
    # China's autonomous areas: the ethnic names between the place and the admin word are inside
    # the span (models/entity_rules.json ethnic_names), but only before an autonomous-area word.
    (
        "Nanning, Guangxi Zhuang Autonomous Region, hosted it.",
        [("Nanning", "GPE"), ("Guangxi Zhuang Autonomous Region", "GPE")],
        ["Guangxi"],
    ),
    (
        "Yinchuan, capital of Ningxia Hui Autonomous Region, grew.",
        [("Ningxia Hui Autonomous Region", "GPE")],
        ["Ningxia Hui Autonomous", "Ningxia"],
    ),
    (
        "Officials from the Xinjiang Uygur Autonomous Region visited Urumqi.",
        [("Xinjiang Uygur Autonomous Region", "GPE"), ("Urumqi", "GPE")],
        ["Xinjiang"],
    ),
    (
        "Enshi Tujia and Miao Autonomous Prefecture exports tea.",
        [("Enshi Tujia and Miao Autonomous Prefecture", "GPE")],
        ["Enshi Tujia", "Miao Autonomous"],
    ),
    ("The Guangxi Zhuang people celebrated the festival.", [("Guangxi", "GPE")], ["Guangxi Zhuang"]),
    ("He visited Tibet Autonomous Region.", [("Tibet Autonomous Region", "GPE")], ["Tibet Autonomous"]),
    (
        "Officials in Tibet met peers from Hohhot, Inner Mongolia, and the Xizang Autonomous Region.",
        [("Tibet", "GPE"), ("Inner Mongolia", "GPE"), ("Xizang Autonomous Region", "GPE")],
        ["Mongolia"],
    ),
]


@pytest.mark.parametrize(("text", "present", "absent"), SPAN_CASES)
def test_span_rules(text: str, present: list[tuple[str, str]], absent: list[str]) -> None:
    ents = _ents(text)
    for mention in present:
        assert mention in ents, ents
    for surface in absent:
        assert surface not in [t for t, _ in ents], ents


CANONICAL_CASES = [
    (
        [("Prime Minister Pham Minh Chinh", "PERSON"), ("Chinh", "PERSON"), ("PM Chinh", "PERSON")],
        "",
        ["Pham Minh Chinh"] * 3,
    ),
    ([("Lawrence Wong", "PERSON"), ("Wong", "PERSON")], "", ["Lawrence Wong"] * 2),
    ([("Wu Heng", "PERSON"), ("Wu", "PERSON")], "", ["Wu Heng"] * 2),
    (
        [("Zafrul Abdul Aziz", "PERSON")],
        "Tengku Datuk Seri Zafrul Abdul Aziz said",
        ["Tengku Zafrul Abdul Aziz"],
    ),
    (
        [("Viet Nam", "GPE"), ("Hà Nội", "GPE"), ("the U.S.", "GPE"), ("U.S.", "GPE")],
        "",
        ["Vietnam", "Hanoi", "United States", "United States"],
    ),
    (
        [("Jiangsu Province", "GPE"), ("Danang", "GPE"), ("chongqing", "GPE"), ("Singapore's", "GPE")],
        "",
        ["Jiangsu", "Da Nang", "Chongqing", "Singapore"],
    ),
    (
        [("the Global Development Initiative", "ORG"), ("GDI", "ORG")],
        "the Global Development Initiative and later the GDI",
        ["Global Development Initiative"] * 2,
    ),
    (
        [("Monetary Authority of Singapore", "ORG"), ("MAS", "ORG")],
        "Monetary Authority of Singapore (MAS)",
        ["Monetary Authority of Singapore"] * 2,
    ),
    ([("DBS Bank", "ORG"), ("DBS", "ORG")], "", ["DBS Bank", "DBS Bank"]),
    ([("APEC Summit", "ORG"), ("APEC", "ORG")], "", ["APEC Summit", "APEC"]),
    ([("ASEAN", "ORG")], "", ["ASEAN"]),
    (
        [
            ("Vietnam-Singapore Industrial Parks", "ORG"),
            ("VSIP", "ORG"),
            ("VSIPs", "ORG"),
            ("Vietnam-Singapore Industrial Park", "ORG"),
        ],
        "Vietnam-Singapore Industrial Parks (VSIP 2.0). VSIPs. Vietnam-Singapore Industrial Park (VSIP)",
        ["Vietnam-Singapore Industrial Park"] * 4,
    ),
    (
        [
            ("China-Singapore (Chongqing) Connectivity Initiative Financial Summit", "ORG"),
            ("CCI-FS", "ORG"),
            ("China-Singapore (Chongqing) Demonstration Initiative on Strategic Connectivity", "ORG"),
            ("CCI", "ORG"),
        ],
        "the China-Singapore (Chongqing) Connectivity Initiative Financial Summit (CCI-FS) and "
        "the China-Singapore (Chongqing) Demonstration Initiative on Strategic Connectivity (CCI)",
        [
            "China-Singapore (Chongqing) Connectivity Initiative Financial Summit",
            "China-Singapore (Chongqing) Connectivity Initiative Financial Summit",
            "China-Singapore (Chongqing) Demonstration Initiative on Strategic Connectivity",
            "China-Singapore (Chongqing) Demonstration Initiative on Strategic Connectivity",
        ],
    ),
    (
        [("Maybank Bhd", "ORG"), ("PT Bank Central Asia Tbk", "ORG"), ("Vietcombank JSC", "ORG")],
        "",
        ["Maybank", "PT Bank Central Asia", "Vietcombank"],
    ),
    ([("the CCI's", "ORG")], "", ["CCI"]),
    ([("Tibet Autonomous Region", "GPE"), ("Hainan Province", "GPE")], "", ["Tibet", "Hainan"]),
    ([("Xizang Autonomous Region", "GPE"), ("Nei Mongol", "GPE")], "", ["Tibet", "Inner Mongolia"]),
    (
        [("Guangxi Zhuang Autonomous Region", "GPE"), ("Enshi Tujia and Miao Autonomous Prefecture", "GPE")],
        "",
        ["Guangxi", "Enshi"],
    ),
]


@pytest.mark.parametrize(("mentions", "text", "expected"), CANONICAL_CASES)
def test_canonical_names(mentions: list[tuple[str, str]], text: str, expected: list[str]) -> None:
    assert canonical_names(mentions, text) == expected


@pytest.mark.parametrize("bad", ["", "   ", "'s", "(", "the", "-", "\u00a0"])
def test_normalisers_never_raise(bad: str) -> None:
    assert isinstance(place_name(bad), str)
    assert isinstance(person_name(bad), str)
    assert isinstance(org_name(bad), str)
    assert len(canonical_names([(bad, "ORG"), (bad, "GPE"), (bad, "PERSON")], bad)) == 3


def test_places_file_is_current() -> None:
    spec = importlib.util.spec_from_file_location("make_places", ROOT / "scripts" / "make_places.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "models" / "places.jsonl").read_text(encoding="utf-8")
    assert module.render() == committed, "run: python scripts/make_places.py"


def test_gazetteer_files_are_modest() -> None:
    size = sum((ROOT / "models" / n).stat().st_size for n in ("places.jsonl", "aliases.jsonl"))
    assert size < 2_000_000


def test_duplicate_alias_is_rejected(tmp_path: Path) -> None:
    for name in ("places.jsonl", "org_heads.json", "entity_rules.json"):
        (tmp_path / name).write_text((ROOT / "models" / name).read_text(encoding="utf-8"), encoding="utf-8")
    rows = [
        {"label": "GPE", "name": "Vietnam", "surfaces": ["Viet Nam"]},
        {"label": "GPE", "name": "Laos", "surfaces": ["Viet Nam"]},
    ]
    (tmp_path / "aliases.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"aliases.jsonl:2"):
        load_lexicon(str(tmp_path))


def test_autonomous_word_must_be_an_admin_word(tmp_path: Path) -> None:
    for name in ("places.jsonl", "aliases.jsonl", "org_heads.json"):
        (tmp_path / name).write_text((ROOT / "models" / name).read_text(encoding="utf-8"), encoding="utf-8")
    rules = json.loads((ROOT / "models" / "entity_rules.json").read_text(encoding="utf-8"))
    rules["autonomous_admin_words"].append("Autonomous Township")
    (tmp_path / "entity_rules.json").write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"Autonomous Township"):
        load_lexicon(str(tmp_path))


def test_rules_without_ethnic_lists_still_load(tmp_path: Path) -> None:
    """The two autonomous-area lists are optional: a models/ folder written before them loads."""
    for name in ("places.jsonl", "aliases.jsonl", "org_heads.json"):
        (tmp_path / name).write_text((ROOT / "models" / name).read_text(encoding="utf-8"), encoding="utf-8")
    rules = json.loads((ROOT / "models" / "entity_rules.json").read_text(encoding="utf-8"))
    del rules["ethnic_names"], rules["autonomous_admin_words"]
    (tmp_path / "entity_rules.json").write_text(json.dumps(rules), encoding="utf-8")
    assert load_lexicon(str(tmp_path)).rules.ethnic_names == []


def test_component_rule_names_are_recorded() -> None:
    doc = _nlp()("The Monetary Authority of Singapore (MAS) acted.")
    assert {e.id_ for e in doc.ents} <= {"ner", "org_head", "acronym", "place", "ner_place"}
    assert all(e.id_ for e in doc.ents)
