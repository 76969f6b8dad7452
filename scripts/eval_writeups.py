"""Cross-fit the labeled role write-ups over organizations: each write-up is scored by a model
trained on the postings and on the other organizations' write-ups only.

    python scripts/eval_writeups.py [--shared ../shared] [--folds 5] [--seed 0]

Prints specialization accuracy and macro-F1, seniority, and the PM write-ups answered not PM,
with titles and without.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pmclassify.evaluate.writeups import crossfit_writeups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    data = args.shared / "data"
    r = crossfit_writeups(data / "writeups_dev.csv", data / "postings.csv", folds=args.folds,
                          seed=args.seed)
    for mode in ("with_titles", "titles_withheld"):
        m = r[mode]["model"]
        print(f"{mode}: {m['n']} PM write-ups, {m['pm_answered_not_pm']} answered not PM; "
              f"specialization accuracy {m['specialization']['accuracy']:.3f}, macro-F1 "
              f"{m['specialization']['macro_f1']:.3f}; seniority {m['seniority']['accuracy']:.3f}"
              f" exact, {m['seniority']['within_one_rung']:.3f} within one rung")


if __name__ == "__main__":
    main()
