"""Make N varied articles from the seed corpus, for the benchmark and the batch tests.

Each generated article takes a seed article, shuffles its paragraphs (after the first) and
the sentences inside each paragraph, replaces every number with another of the same shape,
and swaps month, weekday and place names, so no two texts are byte-identical and no cache
can cheat, while the text keeps the same kind and density of facts as real news.
Deterministic for a given ``seed``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from pipeline.corpus import read_corpus
from pipeline.io import atomic_writer
from pipeline.schema import Article

# fmt: off
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PLACES = ["Singapore", "Shanghai", "Vietnam", "Malaysia", "Indonesia", "Thailand", "Japan", "Korea",
          "India", "Australia", "Germany", "France", "Brazil", "Canada", "Kenya", "Egypt"]
# fmt: on
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
_NUMBER = re.compile(r"\d+")
_WORDS = re.compile(r"\b(" + "|".join(MONTHS + WEEKDAYS + PLACES) + r")\b")


def _vary(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    head, body = paragraphs[:1], paragraphs[1:]
    rng.shuffle(body)
    out: list[str] = []
    for para in head + body:
        sentences = _SENTENCE.split(para)
        if len(sentences) > 2:
            first, rest = sentences[0], sentences[1:]
            rng.shuffle(rest)
            sentences = [first, *rest]
        out.append(" ".join(sentences))
    varied = "\n".join(out)
    varied = _NUMBER.sub(lambda m: _same_shape(m.group(), rng), varied)
    return _WORDS.sub(lambda m: _swap(m.group(), rng), varied)


def _same_shape(digits: str, rng: random.Random) -> str:
    if len(digits) == 1:
        return str(rng.randint(1, 9))
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def _swap(word: str, rng: random.Random) -> str:
    for group in (MONTHS, WEEKDAYS, PLACES):
        if word in group:
            return rng.choice(group)
    return word


def generate_articles(seeds: Path, n: int, seed: int = 0) -> Iterator[dict[str, object]]:
    """Yield ``n`` JSONL records (``id``, ``text``, metadata) varied from the seed articles."""
    base = [a for a in read_corpus(seeds) if isinstance(a, Article)]
    if not base:
        raise ValueError(f"{seeds}: no readable seed articles")
    rng = random.Random(seed)
    seen: set[int] = set()
    for i in range(n):
        source = base[i % len(base)]
        text = _vary(source.text, rng)
        while hash(text) in seen:  # vanishingly rare; keeps the texts distinct
            text = _vary(source.text, rng)
        seen.add(hash(text))
        published = (source.published or date(2025, 1, 1)) + timedelta(days=rng.randint(-400, 400))
        yield {
            "id": f"bench{i:06d}",
            "text": text,
            "published": published.isoformat(),
            "source": source.meta.source,
            "title": source.meta.title,
        }


def write_bench_corpus(seeds: Path, n: int, path: Path, seed: int = 0) -> Path:
    """Write ``n`` generated articles to ``path`` as JSONL (atomically) and return the path."""
    with atomic_writer(path) as fh:
        for record in generate_articles(seeds, n, seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
