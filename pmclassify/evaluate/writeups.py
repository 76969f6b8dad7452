"""Stage 7f: labeled write-ups measured honestly. A write-up (a job-family page, a career-ladder
level) is scored by a model trained on the postings and on the labeled write-ups of the other
organizations only, never its own: folds of whole organizations, as postings are cross-fitted
by employer."""

from __future__ import annotations

import random
from pathlib import Path

from pmclassify.cues.lexicons import load_lexicons
from pmclassify.errors import InputError
from pmclassify.evaluate.gold import read_gold
from pmclassify.evaluate.scoring import Answer, answers_of, score
from pmclassify.evaluate.types import Mode, Report
from pmclassify.predict.classifier import Classifier
from pmclassify.text.posting import Preprocessor
from pmclassify.train.fit import (
    employer_key,
    fit_model,
    load_writeups,
    read_labeled,
    read_postings_csv,
)


def crossfit_writeups(labeled_csv: str | Path, postings_csv: str | Path, *, folds: int = 5,
                      group_column: str = "company", seed: int = 0,
                      text_column: str = "description", title_column: str = "title",
                      ) -> Report:
    """The figures of :func:`~pmclassify.evaluate.scoring.score` for each labeled write-up,
    with and without its title, from models that never read its organization's write-ups
    (organizations dealt to ``folds`` in a ``seed``-shuffled order)."""
    gold = read_gold(labeled_csv)
    examples = read_labeled(labeled_csv, text_column, title_column)
    if group_column not in gold[0]:
        raise InputError(f"{labeled_csv} has no column {group_column!r} to group organizations")
    orgs = sorted({g[group_column] for g in gold})
    if len(orgs) < folds:
        raise InputError(f"{labeled_csv} has {len(orgs)} organizations; lower the folds")
    random.Random(seed).shuffle(orgs)
    fold_of = {o: i % folds for i, o in enumerate(orgs)}
    pre = Preprocessor()
    lex = load_lexicons(pre=pre)
    rows = list(read_postings_csv(postings_csv))
    postings = list(pre.pipe((r["text"], r["title"]) for r in rows))
    groups = [employer_key(r["group"], str(i)) for i, r in enumerate(rows)]
    own = load_writeups()
    own_docs = list(pre.pipe((w.text, w.title) for w in own))
    docs = list(pre.pipe((w.text, w.title) for w in examples))
    answers: dict[Mode, list[Answer | None]] = {"with_titles": [None] * len(gold),
                                                "titles_withheld": [None] * len(gold)}
    for f in range(folds):
        test = [i for i, g in enumerate(gold) if fold_of[g[group_column]] == f]
        train = [i for i, g in enumerate(gold) if fold_of[g[group_column]] != f]
        model, _ = fit_model(lex, postings, own + [examples[i] for i in train],
                             own_docs + [docs[i] for i in train], pre=pre, groups=groups)
        clf = Classifier(model)
        texts = [examples[i].text for i in test]
        ways: tuple[tuple[Mode, list[str | None]], ...] = (
            ("with_titles", [examples[i].title for i in test]),
            ("titles_withheld", [None] * len(test)))
        for mode, titles in ways:
            for i, a in zip(test, answers_of(clf, texts, titles), strict=True):
                answers[mode][i] = a
    report: Report = {"gold": str(labeled_csv), "n_gold": len(gold),
                      "crossfit": {"folds": folds, "seed": seed, "group_column": group_column,
                                   "employers": len(orgs)}}
    for mode, done in answers.items():
        report[mode] = {"model": score(gold, [a for a in done if a is not None])}
    return report
