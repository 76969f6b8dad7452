"""Stage 1b: a posting preprocessed — cleaned (:mod:`pmclassify.text.clean`), its sections found
(:mod:`pmclassify.text.sections`), its role sentences turned into lemma strings.

The spaCy part is ``spacy.blank("en")``'s tokenizer plus the lookup lemma table of
``spacy-lookups-data`` (no model download). The table is applied through a per-process cache
keyed on spaCy's lowercase hash, which is several times faster than running the lemmatizer
component token by token, and gives the same lookup lemmas.

>>> pre = Preprocessor()
>>> doc = pre.process("About us\\nWe sell shoes.\\nWhat you'll do\\n"
...                   "- Run A/B tests on onboarding funnels.")
>>> [s.lemmas for s in doc.role_sentences()]
['run a b test on onboarding funnel']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pmclassify.errors import InputError
from pmclassify.text.clean import (
    MAX_CHARS,
    as_unicode,
    clean,
    clean_lines,
    opening_lines,
    strip_code,
)
from pmclassify.text.notes import Note
from pmclassify.text.sections import role_part, split_sections

if TYPE_CHECKING:  # spaCy is imported lazily: a CLI call that fails early should not pay for it
    from spacy.language import Language

# Lookup table gaps that matter to this domain (acronym plurals are not in the table).
_LEMMA_OVERRIDES = {
    "apis": "api", "sdks": "sdk", "pms": "pm", "kpis": "kpi", "okrs": "okr", "pmms": "pmm",
    "llms": "llm", "cpos": "cpo", "vps": "vp", "apms": "apm", "gpms": "gpm", "sr": "senior",
    "sr.": "senior", "snr": "senior", "snr.": "senior", "led": "lead", "data": "data",
    # The lookup table reads these as other words ("ai" -> "have", "ground" -> "grind").
    "ai": "ai", "ground": "ground", "media": "media",
    # Nouns the table folds into a verb or another noun, which merges unrelated senses:
    # "positioning" -> "position" (as in "this position"), "modeling" -> "model" (ML models),
    # "marketing" -> "market", "pricing" -> "price", "scaling" -> "scale" ("at scale").
    "positioning": "positioning", "messaging": "messaging", "modeling": "modeling",
    "modelling": "modeling", "marketing": "marketing", "pricing": "pricing",
    "scaling": "scaling",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence about the role: its text and its lowercase lemma string."""

    text: str
    lemmas: str


@dataclass(frozen=True)
class ProcessedPosting:
    """A posting after preprocessing: its title and the sentences that describe the job.

    ``context`` keeps the plain text of the sentences left out of the role part (company
    description, unheaded intro, boilerplate), untokenized: only the role's self-naming
    ("We're hiring a Product Manager") is read from it. ``opening_lines`` are the text's first
    :data:`OPENING_LINES` lines, "" for one too long to be a title (:func:`opening_lines`): a
    posting copied from a page often opens with its title, sometimes after its company's name.
    ``title_line`` is the number (from 1) of the opening line read as the title because none
    was given (the evidence says so); 0 when the title is the one given.
    """

    title: str
    title_lemmas: str
    sentences: tuple[Sentence, ...]
    truncated: bool = False
    context: tuple[str, ...] = ()
    opening_lines: tuple[str, ...] = ()
    title_line: int = 0
    # What had to be repaired to read the text or title (bytes decoded, characters that are
    # not Unicode replaced): the predictor passes these on as warnings.
    repairs: tuple[Note, ...] = ()

    def role_sentences(self) -> tuple[Sentence, ...]:
        """The sentences that describe the job (see :func:`role_part`)."""
        return self.sentences

    def whole_text(self) -> str:
        """The plain text of the role sentences and then of the context, a sentence a line."""
        return self._whole

    @cached_property
    def _whole(self) -> str:
        return "\n".join([*(s.text for s in self.sentences), *self.context])

    def body_lemmas(self) -> str:
        """The role sentences' lemmas as one string (one sentence a line)."""
        return self._body

    @cached_property
    def _body(self) -> str:
        # Built once: features, evidence and the lexicon-match cache all key on this string.
        return "\n".join(s.lemmas for s in self.sentences)


def _build_nlp() -> Language:
    import spacy

    nlp = spacy.blank("en")
    # Declared so the pipeline carries the lookup lemmatizer's configuration; we apply its
    # table through a cache instead of calling the component (see module docstring).
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


