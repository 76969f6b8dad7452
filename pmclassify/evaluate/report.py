"""Stage 7e: the readable text of an evaluation report
(:func:`~pmclassify.evaluate.scoring.evaluate` or :func:`~pmclassify.evaluate.crossfit.crossfit`).
"""

from __future__ import annotations

from pmclassify.evaluate.types import MODES, Report, ReviewFigures, TaskFigures
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS


def _review_line(r: ReviewFigures, nested: bool) -> str:
    how = " (each fold's thresholds chosen on the other folds)" if nested else ""
    return (f"\nneeds_review{how}: {r['unflagged_share']:.3f} of {r['n']} gold PM postings "
            f"unflagged, right {r['unflagged_specialization_accuracy']} (specialization) and "
            f"{r['unflagged_seniority_accuracy']} (rung); the flagged ones right "
            f"{r['flagged_specialization_accuracy']} and {r['flagged_seniority_accuracy']}")


def format_report(report: Report) -> str:
    """A readable text rendering of :func:`evaluate`'s or :func:`crossfit`'s report."""
    lines = [f"gold: {report['gold']} ({report['n_gold']} postings)"]
    if "crossfit" in report:
        c = report["crossfit"]
        dealt = f", dealt with seed {c['seed']}" if c.get("seed") is not None else ""
        lines.append(f"cross-fitted: {c['folds']} folds of whole employers ({c['employers']} by "
                     f"{c['group_column']!r}{dealt}); each scored by a model that never read them")
    for mode in MODES:
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
        ms, bs = m["specialization"], b["specialization"]
        parts = [(f"gold {level}", v, bs["by_confidence"][level])
                 for level, v in ms["by_confidence"].items()]
        parts += [(what, ms["by_title"][key], bs["by_title"][key])
                  for key, what in (("title_names_it", "title names it"),
                                    ("generic_title", "generic title"))
                  if key in ms.get("by_title", {})]
        for what, v, k in parts:
            name = f"  {what} (n={v['n']})"
            lines.append(f"{name:24}{v['macro_f1']:>10.3f}{k['macro_f1']:>10.3f}"
                         f"   accuracy {v['accuracy']:.3f} / {k['accuracy']:.3f}")
        lines.append(f"{'seniority accuracy':24}{m['seniority']['accuracy']:>10.3f}"
                     f"{b['seniority']['accuracy']:>10.3f}")
        lines.append(f"{'seniority within 1 rung':24}{m['seniority']['within_one_rung']:>10.3f}"
                     f"{b['seniority']['within_one_rung']:>10.3f}")
        lines.append(f"{'gold PM answered not PM':24}{m['pm_answered_not_pm']:>10}"
                     f"{b['pm_answered_not_pm']:>10}   (the model: no specialization or rung)")
        tasks: tuple[tuple[str, tuple[str, ...], TaskFigures, TaskFigures], ...] = (
            ("specialization", SPECIALIZATIONS, ms, bs),
            ("seniority", SENIORITIES, m["seniority"], b["seniority"]))
        for task, labels, mt, bt in tasks:
            lines.append(f"\n{task} (model | keywords): precision recall F1 support")
            for lbl in labels:
                f, kf = mt["per_class"][lbl], bt["per_class"][lbl]
                if f["support"] or f["precision"]:
                    lines.append(f"  {lbl:11}{f['precision']:6.2f}{f['recall']:6.2f}{f['f1']:6.2f}"
                                 f"{f['support']:5} | {kf['precision']:5.2f}{kf['recall']:6.2f}"
                                 f"{kf['f1']:6.2f}")
            lines.append(f"  confusion (rows gold, cols predicted: {' '.join(labels)})")
            lines += [f"  {lbl:11}" + " ".join(f"{v:4}" for v in row)
                      for lbl, row in zip(labels, mt["confusion"], strict=True)]
        for task, rows in (("specialization", m["calibration"]),
                           ("seniority", m["seniority_calibration"])):
            lines.append(f"\ncalibration of the {task} score (bucket: n, accuracy, mean conf)")
            lines += [f"  {c['bucket']}: {c['n']:4} {c['accuracy']:6.3f} "
                      f"{c['mean_confidence']:6.3f}" for c in rows]
        if "review" in report[mode]:
            lines.append(_review_line(report[mode]["review"], "crossfit" in report))
    if "review_policy" in report:
        p = report["review_policy"]
        chosen = "chosen on the cross-fitted answers" if "crossfit" in report else "the model's"
        lines.append(f"\nreview thresholds ({chosen}): specialization {p['specialization_min']} "
                     f"with a title, {p['specialization_min_untitled']} without; seniority "
                     f"{p['seniority_min']} / {p['seniority_min_untitled']}; PM score between "
                     f"{p['pm_low']} and {p['pm_high']}")
    if "is_pm_f1" in report:
        r = report["is_pm_f1"]
        with_titles = f"{r['with_titles']:.3f} with titles, " if "with_titles" in r else ""
        lines.append(f"\nPM-or-not F1 over {r['n']} postings vs {r['reference']}: "
                     f"{with_titles}{r['titles_withheld']:.3f} without")
    return "\n".join(lines)
