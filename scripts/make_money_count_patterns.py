"""Write ``models/money_patterns.jsonl`` and ``models/count_patterns.jsonl`` from the lexicons.

The patterns are derived data: edit ``currencies.jsonl`` (via make_currencies.py),
``currency_supplement.jsonl``, ``number_words.json`` or ``count_items.jsonl``, then run
``.venv/bin/python scripts/make_money_count_patterns.py``. ``--check`` exits 1 when a file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.components.money_patterns import render_pattern_files  # noqa: E402


def main(argv: list[str]) -> int:
    stale = []
    for path, text in render_pattern_files(ROOT / "models").items():
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for path in stale:
        print(f"{path} is stale: run scripts/make_money_count_patterns.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
