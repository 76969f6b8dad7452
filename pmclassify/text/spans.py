"""Stage 1d: where a phrase read from a posting stands in the text the caller gave.

Cues are read from cleaned text, as lemmas ("a/b test"); the caller's text is raw ("Run A/B
tests", inside HTML or markdown). A phrase is found again in the raw text word by word, each
word as its lemma or an inflection of it, the words apart by a few characters that are not
letters or digits (spaces, punctuation, a markdown asterisk) and on one line. A phrase whose
words cleaning joined across markup, or that the text has only in an irregular form ("led" for
"lead"), is not found: its evidence then has no span, rather than a wrong one.

>>> text = "What you'll do\\n- Run **A/B tests** on onboarding."
>>> start, end = locate(text, "a/b test")
>>> text[start:end]
'A/B tests'
>>> locate(text, "pricing") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# The endings an inflection adds to a lemma ("test" -> "tests", "testing"; "strategy" ->
# "strategies"): a list, so that "ai" does not read "aim".
_SUFFIX = r"(?:e|es|ed|s|d|ing|ings|er|ers|y|ies|ied)?"
# Between two words of a phrase: spaces and punctuation, not a line break.
_BETWEEN = r"[^\w\n]{1,8}"


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """The pattern :func:`locate` finds ``phrase`` with; None for a phrase with no word."""
    words = re.findall(r"\w+", phrase.lower())
    if not words:
        return None
    # "prototype" is read from "prototyping", "strategy" from "strategies": a lemma's last e
    # or y goes before a suffix (and the suffix gives it back).
    stems = [w[:-1] if len(w) > 3 and w[-1] in "ey" else w for w in words]
    body = _BETWEEN.join(re.escape(s) + _SUFFIX for s in stems)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def locate(text: str, phrase: str, start: int = 0, end: int | None = None,
           ) -> tuple[int, int] | None:
    """The first ``(start, end)`` of ``phrase`` in ``text[start:end]``, or None.

    ``text[start:end]`` is then the phrase as the text writes it: every word of ``phrase``,
    in order, each as written or inflected.
    """
    pattern = phrase_pattern(phrase)
    if pattern is None or not text:
        return None
    m = pattern.search(text, start, len(text) if end is None else end)
    return m.span() if m else None


def windows(text: str, parts: Sequence[str]) -> list[tuple[int, int]]:
    """Where each of ``parts`` (the sentences read, in order) stands in ``text``, for those
    found there as they are: the places to look for a phrase read in them first.

    >>> windows("About us. Own the roadmap. Benefits.", ["Own the roadmap.", "Missing."])
    [(10, 26)]
    """
    out, cursor = [], 0
    for part in parts:
        at = text.find(part, cursor)
        if at < 0:
            at = text.find(part)
        if at >= 0:
            out.append((at, at + len(part)))
            cursor = at + len(part)
    return out
