"""Stage 5f: the place of each piece of evidence in the text the caller gave — ``start`` and
``end`` into the title for a cue read in the given title, into the description for one read in
the body or in a line of it read as the title (:func:`pmclassify.text.spans.locate`). A cue
cleaning changed beyond finding again has no span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pmclassify.predict.prediction import Prediction
from pmclassify.text.notes import Evidence
from pmclassify.text.spans import locate, windows


def _placed(e: Evidence, text: str, title: str, read: list[tuple[int, int]]) -> Evidence:
    if not e.phrase or e.kind == "finding" or e.where == "rule":
        return e
    in_title = e.where == "title" and not e.title_line
    span = None
    if e.where == "body":  # where it was read first: a phrase of the role, not of "About us"
        span = next(filter(None, (locate(text, e.phrase, a, b) for a, b in read)), None)
    span = span or locate(title if in_title else text, e.phrase)
    return replace(e, start=span[0], end=span[1]) if span else e


def with_spans(p: Prediction, text: str, title: str | None, read: Sequence[str] = ()
               ) -> Prediction:
    """``p`` with each evidence item's ``start`` and ``end`` set where it is found: a body's
    cue first in the sentences that were read (``read``, the posting's role sentences), then
    anywhere in the text."""
    if not p.evidence:
        return p
    places = windows(text, read)
    evidence = {key: [_placed(e, text, title or "", places) for e in items]
                for key, items in p.evidence.items()}
    return replace(p, evidence=evidence)
