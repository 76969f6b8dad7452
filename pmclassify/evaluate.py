"""Stage 7: measure a model against a gold file, beside the keyword-only baseline.

The gold file has ``id, is_pm, specialization, secondary, seniority`` and is joined on ``id`` to
a postings CSV. Everything is measured twice: with titles, and with titles withheld.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmclassify.errors import InputError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS, rung
from pmclassify.predictor import Classifier
from pmclassify.weak_labels import (
    posting_specialization_label,
    title_role,
    title_seniority,
    years_required,
    years_rung,
)

BUCKETS = (0.0, 0.5, 0.7, 0.85, 0.95, 1.0001)


@dataclass(frozen=True)
class Answer:
    is_pm: bool
    specialization: str | None
    seniority: str | None
    spec_conf: float = 1.0


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


def _score(gold: list[dict[str, str]], answers: list[Answer]) -> dict[str, Any]:
    pm = [(g, a) for g, a in zip(gold, answers, strict=True) if g["is_pm"] == "True"]
    ys = [g["specialization"] for g, _ in pm]
    ps = [a.specialization or "none" for _, a in pm]
    yn = [g["seniority"] for g, _ in pm]
    pn = [a.seniority or "none" for _, a in pm]
    within = sum(b != "none" and abs(rung(a) - rung(b)) <= 1 for a, b in zip(yn, pn, strict=True))
    return {
        "n": len(pm),
        "specialization": _prf(ys, ps, SPECIALIZATIONS),
        "seniority": {**_prf(yn, pn, SENIORITIES),
                      "within_one_rung": round(within / max(len(pm), 1), 3)},
        "calibration": _calibration([a.spec_conf for _, a in pm],
                                    [a == b for a, b in zip(ys, ps, strict=True)]),
    }


def _read_csv(path: str | Path) -> list[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}; check the path") from exc


def evaluate(clf: Classifier, gold_csv: str | Path, postings_csv: str | Path,
             text_column: str = "description", title_column: str = "title") -> dict[str, Any]:
    """Score ``clf`` and the keyword baseline on a gold file, with and without titles; and the
    PM-or-not F1 over every posting against its ``is_pm_title`` column when there is one."""
    gold = _read_csv(gold_csv)
    postings = _read_csv(postings_csv)
    if gold and "id" not in gold[0]:
        raise InputError(f"{gold_csv} has no 'id' column to join on")
    by_id = {r["id"]: r for r in postings}
    missing = [g["id"] for g in gold if g["id"] not in by_id]
    if missing:
        raise InputError(f"{len(missing)} gold ids are not in {postings_csv} (e.g. {missing[0]}); "
                         "pass the postings file the gold set was drawn from")
    rows = [by_id[g["id"]] for g in gold]
    texts = [r[text_column] for r in rows]
    report: dict[str, Any] = {"gold": str(gold_csv), "n_gold": len(gold)}
    for mode, titles in (("with_titles", [r.get(title_column, "") for r in rows]),
                         ("titles_withheld", [None] * len(rows))):
        preds = list(clf.predict_many(texts, titles))
        model = [Answer(p.is_pm, p.specialization, p.seniority, p.specialization_score or 0.0)
                 for p in preds]
        report[mode] = {"model": _score(gold, model),
                        "keyword_baseline": _score(gold, keyword_baseline(clf, texts, titles))}
    if postings and "is_pm_title" in postings[0]:
        from sklearn.metrics import f1_score

        ref = [r["is_pm_title"] == "True" for r in postings]
        all_texts = [r[text_column] for r in postings]
        report["is_pm_f1"] = {
            "reference": "is_pm_title", "n": len(postings),
            "with_titles": round(float(f1_score(ref, [p.is_pm for p in clf.predict_many(
                all_texts, [r.get(title_column, "") for r in postings])])), 3),
            "titles_withheld": round(float(f1_score(
                ref, [p.is_pm for p in clf.predict_many(all_texts)])), 3),
        }
    return report


def format_report(report: dict[str, Any]) -> str:
    """A readable text rendering of :func:`evaluate`'s report."""
    lines = [f"gold: {report['gold']} ({report['n_gold']} postings)"]
    for mode in ("with_titles", "titles_withheld"):
        lines.append(f"\n=== {mode.replace('_', ' ')} ===")
        m, b = report[mode]["model"], report[mode]["keyword_baseline"]
        lines.append(f"{'':24}{'model':>10}{'keywords':>10}")
        lines.append(f"{'specialization macro-F1':24}{m['specialization']['macro_f1']:>10.3f}"
                     f"{b['specialization']['macro_f1']:>10.3f}")
        lines.append(f"{'seniority accuracy':24}{m['seniority']['accuracy']:>10.3f}"
                     f"{b['seniority']['accuracy']:>10.3f}")
        lines.append(f"{'seniority within 1 rung':24}{m['seniority']['within_one_rung']:>10.3f}"
                     f"{b['seniority']['within_one_rung']:>10.3f}")
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
        lines.append("\ncalibration of the specialization score (bucket: n, accuracy, mean conf)")
        lines += [f"  {c['bucket']}: {c['n']:4} {c['accuracy']:6.3f} {c['mean_confidence']:6.3f}"
                  for c in m["calibration"]]
    if "is_pm_f1" in report:
        r = report["is_pm_f1"]
        lines.append(f"\nPM-or-not F1 over {r['n']} postings vs {r['reference']}: "
                     f"{r['with_titles']:.3f} with titles, {r['titles_withheld']:.3f} without")
    return "\n".join(lines)
