"""Stage 5a: the answers. Turns the models' body probabilities and what the title and body say
of themselves into each answer, its scores and its evidence, by the taxonomy's rules: a title
that names the answer decides it (rule 1, §3); a title's product area, or the body's own name for
the role, weighs as much as the body; `core` is the default with no cue (rule 5).
:class:`~pmclassify.predict.classifier.Classifier` calls it for every PM posting.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from pmclassify.cues.body import body_named_rungs, reports_to_top, years_required
from pmclassify.cues.title import title_area_specialization, title_seniority, title_specialization
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.model.linear import temper
from pmclassify.model.pmmodel import PmModel
from pmclassify.text.notes import Evidence
from pmclassify.text.posting import ProcessedPosting

# How much a title that names the answer outweighs the body (TAXONOMY rule 1 and §3), so its
# score floor. On dev_gold such titles are right in 88 of 88 specializations, 294 of 294 rungs
# and 294 of 295 PM answers; at 0.85 the rungs scored 0.85-1.00 and read as less sure than they
# are. Answers do not change with it: the title's label wins at any share above one half.
TITLE_SHARE = 0.95
# A title's product area without a named specialization ("Senior PM, API") weighs as much as
# the body: cross-fitted macro-F1 with titles 0.711 -> 0.734, flat from 0.3 to 0.85.
AREA_SHARE = 0.5
# So does a body that names its own role's specialization ("as our Growth Product Manager"),
# when the title says nothing: cross-fitted macro-F1 without titles 0.666 -> 0.680 (0.677 at a
# share of 0.3, 0.680 at 0.85). The model alone under-trusts this feature; where it is clear it
# names the gold primary in 58 of 58 dev_gold postings.
NAMED_SHARE = 0.5
# The same for the rung the text names its role at ("we're hiring a Senior Product Manager"),
# when the title names none: cross-fitted seniority without titles 0.660 -> 0.704 accurate,
# 0.864 -> 0.884 within one rung (the same at 0.85, 0.697/0.878 at 0.3); right in 176 of 221
# dev_gold postings, 29 of the 45 misses a senior role the intro calls "a Product Manager".
NAMED_RUNG_SHARE = 0.5
# A second specialization is reported when the body gives it at least this probability.
SECONDARY_MIN = 0.25
# A sentence-model word tells of a label when its coefficient for it is at least this: "api"
# (9.7 for platform), "funnel" (5.0 for growth), "discovery" (11.8 for core) do; "recent" (0.35
# for technical), "year" (0.26) only lean, and shown as evidence they read as noise.
TELLING_COEF = 1.0
# Without a body, `core` is rule 5's default, not a finding: a title-only "Product Manager" is
# core by the spec, but only about a third of real PM postings are (dev_gold: 96 of 294).
NO_BODY_CORE = 0.5
RULE5_SCORES = {lbl: NO_BODY_CORE if lbl == "core" else (1 - NO_BODY_CORE) / 5
                for lbl in SPECIALIZATIONS}


def rounded(x: float) -> float:
    """A score as answers show it."""
    return round(float(x), 4)


def _pull(scores: dict[str, float], label: str | None, share: float) -> dict[str, float]:
    """``scores`` with ``share`` of the mass moved onto ``label`` (unchanged for None)."""
    if label is None:
        return scores
    return {lbl: share * (lbl == label) + (1 - share) * v for lbl, v in scores.items()}


def title_evidence(p: ProcessedPosting, phrase: str, note: str = "") -> Evidence:
    """Evidence read in the title: the one given, or the text's opening line read as one."""
    return Evidence("title", phrase, note, title_line=p.title_line)


def finding(note: str, where: str = "body", label: str | None = None) -> Evidence:
    """Evidence stated in words: what was counted or found, or why nothing was read."""
    return Evidence("rule" if where == "rule" else "body", note=note, kind="finding",
                    label=label)


