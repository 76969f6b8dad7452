"""Benchmark a cold one-posting `pmclassify classify` against starting spaCy.

    python scripts/bench_classify.py [--runs 7]

Each run starts a fresh process: the reference (`python -c "import spacy;
spacy.blank('en')"`), a `pmclassify classify --title ... --file corpus/examples/posting.txt`
call with the shipped model, and a call that fails early (a missing file), interleaved so that
the machine's drift touches all three alike. Prints the medians and the ratio of the classify
call to the reference.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "examples" / "posting.txt"
REFERENCE = "import spacy; spacy.blank('en')"


def wall(cmd: list[str], ok: bool = True) -> float:
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if (p.returncode == 0) != ok:
        sys.exit(f"unexpected exit {p.returncode}: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    cli = [sys.executable, "-m", "pmclassify", "classify"]
    with tempfile.TemporaryDirectory() as tmp:
        ref, classify, early = [], [], []
        for _ in range(args.runs):
            ref.append(wall([sys.executable, "-c", REFERENCE]))
            classify.append(wall([*cli, "--title", "Senior Growth PM", "--file", str(EXAMPLE)]))
            early.append(wall([*cli, "--file", str(Path(tmp) / "missing.txt")], ok=False))
    r, c, e = (statistics.median(x) for x in (ref, classify, early))
    print(f"{args.runs} interleaved runs, medians: spacy.blank('en') {r:.2f}s | "
          f"classify {c:.2f}s | ratio {c / r:.2f} | early error {e:.2f}s")


if __name__ == "__main__":
    main()
