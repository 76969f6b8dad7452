"""What the pipeline says about a posting beside its answers, as types: :class:`Note` (why an
answer is weak: a code and a message) and :class:`Evidence` (what drove an answer: where it was
read, the phrase, what it means). They are rendered to text only at the edges — the command
line and the output rows — and given as data by ``Prediction.to_dict()``.

>>> str(Evidence("title", "growth product manager"))
'title: "growth product manager"'
>>> str(Evidence("body", note="at least 5 years of experience asked"))
'body: at least 5 years of experience asked'
>>> Note("truncated", "the text was cut to its first 60,000 characters").code
'truncated'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

# Where a cue was read: the title (the one given, or a line of the text read as one), the body,
# or nowhere (a default of the taxonomy's rules, which no phrase drove).
Where = Literal["title", "body", "rule"]
# A lexicon phrase; a word (lemma) the model weighs most; the text's own name for the role
# ("we're hiring a Growth PM"); or a finding stated in words (a count, a default, why nothing
# was read).
Kind = Literal["phrase", "term", "role", "finding"]

# The codes a :class:`Note` may carry.
NOTE_CODES = frozenset({
    "title_overruled",   # the title names no role the model knows; the body decided
    "not_english",       # the text is not read: the answers rest on the title
    "boilerplate_only",  # no sentence about the role, only company, pay, benefits, how to apply
    "too_short",         # too few words about the role to read one
    "empty",             # no text and no title to speak for it
    "truncated",         # the text was cut
    "decoded",           # bytes not in UTF-8 were decoded as the encoding they read as
    "replaced",          # characters that are not Unicode were replaced
})


@dataclass(frozen=True)
class Note:
    """Why an answer is weak, or what was done to the input to read it."""

    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in NOTE_CODES:
            raise ValueError(f"unknown note code {self.code!r}; add it to NOTE_CODES")

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Evidence:
    """One reason for an answer.

    ``phrase`` is the words read (as the lexicon writes them, or as the text has them); ``note``
    what they mean, or the whole finding when there is no phrase; ``label`` the label it speaks
    for when that is not the answer's own (a secondary specialization); ``title_line`` the line
    of the text read as the title (0: the title given); ``start`` and ``end`` its place in the
    text the caller gave, once it has one.
    """

    where: Where
    phrase: str = ""
    note: str = ""
    kind: Kind = "phrase"
    label: str | None = None
    title_line: int = 0
    start: int | None = None
    end: int | None = None

    def source(self) -> str:
        """How the place it was read is named: "title", "body", or the line read as the title."""
        if self.where != "title" or not self.title_line:
            return self.where
        line = "first line" if self.title_line == 1 else f"line {self.title_line}"
        return f"{line}, read as the title"

    def short(self) -> str:
        """The phrase and its meaning without the place (for a table cell)."""
        if not self.phrase:
            return self.note
        shown = f'names the role "{self.phrase}"' if self.kind == "role" else self.phrase
        return f"{shown} ({self.note})" if self.note else shown

    def __str__(self) -> str:
        if self.label is not None and not self.phrase:
            return f"secondary {self.label}: {self.note}"
        if self.where == "rule":
            return self.note
        if not self.phrase:
            return f"{self.source()}: {self.note}"
        shown = f'names the role "{self.phrase}"' if self.kind == "role" else f'"{self.phrase}"'
        return f"{self.source()}: {shown}" + (f" ({self.note})" if self.note else "")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, with the rendered ``text`` beside the fields."""
        return {**asdict(self), "text": str(self)}
