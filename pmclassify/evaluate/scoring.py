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
from typing import Any

from pmclassify.cues.body import years_required, years_rung
from pmclassify.cues.title import title_role, title_seniority, title_specialization
from pmclassify.evaluate.gold import gold_postings, read_gold
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


def _prf(y: list[str], p: list[str], labels: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    pr, rc, f1, sup = precision_recall_fscore_support(y, p, labels=list(labels), zero_division=0)
    per = {lbl: {"precision": round(float(a), 3), "recall": round(float(b), 3),
                 "f1": round(float(c), 3), "support": int(d)}
           for lbl, a, b, c, d in zip(labels, pr, rc, f1, sup, strict=True)}
    present = [lbl for lbl in labels if per[lbl]["support"] > 0]
    macro = sum(per[lbl]["f1"] for lbl in present) / max(len(present), 1)
    cm = confusion_matrix(y, p, labels=list(labels)).tolist()
    return {"per_class": per, "macro_f1": round(macro, 3), "confusion": cm,
            "accuracy": round(sum(a == b for a, b in zip(y, p, strict=True)) / max(len(y), 1), 3)}


def _calibration(conf: list[float], correct: list[bool]) -> list[dict[str, Any]]:
    rows = []
    for lo, hi in zip(BUCKETS, BUCKETS[1:], strict=False):
        idx = [i for i, c in enumerate(conf) if lo <= c < hi]
        if idx:
            rows.append({"bucket": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": len(idx),
                         "accuracy": round(sum(correct[i] for i in idx) / len(idx), 3),
                         "mean_confidence": round(sum(conf[i] for i in idx) / len(idx), 3)})
    return rows


def score(gold: list[dict[str, str]], answers: list[Answer],
           title_named: list[bool] | None = None) -> dict[str, Any]:
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
    return {
        "n": len(pm),
        # The model gives a posting it answers not PM no specialization or rung, so a gold PM
        # one among them is wrong in both (the keyword baseline answers them regardless).
        "pm_answered_not_pm": sum(not a.is_pm for _, a in pm),
        "specialization": {**_prf(ys, ps, SPECIALIZATIONS), "two_answers": _two_answers(pm),
                           "by_confidence": _by_confidence(pm),
                           **({"by_title": _by_title(pm, named)} if named is not None else {})},
        "seniority": {**_prf(yn, pn, SENIORITIES),
                      "within_one_rung": round(within / max(len(pm), 1), 3)},
        "calibration": _calibration([a.spec_conf for _, a in pm],
                                    [a == b for a, b in zip(ys, ps, strict=True)]),
        "seniority_calibration": _calibration([a.sen_conf for _, a in pm],
                                              [a == b for a, b in zip(yn, pn, strict=True)]),
    }


def _by_confidence(pm: list[tuple[dict[str, str], Answer]]) -> dict[str, dict[str, Any]]:
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


def _part_figures(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Specialization figures of a part of the gold postings, from ``(gold, answer)`` pairs."""
    y, p = zip(*pairs, strict=True)
    scored = _prf(list(y), list(p), SPECIALIZATIONS)
    return {"n": len(y), "accuracy": scored["accuracy"], "macro_f1": scored["macro_f1"]}


def _by_title(pm: list[tuple[dict[str, str], Answer]],
              named: list[bool]) -> dict[str, dict[str, Any]]:
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


def _two_answers(pm: list[tuple[dict[str, str], Answer]]) -> dict[str, Any]:
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
    return [Answer(p.is_pm, p.specialization, p.seniority, p.specialization_score or 0.0,
                   p.secondary_specialization, p.seniority_score or 0.0)
            for p in clf.predict_many(texts, titles)]


def modes(rows: list[dict[str, str]], title_column: str,
           ) -> tuple[tuple[str, list[str | None]], ...]:
    """Each way of scoring: with the titles (when there is a title column) and without."""
    withheld: tuple[str, list[str | None]] = ("titles_withheld", [None] * len(rows))
    if not title_column:
        return (withheld,)
    return (("with_titles", [r[title_column] for r in rows]), withheld)


def evaluate(clf: Classifier, gold_csv: str | Path, postings_csv: str | Path | None = None,
             text_column: str = "description", title_column: str = "title") -> dict[str, Any]:
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
    report: dict[str, Any] = {"gold": str(gold_csv), "n_gold": len(gold)}
    named = title_named(clf, [r[title_column] for r in rows]) if title_column else None
    for mode, titles in modes(rows, title_column):
        report[mode] = {"model": score(gold, answers_of(clf, texts, titles), named),
                        "keyword_baseline": score(gold, keyword_baseline(clf, texts, titles),
                                                   named)}
    if postings and "is_pm_title" in postings[0]:
        from sklearn.metrics import f1_score

        ref = [r["is_pm_title"] == "True" for r in postings]
        all_texts = [r[text_column] for r in postings]
        report["is_pm_f1"] = {
            "reference": "is_pm_title", "n": len(postings),
            "titles_withheld": round(float(f1_score(
                ref, [p.is_pm for p in clf.predict_many(all_texts)])), 3),
        }
        if title_column:
            report["is_pm_f1"]["with_titles"] = round(float(f1_score(ref, [
                p.is_pm for p in clf.predict_many(all_texts, [r[title_column] for r in postings])
            ])), 3)
    return report


def format_report(report: dict[str, Any]) -> str:
    """A readable text rendering of :func:`evaluate`'s or :func:`crossfit`'s report."""
    lines = [f"gold: {report['gold']} ({report['n_gold']} postings)"]
    if "crossfit" in report:
        c = report["crossfit"]
        dealt = f", dealt with seed {c['seed']}" if c.get("seed") is not None else ""
        lines.append(f"cross-fitted: {c['folds']} folds of whole employers ({c['employers']} by "
                     f"{c['group_column']!r}{dealt}); each scored by a model that never read them")
    for mode in ("with_titles", "titles_withheld"):
        if mode not in report:  # scored without a title column
            continue
        lines.append(f"\n=== {mode.replace('_', ' ')} ===")
        m, b = report[mode]["model"], report[mode]["keyword_baseline"]
        lines.append(f"{'':24}{'model':>10}{'keywords':>10}")
        lines.append(f"{'specialization macro-F1':24}{m['specialization']['macro_f1']:>10.3f}"
                     f"{b['specialization']['macro_f1']:>10.3f}")
        t, kt = m["specialization"]["two_answers"], b["specialization"]["two_answers"]
        lines.append(f"{'  primary is a gold label':24}{t['primary_is_a_gold_label']:>10.3f}"
                     f"{kt['primary_is_a_gold_label']:>10.3f}")
        lines.append(f"{'  gold primary in ours':24}{t['gold_primary_among_ours']:>10.3f}"
                     f"{kt['gold_primary_among_ours']:>10.3f}")
        if t["secondary_precision"] is not None:
            lines.append(f"  secondaries given: {t['secondaries_given']}, "
                         f"{t['secondary_precision']:.3f} of them a gold label")
        elif t["secondaries_given"]:
            lines.append(f"  secondaries given: {t['secondaries_given']} (no gold secondary "
                         "column to judge them by)")
        parts = [(f"gold {level}", "by_confidence", level)
                 for level in m["specialization"]["by_confidence"]]
        parts += [(what, "by_title", key) for key, what in (("title_names_it", "title names it"),
                                                            ("generic_title", "generic title"))
                  if key in m["specialization"].get("by_title", {})]
        for what, split, key in parts:
            v, k = m["specialization"][split][key], b["specialization"][split][key]
            name = f"  {what} (n={v['n']})"
            lines.append(f"{name:24}{v['macro_f1']:>10.3f}{k['macro_f1']:>10.3f}"
                         f"   accuracy {v['accuracy']:.3f} / {k['accuracy']:.3f}")
        lines.append(f"{'seniority accuracy':24}{m['seniority']['accuracy']:>10.3f}"
                     f"{b['seniority']['accuracy']:>10.3f}")
        lines.append(f"{'seniority within 1 rung':24}{m['seniority']['within_one_rung']:>10.3f}"
                     f"{b['seniority']['within_one_rung']:>10.3f}")
        lines.append(f"{'gold PM answered not PM':24}{m['pm_answered_not_pm']:>10}"
                     f"{b['pm_answered_not_pm']:>10}   (the model: no specialization or rung)")
        for task, labels in (("specialization", SPECIALIZATIONS), ("seniority", SENIORITIES)):
            lines.append(f"\n{task} (model | keywords): precision recall F1 support")
            for lbl in labels:
                a, k = m[task]["per_class"][lbl], b[task]["per_class"][lbl]
                if a["support"] or a["precision"]:
                    lines.append(f"  {lbl:11}{a['precision']:6.2f}{a['recall']:6.2f}{a['f1']:6.2f}"
                                 f"{a['support']:5} | {k['precision']:5.2f}{k['recall']:6.2f}"
                                 f"{k['f1']:6.2f}")
            lines.append(f"  confusion (rows gold, cols predicted: {' '.join(labels)})")
            lines += [f"  {lbl:11}" + " ".join(f"{v:4}" for v in row)
                      for lbl, row in zip(labels, m[task]["confusion"], strict=True)]
        for task, key in (("specialization", "calibration"),
                          ("seniority", "seniority_calibration")):
            lines.append(f"\ncalibration of the {task} score (bucket: n, accuracy, mean conf)")
            lines += [f"  {c['bucket']}: {c['n']:4} {c['accuracy']:6.3f} "
                      f"{c['mean_confidence']:6.3f}" for c in m[key]]
    if "is_pm_f1" in report:
        r = report["is_pm_f1"]
        with_titles = f"{r['with_titles']:.3f} with titles, " if "with_titles" in r else ""
        lines.append(f"\nPM-or-not F1 over {r['n']} postings vs {r['reference']}: "
                     f"{with_titles}{r['titles_withheld']:.3f} without")
    return "\n".join(lines)
