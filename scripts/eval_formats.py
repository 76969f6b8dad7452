"""Score the shipped model on the gold postings in the shapes other sources give postings:

- ``--form paragraph`` (default): each posting on one line, as scraped job boards flatten HTML,
  its headings' own lines gone;
- ``--form colon``: each heading joined to the line after it ("Requirements: 5+ years ..."),
  as plain-text postings often write them. A heading here is a line that is no list item and
  ends in a colon, or has at most five words and does not end a sentence.

    python scripts/eval_formats.py [--form paragraph|colon] [--shared ../shared]

Writes the reshaped gold postings to a temporary folder (no posting text enters the
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
from pmclassify.evaluate.gold import gold_postings, read_gold
from pmclassify.evaluate.report import format_report
from pmclassify.evaluate.scoring import evaluate


def flatten(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def colon_headings(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out: list[str] = []
    for ln in lines:
        if out and out[-1].endswith("\0"):
            out[-1] = out[-1][:-1] + ": " + ln
        elif not re.match(r"[-*•·–]", ln) and (
                ln.endswith(":") or len(ln.split()) <= 5 and not re.search(r"[.!?;,]$", ln)):
            out.append(ln.rstrip(":") + "\0")
        else:
            out.append(ln)
    return "\n".join(ln.rstrip("\0") for ln in out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared", type=Path)
    ap.add_argument("--form", choices=("paragraph", "colon"), default="paragraph")
    args = ap.parse_args()
    reshape = flatten if args.form == "paragraph" else colon_headings
    data = args.shared / "data"
    gold_csv, postings_csv = data / "dev_gold.csv", data / "postings.csv"
    gold = read_gold(gold_csv)
    _, rows = gold_postings(gold, gold_csv, postings_csv, "description", "title")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"gold_{args.form}.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=[*gold[0], "title", "description"])
            w.writeheader()
            for g, p in zip(gold, rows, strict=True):
                w.writerow({**g, "title": p["title"], "description": reshape(p["description"])})
        print(format_report(evaluate(Classifier.load(), path)))


if __name__ == "__main__":
    main()
