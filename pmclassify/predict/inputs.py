"""Stage 5e: what the classifier is given — ``(text, title)`` pairs, checked — and why a body it
was given is not read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat

from pmclassify.errors import InputError
from pmclassify.text.notes import Note
from pmclassify.text.posting import ProcessedPosting

# A text this long whose role part is still too short holds no sentence about the role: all
# of it is company, pay, benefits or how-to-apply text (some postings of 5,000+ characters).
BOILERPLATE_ONLY_WORDS = 40


def no_body_warning(p: ProcessedPosting) -> Note:
    """Why a posting's body is not read, for a text in English whose role part is too short."""
    if len(p.whole_text().split()) >= BOILERPLATE_ONLY_WORDS:
        code, why = "boilerplate_only", ("no sentence about the role was found in the text, "
                                         "only what reads as boilerplate (company, pay, "
                                         "benefits, how to apply)")
    elif p.title:
        code, why = "too_short", "the text is too short to read a role from"
    else:
        return Note("empty", "the text is empty or too short")
    return Note(code, why + ", so the answer rests on the title" if p.title else why)


def given_pairs(texts: Iterable[str | bytes], titles: Iterable[str | None] | None,
           ) -> Iterator[tuple[str | bytes, str | None]]:
    for what, given in (("texts", texts), ("titles", titles)):
        if isinstance(given, str | bytes | bytearray):  # would be read a character at a time
            raise InputError(f"{what} is one string: pass a list of them, or call predict() for "
                             "one posting")
    if titles is None:
        yield from zip(texts, repeat(None))
        return
    try:
        # strict zip stays lazy: it raises only when one side ends before the other.
        yield from zip(texts, titles, strict=True)
    except ValueError as exc:
        raise InputError("texts and titles differ in length: pass one title (or None) per "
                         "text, or no titles") from exc
