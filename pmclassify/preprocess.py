"""Stage 1: clean a posting, find its sections (:mod:`pmclassify.sections`), and turn its
sentences into lemma strings.

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

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pmclassify.sections import ITEM, role_part, split_sections

if TYPE_CHECKING:  # spaCy is imported lazily: a CLI call that fails early should not pay for it
    from spacy.language import Language

# Postings are a few kB; past this a "posting" is a dump, and the rest adds only cost.
MAX_CHARS = 60_000
# A first line longer than this is a sentence, not a title ("🌍 Senior Product Manager – Remote
# (Europe)" is 40 characters, 7 words).
MAX_TITLE_CHARS = 80
MAX_TITLE_WORDS = 10
# A page copied whole may open with its company's name, a place or an "about us" paragraph
# before the title ("Northwind\nLead Product Manager\nBerlin"): this many opening lines are
# looked at for it.
OPENING_LINES = 5


_TAG = re.compile(r"<[^>]{0,200}>")
_MD = re.compile(r"\*\*|__|`|^[ \t]*(?:#{1,6}[ \t]*|>[ \t]?)", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦‣–—]|\d{1,2}[.)])\s+", re.MULTILINE)
_LIST_ITEM = re.compile(r"<li\b[^>]{0,200}>", re.IGNORECASE)
# Elements whose content is code, not text, and HTML comments: a job page saved from a browser
# carries tens of kilobytes of them, enough to push the posting itself past MAX_CHARS.
_CODE_OPEN = re.compile(r"<(script|style|noscript|svg|template)\b|<!--", re.IGNORECASE)
_CODE_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE)
               for tag in ("script", "style", "noscript", "svg", "template")}
_COMMENT_CLOSE = re.compile("-->")
_CTRL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\ue000]")
# Line breaks other than \n: vertical tab, form feed, NEL and the Unicode line and paragraph
# separators (word processors and some exports use them; read as spaces, they glued a heading
# to its text).
_LINE_BREAK = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# A text escaped as in JSON ("About us\\nWe sell ...") and stored so: the escapes stand for
# line breaks and quotes. Unread, the whole posting was one line whose headings were never found.
_ESCAPE = re.compile(r"\\(?:r\\n|[nrt\"/])")
_UNESCAPE = {"\\n": "\n", "\\r": "\n", "\\t": " ", '\\"': '"', "\\/": "/"}
# Runs of spaces and odd blanks, but not the single plain spaces (most matches, and no-ops).
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b][ \t\u00a0\u2000-\u200b]*| [ \t\u00a0\u2000-\u200b]+")

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

# Function words that tell an English posting from the other languages job boards carry: on
# postings.csv, every posting whose text has more of the second set than of the first is in
# French, German, Spanish or Italian, and no English one is.
_ENGLISH_WORDS = frozenset({
    "the", "and", "to", "of", "a", "an", "in", "for", "with", "on", "at", "by", "from", "as",
    "or", "be", "is", "are", "will", "you", "your", "we", "our", "they", "their", "this", "that",
    "it", "who", "what", "have", "has", "can", "would", "should", "not",
})
_OTHER_WORDS = frozenset({
    "de", "la", "le", "les", "et", "des", "du", "un", "une", "est", "pour", "dans", "sur", "avec",
    "nous", "vous", "und", "der", "die", "das", "ist", "nicht", "mit", "für", "wir", "sie", "ein",
    "eine", "zu", "von", "den", "auf", "el", "los", "las", "y", "en", "para", "con", "por", "es",
    "una", "del", "que", "se", "su", "per", "che", "il", "di", "sono", "gli", "della", "een",
    "het", "van", "voor", "zijn", "och", "att", "som", "för", "är", "på",
})
_PUNCT = ".,;:!?()[]{}\"'’“”-–—/*&"


def reads_as_english(text: str) -> bool:
    """Whether a text reads as English prose: mostly Latin-letter words, with English function
    words among them and fewer of other languages'. Too little text to tell reads as English.

    On postings.csv, English postings have at least 69% plain-letter words (median 97%) and 9%
    English function words (median 32%); random bytes decoded as UTF-8 have about 52%
    plain-letter words, and a non-Latin script none.

    >>> reads_as_english("You will own the roadmap and work with our engineers on what we build.")
    True
    >>> reads_as_english("Nous recherchons un chef de produit pour piloter la feuille de route "
    ...                  "et travailler avec les équipes de développement et de design.")
    False
    """
    words = [w.strip(_PUNCT) for w in text.lower().split()]
    words = [w for w in words if w]
    if len(words) < 12 and len(text) < 60:
        return True
    n = max(len(words), 1)
    latin = sum(w.isascii() and w.isalpha() for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    other = sum(w in _OTHER_WORDS for w in words)
    # A short list of keywords has no function words and is still English.
    return latin >= 0.6 * n and english >= other and (n < 30 or english >= 0.04 * n)


def strip_code(text: str) -> str:
    """``text`` without its script, style, noscript, svg and template elements and its HTML
    comments. An element left open ends the stripping: what follows stays (and each search is
    then done once, so a text of a million unclosed "<script>" takes linear time).

    >>> strip_code("<p>Own it.</p><script>var growth = 1;</script><!-- x --><p>Ship it.</p>")
    '<p>Own it.</p>\\n\\n<p>Ship it.</p>'
    """
    out: list[str] = []
    pos = 0
    while (m := _CODE_OPEN.search(text, pos)) is not None:
        close = _CODE_CLOSE[m.group(1).lower()] if m.group(1) else _COMMENT_CLOSE
        end = close.search(text, m.end())
        if end is None:
            break
        out += [text[pos:m.start()], "\n"]
        pos = end.end()
    return "".join(out) + text[pos:] if out else text


def clean(text: str, mark_items: bool = False) -> str:
    """Strip HTML/markdown leftovers and control characters; keep line structure. With
    ``mark_items``, a line that was a list item ("- ...", "2) ...", ``<li>``) starts with
    :data:`ITEM` instead of its bullet.

    >>> clean("<p>**Hello**&amp; welcome</p>")
    'Hello& welcome'
    >>> clean("Skills\\n- SQL experience", mark_items=True).split("\\n")
    ['Skills', '\\ue000SQL experience']
    """
    if "\n" not in text and text.count("\\n") >= 2:  # escaped, and never unescaped
        text = _ESCAPE.sub(lambda m: _UNESCAPE.get(m.group(), "\n"), text)
    if "<" in text:
        if mark_items:
            text = _LIST_ITEM.sub("\n- ", text)
        text = _TAG.sub("\n", text)
    if "&" in text:
        text = html.unescape(text)
    text = _CTRL.sub(" ", _LINE_BREAK.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n")))
    text = _MD.sub("", text)
    text = _BULLET.sub(ITEM if mark_items else "", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def opening_lines(cleaned: str) -> tuple[str, ...]:
    """The first :data:`OPENING_LINES` lines of a :func:`clean` text, each as it is when it is
    short enough to be a title and "" when it is longer.

    >>> about = "We route parcels for more than 400 carriers across Europe every day."
    >>> opening_lines("Acme\\n" + about + "\\nLead PM")
    ('Acme', '', 'Lead PM')
    """
    out: list[str] = []
    start = 0
    while len(out) < OPENING_LINES and start < len(cleaned):
        # find, not split(): split would copy the rest of a text of up to 60k characters.
        end = cleaned.find("\n", start)
        end = len(cleaned) if end < 0 else end
        line = cleaned[start:end].lstrip(ITEM).strip()
        short = len(line) <= MAX_TITLE_CHARS and len(line.split()) <= MAX_TITLE_WORDS
        out.append(line if short else "")
        start = end + 1
    return tuple(out)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, its lowercase lemma string and the section kind it stands in."""

    text: str
    lemmas: str
    section: str


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
        self, items: Iterable[tuple[str, str | None]], batch_size: int = 64
    ) -> Iterator[ProcessedPosting]:
        """Process ``(text, title)`` pairs in batches, yielding one result per pair, in order."""
        batch: list[tuple[str, str | None]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def process(self, text: str, title: str | None = None) -> ProcessedPosting:
        """Process one posting."""
        return next(self._process_batch([(text, title)]))

    def _process_batch(self, batch: list[tuple[str, str | None]]) -> Iterator[ProcessedPosting]:
        prepared: list[tuple[list[tuple[str, str]], bool, str, tuple[str, ...],
                             tuple[str, ...]]] = []
        texts: list[str] = []
        for text, title in batch:
            text = text if isinstance(text, str) else ""
            if "<" in text:  # before the cut, so that a page's scripts do not use up the text
                text = strip_code(text)
            truncated = len(text) > MAX_CHARS
            cleaned = clean(text[:MAX_CHARS], mark_items=True)
            every = split_sections(cleaned)
            # Kept with a title too: training.predict_untitled withholds it after this step.
            opening = opening_lines(cleaned)
            pairs = role_part(every)
            kept = {id(p) for p in pairs}
            context = tuple(p[1] for p in every if id(p) not in kept)
            title_clean = " ".join(clean(title).split()) if isinstance(title, str) else ""
            prepared.append((pairs, truncated, title_clean, context, opening))
            # One tokenizer call per posting: title on the first line, a sentence per line after.
            # "\n\n", not "\n": spaCy's tokenizer runs 1.6-2.3x slower on single newlines.
            texts.append("\n\n".join([title_clean] + [s for _, s in pairs]))
        for (pairs, truncated, title_clean, context, opening), lines in zip(
            prepared, self._lemma_lines(texts), strict=True
        ):
            sentences = tuple(
                Sentence(text=s, lemmas=lem, section=kind)
                for (kind, s), lem in zip(pairs, lines[1:], strict=False)
                if lem
            )
            yield ProcessedPosting(
                title=title_clean, title_lemmas=lines[0], sentences=sentences, truncated=truncated,
                context=context, opening_lines=opening,
            )
