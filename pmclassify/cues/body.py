"""Stage 3a: what a posting says about itself, read as counts and values (no votes).

The role, specialization and rung the text names as its own ("as our Senior Growth Product
Manager"), the specializations its role sentences mention, and the years of experience it asks.
The labeling functions (:mod:`pmclassify.weak.functions`) vote on them; the posting models
(:mod:`pmclassify.model`) read them as features; the predictor shows them as evidence.
"""

from __future__ import annotations

import re
from collections import Counter

from pmclassify.cues.lexicons import Lexicons
from pmclassify.labels import SENIORITIES
from pmclassify.text.posting import ProcessedPosting

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
# Where a title's parts meet: "Product Manager, Payments", "PM - Ads (Remote)", "PM | Search".
_TITLE_PARTS = re.compile(r"(\s*(?:[,:;|()\[\]/]|\s[-–—]+|[-–—]+\s|[–—])\s*)")
# Words that may stand beside a rung in a part of its own: "Senior Level", "Mid-Senior".
_RUNG_FILLER = {"level", "mid", "team", "role", "position", "grade", "and", "or"}
_TITLE_RANGE = re.compile(
    r"\b(senior|sr\.?|staff|principal|lead)\s*/\s*(?:senior|staff|principal|lead)\b"
)
# The role's own line to the top: "reporting to the CEO", "you'll report directly to our
# founders". Not "our VP, who reports to the CEO": that line is someone else's.
_REPORTS_TO_TOP = re.compile(
    r"(?<!who )(?<!which )\breport(?:s|ing)?\s+(?:directly\s+)?(?:in)?to\s+(?:the\s+|our\s+)?"
    r"(?:ceo|chief executive(?: officer)?|co-?founders?|founders?|founding team)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(
    r"(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*(\d{1,2})\s*\+?\s*)?(?:years?|yrs?)\b", re.I
)


def body_named_specializations(lex: Lexicons, posting: ProcessedPosting) -> Counter[str]:
    """How often the body names each specialization in the words that qualify the role ("as
    our Growth Product Manager", "Product Manager, Platform"): the posting's own title for
    itself, which survives when the title field is generic or missing. Read from the whole
    text, context included: the intro that says whom the company hires often stands outside
    the role sections (cross-fitted macro-F1 without titles 0.630 -> 0.678).

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> from pmclassify.text.posting import Preprocessor
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

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> from pmclassify.text.posting import Preprocessor
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


def body_named_seniority(lex: Lexicons, posting: ProcessedPosting) -> Counter[str]:
    """The rungs of the PM roles the whole text names as its own ("we're hiring a Senior
    Product Manager"): the posting's title for itself, when the title field is missing.

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> from pmclassify.text.posting import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("As a Staff Product Manager you will report to the VP of Product.")
    >>> body_named_seniority(load_lexicons(pre=pre), doc)
    Counter({'group': 1})
    """
    return Counter(rung for rung, _ in body_named_rungs(lex, posting))


def body_named_rungs(lex: Lexicons, posting: ProcessedPosting) -> list[tuple[str, str]]:
    """``(rung, role as written)`` for each PM role the whole text names as its own, in order:
    what :func:`body_named_seniority` counts, with the words to show as evidence. A past role
    a requirement asks for ("5+ years as a Product Manager") names no rung of this one."""
    return [(hit[0], text) for label, text, _ in lex.role_mentions("role", posting.whole_text(),
                                                                   past=False)
            if label == "pm" and (hit := rung_named(lex, text)) is not None]


def rung_named(lex: Lexicons, title: str) -> tuple[str, str] | None:
    """``(rung, matched text)``: the highest rung a title (or a role named in a body) names;
    ``pm`` for a PM role naming none; ``None`` when it names no PM rung.

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> rung_named(load_lexicons(), "Sr. Product Manager, Growth")
    ('senior', 'sr.')
    """
    # A range ("Senior/Staff", "Senior / Lead") hires at its lower bound.
    title = _area_masked(lex, _TITLE_RANGE.sub(r"\1", title.lower()))
    hits = lex.title_matches("seniority", title)
    # "Product Manager" is the default rung: any other cue overrides it ("Associate Product
    # Manager" is apm); among the others the highest wins ("Associate Director" is director).
    cued = [h for h in hits if h[0] != "pm"] or hits
    if not cued:
        return None
    label, text, _ = max(cued, key=lambda h: SENIORITIES.index(h[0]))
    return label, text


def _area_masked(lex: Lexicons, title: str) -> str:
    """``title`` (lowercase) without the parts after its role that name a product area with a
    rung word in it ("product manager, lead generation", "..., group insurance", "..., head &
    neck devices"): there the word is part of the area's name. A part that is a rung and nothing
    else still counts ("product manager (senior)", "head of product (vp)", "..., mid-senior
    level"), and so does everything up to the role ("vp, head of product").

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> _area_masked(load_lexicons(), "product manager, director tools (senior)")
    'product manager,  (senior)'
    """
    parts = _TITLE_PARTS.split(title)  # parts at even indices, separators at odd ones
    if len(parts) == 1:  # one part, as in most titles and every role a body names
        return title
    role = next((i for i in range(0, len(parts), 2)
                 if any(lbl == "pm" for lbl, _, _ in lex.title_matches("role", parts[i]))), None)
    if role is None:
        return title
    for i in range(role + 2, len(parts), 2):
        rest = parts[i]
        found = lex.title_matches("seniority", rest)
        for _, text, _ in found:
            rest = rest.replace(text, " ")
        if found and not set(re.findall(r"[a-z]+", rest)) <= _RUNG_FILLER:
            parts[i] = ""
    return "".join(parts)


def reports_to_top(text: str) -> str | None:
    """The words saying the role reports to the CEO or the founders, if a text says so: with a
    "Head of Product" title, the mark of the whole product function (TAXONOMY §3: ``vp``).

    >>> reports_to_top("Reporting directly to the CEO, you will lead our PMs.")
    'Reporting directly to the CEO'
    >>> reports_to_top("You report to our VP of Product, who reports to the CEO.") is None
    True
    """
    m = _REPORTS_TO_TOP.search(text)
    return m.group(0) if m else None


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


def body_role_mentions(lex: Lexicons, posting: ProcessedPosting) -> Counter[str]:
    """How often the whole posting (its role part and its context) names its own role, per
    role label: "we're hiring a Product Manager" against "as our Product Designer". Read from
    the whole text because the intro that says it often stands outside the role sections.

    >>> from pmclassify.cues.lexicons import load_lexicons
    >>> from pmclassify.text.posting import Preprocessor
    >>> pre = Preprocessor()
    >>> doc = pre.process("We're hiring a Product Manager. You'll work with our designers.")
    >>> body_role_mentions(load_lexicons(pre=pre), doc)
    Counter({'pm': 1})
    """
    return Counter(lbl for lbl, _, _ in lex.role_mentions("role", posting.whole_text()))
