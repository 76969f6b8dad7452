"""Stage 3: labeling functions that vote or abstain, and the separate step that aggregates votes.

Labeling functions (LFs) read a :class:`~pmclassify.preprocess.ProcessedPosting` (or one of its
sentences) and the lexicons, and return a :class:`Vote` or ``None`` (abstain). ``aggregate``
turns a list of votes into one training label with a confidence; "no LF fired" stays unlabeled.
:mod:`pmclassify.labeling_report` measures each LF's coverage, overlaps and conflicts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pmclassify.cues import (
    body_named_seniority,
    rung_named,
    years_required,
    years_rung,
)
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.lexicons import Lexicons
from pmclassify.preprocess import ProcessedPosting, Sentence

# A sentence must carry this much lexicon weight for one label before its LF votes.
SENTENCE_MIN_SCORE = 1.0
# Title votes outweigh body votes: TAXONOMY rule 1 (the title decides when it names the label).
TITLE_WEIGHT = 5.0
# A title's product area ("..., API") counts through the lexicon's firmer entries only: the
# weaker ones ("cybersecurity", "inference", "gtm") point at several specializations.
AREA_MIN_WEIGHT = 0.7


@dataclass(frozen=True)
class Vote:
    """A labeling function's vote: a label, a weight, and the text that made it vote."""

    label: str
    weight: float
    evidence: str


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


def title_specialization(lex: Lexicons, posting: ProcessedPosting) -> Vote | None:
    """The specialization a title names (TAXONOMY rule 1), the most specific when several do.

    Product marketing first ("Technical Product Marketing Manager" is PMM); platform before
    technical ("Technical Product Manager, Platform" serves internal teams: rule 3).
    """
    votes = {}
    for lf in TITLE_SPECIALIZATION_LFS:
        v = lf(lex, posting)
        if v is not None:
            votes[v.label] = v
    for label in ("pmm", "growth", "innovation", "platform", "technical", "core"):
        if label in votes:
            return votes[label]
    return None


def title_area_specialization(lex: Lexicons, posting: ProcessedPosting) -> Vote | None:
    """The specialization a title's product area points to when the title names none (rule 1
    does not apply): the firmer specialization phrases (weight >= ``AREA_MIN_WEIGHT``) among
    the title's words, as in "Senior Product Manager, API" or "Product Manager | Activation".

    >>> from pmclassify.lexicons import load_lexicons
    >>> from pmclassify.preprocess import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("You will own the public API.", title="Senior Product Manager, API")
    >>> title_area_specialization(load_lexicons(pre=pre), doc)
    Vote(label='platform', weight=1.0, evidence='api')
    """
    if not posting.title_lemmas or title_specialization(lex, posting) is not None:
        return None
    mass: dict[str, float] = defaultdict(float)
    shown: dict[str, list[str]] = defaultdict(list)
    for _, e in lex.phrase_matches("specialization", posting.title_lemmas):
        if not e.negative and e.weight >= AREA_MIN_WEIGHT:
            mass[e.label] += e.weight
            shown[e.label].append(e.text)
    if not mass:
        return None
    best = max(SPECIALIZATIONS, key=lambda lbl: mass.get(lbl, 0.0))
    return Vote(best, mass[best], ", ".join(shown[best]))


def _title_area_lf(lex: Lexicons, unit: object) -> Vote | None:
    assert isinstance(unit, ProcessedPosting)
    return title_area_specialization(lex, unit)


TITLE_AREA_LF = LabelingFunction("title_area", "specialization", "posting", _title_area_lf)


# ---- seniority ------------------------------------------------------------------------------


def title_seniority(lex: Lexicons, posting: ProcessedPosting) -> Vote | None:
    """The highest rung the title names; a PM title naming none is ``pm``; else abstain."""
    hit = rung_named(lex, posting.title)
    return Vote(hit[0], TITLE_WEIGHT, hit[1]) if hit is not None else None


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


