"""Stage 1: clean a posting, find its sections, and turn its sentences into lemma strings.

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

if TYPE_CHECKING:  # spaCy is imported lazily: a CLI call that fails early should not pay for it
    from spacy.language import Language

# Postings are a few kB; past this a "posting" is a dump, and the rest adds only cost.
MAX_CHARS = 60_000

ROLE, BOILER, OTHER = "role", "boiler", "other"

_TAG = re.compile(r"<[^>]{0,200}>")
_MD = re.compile(r"\*\*|__|`|^[ \t]*(?:#{1,6}[ \t]*|>[ \t]?)", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦‣–—]|\d{1,2}[.)])\s+", re.MULTILINE)
_LIST_ITEM = re.compile(r"<li\b[^>]{0,200}>", re.IGNORECASE)
# Marks a line that was a list item, for split_sections: an item is a heading only when it ends
# with a colon. A private-use character, which clean removes from the input first.
ITEM = "\ue000"
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000]")
# Runs of spaces and odd blanks, but not the single plain spaces (most matches, and no-ops).
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b][ \t\u00a0\u2000-\u200b]*| [ \t\u00a0\u2000-\u200b]+")
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9])|\s+[•·●▪]\s+")

# Headings that open the part of a posting about the job itself.
_ROLE_HEADING = re.compile(
    r"\b(the role|this role|your role|role overview"
    r"|about the (?:role|job|position|team|opportunity)"
    r"|the opportunity|the job|position|responsibilit|what you(?:'|’)?ll|what you will|you will"
    r"|you(?:'|’)ll|day[- ]to[- ]day|in this role|your impact|impact you|the work|what we(?:'|’)re"
    r" looking for|what we look for|looking for|requirements|qualifications|who you are|you have"
    r"|you are|about you|skills|experience|must[- ]haves?|nice[- ]to[- ]haves?|bonus|preferred"
    r"|mission of the role|your mission|key tasks|duties|job description|summary|objectives"
    r"|what you bring|ideal candidate|profile|challenges|expectations|outcomes|scope)",
    re.IGNORECASE,
)
# Headings that open boilerplate: it says nothing about which kind of PM the job is.
_BOILER_HEADING = re.compile(
    r"\b(about us|about [A-Z][\w&.\- ]{1,40}$|who we are|our story|our mission|our values|culture"
    r"|benefits|perks|what we offer|why (?:join|work)|compensation|salary|pay range|total rewards"
    r"|equal (?:opportunity|employment)|eeo|diversity|inclusion|accommodation|how to apply"
    r"|application process|interview process|hiring process|privacy|location|working at|life at"
    r"|our investors|funding|backed by)\b",
    re.IGNORECASE,
)
# Sentences that are boilerplate wherever they stand (many postings have no headings).
_BOILER_SENTENCE = re.compile(
    r"(equal opportunity|regardless of (?:race|age|gender)|sexual orientation|veteran status"
    r"|disabilit|reasonable accommodation|e-verify|salary range|base salary|pay range|compensation"
    r" (?:range|package)|\b401\(?k|health insurance|dental|paid time off|parental leave|\bpto\b"
    r"|competitive (?:salary|pay|compensation)|comprehensive benefits|benefits package|esops?\b"
    r"|stock options|equity package|visa sponsorship|privacy (?:notice|policy)|recruitment agenc"
    r"|apply now|click apply|to apply|backed by|series [a-d] |raised \$|our investors"
    r"|[$£€]\s?\d|\d\s?k\b.*(?:salary|year)|\*{4})",
)  # matched against lowercased text: 3.5x faster than re.IGNORECASE on this alternation

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


def clean(text: str, mark_items: bool = False) -> str:
    """Strip HTML/markdown leftovers and control characters; keep line structure. With
    ``mark_items``, a line that was a list item ("- ...", "2) ...", ``<li>``) starts with
    :data:`ITEM` instead of its bullet.

    >>> clean("<p>**Hello**&amp; welcome</p>")
    'Hello& welcome'
    >>> clean("Skills\\n- SQL experience", mark_items=True).split("\\n")
    ['Skills', '\\ue000SQL experience']
    """
    if "<" in text:
        if mark_items:
            text = _LIST_ITEM.sub("\n- ", text)
        text = _TAG.sub("\n", text)
    if "&" in text:
        text = html.unescape(text)
    text = _CTRL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _MD.sub("", text)
    text = _BULLET.sub(ITEM if mark_items else "", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _heading_kind(line: str) -> str | None:
    """Section kind a line opens, or None if the line is not a heading."""
    if len(line) > 80:
        return None
    bare = line.rstrip(":").strip()
    looks_like_heading = (
        line.endswith(":")
        or (bare.isupper() and len(bare) > 3)
        or (len(bare.split()) <= 7 and not re.search(r"[.!,;]$", bare))
    )
    if not looks_like_heading:
        return None
    if _ROLE_HEADING.search(bare):
        return ROLE
    if _BOILER_HEADING.search(bare):
        return BOILER
    return None


# A posting longer than this on one line has lost its line breaks (scraped job boards flatten
# HTML so): its headings stand inside the paragraph and are cut out by _reflow.
_FLAT_MIN = 400
# Lowercase words a heading may hold ("What you'll do", "About the role"); not "in" or "with",
# which make "Experience in Natural Language Processing ..." a sentence.
_HEADING_GLUE = frozenset({
    "a", "an", "the", "of", "to", "you", "you'll", "you’ll", "we", "we're", "we’re", "our",
    "your", "and", "&", "for", "at", "will", "do", "is", "are", "be", "this", "role",
    "us", "on", "what", "who", "how", "looking", "bring", "have", "need", "working",
})
# ... but does not end in one of these ("Experience with SQL" is a sentence).
_HEADING_OPEN_END = frozenset({"a", "an", "the", "of", "to", "and", "&", "for", "in", "at",
                               "with", "on", "will", "is", "are", "be", "your", "our",
                               "product"})
# ... nor is it followed by one of these ("Experience With SQL ...").
_NO_OPENER = frozenset({"with", "of", "to", "and", "or", "is", "are", "from", "by", "at"})
_BULLETS = frozenset("-–—•·●▪*")
_SENTENCE_END = re.compile(r"[.!?;]")


def _heading_word(word: str) -> bool:
    return word[:1].isupper() or word.lower() in _HEADING_GLUE


def _reflow(line: str) -> str:
    """A one-paragraph posting with its headings on lines of their own. A heading is a run of
    at most six words, the first capitalized, whose heading cue stands in its first two words,
    and that either ends in a colon ("The benefits of working with us: ...") or is all
    capitalized or glue words and followed by a capitalized word, a digit or a bullet ("... our
    team. What You'll Do - Own the roadmap").

    >>> _reflow("We sell shoes. Responsibilities: Own the roadmap. Benefits Free lunch.")
    'We sell shoes.\\nResponsibilities:\\nOwn the roadmap.\\nBenefits:\\nFree lunch.'
    """
    words = line.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word[:1].isupper():
            size = _heading_at(words, i)
            if size:
                head = " ".join(words[i:i + size]).rstrip(":")
                if out:
                    out.append("\n")
                out += [head, ":\n"]
                i += size
                continue
        if out and out[-1][-1:] != "\n":
            out.append(" ")
        out.append(word)
        i += 1
    return "".join(out).replace(" \n", "\n")


def _heading_at(words: list[str], i: int) -> int:
    """How many words from ``words[i]`` form a heading (the longest that does); 0 for none."""
    probe = " ".join(words[i:i + 2])
    if not (_ROLE_HEADING.search(probe) or _BOILER_HEADING.search(probe)):
        return 0  # cheap test first: most capitalized words open no heading
    longest = min(6, len(words) - i)
    if len(words[i]) > 1 and words[i].isupper():  # "THE ROLE As a ...": the capitals alone
        longest = next((n for n in range(1, longest) if not words[i + n].isupper()), longest)
    for size in range(longest, 0, -1):
        run = words[i:i + size]
        colon = run[-1].endswith(":")
        if not colon and not all(_heading_word(w) for w in run):
            continue
        if any(w.lower() == "as" for w in run[1:]):  # "The Role As a Product Manager ..."
            continue
        if any(w.endswith(":") for w in run[:-1]) or any(w[-1:] in ".!?;," for w in run):
            continue
        nxt = words[i + size] if i + size < len(words) else ""
        if not colon and (run[-1].lower() in _HEADING_OPEN_END or nxt.lower() in _NO_OPENER
                          or not (nxt[:1].isupper() or nxt in _BULLETS or nxt[:1].isdigit())):
            continue
        bare = " ".join(run).rstrip(":")
        kind = _heading_kind(bare + ":")
        if kind is None:
            continue
        cue = (_ROLE_HEADING if kind == ROLE else _BOILER_HEADING).search(bare)
        if cue is not None and bare.count(" ", 0, cue.start()) < 2:
            return size
    return 0


def split_sections(text: str) -> list[tuple[str, str]]:
    """Split cleaned text into ``(section_kind, sentence)`` pairs, in order. A list item
    (marked by ``clean(..., mark_items=True)``) is a heading only if it ends with a colon: a
    short requirement such as "SQL experience" or "Strong communication skills" is not.

    >>> split_sections("Benefits\\nFree lunch.\\nResponsibilities\\nOwn the roadmap.")
    [('boiler', 'Free lunch.'), ('role', 'Own the roadmap.')]
    >>> split_sections("Requirements\\n\\ue000SQL experience\\n\\ue000A culture of ownership")
    [('role', 'SQL experience'), ('role', 'A culture of ownership')]
    """
    out: list[tuple[str, str]] = []
    kind = OTHER
    if len(text) > _FLAT_MIN and "\n" not in text:
        text = _reflow(text)
    for line in text.split("\n"):
        item = line.startswith(ITEM)
        line = line.lstrip(ITEM)
        cut = False
        if not item and ": " in line:  # "Responsibilities: Own the roadmap ...": as if the
            head, _, rest = line.partition(": ")  # heading stood on a line of its own
            opens = None if _SENTENCE_END.search(head) else _heading_kind(head + ":")
            if opens is not None and head.count(" ") < 8:
                kind, line, cut = opens, rest, True
        # What follows a heading's colon is its text, however short ("Requirements: SQL").
        heading = None if cut or (item and not line.endswith(":")) else _heading_kind(line)
        if heading is not None:
            kind = heading
            continue
        for sent in _SENT_SPLIT.split(line):
            sent = sent.strip()
            if len(sent) < 3:
                continue
            out.append((BOILER if _BOILER_SENTENCE.search(sent.lower()) else kind, sent))
    return out


def _role_part(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The sentences that describe the job; boilerplate never, the unheaded rest as fallback.

    Postings with real role sections are read from them alone; postings with none (one
    paragraph, or unknown headings) keep everything that is not boilerplate. Chosen before
    tokenizing, so the tokenizer never spends time on benefits and legal text.

    >>> _role_part([("other", "We sell shoes."), ("boiler", "Dental plan."), ("role", "Own it.")])
    [('other', 'We sell shoes.'), ('role', 'Own it.')]
    """
    role = [p for p in pairs if p[0] == ROLE]
    if len(role) >= 3:
        return role
    return [p for p in pairs if p[0] != BOILER]


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
    ("We're hiring a Product Manager") is read from it.
    """

    title: str
    title_lemmas: str
    sentences: tuple[Sentence, ...]
    truncated: bool = False
    context: tuple[str, ...] = ()

    def role_sentences(self) -> tuple[Sentence, ...]:
        """The sentences that describe the job (see :func:`_role_part`)."""
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
        prepared: list[tuple[list[tuple[str, str]], bool, str, tuple[str, ...]]] = []
        texts: list[str] = []
        for text, title in batch:
            text = text if isinstance(text, str) else ""
            truncated = len(text) > MAX_CHARS
            every = split_sections(clean(text[:MAX_CHARS], mark_items=True))
            pairs = _role_part(every)
            kept = {id(p) for p in pairs}
            context = tuple(p[1] for p in every if id(p) not in kept)
            title_clean = " ".join(clean(title).split()) if isinstance(title, str) else ""
            prepared.append((pairs, truncated, title_clean, context))
            # One tokenizer call per posting: title on the first line, a sentence per line after.
            # "\n\n", not "\n": spaCy's tokenizer runs 1.6-2.3x slower on single newlines.
            texts.append("\n\n".join([title_clean] + [s for _, s in pairs]))
        for (pairs, truncated, title_clean, context), lines in zip(
            prepared, self._lemma_lines(texts), strict=True
        ):
            sentences = tuple(
                Sentence(text=s, lemmas=lem, section=kind)
                for (kind, s), lem in zip(pairs, lines[1:], strict=False)
                if lem
            )
            yield ProcessedPosting(
                title=title_clean, title_lemmas=lines[0], sentences=sentences, truncated=truncated,
                context=context,
            )
