"""Benchmark `pmclassify batch` against the tokenizer-only floor, in one run.

    python scripts/bench_batch.py --rows 10000 --rows 200000 [--repeats 3] [--shared ../shared]

Builds a CSV of N rows by cycling ../shared/data/postings.csv into a temporary folder (nothing
is written into the repository), then measures, per size: the floor (reading the CSV and running
spacy.blank("en")'s tokenizer over the texts, one process) and `pmclassify batch` end to end
(wall time and the peak RSS of the process tree). Prints medians and the ratio to the floor.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import csv, sys, spacy
csv.field_size_limit(2**31 - 1)
nlp = spacy.blank("en")
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    texts = (r["description"] for r in csv.DictReader(f))
    for _ in nlp.tokenizer.pipe(texts, batch_size=256):
        pass
"""


def build(src: Path, dst: Path, n: int) -> None:
    csv.field_size_limit(2**31 - 1)
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(dst, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for i in range(n):
            w.writerow(rows[i % len(rows)])


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process in the tree (GNU time)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return wall, int(p.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, action="append")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.rows or [10_000]:
            data = Path(tmp) / f"bench-{n}.csv"
            build(args.shared / "data" / "postings.csv", data, n)
            floor, end, rss = [], [], []
            for _ in range(args.repeats):
                floor.append(run([sys.executable, "-c", FLOOR, str(data)])[0])
                wall, mb = run([sys.executable, "-m", "pmclassify", "batch", str(data), "-o",
                                str(Path(tmp) / "out.csv"), "--title-column", "title",
                                "--overwrite", "--quiet"])
                end.append(wall)
                rss.append(mb)
            f, e = statistics.median(floor), statistics.median(end)
            print(f"{n:>8} rows | floor {f:7.1f}s ({n / f:6.0f} rows/s) | batch {e:7.1f}s "
                  f"({n / e:6.0f} rows/s) | ratio {e / f:5.2f} | peak RSS {max(rss):6.0f} MB "
                  f"(largest process)")


if __name__ == "__main__":
    main()