def _clear_top(counts: Counter[str]) -> str | None:
    """The label named most often, if it beats the runner-up ("Growth" twice over "Platform"
    once); ``None`` when nothing is named or the top is a tie."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def specialization_answer(model: PmModel, p: ProcessedPosting, spec_row: np.ndarray,
                          named: Counter[str], has_body: bool,
                          ) -> tuple[dict[str, float], str, tuple[str | None, float | None],
                                     list[Evidence]]:
    """Scores, primary, (secondary, its body score) and evidence of a PM posting's
    specialization, from the body's probabilities ``spec_row`` (in the model's class order)
    and the labels the body names its role with (``named``)."""
    lex = model.lexicons
    # The body's probabilities, pulled toward a title that names the specialization or its
    # product area, or else toward the specialization the body names its role with.
    body = {str(c): float(v) for c, v in zip(model.specialization.classes_, spec_row, strict=True)}
    body = {lbl: body.get(lbl, 0.0) for lbl in SPECIALIZATIONS}
    tvote = title_specialization(lex, p)
    if not has_body:  # rule 5's default, as the guess it is
        body = dict(RULE5_SCORES)
    avote = title_area_specialization(lex, p) if tvote is None else None
    pull: tuple[str | None, float] = (None, 0.0)
    if tvote is not None:
        pull = (tvote.label, TITLE_SHARE)
    elif avote is not None:
        pull = (avote.label, AREA_SHARE)
    elif has_body:
        pull = (_clear_top(named), NAMED_SHARE)
    spec = _pull(body, *pull)
    primary = max(spec, key=lambda k: spec[k])
    rest = {k: v for k, v in body.items() if k != primary}
    second = max(rest, key=lambda k: rest[k])
    secondary = second if has_body and rest[second] >= SECONDARY_MIN else None
    ev = [title_evidence(p, tvote.evidence)] if tvote is not None else []
    if avote is not None and avote.label == primary:
        ev.append(title_evidence(p, avote.evidence, "the product area"))
    if has_body and named.get(primary):
        ev.append(finding(f"names the role as {primary}"))
    ev += [Evidence("body", ph) for ph in phrases(model, "specialization", p, primary)]
    if not ev and not has_body:
        ev = [finding("not read (too short, only boilerplate, or not English); core is the "
                      "default (TAXONOMY rule 5)")]
    elif not ev:
        ev = [Evidence("body", t, kind="term") for t in top_sentence_terms(model, p, primary)]
    if not ev and not (named or any(v > 0 for v in lex.phrase_scores(
            "specialization", p.body_lemmas()).values())):
        # Nothing in the title or body speaks for any label ("Own the roadmap." ten times
        # read platform 0.64 on near-even sentence scores): rule 5's default.
        return dict(RULE5_SCORES), "core", (None, None), [finding(
            "no cue for any specialization (none named, no lexicon phrase, no telling word); "
            "core is the default (TAXONOMY rule 5)")]
    if not ev:
        ev = [finding(f"no cue for {primary} (the cues found speak for other labels); the "
                      "model's best guess")]
    if secondary is not None:  # its score is pulled down with the body's; say what it rests on
        said = [Evidence("body", ph, label=secondary)
                for ph in phrases(model, "specialization", p, secondary, k=3)] or \
            [Evidence("body", t, kind="term", label=secondary)
             for t in top_sentence_terms(model, p, secondary)]
        ev += [finding(f"the body alone reads {rest[second]:.2f}", label=secondary), *said]
    return spec, primary, (secondary, rest[second] if secondary else None), ev


# A leader of the whole product organization (a director, VP or chief product officer) whose
# title names no specialization reads every specialization in passing: a body score under this
# favors none, and the answer is core, the default of TAXONOMY rule 5.
LEADER_RUNGS = ("director", "vp", "cpo")
LEADER_MIN = 0.5
# A leader of the whole organization, not of one area: a title with nothing but rung and
# product words ("VP of Product", "Head of Product", "Director, Product Management"; not
# "Director of Product, Ads"), or without a title a body that says so.
_TITLE_FILLER = re.compile(
    r"\b(?:senior|sr|group|global|executive|chief|officer|head|director|vp|svp|evp|vice|"
    r"president|cpo|of|the|and|for|product|products|management|manager|leader|lead)\b|[^\w]+",
    re.IGNORECASE)
_WHOLE_ORG = re.compile(r"\b(?:entire|whole|all of|overall)\s+product\b|\bproduct\s+"
                        r"(?:organi[sz]ation|org|function|department|teams)\b", re.IGNORECASE)


def _over_the_whole_org(p: ProcessedPosting) -> bool:
    if p.title:
        return not _TITLE_FILLER.sub("", p.title)
    text = p.whole_text()
    return bool(_WHOLE_ORG.search(text)) or reports_to_top(text) is not None


def leader_default(model: PmModel, p: ProcessedPosting, spec: dict[str, float], primary: str,
                   rung: str) -> tuple[dict[str, float], list[Evidence]] | None:
    """``(scores, evidence)`` of rule 5's core for a leader role whose specialization rests on
    stray words (see :data:`LEADER_MIN`); None when it does not apply."""
    lex = model.lexicons
    if (rung not in LEADER_RUNGS or primary == "core" or spec[primary] >= LEADER_MIN
            or title_specialization(lex, p) is not None
            or title_area_specialization(lex, p) is not None or not _over_the_whole_org(p)):
        return None
    return _pull(spec, "core", NO_BODY_CORE), [finding(
        f"a {rung} role over the whole product organization, whose body favors no specialization "
        f"(its top, {primary}, reads {spec[primary]:.2f}): core, the default (TAXONOMY rule 5)",
        where="rule")]


def seniority_answer(model: PmModel, p: ProcessedPosting, sen_row: np.ndarray, has_body: bool,
                     spec: str) -> tuple[dict[str, float], str, list[Evidence]]:
    """Scores, rung and evidence of a PM posting's seniority (``spec``: its primary
    specialization)."""
    lex = model.lexicons
    # The title's rung when it names one (§3), else the body's scope pulled toward the rung
    # the text names its role at.
    sbody = {str(c): float(v) for c, v in zip(model.seniority.classes_, sen_row, strict=True)}
    sbody = {lbl: sbody.get(lbl, 0.0) for lbl in SENIORITIES}
    svote = title_seniority(lex, p)
    named = body_named_rungs(lex, p)
    if svote is not None:
        label = svote.label
        sev: list[Evidence] = [title_evidence(p, svote.evidence)]
        if label == "director" and "head" in svote.evidence:
            # §3: a head of product over the whole product function, reporting to the CEO,
            # is a VP. A head of product marketing or design runs part of it.
            top = reports_to_top(p.whole_text()) if has_body and spec != "pmm" else None
            if sbody["vp"] + sbody["cpo"] > 0.5 or top is not None:
                label = "vp"
            if top is not None:
                sev.append(Evidence("body", top, "a head of product over the whole function"))
        sen = _pull(sbody, label, TITLE_SHARE)
    else:
        named_rung = _clear_top(Counter(r for r, _ in named)) if has_body else None
        sen = temper(_pull(sbody, named_rung, NAMED_RUNG_SHARE), model.seniority_temperature)
        sev = []
    seniority = max(sen, key=lambda k: sen[k])
    says = [t for r, t in named if r == seniority]
    sev += [Evidence("body", t, kind="role") for t in says[:1]]
    sev += [Evidence("body", ph) for ph in phrases(model, "seniority", p, seniority, 3)]
    years = years_required(" ".join(s.text for s in p.role_sentences()))
    if years is not None:
        # The least the posting asks ("3-5 years" reads 3): "N+" would misquote "15 years".
        sev.append(finding(f"at least {years} years of experience asked"))
    if not sev:
        sev.append(finding("no cue (no rung in the title, role name, scope phrase or years "
                           "asked); the model's best guess"))
    return sen, seniority, sev


def phrases(model: PmModel, task: str, p: ProcessedPosting, label: str, k: int = 4) -> list[str]:
    """The lexicon phrases for ``label`` found in the body, firmest first (at most ``k``)."""
    # Keyed by the matched lemmas, shown as the lexicon writes the phrase ("a/b test").
    seen: dict[str, tuple[float, str]] = {}
    for phrase, e in model.lexicons.phrase_matches(task, p.body_lemmas()):
        if e.label == label and not e.negative:
            w, shown = seen.get(phrase, (0.0, e.text))
            seen[phrase] = (w + e.weight, shown)
    return [shown for _, shown in sorted(seen.values(), key=lambda v: -v[0])[:k]]


def top_sentence_terms(model: PmModel, p: ProcessedPosting, label: str) -> list[str]:
    """The words that weigh most for ``label`` in the body's sentence that reads most so."""
    sents = [s.lemmas for s in p.role_sentences()]
    if not sents or label not in model.sentence.classes_:
        return []
    col = list(model.sentence.classes_).index(label)
    probs = model.sentence.predict_proba(sents)[:, col]
    best = sents[int(np.argmax(probs))]
    return model.sentence.top_terms(label, best, min_coef=TELLING_COEF)
