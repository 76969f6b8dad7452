"""Stage 3c: how the labeling functions and the lexicon entries behave on a corpus.

:func:`lf_report` gives each labeling function's coverage, overlaps and conflicts;
:func:`entry_report` goes one level down, to each lexicon phrase: how often it fires, in how
many postings, and how often the unit it fired in ended up with its label. A broad phrase shows
up there as one that fires everywhere and agrees rarely (LEADS.md 4: 'engineer', 'model' and
'content' flooded the first weak labels).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pmclassify.cues.lexicons import TASKS, Entry, Lexicons
from pmclassify.cues.title import named_label, title_role, title_seniority
from pmclassify.errors import InputError
from pmclassify.text.posting import ProcessedPosting
from pmclassify.weak.functions import (
    ROLE_LFS,
    SENIORITY_LFS,
    SENTENCE_SPECIALIZATION_LFS,
    TITLE_AREA_LF,
    TITLE_SPECIALIZATION_LFS,
    LabelingFunction,
    sentence_label,
)


@dataclass(frozen=True)
class LFStats:
    """How one LF behaved on a corpus."""

    name: str
    task: str
    level: str
    units: int
    coverage: float  # share of units it voted on
    overlap: float  # share of units where it and another LF of its task both voted
    conflict: float  # share of units where another LF of its task voted another label
    labels: dict[str, int]


def lf_report(lex: Lexicons, postings: Sequence[ProcessedPosting]) -> list[LFStats]:
    """Coverage, overlaps and conflicts of every LF, each LF against the others of its group."""
    groups: list[tuple[list[LabelingFunction], list[object]]] = [
        (SENTENCE_SPECIALIZATION_LFS, [s for p in postings for s in p.role_sentences()]),
        ([*TITLE_SPECIALIZATION_LFS, TITLE_AREA_LF], list(postings)),
        (SENIORITY_LFS, list(postings)),
        (ROLE_LFS, list(postings)),
    ]
    out: list[LFStats] = []
    for lfs, units in groups:
        votes = [[lf(lex, u) for lf in lfs] for u in units]
        n = max(len(units), 1)
        for i, lf in enumerate(lfs):
            fired = overlap = conflict = 0
            labels: Counter[str] = Counter()
            for row in votes:
                v = row[i]
                if v is None:
                    continue
                fired += 1
                labels[v.label] += 1
                others = [o for j, o in enumerate(row) if j != i and o is not None]
                overlap += bool(others)
                conflict += any(o.label != v.label for o in others)
            out.append(LFStats(lf.name, lf.task, lf.level, len(units), fired / n, overlap / n,
                               conflict / n, dict(labels)))
    return out


@dataclass(frozen=True)
class EntryStats:
    """How one lexicon phrase behaved on a corpus.

    ``fired`` counts units (role sentences for specialization, posting bodies for seniority and
    role); ``judged`` those of them with a reference label (the sentence's aggregated vote, or
    the posting's title), and ``agree`` the share of ``judged`` whose reference is the entry's
    label (for a negative entry: is not). ``lift`` is ``agree`` over the share of all judged
    units of the task that have the entry's label: near 1, the phrase tells no more than chance
    (``None`` for negative entries and unjudged ones). ``in_pm`` is the share of ``postings``
    whose title is a PM title.
    """

    task: str
    label: str
    phrase: str
    weight: float
    negative: bool
    source: str
    fired: int
    postings: int
    in_pm: float
    judged: int
    agree: float
    lift: float | None


def entry_report(lex: Lexicons, postings: Iterable[ProcessedPosting], task: str | None = None,
                 top: int = 0) -> list[EntryStats]:
    """Every lexicon phrase's firing and agreement on a corpus, most frequent first per task;
    only ``task``'s phrases if given, and only the ``top`` most frequent of each task if not 0.
    ``postings`` is read once, so it may be a generator.

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> from pmclassify.text.posting import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("What you'll do\\nRun A/B tests on the onboarding funnel.\\n"
    ...                   "Own retention and activation.", "Product Manager")
    >>> top = entry_report(load_lexicons(pre=pre), [doc])[0]
    >>> top.task, top.label, top.fired, top.agree
    ('specialization', 'growth', 1, 1.0)
    """
    if task is not None and task not in TASKS:
        raise InputError(f"no lexicon task {task!r}; use one of: {', '.join(TASKS)}")
    fired: dict[tuple[str, Entry], int] = Counter()
    judged: dict[tuple[str, Entry], int] = Counter()
    agreed: dict[tuple[str, Entry], int] = Counter()
    where: dict[tuple[str, Entry], set[int]] = defaultdict(set)
    pm_title: list[bool] = []
    references: dict[str, Counter[str]] = defaultdict(Counter)

    def count(of: str, i: int, lemmas: str, reference: str | None) -> None:
        if reference is not None:
            references[of][reference] += 1
        for e in {e for _, e in lex.phrase_matches(of, lemmas)}:
            key = (of, e)
            fired[key] += 1
            where[key].add(i)
            if reference is not None:
                judged[key] += 1
                agreed[key] += (reference == e.label) != e.negative

    wanted = [task] if task is not None else list(TASKS)
    for i, p in enumerate(postings):
        role = title_role(lex, p.title)
        pm_title.append(role is not None and role.label == "pm")
        # Only the tasks asked for: the sentence votes are most of the report's time.
        if "specialization" in wanted:
            for s in p.role_sentences():
                count("specialization", i, s.lemmas, sentence_label(lex, s)[0])
        if "seniority" in wanted:
            rung = title_seniority(lex, p) if pm_title[-1] else None
            count("seniority", i, p.body_lemmas(), rung.label if rung is not None else None)
        if "role" in wanted:
            count("role", i, p.body_lemmas(), named_label(role))

    out = []
    for key, n in fired.items():
        e, docs = key[1], where[key]
        agree = agreed[key] / judged[key] if judged[key] else 0.0
        base = references[key[0]][e.label] / max(sum(references[key[0]].values()), 1)
        out.append(EntryStats(
            key[0], e.label, e.text, e.weight, e.negative, e.source, n, len(docs),
            sum(pm_title[i] for i in docs) / len(docs), judged[key], agree,
            agree / base if judged[key] and base and not e.negative else None))
    order = list(TASKS)
    out.sort(key=lambda s: (order.index(s.task), -s.fired, s.label, s.phrase))
    shown: Counter[str] = Counter()
    kept = []
    for st in out:
        if not top or shown[st.task] < top:
            shown[st.task] += 1
            kept.append(st)
    return kept
