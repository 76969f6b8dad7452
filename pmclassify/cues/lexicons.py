"""Stage 2: the lexicons, one JSON file per label under ``corpus/lexicons/<task>/``.

Each file holds title patterns (regular expressions over the lowercase title), body phrases
(matched on lemmas, so "running experiments" matches "run experiment") and negative phrases;
the role lexicons also hold role nouns (lowercase patterns), the words a body names its own
role with ("we're hiring a Product Manager"). Every entry names its provenance (``source`` and
``passage``).

>>> lex = load_lexicons()
>>> sorted(lex.labels("specialization"))
['core', 'growth', 'innovation', 'platform', 'pmm', 'technical']
>>> lex.title_matches("specialization", "senior growth product manager")[0][0]
'growth'
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pmclassify.errors import LexiconError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.text.posting import Preprocessor

TASKS: dict[str, tuple[str, ...]] = {
    "specialization": SPECIALIZATIONS,
    "seniority": SENIORITIES,
    "role": ("pm", "not_pm"),
}
_REQUIRED = ("weight", "source", "passage")
# A body names its own role with an article or possessive and at most five words before a
# singular role noun ("a Senior Product Manager", "as our Designer", "a driven, hands-on Sr.
# Product Manager"); plurals name colleagues.
_DETERMINERS = ("a", "an", "the", "our", "as", "this", "your", "new")
# A modifier is no determiner, so a match starts at the last one: "as our", "a new", "a leader
# in the space, the Product Manager".
_MODIFIER = rf"(?!(?:{'|'.join(_DETERMINERS)})\b)(?:sn?r\.|jr\.|[\w/&-]+)"
_SELF_BEFORE = re.compile(rf"\b(?:{'|'.join(_DETERMINERS)})((?:,? {_MODIFIER}){{0,5}}) $",
                          re.IGNORECASE)
# ... unless a relation comes first: "report to the Head of Product", "under the oversight of the
# Head of Product" name someone else.
_RELATION = re.compile(r"\b(?:to|with|by|from|under|alongside|and|of) $", re.IGNORECASE)
# A requirement's past role ("5+ years of experience as a Product Manager", "background as
# Product Marketing Manager") names the kind of role, not its rung.
_PAST = re.compile(r"\b(?:experience|background|years?|worked|tenure|track record)(?: \w+){0,3} "
                   r"(?:as )?$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: a phrase (lemmatized) or a title pattern, with its provenance."""

    label: str
    text: str
    weight: float
    source: str
    passage: str
    negative: bool = False
    # A title pattern for a short form ("pm", "cpo"): it yields to a neighbour role the title
    # spells out ("Project Manager (PM)").
    abbreviation: bool = False


_Mention = tuple[str, str, Entry]
# Features, labels and evidence each ask for the same posting's matches: each is scanned once.
# The caches are functools' (module level, so that nothing cached travels with a Lexicons).
_CACHE_SIZE = 1024


