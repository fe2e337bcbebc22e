"""Regenerate the documentation screenshots with headless Chromium (``make docs``).

docs/img/show.png   ``newsfacts show ID --html`` for one shipped article
docs/img/report.png ``newsfacts evaluate --html`` on the current facts (skipped, with the
                    reason, when there are no facts yet or the evaluator cannot write HTML)

The pictures are made by the code, never drawn by hand: rerun this after changing the
pipeline or the pages. Needs /usr/bin/chromium (Debian: apt-get install -y chromium).

    .venv/bin/python scripts/make_docs.py [--article ID] [--facts FILE]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.corpus import read_article_file  # noqa: E402
from pipeline.render import facts_for, html_page  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
IMG = ROOT / "docs" / "img"
CORPUS = ROOT / "corpus" / "articles"
DEFAULT_ARTICLE = "001_f2ec7078244bfa86"


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once, isolated: its own profile, none of its network chatter."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(
        [str(CHROMIUM), *flags, *args], capture_output=True, text=True, timeout=120, check=True
    )


def screenshot(page: Path, png: Path, profile: Path, size: str = "1200,1600") -> None:
    """Load ``page`` in headless Chromium and save what a 1200-pixel-wide window shows."""
    png.parent.mkdir(parents=True, exist_ok=True)
    chromium(profile, "--hide-scrollbars", f"--window-size={size}", f"--screenshot={png}", page.as_uri())
    print(f"wrote {png.relative_to(ROOT)}")


def show_png(article_id: str, facts: Path | None, tmp: Path) -> None:
    article = read_article_file(CORPUS / f"{article_id}.txt", CORPUS)
    page = tmp / "show.html"
    page.write_text(html_page(article, facts_for(article, facts)), encoding="utf-8")
    screenshot(page, IMG / "show.png", tmp / "profile")


def report_png(pred: Path, tmp: Path) -> None:
    if not pred.is_file():
        print(f"skipped docs/img/report.png: {pred} does not exist (run `make run` first)")
        return
    page = tmp / "report.html"
    cmd = [sys.executable, "-m", "pipeline", "evaluate", "--pred", str(pred), "--html", str(page)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0 or not page.is_file():
        reason = (result.stderr.strip().splitlines() or ["no HTML written"])[-1]
        print(f"skipped docs/img/report.png: `newsfacts evaluate --html` failed: {reason}")
        return
    screenshot(page, IMG / "report.png", tmp / "profile")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article", default=DEFAULT_ARTICLE, help="article shown in show.png")
    parser.add_argument("--facts", type=Path, help="facts for show.png (default: extract the article now)")
    parser.add_argument(
        "--pred", type=Path, default=ROOT / "outputs" / "facts.jsonl", help="facts to evaluate"
    )
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"error: {CHROMIUM} not found; install it with: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        show_png(args.article, args.facts, Path(tmp))
        report_png(args.pred, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
