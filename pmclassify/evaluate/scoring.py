"""Stage 7: measure a model against a gold file, beside the keyword-only baseline.

The gold file has ``is_pm, specialization, seniority`` (``secondary`` and ``confidence`` if
known) and is joined on ``id`` to a postings CSV, or carries the text itself
(:mod:`pmclassify.evaluate.gold`). Everything is measured twice: with titles, and with titles
withheld.
:func:`~pmclassify.evaluate.crossfit.crossfit` measures the training recipe instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pmclassify.cues.body import years_required, years_rung
from pmclassify.cues.title import title_role, title_seniority, title_specialization
from pmclassify.evaluate.gold import gold_postings, read_gold
from pmclassify.evaluate.review import FACTS_ONLY, figures, flagged
from pmclassify.evaluate.types import (
    CalibrationRow,
    ClassFigures,
    Mode,
    PartFigures,
    PmF1,
    Report,
    Scores,
    SpecializationFigures,
    TaskFigures,
    TwoAnswers,
)
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS, rung
from pmclassify.predict.classifier import Classifier
from pmclassify.weak.functions import posting_specialization_label

BUCKETS = (0.0, 0.5, 0.7, 0.85, 0.95, 1.0001)


@dataclass(frozen=True)
class Answer:
    is_pm: bool
    specialization: str | None
    seniority: str | None
    spec_conf: float = 1.0
    secondary: str | None = None
    sen_conf: float = 1.0
    pm_score: float = 1.0
    # Flagged for review on facts alone (body unread, title overruled), whatever the scores.
    fact_flag: bool = False
    titled: bool = True


def keyword_baseline(clf: Classifier, texts: Sequence[str],
                     titles: Sequence[str | None]) -> list[Answer]:
    """The labeling functions alone: title rules, then body keyword votes (no learning)."""
    lex = clf.model.lexicons
    out = []
    for p in clf.model.preprocessor.pipe(zip(texts, titles, strict=True)):
        role = title_role(lex, p.title) if p.title else None
        is_pm = role.label == "pm" if role is not None else \
            bool(lex.phrase_scores("role", p.body_lemmas()).get("pm", 0) >= 3)
        spec = posting_specialization_label(lex, p)[0] or "core"
        sv = title_seniority(lex, p)
        years = years_required(" ".join(s.text for s in p.role_sentences()))
        sen = sv.label if sv else (years_rung(years) if years is not None else "pm")
        out.append(Answer(is_pm, spec, sen))
    return out


def _prf(y: list[str], p: list[str], labels: Sequence[str]) -> TaskFigures:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    pr, rc, f1, sup = precision_recall_fscore_support(y, p, labels=list(labels), zero_division=0)
    per = {lbl: ClassFigures(precision=round(float(a), 3), recall=round(float(b), 3),
                             f1=round(float(c), 3), support=int(d))
           for lbl, a, b, c, d in zip(labels, pr, rc, f1, sup, strict=True)}
    present = [lbl for lbl in labels if per[lbl]["support"] > 0]
    macro = sum(per[lbl]["f1"] for lbl in present) / max(len(present), 1)
    cm = confusion_matrix(y, p, labels=list(labels)).tolist()
    return {"per_class": per, "macro_f1": round(macro, 3), "confusion": cm,
            "accuracy": round(sum(a == b for a, b in zip(y, p, strict=True)) / max(len(y), 1), 3)}


def _calibration(conf: list[float], correct: list[bool]) -> list[CalibrationRow]:
    rows: list[CalibrationRow] = []
    for lo, hi in zip(BUCKETS, BUCKETS[1:], strict=False):
        idx = [i for i, c in enumerate(conf) if lo <= c < hi]
        if idx:
            rows.append({"bucket": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": len(idx),
                         "accuracy": round(sum(correct[i] for i in idx) / len(idx), 3),
                         "mean_confidence": round(sum(conf[i] for i in idx) / len(idx), 3)})
    return rows


def score(gold: list[dict[str, str]], answers: list[Answer],
           title_named: list[bool] | None = None) -> Scores:
    """Every figure of one way of scoring; ``title_named`` (one per gold row, when the rows
    have titles) splits the specialization figures by whether the title names it."""
    pm = [(g, a) for g, a in zip(gold, answers, strict=True) if g["is_pm"] == "True"]
    named = [n for g, n in zip(gold, title_named, strict=True) if g["is_pm"] == "True"] \
        if title_named is not None else None
    ys = [g["specialization"] for g, _ in pm]
    ps = [a.specialization or "none" for _, a in pm]
    yn = [g["seniority"] for g, _ in pm]
    pn = [a.seniority or "none" for _, a in pm]
    within = sum(b != "none" and abs(rung(a) - rung(b)) <= 1 for a, b in zip(yn, pn, strict=True))
    spec: SpecializationFigures = {**_prf(ys, ps, SPECIALIZATIONS), "two_answers": _two_answers(pm),
                                   "by_confidence": _by_confidence(pm)}
    if named is not None:
        spec["by_title"] = _by_title(pm, named)
    return {
        "n": len(pm),
        # The model gives a posting it answers not PM no specialization or rung, so a gold PM
        # one among them is wrong in both (the keyword baseline answers them regardless).
        "pm_answered_not_pm": sum(not a.is_pm for _, a in pm),
        "specialization": spec,
        "seniority": {**_prf(yn, pn, SENIORITIES),
                      "within_one_rung": round(within / max(len(pm), 1), 3)},
        "calibration": _calibration([a.spec_conf for _, a in pm],
                                    [a == b for a, b in zip(ys, ps, strict=True)]),
        "seniority_calibration": _calibration([a.sen_conf for _, a in pm],
                                              [a == b for a, b in zip(yn, pn, strict=True)]),
    }


def _by_confidence(pm: list[tuple[dict[str, str], Answer]]) -> dict[str, PartFigures]:
    """Specialization figures per level of the gold file's ``confidence`` column (the
    annotators' own certainty), when it has one: separates the model's misses from postings
    whose label the annotators themselves found hard to call."""
    levels: dict[str, list[tuple[str, str]]] = {}
    for g, a in pm:
        if g.get("confidence"):
            levels.setdefault(g["confidence"], []).append(
                (g["specialization"], a.specialization or "none"))
    rank = {"high": 0, "medium": 1, "low": 2}
    return {level: _part_figures(levels[level])
            for level in sorted(levels, key=lambda lv: (rank.get(lv, 3), lv))}


def _part_figures(pairs: list[tuple[str, str]]) -> PartFigures:
    """Specialization figures of a part of the gold postings, from ``(gold, answer)`` pairs."""
    y, p = zip(*pairs, strict=True)
    scored = _prf(list(y), list(p), SPECIALIZATIONS)
    return {"n": len(y), "accuracy": scored["accuracy"], "macro_f1": scored["macro_f1"]}


def _by_title(pm: list[tuple[dict[str, str], Answer]],
              named: list[bool]) -> dict[str, PartFigures]:
    """Specialization figures for the postings whose title names the specialization (TAXONOMY
    rule 1 decides those) and for those with a generic title ("Senior Product Manager"), where
    the body must carry the answer."""
    out = {}
    for key, want in (("title_names_it", True), ("generic_title", False)):
        part = [(g["specialization"], a.specialization or "none")
                for (g, a), n in zip(pm, named, strict=True) if n is want]
        if part:
            out[key] = _part_figures(part)
    return out


def title_named(clf: Classifier, titles: Sequence[str]) -> list[bool]:
    """Whether each title names a specialization (rule 1)."""
    pre, lex = clf.model.preprocessor, clf.model.lexicons
    return [title_specialization(lex, p) is not None for p in pre.pipe(("", t) for t in titles)]


def _two_answers(pm: list[tuple[dict[str, str], Answer]]) -> TwoAnswers:
    """How the primary and secondary answers meet the gold pair: most misses of a posting with
    two focuses are the two swapped, which macro-F1 over primaries alone does not show."""
    n = max(len(pm), 1)
    # A gold file without a secondary column, or an empty cell, names one label only.
    labels = [{g["specialization"], g.get("secondary") or g["specialization"]} for g, _ in pm]
    ours_in_gold = sum(a.specialization in gold for gold, (_, a) in zip(labels, pm, strict=True))
    gold_in_ours = sum(g["specialization"] in (a.specialization, a.secondary) for g, a in pm)
    given = [(gold, a) for gold, (_, a) in zip(labels, pm, strict=True) if a.secondary]
    right = sum(a.secondary in gold for gold, a in given)
    # Without a secondary column no secondary can be right: there is nothing to measure.
    judged = bool(given) and any("secondary" in g for g, _ in pm)
    return {"primary_is_a_gold_label": round(ours_in_gold / n, 3),
            "gold_primary_among_ours": round(gold_in_ours / n, 3),
            "secondaries_given": len(given),
            "secondary_precision": round(right / len(given), 3) if judged else None}


def answers_of(clf: Classifier, texts: list[str], titles: Sequence[str | None]) -> list[Answer]:
    # Flagged on facts only, so that any thresholds can be applied afterwards.
    facts = Classifier(clf.model, {**clf.metadata, "review": FACTS_ONLY})
    return [Answer(p.is_pm, p.specialization, p.seniority, p.specialization_score or 0.0,
                   p.secondary_specialization, p.seniority_score or 0.0, p.pm_score,
                   p.needs_review, bool(t))
            for p, t in zip(facts.predict_many(texts, titles), titles, strict=True)]


def modes(rows: list[dict[str, str]], title_column: str,
           ) -> tuple[tuple[Mode, list[str | None]], ...]:
    """Each way of scoring: with the titles (when there is a title column) and without."""
    withheld: tuple[Mode, list[str | None]] = ("titles_withheld", [None] * len(rows))
    if not title_column:
        return (withheld,)
    return (("with_titles", [r[title_column] for r in rows]), withheld)


def evaluate(clf: Classifier, gold_csv: str | Path, postings_csv: str | Path | None = None,
             text_column: str = "description", title_column: str = "title") -> Report:
    """Score ``clf`` and the keyword baseline on a gold file, with and without titles; and the
    PM-or-not F1 over every posting against its ``is_pm_title`` column when there is one.

    The text of the gold postings comes from ``postings_csv`` (joined on ``id``) or, without
    it, from the gold file's own ``text_column`` and ``title_column`` (see
    :mod:`pmclassify.evaluate.gold`). With ``title_column=""`` only the titles-withheld scores
    are made.
    """
    gold = read_gold(gold_csv)
    postings, rows = gold_postings(gold, gold_csv, postings_csv, text_column, title_column)
    texts = [r[text_column] for r in rows]
    report: Report = {"gold": str(gold_csv), "n_gold": len(gold)}
    named = title_named(clf, [r[title_column] for r in rows]) if title_column else None
    for mode, titles in modes(rows, title_column):
        answers = answers_of(clf, texts, titles)
        report[mode] = {"model": score(gold, answers, named),
                        "keyword_baseline": score(gold, keyword_baseline(clf, texts, titles),
                                                   named),
                        "review": figures(list(zip(gold, answers, strict=True)),
                                          [flagged(a, clf.review_policy) for a in answers])}
    report["review_policy"] = clf.review_policy.to_dict()
    if postings and "is_pm_title" in postings[0]:
        from sklearn.metrics import f1_score

        ref = [r["is_pm_title"] == "True" for r in postings]
        all_texts = [r[text_column] for r in postings]
        pm_f1: PmF1 = {
            "reference": "is_pm_title", "n": len(postings),
            "titles_withheld": round(float(f1_score(
                ref, [p.is_pm for p in clf.predict_many(all_texts)])), 3),
        }
        if title_column:
            pm_f1["with_titles"] = round(float(f1_score(ref, [
                p.is_pm for p in clf.predict_many(all_texts, [r[title_column] for r in postings])
            ])), 3)
        report["is_pm_f1"] = pm_f1
    return report
