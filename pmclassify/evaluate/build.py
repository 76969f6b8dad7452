"""Stage 7c: the recipe of a shipped model — train it, measure it on a gold file (and cross-fit
the recipe over employers), and write it with its figures in its metadata.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pmclassify.evaluate.crossfit import crossfit
from pmclassify.evaluate.scoring import evaluate
from pmclassify.evaluate.types import Report
from pmclassify.model.artifacts import save_model, sha256_of
from pmclassify.predict.classifier import Classifier
from pmclassify.predict.settings import prediction_settings
from pmclassify.train.fit import train_model


def build_and_save(postings_csv: str | Path, output: str | Path, *,
                   text_column: str = "description", title_column: str | None = "title",
                   lexicon_dir: str | Path | None = None, writeups_dir: str | Path | None = None,
                   gold: str | Path | None = None, crossfit_folds: int = 0,
                   labeled: str | Path | None = None) -> dict[str, Any]:
    """Train, optionally measure on a gold file (and, with ``crossfit_folds``, cross-fit the
    recipe over employers: :func:`~pmclassify.evaluate.crossfit`), and write the model with its
    metadata."""
    model, report = train_model(postings_csv, text_column=text_column, title_column=title_column,
                                lexicon_dir=lexicon_dir, writeups_dir=writeups_dir,
                                labeled=labeled)
    extra: dict[str, Any] = {
        "training_data": {
            "postings": {"file": Path(postings_csv).name, "sha256": sha256_of(Path(postings_csv)),
                         "rows": report.postings},
            "writeups": {"count": report.writeups},
            **({"labeled": {"file": Path(labeled).name, "sha256": sha256_of(Path(labeled))}}
               if labeled else {}),
        },
        "calibration": {"seniority_temperature": round(model.seniority_temperature, 4)},
        "settings": prediction_settings(),
        "weak_labels": {"sentences": report.sentences_labeled,
                        "posting_specialization": report.posting_specialization,
                        "posting_seniority": report.posting_seniority, "role": report.role},
    }
    if gold is not None:
        r = evaluate(Classifier(model), gold, postings_csv, text_column, title_column or "title")
        extra["metrics"] = {"gold": {"file": Path(gold).name, "sha256": sha256_of(Path(gold))},
                            **_headline(r), "is_pm_f1": r.get("is_pm_f1")}
        if crossfit_folds:
            cf = crossfit(gold, postings_csv, folds=crossfit_folds, text_column=text_column,
                          title_column=title_column or "title", lexicon_dir=lexicon_dir,
                          writeups_dir=writeups_dir, labeled=labeled)
            extra["metrics"]["crossfit"] = {**cf["crossfit"], **_headline(cf)}
            extra.update(review_metadata(cf))
    return save_model(model, output, extra)


def review_metadata(cf: Report) -> dict[str, Any]:
    """The review thresholds a cross-fit chose, and what they buy (each fold flagged by
    thresholds chosen on the others), as a model's metadata records them."""
    return {"review": cf["review_policy"],
            "review_figures": {mode: {k: v for k, v in cf[mode]["review"].items()
                                      if k != "thresholds_per_fold"}
                               for mode in ("with_titles", "titles_withheld") if mode in cf}}


def _headline(r: Report) -> dict[str, Any]:
    return {mode: {"specialization_macro_f1": r[mode]["model"]["specialization"]["macro_f1"],
                   "specialization_primary_is_a_gold_label":
                       r[mode]["model"]["specialization"]["two_answers"]["primary_is_a_gold_label"],
                   "specialization_macro_f1_by_gold_confidence": {
                       level: v["macro_f1"] for level, v in
                       r[mode]["model"]["specialization"]["by_confidence"].items()},
                   "seniority_accuracy": r[mode]["model"]["seniority"]["accuracy"],
                   "seniority_within_one_rung": r[mode]["model"]["seniority"]["within_one_rung"],
                   "keyword_baseline_specialization_macro_f1":
                       r[mode]["keyword_baseline"]["specialization"]["macro_f1"]}
            for mode in ("with_titles", "titles_withheld")}
