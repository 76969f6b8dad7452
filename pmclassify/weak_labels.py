"""Stage 3: labeling functions that vote or abstain, and the separate step that aggregates votes.

Labeling functions (LFs) read a :class:`~pmclassify.preprocess.ProcessedPosting` (or one of its
sentences) and the lexicons, and return a :class:`Vote` or ``None`` (abstain). ``aggregate``
turns a list of votes into one training label with a confidence; "no LF fired" stays unlabeled.
``lf_report`` measures each LF's coverage, overlaps and conflicts on a corpus.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

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

# The role spelled out with the few words that can qualify it: "our Growth Product Manager",
# "Product Manager, Platform", "product manager for the developer platform". Singular and
# spelled out only: "platform PMs", "product managers across teams" and "technical product
# management experience" name colleagues or a career, not this role.
_ROLE_PHRASE = re.compile(
    r"((?:[\w/&-]+ ){0,3})(?:product (?:manager|owner|lead|marketing manager|marketer)"
    r"|head of product)(?!s)"
    r"((?: ?[,–—(-] ?| (?:for|on|of|in) (?:the |our )?)[\w/&-]+(?: [\w/&-]+){0,2})?",
    re.IGNORECASE,
)
# Where _ROLE_PHRASE can match: found first, so the slow pattern only reads a window around it.
_ROLE_ANCHOR = re.compile(r"product (?:manager|owner|lead|marketing manager|marketer)(?!s)"
                          r"|head of product", re.IGNORECASE)
# Any sentence that speaks of the role: the role summary, where what the role is for is said.
_ROLE_MENTION = re.compile(r"product (?:manag|owner|lead|market)|head of product", re.IGNORECASE)
_TITLE_RANGE = re.compile(
    r"\b(senior|sr\.?|staff|principal|lead)\s*/\s*(?:senior|staff|principal|lead)\b"
)
_YEARS = re.compile(
    r"(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*(\d{1,2})\s*\+?\s*)?(?:years?|yrs?)\b", re.I
)


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


def body_named_specializations(lex: Lexicons, posting: ProcessedPosting) -> Counter[str]:
    """How often the body names each specialization in the words that qualify the role ("as
    our Growth Product Manager", "Product Manager, Platform"): the posting's own title for
    itself, which survives when the title field is generic or missing. Read from the whole
    text, context included: the intro that says whom the company hires often stands outside
    the role sections (cross-fitted macro-F1 without titles 0.630 -> 0.678).

    >>> from pmclassify.lexicons import load_lexicons
    >>> from pmclassify.preprocess import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("As our Growth Product Manager you will own onboarding.")
    >>> body_named_specializations(load_lexicons(pre=pre), doc)
    Counter({'growth': 1})
    """
    out: Counter[str] = Counter()
    text = posting.whole_text()
    end = 0
    for a in _ROLE_ANCHOR.finditer(text):
        if a.start() < end:  # inside the previous match's qualifier
            continue
        # The window starts at a word boundary on the anchor's line, far enough back for the
        # three qualifying words before it.
        lo = max(text.rfind("\n", 0, a.start()) + 1, a.start() - 80, end)
        while lo > 0 and text[lo - 1] not in " \n":
            lo += 1
        m = _ROLE_PHRASE.search(text, lo, min(len(text), a.end() + 80))
        if m is None:
            continue
        end = m.end()
        out.update({lbl for lbl, _, _ in lex.title_matches("specialization", m.group(0))})
    return out


def role_sentence_specializations(lex: Lexicons, posting: ProcessedPosting) -> Counter[str]:
    """How many sentences that speak of the role name each specialization anywhere in them
    ("As a Product Manager you will own our billing platform"): looser than
    :func:`body_named_specializations`, and a cue of its own to the model, not a vote.

    >>> from pmclassify.lexicons import load_lexicons
    >>> from pmclassify.preprocess import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("As a Product Manager you will own our billing platform.")
    >>> role_sentence_specializations(load_lexicons(pre=pre), doc)
    Counter({'platform': 1})
    """
    out: Counter[str] = Counter()
    for s in posting.role_sentences():
        if _ROLE_MENTION.search(s.text):
            out.update({lbl for lbl, _, _ in lex.title_matches("specialization", s.text)})
    return out


# ---- seniority ------------------------------------------------------------------------------


def title_seniority(lex: Lexicons, posting: ProcessedPosting) -> Vote | None:
    """The highest rung the title names; a PM title naming none is ``pm``; else abstain."""
    return rung_named(lex, posting.title)


def body_named_seniority(lex: Lexicons, posting: ProcessedPosting) -> Counter[str]:
    """The rungs of the PM roles the whole text names as its own ("we're hiring a Senior
    Product Manager"): the posting's title for itself, when the title field is missing.

    >>> from pmclassify.lexicons import load_lexicons
    >>> from pmclassify.preprocess import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("As a Staff Product Manager you will report to the VP of Product.")
    >>> body_named_seniority(load_lexicons(pre=pre), doc)
    Counter({'group': 1})
    """
    out: Counter[str] = Counter()
    for label, text, _ in lex.role_mentions("role", posting.whole_text()):
        if label == "pm" and (v := rung_named(lex, text)) is not None:
            out[v.label] += 1
    return out


def rung_named(lex: Lexicons, title: str) -> Vote | None:
    """The highest rung a title (or a role named in a body) names; ``pm`` for a PM role naming
    none; else abstain."""
    # A range ("Senior/Staff", "Senior / Lead") hires at its lower bound.
    title = _TITLE_RANGE.sub(r"\1", title.lower())
    hits = lex.title_matches("seniority", title)
    # "Product Manager" is the default rung: any other cue overrides it ("Associate Product
    # Manager" is apm); among the others the highest wins ("Associate Director" is director).
    cued = [h for h in hits if h[0] != "pm"] or hits
    if not cued:
        return None
    label, text, _ = max(cued, key=lambda h: SENIORITIES.index(h[0]))
    return Vote(label, TITLE_WEIGHT, text)


def years_required(text: str) -> int | None:
    """The largest 'N years' of experience a text asks for (ignoring absurd numbers).

    >>> years_required("You have 5+ years of product experience, 2 years in B2B.")
    5
    """
    found = []
    for m in _YEARS.finditer(text):
        low = int(m.group(1))
        if 0 < low <= 25:
            found.append(low)
    return max(found) if found else None


def years_rung(years: int) -> str:
    """Rung typical for a years-of-experience requirement (TAXONOMY §3 scope cues)."""
    if years <= 2:
        return "apm"
    if years <= 4:
        return "pm"
    if years <= 7:
        return "senior"
    if years <= 9:
        return "group"
    return "director"


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


def title_role(lex: Lexicons, title: str) -> Vote | None:
    """``pm`` when the title names a PM/PMM role, ``not_pm`` when it names a neighbour role."""
    if not title:
        return None
    hits = lex.title_matches("role", title)
    pm = [m for lbl, m, _ in hits if lbl == "pm"]
    if pm:
        return Vote("pm", TITLE_WEIGHT, pm[0])
    other = [m for lbl, m, _ in hits if lbl == "not_pm"]
    return Vote("not_pm", TITLE_WEIGHT, other[0]) if other else Vote("not_pm", 1.0, title)


def body_role_mentions(lex: Lexicons, posting: ProcessedPosting) -> Counter[str]:
    """How often the whole posting (its role part and its context) names its own role, per
    role label: "we're hiring a Product Manager" against "as our Product Designer". Read from
    the whole text because the intro that says it often stands outside the role sections.

    >>> from pmclassify.lexicons import load_lexicons
    >>> from pmclassify.preprocess import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("We're hiring a Product Manager. You'll work with our designers.")
    >>> body_role_mentions(load_lexicons(pre=pre), doc)
    Counter({'pm': 1})
    """
    return Counter(lbl for lbl, _, _ in lex.role_mentions("role", posting.whole_text()))


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


# ---- report ---------------------------------------------------------------------------------


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
