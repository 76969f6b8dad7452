"""Stage 1b: find a posting's sections (the role, boilerplate, the rest) by their headings, and
cut it into sentences. Headings vary wildly, many postings have none, and some (scraped job
boards) put everything in one paragraph: see :func:`split_sections`.

>>> split_sections("About us\\nWe sell shoes.\\nWhat you'll do\\nOwn the roadmap.")
[('boiler', 'We sell shoes.'), ('role', 'Own the roadmap.')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ROLE, BOILER, OTHER = "role", "boiler", "other"


@dataclass(frozen=True)
class Line:
    """A line of a cleaned text, and whether it was a list item ("- ...", "2) ...", ``<li>``):
    for :func:`split_sections` an item is a heading only when it ends with a colon."""

    text: str
    item: bool = False

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
    r"|what you bring|ideal candidate|profile|challenges|expectations|outcomes|scope"
    # Read from the headings of postings.csv that opened no section (2026-12-06): a role part
    # under one of them was lost after a boilerplate heading, and boilerplate under the next
    # one was read as the role.
    r"|about the product|what (?:will )?the candidate will|what will you|what you need|tasks"
    r"|what success looks like|a day in the life|great fit|good fit|be a fit|is this you|you bring"
    r"|set you apart|your background|you should have|qualities we look for|we will look for"
    r"|what we need from you|essential functions|competencies|role description|first \d+ days"
    r"|first \d+ months|even better|^(?:the |our |your |meet the )?team$|^role$|^you$"
    r"|^description$|^required$|^education$)",
    re.IGNORECASE,
)
# Headings that open boilerplate: it says nothing about which kind of PM the job is.
_BOILER_HEADING = re.compile(
    r"\b(about us|about [A-Z][\w&.\- ]{1,40}$|who we are|our story|our mission|our values|culture"
    r"|benefits|perks|what we offer|why (?:join|work)|compensation|salary|pay range|total rewards"
    r"|equal (?:opportunity|employment)|eeo|diversity|inclusion|accommodation|how to apply"
    r"|application process|interview process|hiring process|privacy|location|working at|life at"
    r"|our investors|funding|backed by"
    r"|additional information|who are we|a final note|referral|notices?$|company overview"
    r"|company description|^the company$|how we hire|recruitment|^why [\w.\- ]{1,30}(?=\??$)"
    r"|pay transparency|time off|physical demands|right to work|disclaimer|cover letter"
    r"|conditions of employment|sets us apart|^meet [A-Z][\w.\-]{1,30}$|mission statement"
    r"|^what we do$|^li-(?:remote|onsite|hybrid)$)\b",
    re.IGNORECASE,
)
# Boilerplate headings that name the reader ("Why you'll love working here", "What's in it for
# you"), and so would read as role headings.
_BOILER_FIRST = re.compile(
    r"\b(?:why you(?:'|’)?ll love|in it for you|what (?:do )?we offer|our offer|we offer"
    r"|you(?:'|’)ll get|perks)", re.IGNORECASE)
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


def _heading_kind(line: str) -> str | None:
    """Section kind a line opens, or None if the line is not a heading."""
    found = _heading_cue(line)
    return found[0] if found is not None else None


def _heading_cue(line: str) -> tuple[str, re.Match[str]] | None:
    """Section kind a line opens and the cue that says so, or None if it is not a heading."""
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
    for kind, cue in ((BOILER, _BOILER_FIRST), (ROLE, _ROLE_HEADING), (BOILER, _BOILER_HEADING)):
        m = cue.search(bare)
        if m is not None:
            return kind, m
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
# Articles, possessives and prepositions wait for the words after them: a heading neither
# ends in one nor starts right after one.
_BINDS_FORWARD = frozenset({"a", "an", "the", "of", "to", "for", "in", "with", "on", "your",
                            "our"})
# ... so it does not end in one of these ("Experience with SQL" is a sentence).
_HEADING_OPEN_END = _BINDS_FORWARD | {"and", "&", "at", "will", "is", "are", "be", "product"}
# ... nor is it followed by one of these ("Experience With SQL ...").
_NO_OPENER = frozenset({"with", "of", "to", "and", "or", "is", "are", "from", "by", "at"})
# ... nor preceded by one of these: a name follows them ("own our Tasks Manager app" is no
# "Tasks" heading).
_NO_HEADING_AFTER = _BINDS_FORWARD | {"their", "its", "my", "this", "these", "into", "by"}
_BULLETS = frozenset("-–—•·●▪*")
_SENTENCE_END = re.compile(r"[.!?;]")
# Boilerplate headings that label one value ("Location: London", "Salary: £50k") rather than
# open a section: the text after that value is not theirs. Read as a section, a flattened
# "... Salary: £40k Based in Leeds, our client ... You will own ..." lost every sentence after
# it (128 of the 4,803 postings kept under 8 words of role text, 21 none at all; reading fields
# as fields left 64).
_FIELD_HEADING = re.compile(r"^(?:(?:job|work|base|office) )?(?:location|salary(?: range)?"
                            r"|compensation(?: range)?|pay range)s?$", re.IGNORECASE)


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
    lines: list[list[str]] = [[]]
    i = 0
    while i < len(words):
        size = _heading_at(words, i) if words[i][:1].isupper() else 0
        if size:
            head = " ".join(words[i:i + size]).rstrip(":")
            # A field keeps its value on its line, where split_sections reads it as a field.
            lines += [[head + ":"]] if _FIELD_HEADING.match(head) else [[head + ":"], []]
            i += size
        else:
            lines[-1].append(words[i])
            i += 1
    return "\n".join(" ".join(ln) for ln in lines if ln)


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
                          or (i > 0 and words[i - 1].lower() in _NO_HEADING_AFTER)
                          or not (nxt[:1].isupper() or nxt in _BULLETS or nxt[:1].isdigit())):
            continue
        bare = " ".join(run).rstrip(":")
        # A field does not take the words before it ("... Checkout Location: London ..."): the
        # run that ends in one is not a heading, the field alone is, a word later.
        if not _FIELD_HEADING.match(bare) and any(
                _FIELD_HEADING.match(" ".join(run[j:]).rstrip(":")) for j in range(1, size)):
            continue
        found = _heading_cue(bare + ":")
        if found is not None and bare.count(" ", 0, found[1].start()) < 2:
            return size
    return 0


def split_sections(text: str | Sequence[Line]) -> list[tuple[str, str]]:
    """Split cleaned text (a string, or its :class:`Line` s from ``clean_lines``) into
    ``(section_kind, sentence)`` pairs, in order. A list item is a heading only if it ends with
    a colon: a short requirement such as "SQL experience" or "Strong communication skills" is
    not.

    >>> split_sections("Benefits\\nFree lunch.\\nResponsibilities\\nOwn the roadmap.")
    [('boiler', 'Free lunch.'), ('role', 'Own the roadmap.')]
    >>> split_sections([Line("Requirements"), Line("SQL experience", item=True),
    ...                 Line("A culture of ownership", item=True)])
    [('role', 'SQL experience'), ('role', 'A culture of ownership')]
    """
    out: list[tuple[str, str]] = []
    kind = OTHER
    lines = [Line(t) for t in text.split("\n")] if isinstance(text, str) else list(text)
    if len(lines) == 1 and len(lines[0].text) > _FLAT_MIN:
        first, *after = _reflow(lines[0].text).split("\n")
        lines = [Line(first, lines[0].item)] + [Line(t) for t in after]
    for each in lines:
        item, line = each.item, each.text
        cut = False
        if not item and ": " in line:  # "Responsibilities: Own the roadmap ...": as if the
            head, _, rest = line.partition(": ")  # heading stood on a line of its own
            opens = None if _SENTENCE_END.search(head) else _heading_kind(head + ":")
            if opens == BOILER and _FIELD_HEADING.match(head.strip()):
                # Its value (the first sentence) is boilerplate; the section goes on after it.
                value, *more = _SENT_SPLIT.split(rest, maxsplit=1)
                if len(value.strip()) >= 3:
                    out.append((BOILER, value.strip()))
                if not more:
                    continue
                line, cut = more[0], True
            elif opens is not None and head.count(" ") < 8:
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


# Fewer words of role text than this say nothing about a role: role_part then looks for it in
# the boilerplate sections, and the predictor reads no body (only the title speaks).
MIN_ROLE_WORDS = 8


def role_part(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The sentences that describe the job; boilerplate never, the unheaded rest as fallback.

    Postings with real role sections are read from them alone; postings with none (one
    paragraph, or unknown headings) keep everything that is not boilerplate. Chosen before
    tokenizing, so the tokenizer never spends time on benefits and legal text.

    >>> role_part([("other", "We sell shoes."), ("boiler", "Dental plan."), ("role", "Own it.")])
    [('other', 'We sell shoes.'), ('role', 'Own it.')]
    """
    role = [p for p in pairs if p[0] == ROLE]
    if len(role) >= 3:
        return role
    rest = [p for p in pairs if p[0] != BOILER]
    if role or sum(len(s.split()) for _, s in rest) >= MIN_ROLE_WORDS:
        return rest
    # Nothing left but boilerplate sections: a heading was misread ("ABOUT ACME" over a role
    # whose own heading is unknown), so keep their sentences that are not boilerplate in
    # themselves rather than read no role at all (of the 4,803 postings, 64 had under 8 words of
    # role text left without it, 10 with it, 9 with the headings read from postings.csv too).
    return [p for p in pairs if p[0] != BOILER or not _BOILER_SENTENCE.search(p[1].lower())]
