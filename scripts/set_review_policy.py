"""Choose the review thresholds of a model without retraining it: cross-fit the training recipe
over employers on the gold file and write the thresholds, and what they buy, into the model's
metadata (its .json; the arrays and their sha256 are untouched).

    python scripts/set_review_policy.py [--shared ../shared] [--model models/model.npz]

`python scripts/train_default_model.py` records the same when it retrains the model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pmclassify.evaluate.build import review_metadata
from pmclassify.evaluate.crossfit import crossfit
from pmclassify.model.artifacts import metadata_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--model", type=Path, default=Path("models/model.npz"))
    args = ap.parse_args()
    data = args.shared / "data"
    cf = crossfit(data / "dev_gold.csv", data / "postings.csv", folds=5)
    meta_file = metadata_path(args.model)
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta.update(review_metadata(cf))
    meta_file.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("review", "review_figures")}, indent=2))


if __name__ == "__main__":
    main()
