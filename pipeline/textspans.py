"""Where a span sits in its text: a few words around it, or its sentence, for error reports.

Found by punctuation and whitespace alone (no model), so the evaluator stays pure and fast.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")


def context_of(text: str, start: int, end: int, words: int = 6) -> str:
    """A few words either side of the span, the span in ⟦brackets⟧, whitespace folded.

    >>> context_of("We signed 18 deals yesterday in Shanghai.", 10, 12, words=2)
    'We signed ⟦18⟧ deals yesterday…'
    >>> context_of("the Council. Then", 4, 11, words=2)
    'the ⟦Council⟧. Then'
    """
    before = [m.start() for m in _WORD.finditer(text, 0, start)]
    after = [m.end() for m in _WORD.finditer(text, end)]
    words = max(words, 1)
    cut_left = before[-words] if len(before) >= words else 0
    cut_right = after[words - 1] if len(after) >= words else len(text)
    left = _SPACE.sub(" ", text[cut_left:start]).lstrip()
    right = _SPACE.sub(" ", text[end:cut_right]).rstrip()
    out = f"{left}⟦{_SPACE.sub(' ', text[start:end])}⟧{right}"
    return ("…" if len(before) > words else "") + out + ("…" if len(after) > words else "")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“'‘(\[A-Z0-9])|\n\s*\n|\n")


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding the span, found by punctuation, whitespace folded."""
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            break
        begin = match.end()
    stop = len(text)
    following = _SENTENCE_END.search(text, end)
    if following:
        stop = following.start()
    return " ".join(text[begin:stop].split())
