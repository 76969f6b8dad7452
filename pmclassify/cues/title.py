"""Stage 2b: what a title says — the role, specialization, product area and rung it names —
and the title a pasted posting opens with. Read at prediction time by the answers, and at
training time by the labeling functions (:mod:`pmclassify.weak.functions`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pmclassify.cues.body import rung_named
from pmclassify.cues.lexicons import Lexicons
from pmclassify.labels import SPECIALIZATIONS
from pmclassify.text.posting import ProcessedPosting

# Title votes outweigh body votes: TAXONOMY rule 1 (the title decides when it names the label).
TITLE_WEIGHT = 5.0
# A title's product area ("..., API") counts through the lexicon's firmer entries only: the
# weaker ones ("cybersecurity", "inference", "gtm") point at several specializations.
AREA_MIN_WEIGHT = 0.7
# Of several specializations a title names, the most specific: product marketing first
# ("Technical Product Marketing Manager" is PMM); platform before technical ("Technical Product
# Manager, Platform" serves internal teams: rule 3).
TITLE_PRIORITY = ("pmm", "growth", "innovation", "platform", "technical", "core")


@dataclass(frozen=True)
class Vote:
    """A labeling function's vote: a label, a weight, and the text that made it vote."""

    label: str
    weight: float
    evidence: str


def title_specialization(lex: Lexicons, posting: ProcessedPosting) -> Vote | None:
    """The specialization a title names (TAXONOMY rule 1), the most specific when several do
    (:data:`TITLE_PRIORITY`)."""
    first: dict[str, str] = {}
    for label, matched, _ in lex.title_matches("specialization", posting.title):
        first.setdefault(label, matched)
    for label in TITLE_PRIORITY:
        if label in first:
            return Vote(label, TITLE_WEIGHT, first[label])
    return None


def title_area_specialization(lex: Lexicons, posting: ProcessedPosting) -> Vote | None:
    """The specialization a title's product area points to when the title names none (rule 1
    does not apply): the firmer specialization phrases (weight >= ``AREA_MIN_WEIGHT``) among
    the title's words, as in "Senior Product Manager, API" or "Product Manager | Activation".

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> from pmclassify.text.posting import Preprocessor
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


def title_seniority(lex: Lexicons, posting: ProcessedPosting) -> Vote | None:
    """The highest rung the title names; a PM title naming none is ``pm``; else abstain."""
    hit = rung_named(lex, posting.title)
    return Vote(hit[0], TITLE_WEIGHT, hit[1]) if hit is not None else None


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


# What names someone else's role, or a past one, rather than the posting's own: an aside in
# parentheses ("our team (as a Product Manager would put it)"), a sentence about a past role
# ("our founder was previously a product manager at ...").
_ASIDE = re.compile(r"\([^()]{0,300}\)")
_PAST_ROLE = re.compile(r"\b(?:previously|formerly|former|used to|was|were|ex)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n")


def first_named_role(lex: Lexicons, text: str) -> tuple[str, str] | None:
    """``(label, words)`` of the first role a text names as its own, or None: not in an aside,
    not a past role, and not in a sentence about one.

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> lex = load_lexicons()
    >>> first_named_role(lex, "We are hiring a Product Manager to work with an engineer.")
    ('pm', 'Product Manager')
    >>> first_named_role(lex, "Our founder was previously a product manager at a bank. Join "
    ...                  "us as a tax advisor (as a Product Manager might say).") is None
    True
    """
    for sentence in _SENTENCES.split(_ASIDE.sub(" ", text)):
        if _PAST_ROLE.search(sentence):
            continue
        found = lex.role_mentions("role", sentence, past=False)
        if found:
            return found[0][0], found[0][1]
    return None


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