# Compared and hashed by identity: the match caches key on the object, and comparing two
# lexicons' entries at every cache lookup would cost more than the scan it saves.
@dataclass(eq=False)
class Lexicons:
    """All lexicons, compiled for matching. Build with :func:`load_lexicons`."""

    entries: dict[str, dict[str, dict[str, list[Entry]]]]
    digest: str
    # The sha256 of each file ("specialization/growth"): what a model records, to say which
    # lexicon differs from those it was trained with.
    files: dict[str, str] = field(default_factory=dict)
    _title_re: dict[str, list[tuple[str, re.Pattern[str], Entry]]] = field(default_factory=dict)
    _phrase_re: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    _phrase_index: dict[str, dict[str, list[Entry]]] = field(default_factory=dict)
    _noun_re: dict[str, list[tuple[re.Pattern[str], Entry]]] = field(default_factory=dict)

    def labels(self, task: str) -> tuple[str, ...]:
        return TASKS[task]

    def compile(self, pre: Preprocessor) -> Lexicons:
        """Lemmatize phrases and compile the patterns (once, at load)."""
        for task, by_label in self.entries.items():
            self._title_re[task] = [
                (label, re.compile(e.text), e)
                for label in TASKS[task]
                for e in by_label.get(label, {}).get("title_patterns", [])
            ]
            # One pattern per noun, case-sensitive on lowercased text and with no leading \b:
            # a pattern that starts with a literal is searched for at C speed (50x faster).
            self._noun_re[task] = [
                (re.compile(rf"(?:{e.text})(?!s)\b"), e)
                for label in TASKS[task]
                for e in by_label.get(label, {}).get("role_nouns", [])
            ]
            index: dict[str, list[Entry]] = defaultdict(list)
            for label in TASKS[task]:
                for kind in ("phrases", "negative_phrases"):
                    for e in by_label.get(label, {}).get(kind, []):
                        lemmas = pre.lemmatize(e.text)
                        if not lemmas:
                            continue
                        # Two entries of one label that read the same would count its weight
                        # twice ("prototype" and "prototyping" are both "prototype").
                        twin = next((o for o in index[lemmas] if o.label == e.label
                                     and o.negative == e.negative), None)
                        if twin is not None:
                            raise LexiconError(
                                f"{task}/{label}: {kind} {e.text!r} and {twin.text!r} match the "
                                f"same lemmas {lemmas!r}, so their weight would count twice; "
                                "keep one of them")
                        index[lemmas].append(e)
            self._phrase_index[task] = dict(index)
            alternation = "|".join(re.escape(p) for p in sorted(index, key=len, reverse=True))
            self._phrase_re[task] = (
                re.compile(rf"(?<![\w])(?:{alternation})(?![\w])") if alternation else None
            )
        return self

    def title_matches(self, task: str, title: str) -> list[tuple[str, str, Entry]]:
        """``(label, matched text, entry)`` for every title pattern of ``task`` found in ``title``.

        Listed in the lexicon's label order (for seniority: the ladder from the bottom).
        """
        title = title.lower()
        out = []
        for label, pattern, entry in self._title_re.get(task, []):
            m = pattern.search(title)
            if m:
                out.append((label, m.group(0), entry))
        return out

    def role_mentions(self, task: str, text: str, *, past: bool = True,
                      ) -> list[tuple[str, str, Entry]]:
        """``(label, matched text, entry)`` for every place a text names a role as its own:
        a role noun of ``task`` right after an article or possessive (see ``_SELF_BEFORE``).
        ``past=False`` leaves out the past roles a requirement asks for ("5+ years of
        experience as a Product Manager"), which say what kind of role it is but not its rung.

        >>> lex = load_lexicons()
        >>> [(lbl, m) for lbl, m, _ in lex.role_mentions("role", "As our Growth Product Manager, "
        ...     "you will report to the VP of Product and hire an engineer.")]
        [('pm', 'Growth Product Manager'), ('not_pm', 'engineer')]
        """
        every, present = _mentions(self, task, text)
        return every if past else present

    def _scan_mentions(self, task: str, text: str) -> list[tuple[_Mention, bool]]:
        low = text.lower()
        if len(low) != len(text):  # a few letters lowercase to two; keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        spans = []
        for pattern, entry in self._noun_re.get(task, []):
            for m in pattern.finditer(low):
                i = m.start()
                if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                    spans.append((i, m.end(), entry))
        # Overlapping nouns: the one that starts first, then the longest ("product marketing
        # manager", not "marketing manager").
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        out, end = [], 0
        for start, stop, entry in spans:
            if start < end:
                continue
            end = stop
            before = _SELF_BEFORE.search(text, max(0, start - 60), start)
            if before and not _RELATION.search(text, max(0, before.start() - 12), before.start()):
                was = _PAST.search(text, max(0, before.start() - 50), before.start())
                out.append(((entry.label, " ".join([*before.group(1).split(), text[start:stop]]),
                             entry), was is not None))
        return out

    def phrase_matches(self, task: str, lemmas: str) -> list[tuple[str, Entry]]:
        """``(matched lemma phrase, entry)`` for every phrase of ``task`` in a lemma string."""
        if self._phrase_re.get(task) is None or not lemmas:
            return []
        return _phrase_matches(self, task, lemmas)

    def phrase_scores(self, task: str, lemmas: str) -> dict[str, float]:
        """Summed entry weights per label (negative phrases subtract)."""
        scores: dict[str, float] = defaultdict(float)
        for _, e in self.phrase_matches(task, lemmas):
            scores[e.label] += -e.weight if e.negative else e.weight
        return dict(scores)


