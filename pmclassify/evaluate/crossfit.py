"""Stage 7b: cross-fitting, which measures the training recipe rather than one model: it trains
on the postings of some employers and scores the gold postings of the others, so the figures say
what to expect on postings from employers the model has never read (the gold postings' text is
otherwise part of the unlabeled training text, which flatters
:func:`~pmclassify.evaluate.scoring.evaluate`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pmclassify.cues.lexicons import load_lexicons
from pmclassify.errors import InputError
from pmclassify.evaluate.gold import gold_postings, read_gold
from pmclassify.evaluate.review import choose_policy, nested_figures
from pmclassify.evaluate.scoring import (
    Answer,
    answers_of,
    keyword_baseline,
    modes,
    score,
    title_named,
)
from pmclassify.evaluate.types import Report
from pmclassify.predict.classifier import Classifier
from pmclassify.text.posting import Preprocessor
from pmclassify.train.fit import employer_key, fit_model, load_writeups, read_labeled


def crossfit(gold_csv: str | Path, postings_csv: str | Path | None, *, folds: int = 5,
             group_column: str = "company", text_column: str = "description",
             title_column: str = "title", lexicon_dir: str | Path | None = None,
             writeups_dir: str | Path | None = None, seed: int | None = None,
             labeled: str | Path | None = None,
             progress: Callable[[int, int], None] | None = None) -> Report:
    """Employer-disjoint cross-fitting of the training recipe on a gold file.

    Which employers share a fold moves the figures by about ±0.015 (README, Accuracy): with a
    ``seed``, employers are dealt to the folds in a shuffled order, so several seeds show the
    spread; without one, scikit-learn's ``GroupKFold`` assigns them.

    The gold postings are split into ``folds`` groups of whole employers (``group_column``); for
    each, a model is trained on every posting of the *other* employers (plus the project's
    write-ups) and scores this group's gold postings. The report has :func:`evaluate`'s shape
    (without the PM-or-not F1 over all postings) plus a ``crossfit`` entry. ``progress`` is
    called with (folds done, folds) as each fold's model is trained and has answered.
    """
    if postings_csv is None:
        raise InputError("cross-fitting trains on a postings file and needs the gold ids in it; "
                         "pass --postings")
    if not title_column:  # the weak labels of training start from the titles
        raise InputError("cross-fitting trains on the postings' titles; pass --title-column")
    gold = read_gold(gold_csv)
    postings, rows = gold_postings(gold, gold_csv, postings_csv, text_column, title_column)
    if group_column not in postings[0]:
        raise InputError(f"{postings_csv} has no column {group_column!r} to group employers by; "
                         "pass --group-column")

    def group(r: dict[str, str]) -> str:
        return employer_key(r.get(group_column), r["id"])

    gold_groups = [group(r) for r in rows]
    if folds < 2 or len(set(gold_groups)) < folds:
        raise InputError(f"cross-fitting needs at least 2 folds and as many employers; the gold "
                         f"set has {len(set(gold_groups))} employers; lower --crossfit")
    pre = Preprocessor()
    lex = load_lexicons(lexicon_dir, pre=pre)
    # Labeled write-ups come from other organizations than the gold postings' employers.
    writeups = load_writeups(writeups_dir) + (read_labeled(labeled) if labeled else [])
    own = list(pre.pipe((w.text, w.title) for w in writeups))
    docs = list(pre.pipe((r[text_column], r[title_column]) for r in postings))
    answers: dict[str, list[Answer | None]] = {m: [None] * len(rows)
                                               for m, _ in modes(rows, title_column)}
    clf = None
    fold_sets = _employer_folds(gold_groups, folds, seed)
    for k, test in enumerate(fold_sets):
        held = {gold_groups[i] for i in test}
        keep = [i for i, r in enumerate(postings) if group(r) not in held]
        model, _ = fit_model(lex, [docs[i] for i in keep], writeups, own, pre=pre,
                             groups=[group(postings[i]) for i in keep])
        clf = Classifier(model)
        part = [rows[i] for i in test]
        for mode, titles in modes(part, title_column):
            for i, a in zip(test, answers_of(clf, [r[text_column] for r in part], titles),
                            strict=True):
                answers[mode][int(i)] = a
        if progress is not None:
            progress(k + 1, len(fold_sets))
    assert clf is not None
    texts = [r[text_column] for r in rows]
    report: Report = {"gold": str(gold_csv), "n_gold": len(gold),
                      "crossfit": {"folds": folds, "seed": seed, "group_column": group_column,
                                   "employers": len(set(gold_groups))}}
    named = title_named(clf, [r[title_column] for r in rows])
    # Both ways of scoring, as the shipped thresholds are chosen on every cross-fitted answer.
    pool = [(i, (g, a)) for m, _ in modes(rows, title_column)
            for i, (g, a) in enumerate(zip(gold, answers[m], strict=True))]
    for mode, titles in modes(rows, title_column):
        done = [a for a in answers[mode] if a is not None]
        report[mode] = {"model": score(gold, done, named),
                        "keyword_baseline": score(gold, keyword_baseline(clf, texts, titles),
                                                   named),
                        # Each fold flagged by thresholds chosen on the other folds' answers.
                        "review": nested_figures(list(zip(gold, done, strict=True)), fold_sets,
                                                 pool)}
    report["review_policy"] = choose_policy([s for _, s in pool]).to_dict()
    return report


def _employer_folds(groups: list[str], folds: int, seed: int | None) -> list[list[int]]:
    """Indices of each fold's rows, whole employers to a fold.

    >>> _employer_folds(["a", "b", "a", "c"], 2, seed=0)
    [[0, 1, 2], [3]]
    """
    if seed is None:
        from sklearn.model_selection import GroupKFold

        return [list(test) for _, test in GroupKFold(n_splits=folds).split(groups, groups=groups)]
    import random

    order = sorted(set(groups))
    random.Random(seed).shuffle(order)
    fold = {g: i % folds for i, g in enumerate(order)}
    return [[i for i, g in enumerate(groups) if fold[g] == k] for k in range(folds)]
