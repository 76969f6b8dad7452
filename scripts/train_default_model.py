"""Rebuild the shipped model: models/model.npz + models/model.json.

    python scripts/train_default_model.py [--shared ../shared]

Same as `pmclassify train ../shared/data/postings.csv -o models/model.npz --labeled
../shared/data/writeups_dev.csv --gold ../shared/data/dev_gold.csv --overwrite`, plus the
employer-disjoint cross-fit figures (`pmclassify evaluate --crossfit 5`) and the review
thresholds they choose in the metadata. The labeled write-ups train beside the weak labels; the
gold postings only measure.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pmclassify.evaluate.build import build_and_save


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--output", type=Path, default=Path("models/model.npz"))
    args = ap.parse_args()
    data = args.shared / "data"
    meta = build_and_save(data / "postings.csv", args.output, gold=data / "dev_gold.csv",
                          crossfit_folds=5, labeled=data / "writeups_dev.csv")
    print(f"wrote {args.output}: {meta['model_version']}")
    for k, v in meta.get("metrics", {}).items():
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
