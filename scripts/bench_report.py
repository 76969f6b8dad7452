"""Benchmark `pmclassify report` on labeled files of growing size: time and peak memory.

    python scripts/bench_report.py [--rows 10000 100000 1000000] [--runs 3]

Writes synthetic labeled CSVs (the columns `batch` writes, a short text, 2,000 employers, 36
months) and times a fresh `pmclassify report --company-column company --date-column posted`
process on each, reading its peak resident memory from the kernel. Flat memory shows as the
same peak at every size. The reference, in the same run, is reading the same file with
`csv.DictReader` and nothing else. Prints the medians.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ["id", "company", "posted", "description", "is_pm", "specialization",
           "secondary_specialization", "seniority", "pm_score", "specialization_score",
           "secondary_score", "seniority_score", "needs_review", "review_reasons", "language",
           "evidence", "notes", "model_version", "error"]
SPECS = ["core", "growth", "platform", "innovation", "technical", "pmm"]
RUNGS = ["apm", "pm", "senior", "group", "director", "vp", "cpo"]
CHILD = ("import resource, sys\nfrom pmclassify.cli import main\nsys.argv = sys.argv[1:]\n"
         "try:\n    main()\nexcept SystemExit:\n    pass\n"
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
REFERENCE = ("import csv, resource, sys\nfor _ in csv.DictReader(open(sys.argv[1], "
             "encoding='utf-8')):\n    pass\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")


def write(path: Path, n: int) -> None:
    rng = random.Random(n)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in range(n):
            pm = rng.random() < 0.1
            flagged = pm and rng.random() < 0.4
            w.writerow([i, f"employer {rng.randrange(2000)}",
                        f"20{rng.randrange(23, 26)}-{rng.randrange(1, 13):02d}-01",
                        "Own the roadmap and talk to customers.", pm,
                        rng.choice(SPECS) if pm else "", "", rng.choice(RUNGS) if pm else "",
                        round(rng.random(), 4), round(rng.random(), 4) if pm else "", "",
                        round(rng.random(), 4) if pm else "", flagged,
                        "specialization score 0.55 is under 0.70" if flagged else "", "en",
                        "", "", "bench", ""])


def run(args: list[str]) -> tuple[float, float]:
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True, check=True)
    return time.perf_counter() - t, int(p.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.rows:
            src = Path(tmp) / f"labeled-{n}.csv"
            write(src, n)
            report = [sys.executable, "-c", CHILD, "pmclassify", "report", str(src), "-o",
                      str(Path(tmp) / "r.html"), "--company-column", "company",
                      "--date-column", "posted"]
            ref, rep = [], []
            for _ in range(a.runs):
                ref.append(run([sys.executable, "-c", REFERENCE, str(src)]))
                rep.append(run(report))
            rs, rm = (statistics.median(x[i] for x in ref) for i in (0, 1))
            ps, pm = (statistics.median(x[i] for x in rep) for i in (0, 1))
            print(f"{n:>9,} rows ({src.stat().st_size / 2**20:.0f} MB): report {ps:.2f}s, "
                  f"{pm:.0f} MB peak | csv.DictReader alone {rs:.2f}s, {rm:.0f} MB | "
                  f"ratio {ps / rs:.2f}x")


if __name__ == "__main__":
    main()