def _parse(task: str, label: str, data: Any, where: str) -> dict[str, list[Entry]]:
    if not isinstance(data, dict) or data.get("label") != label:
        raise LexiconError(f"{where}: expected an object with \"label\": \"{label}\"; fix the file")
    out: dict[str, list[Entry]] = {}
    for kind, key in (("title_patterns", "pattern"), ("phrases", "phrase"),
                      ("negative_phrases", "phrase"), ("role_nouns", "pattern")):
        items = data.get(kind, [])
        entries = []
        for i, item in enumerate(items):
            missing = [k for k in (key, *_REQUIRED) if k not in item]
            if missing:
                raise LexiconError(f"{where}: {kind}[{i}] lacks {', '.join(missing)}; add them")
            if kind in ("title_patterns", "role_nouns"):
                try:
                    re.compile(item[key])
                except re.error as exc:
                    raise LexiconError(f"{where}: {kind}[{i}] is not a valid regex: {exc}") from exc
            entries.append(Entry(label, item[key], float(item["weight"]), item["source"],
                                 item["passage"], negative=kind == "negative_phrases",
                                 abbreviation=bool(item.get("abbreviation", False))))
        out[kind] = entries
    return out


@lru_cache(maxsize=_CACHE_SIZE)
def _mentions(lex: Lexicons, task: str, text: str) -> tuple[list[_Mention], list[_Mention]]:
    """Every mention, and those that are not a requirement's past role."""
    found = lex._scan_mentions(task, text)
    return [m for m, _ in found], [m for m, was in found if not was]


@lru_cache(maxsize=_CACHE_SIZE)
def _phrase_matches(lex: Lexicons, task: str, lemmas: str) -> list[tuple[str, Entry]]:
    rx = lex._phrase_re[task]
    assert rx is not None
    index = lex._phrase_index[task]
    return [(m.group(0), e) for m in rx.finditer(lemmas) for e in index[m.group(0)]]


def load_lexicons(path: str | Path | None = None, pre: Preprocessor | None = None) -> Lexicons:
    """Load and compile the lexicons from ``path`` (default: the ones shipped in the package).

    ``path`` is a folder with ``specialization/``, ``seniority/`` and ``role/`` subfolders.
    """
    root: Any = Path(path) if path is not None else resources.files("pmclassify.corpus").joinpath(
        "lexicons")
    entries: dict[str, dict[str, dict[str, list[Entry]]]] = {}
    digest = hashlib.sha256()
    files: dict[str, str] = {}
    for task, labels in TASKS.items():
        entries[task] = {}
        for label in labels:
            f = root.joinpath(task, f"{label}.json")
            try:
                raw = f.read_bytes()
            except (FileNotFoundError, NotADirectoryError) as exc:
                raise LexiconError(
                    f"lexicon file {task}/{label}.json is missing under {root}; "
                    "pass the folder that holds the lexicons"
                ) from exc
            digest.update(f"{task}/{label}".encode() + raw)
            files[f"{task}/{label}"] = hashlib.sha256(raw).hexdigest()
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise LexiconError(f"{task}/{label}.json is not valid JSON: {exc}") from exc
            entries[task][label] = _parse(task, label, data, f"{task}/{label}.json")
    return Lexicons(entries=entries, digest=digest.hexdigest(), files=files).compile(
        pre or Preprocessor())