class Preprocessor:
    """Cleans, segments, tokenizes and lemmatizes postings; spaCy is loaded on first use."""

    def __init__(self) -> None:
        self._nlp: Language | None = None
        self._table: Any = None
        self._cache: dict[int, str] = {}

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = _build_nlp()
            lemmatizer: Any = self._nlp.get_pipe("lemmatizer")
            self._table = lemmatizer.lookups.get_table("lemma_lookup")
        return self._nlp

    def __getstate__(self) -> dict[str, Any]:
        # Rebuilt on first use after unpickling: spaCy pipelines do not belong in model files.
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    def _lemma(self, key: int) -> str:
        """The lemma of a lowercase form's key; "" for punctuation and plain spaces, "\\n" for
        a space that breaks a line. Cached: tokens repeat, and the loop below is per token."""
        lower = self.nlp.vocab.strings[key]
        if lower.isspace():
            lemma = "\n" if "\n" in lower else ""
        elif self.nlp.vocab[lower].is_punct:
            lemma = ""
        else:
            lemma = _LEMMA_OVERRIDES.get(lower) or self._table.get(lower) or lower
        self._cache[key] = lemma
        return str(lemma)

    def _lemma_lines(self, texts: list[str]) -> Iterator[list[str]]:
        """Yield, per text, its lines as lemma strings (punctuation and spaces dropped)."""
        from spacy.attrs import LOWER

        cache = self._cache
        tokenizer: Any = self.nlp.tokenizer
        for doc in tokenizer.pipe(texts, batch_size=256):
            lines: list[str] = []
            cur: list[str] = []
            for key in doc.to_array(LOWER).tolist():
                lemma = cache.get(key)
                if lemma is None:
                    lemma = self._lemma(key)
                if not lemma:
                    continue
                if lemma == "\n":
                    lines.append(" ".join(cur))
                    cur = []
                else:
                    cur.append(lemma)
            lines.append(" ".join(cur))
            yield lines

    def lemmatize(self, text: str) -> str:
        """Lowercase lemma string of a short text (a phrase, a title).

        >>> Preprocessor().lemmatize("Running A/B Tests")
        'run a b test'
        """
        return " ".join(next(self._lemma_lines([text.replace("\n", " ")])))

    def pipe(
        self, items: Iterable[tuple[str | bytes, str | None]], batch_size: int = 64
    ) -> Iterator[ProcessedPosting]:
        """Process ``(text, title)`` pairs in batches, yielding one result per pair, in order."""
        batch: list[tuple[str | bytes, str | None]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def process(self, text: str | bytes, title: str | None = None) -> ProcessedPosting:
        """Process one posting."""
        return next(self._process_batch([(text, title)]))

    def _process_batch(self, batch: list[tuple[str | bytes, str | None]],
                       ) -> Iterator[ProcessedPosting]:
        prepared: list[tuple[list[tuple[str, str]], bool, str, tuple[str, ...],
                             tuple[str, ...], tuple[Note, ...]]] = []
        texts: list[str] = []
        for raw_text, raw_title in batch:
            try:
                text, text_note = as_unicode(raw_text, "text")
                title, title_note = as_unicode(raw_title, "title")
            except TypeError as exc:
                raise InputError(f"{exc}; pass each posting's text as a string") from None
            repairs = tuple(n for n in (text_note, title_note) if n is not None)
            if "<" in text:  # before the cut, so that a page's scripts do not use up the text
                text = strip_code(text)
            truncated = len(text) > MAX_CHARS
            cleaned = clean_lines(text[:MAX_CHARS])
            every = split_sections(cleaned)
            # Kept with a title too: training.predict_untitled withholds it after this step.
            opening = opening_lines(cleaned)
            pairs = role_part(every)
            kept = {id(p) for p in pairs}
            context = tuple(p[1] for p in every if id(p) not in kept)
            title_clean = " ".join(clean(title).split())
            prepared.append((pairs, truncated, title_clean, context, opening, repairs))
            # One tokenizer call per posting: title on the first line, a sentence per line after.
            # "\n\n", not "\n": spaCy's tokenizer runs 1.6-2.3x slower on single newlines.
            texts.append("\n\n".join([title_clean] + [s for _, s in pairs]))
        for (pairs, truncated, title_clean, context, opening, repairs), lines in zip(
            prepared, self._lemma_lines(texts), strict=True
        ):
            sentences = tuple(
                Sentence(text=s, lemmas=lem)
                for (_, s), lem in zip(pairs, lines[1:], strict=False)
                if lem
            )
            yield ProcessedPosting(
                title=title_clean, title_lemmas=lines[0], sentences=sentences, truncated=truncated,
                context=context, opening_lines=opening, repairs=repairs,
            )
