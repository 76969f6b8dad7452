"""Cross-fit the PM-or-not answer over every posting of a postings CSV, body only.

    python scripts/eval_pm_or_not.py [--shared ../shared] [--folds 5]

`pmclassify evaluate --crossfit` scores the gold postings only (294 PM roles); whether a body
reads as a PM job is better judged on all 4,803 postings. The postings are split into
employer-disjoint folds (scikit-learn's `GroupKFold` by `company`); for each, the recipe is
trained on the other employers' postings (plus the project's write-ups) and answers this fold's
postings with their titles withheld. The reference is the CSV's `is_pm_title` (a title regex's
guess, as for `evaluate`'s PM-or-not F1). Prints F1, false and missed PMs, and the titles of
both (titles only: no posting text).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from pmclassify.cues.lexicons import load_lexicons
from pmclassify.files.read import open_csv
from pmclassify.text.posting import Preprocessor
from pmclassify.train.fit import employer_key, fit_model, load_writeups, predict_untitled


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    _, rows_iter = open_csv(args.shared / "data" / "postings.csv")
    rows = list(rows_iter)
    pre = Preprocessor()
    lex = load_lexicons(pre=pre)
    writeups = load_writeups()
    own = list(pre.pipe((w.text, w.title) for w in writeups))
    docs = list(pre.pipe((r["description"] or "", r["title"] or "") for r in rows))
    groups = [employer_key(r["company"], str(i)) for i, r in enumerate(rows)]
    said: list[bool] = [False] * len(rows)
    for train, test in GroupKFold(n_splits=args.folds).split(rows, groups=groups):
        model, _ = fit_model(lex, [docs[i] for i in train], writeups, own, pre=pre)
        for i, p in zip(test, predict_untitled(model, [docs[i] for i in test]), strict=True):
            said[i] = p.is_pm
    ref = [r["is_pm_title"] == "True" for r in rows]
    false_pm = [rows[i]["title"] for i in range(len(rows)) if said[i] and not ref[i]]
    missed = [rows[i]["title"] for i in range(len(rows)) if ref[i] and not said[i]]
    found = sum(a and b for a, b in zip(said, ref, strict=True))
    print(f"PM-or-not F1, body only, {args.folds} employer-disjoint folds over {len(rows)} "
          f"postings: {f1_score(ref, said):.3f} ({found} found, {len(false_pm)} false, "
          f"{len(missed)} missed)")
    print("false PMs:", "; ".join(sorted(false_pm)))
    print("missed PMs:", "; ".join(sorted(missed)))


if __name__ == "__main__":
    main()