# An opening line that is a field about someone else ("Reports to: VP Product"), or a later one
# that reads as a sentence ("Work with our Head of Product"), names someone else's role.
_NOT_A_TITLE_WORD = re.compile(
    r"\b(?:our|your|you|we|us|with|will|the|is|are|join|alongside|report(?:s|ing)?)\b",
    re.IGNORECASE)
_FIELD = re.compile(r"^([^:]{1,30}):\s")
_SOMEONE_ELSE = re.compile(r"report|manager|supervisor|contact|recruiter|lead|team|posted",
                          re.IGNORECASE)
_TITLE_FIELD = re.compile(
    r"^(?:the\s+)?(?:job\s*|position\s*|role\s*)?(?:title|position|role|job|opportunity)$",
    re.IGNORECASE)


def title_from_opening_lines(lex: Lexicons, posting: ProcessedPosting) -> tuple[int, str] | None:
    """The opening line (its number from 1, and its text) of a posting given without a title
    that reads as a PM role's title: a posting copied from a page often opens with its title
    ("Senior Product Manager – Remote"), sometimes after the company's name or the place.

    Lines that name no role are passed over; the first that names a neighbour role ends the
    search, for it is as often a department ("Engineering") as the job's name and is left to the
    body. A field that names someone else ("Reports to: VP Product", "Hiring manager: ...")
    is passed over too, and so, after the first line, is a line that reads as a sentence.
    """
    if posting.title:
        return None
    for n, line in enumerate(posting.opening_lines, start=1):
        field = _FIELD.match(line)
        if field and _TITLE_FIELD.match(field.group(1).strip()):
            line = line[field.end():]
        elif field and _SOMEONE_ELSE.search(field.group(1)) and \
                _named_role(lex, field.group(1)) is None:  # "Product Manager: Growth" is a title
            continue
        if n > 1 and _NOT_A_TITLE_WORD.search(line):
            continue
        role = _named_role(lex, line)
        if role is not None:
            return (n, line) if role == "pm" else None
    return None


def _named_role(lex: Lexicons, text: str) -> str | None:
    """``pm`` or ``not_pm`` when ``text`` names a role by the title patterns, else None."""
    return named_label(title_role(lex, text))


def named_label(vote: Vote | None) -> str | None:
    """The label of a :func:`title_role` vote when the title names a role (a neighbour's or a
    PM's); None for no title and for one that names none (its weak "not PM" vote).
    """
    return vote.label if vote is not None and vote.weight > 1 else None


def first_named_role(lex: Lexicons, text: str) -> tuple[str, str] | None:
    """``(label, words)`` of the first role a text names as its own, or None.

    >>> from pmclassify.lexicons import load_lexicons
    >>> first_named_role(load_lexicons(), "We are hiring a Product Manager to work with an "
    ...                  "engineer.")
    ('pm', 'Product Manager')
    """
    found = lex.role_mentions("role", text)
    return (found[0][0], found[0][1]) if found else None


def title_role(lex: Lexicons, title: str) -> Vote | None:
    """``pm`` when the title names a PM/PMM role, ``not_pm`` when it names a neighbour role."""
    if not title:
        return None
    hits = lex.title_matches("role", title)
    pm = [(m, e) for lbl, m, e in hits if lbl == "pm"]
    other = [m for lbl, m, _ in hits if lbl == "not_pm"]
    # A short form yields to a neighbour role the title spells out: "Project Manager (PM)",
    # "Chief People Officer (CPO)"; not to a product area ("PM, Engineering Tools"). Otherwise
    # any PM role wins ("Product Manager, Engineering").
    spelled = [m for m in other if m.endswith(("manager", "officer"))]
    if pm and not (spelled and all(e.abbreviation for _, e in pm)):
        return Vote("pm", TITLE_WEIGHT, pm[0][0])
    return Vote("not_pm", TITLE_WEIGHT, other[0]) if other else Vote("not_pm", 1.0, title)


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
