"""Score the shipped model on the gold postings as scraped job boards often deliver them: each
posting's text on one line, its line breaks (and so its headings' own lines) gone.

    python scripts/eval_flattened.py [--shared ../shared]

Writes the flattened gold postings to a temporary folder (no posting text enters the
repository), runs `pmclassify.evaluate` on them and prints its report, to set beside
`pmclassify evaluate`'s on the postings as they are.
"""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
from pathlib import Path

from pmclassify import Classifier
from pmclassify.evaluate import evaluate, format_report


def flatten(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared", type=Path)
    args = ap.parse_args()
    csv.field_size_limit(2**31 - 1)
    data = args.shared / "data"
    with open(data / "postings.csv", newline="", encoding="utf-8") as f:
        postings = {r["id"]: r for r in csv.DictReader(f)}
    with open(data / "dev_gold.csv", newline="", encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gold_flat.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=[*gold[0], "title", "description"])
            w.writeheader()
            for g in gold:
                p = postings[g["id"]]
                w.writerow({**g, "title": p["title"],
                            "description": flatten(p["description"])})
        print(format_report(evaluate(Classifier.load(), path)))


if __name__ == "__main__":
    main()
