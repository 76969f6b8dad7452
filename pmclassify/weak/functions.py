"""Stage 3: labeling functions that vote or abstain, and the separate step that aggregates votes.

Labeling functions (LFs) read a :class:`~pmclassify.text.posting.ProcessedPosting` (or one of its
sentences) and the lexicons, and return a :class:`Vote` or ``None`` (abstain). ``aggregate``
turns a list of votes into one training label with a confidence; "no LF fired" stays unlabeled.
:mod:`pmclassify.weak.report` measures each LF's coverage, overlaps and conflicts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pmclassify.cues.body import body_named_seniority, years_required, years_rung
from pmclassify.cues.lexicons import Lexicons
from pmclassify.cues.title import (
    TITLE_WEIGHT,
    Vote,
    title_area_specialization,
    title_role,
    title_seniority,
    title_specialization,
)
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.text.posting import ProcessedPosting, Sentence

# A sentence must carry this much lexicon weight for one label before its LF votes.
SENTENCE_MIN_SCORE = 1.0


@dataclass(frozen=True)
class LabelingFunction:
    """A named function that votes or abstains on one unit (a sentence or a posting)."""

    name: str
    task: str
    level: str  # "sentence" or "posting"
    fn: Callable[[Lexicons, object], Vote | None]

    def __call__(self, lex: Lexicons, unit: object) -> Vote | None:
        return self.fn(lex, unit)


# ---- specialization -------------------------------------------------------------------------


def _sentence_lf(label: str) -> LabelingFunction:
    def fn(lex: Lexicons, unit: object) -> Vote | None:
        assert isinstance(unit, Sentence)
        matches = lex.phrase_matches("specialization", unit.lemmas)
        score = sum(-e.weight if e.negative else e.weight for _, e in matches if e.label == label)
        if score < SENTENCE_MIN_SCORE:
            return None
        phrases = sorted({p for p, e in matches if e.label == label and not e.negative})
        return Vote(label, score, ", ".join(phrases))

    return LabelingFunction(f"body_lexicon_{label}", "specialization", "sentence", fn)


def _title_spec_lf(label: str) -> LabelingFunction:
    def fn(lex: Lexicons, unit: object) -> Vote | None:
        assert isinstance(unit, ProcessedPosting)
        hits = [m for lbl, m, _ in lex.title_matches("specialization", unit.title) if lbl == label]
        return Vote(label, TITLE_WEIGHT, hits[0]) if hits else None

    return LabelingFunction(f"title_{label}", "specialization", "posting", fn)


SENTENCE_SPECIALIZATION_LFS = [_sentence_lf(lbl) for lbl in SPECIALIZATIONS]
TITLE_SPECIALIZATION_LFS = [_title_spec_lf(lbl) for lbl in SPECIALIZATIONS]


def _title_area_lf(lex: Lexicons, unit: object) -> Vote | None:
    assert isinstance(unit, ProcessedPosting)
    return title_area_specialization(lex, unit)


TITLE_AREA_LF = LabelingFunction("title_area", "specialization", "posting", _title_area_lf)


# ---- seniority ------------------------------------------------------------------------------


def _years_lf(lex: Lexicons, unit: object) -> Vote | None:
    assert isinstance(unit, ProcessedPosting)
    years = years_required(" ".join(s.text for s in unit.role_sentences()))
    return None if years is None else Vote(years_rung(years), 1.0, f"{years}+ years")


def _scope_lf(lex: Lexicons, unit: object) -> Vote | None:
    assert isinstance(unit, ProcessedPosting)
    scores = lex.phrase_scores("seniority", unit.body_lemmas())
    scores = {k: v for k, v in scores.items() if v >= 1.0}
    if not scores:
        return None
    label = max(scores, key=lambda k: (scores[k], SENIORITIES.index(k)))
    phrases = sorted({p for p, e in lex.phrase_matches("seniority", unit.body_lemmas())
                      if e.label == label})
    return Vote(label, min(scores[label], 2.0), ", ".join(phrases[:4]))


def _body_rung_lf(lex: Lexicons, unit: object) -> Vote | None:
    assert isinstance(unit, ProcessedPosting)
    named = body_named_seniority(lex, unit)
    if not named:
        return None
    label, n = named.most_common(1)[0]
    return Vote(label, 1.0, f"names the role at rung {label} ({n}x)")


SENIORITY_LFS = [
    LabelingFunction("title_ladder", "seniority", "posting",
                     lambda lex, u: title_seniority(lex, u)),  # type: ignore[arg-type]
    LabelingFunction("body_names_rung", "seniority", "posting", _body_rung_lf),
    LabelingFunction("years_of_experience", "seniority", "posting", _years_lf),
    LabelingFunction("scope_lexicon", "seniority", "posting", _scope_lf),
]


# ---- is it PM -------------------------------------------------------------------------------


def _body_names_role_lf(lex: Lexicons, unit: object) -> Vote | None:
    assert isinstance(unit, ProcessedPosting)
    found = lex.role_mentions("role", unit.whole_text())
    labels = {lbl for lbl, _, _ in found}
    if len(labels) != 1:
        return None
    return Vote(found[0][0], 1.0, found[0][1])


def _body_role_lf(lex: Lexicons, unit: object) -> Vote | None:
    assert isinstance(unit, ProcessedPosting)
    scores = lex.phrase_scores("role", unit.body_lemmas())
    pm, other = scores.get("pm", 0.0), scores.get("not_pm", 0.0)
    if pm >= 3.0 and pm > 2 * other:
        return Vote("pm", 1.0, "PM vocabulary")
    if other >= 2.0 and other > pm:
        return Vote("not_pm", 1.0, "neighbour-role vocabulary")
    return None


ROLE_LFS = [
    LabelingFunction("title_role", "role", "posting",
                     lambda lex, u: title_role(lex, u.title)),  # type: ignore[attr-defined]
    LabelingFunction("body_role_lexicon", "role", "posting", _body_role_lf),
    LabelingFunction("body_names_role", "role", "posting", _body_names_role_lf),
]


# ---- aggregation ----------------------------------------------------------------------------


def aggregate(votes: Iterable[Vote | None]) -> tuple[str | None, float]:
    """Weighted vote: the winning label and its share of the vote mass; ``(None, 0)`` on
    abstention or a tie.

    >>> aggregate([Vote("growth", 2, ""), Vote("pmm", 1, ""), None])
    ('growth', 0.6666666666666666)
    >>> aggregate([None, None])
    (None, 0.0)
    """
    mass: dict[str, float] = defaultdict(float)
    for v in votes:
        if v is not None and v.weight > 0:
            mass[v.label] += v.weight
    if not mass:
        return None, 0.0
    ranked = sorted(mass.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, 0.0
    return ranked[0][0], ranked[0][1] / sum(mass.values())


def sentence_label(lex: Lexicons, sentence: Sentence) -> tuple[str | None, float]:
    """Aggregate the sentence LFs on one sentence."""
    return aggregate(lf(lex, sentence) for lf in SENTENCE_SPECIALIZATION_LFS)


def posting_specialization_label(lex: Lexicons, posting: ProcessedPosting,
                                 use_title: bool = True) -> tuple[str | None, float]:
    """A posting's weak specialization label: its title's (rule 1), else its body votes'."""
    if use_title:
        v = title_specialization(lex, posting)
        if v is not None:
            return v.label, 0.9
    votes = [sentence_label(lex, s) for s in posting.role_sentences()]
    counts = Counter(lbl for lbl, conf in votes if lbl is not None and conf >= 0.6)
    total = sum(counts.values())
    if total >= 3:
        label, n = counts.most_common(1)[0]
        if n / total >= 0.4:
            return label, n / total
    # Rule 5: core is the default of a PM role with no stronger signal, but only with some
    # positive evidence of its own (LEADS.md 5), and at a low confidence.
    if counts.get("core", 0) >= 1:
        return "core", 0.3
    return None, 0.0
