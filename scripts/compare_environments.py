"""Check that the shipped model answers alike in two Python environments (CI's oldest-versions
check).

    python scripts/compare_environments.py dump OUT.json [--shared ../shared]
    python scripts/compare_environments.py check REFERENCE.json [--shared ../shared]

``dump`` writes the answers of the shipped model for every dev-gold posting, with and without
its title (ids, labels and scores; no posting text). ``check``, run in the other environment,
computes them again and exits non-zero, listing the differences, unless every label is the
same and every score within 1e-6 of the reference's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pmclassify import Classifier
from pmclassify.evaluate.gold import gold_postings, read_gold

TOLERANCE = 1e-6


def answers(shared: Path) -> dict[str, Any]:
    data = shared / "data"
    gold = read_gold(data / "dev_gold.csv")
    _, rows = gold_postings(gold, data / "dev_gold.csv", data / "postings.csv", "description",
                            "title")
    clf = Classifier.load()
    texts = [r["description"] for r in rows]
    out: dict[str, Any] = {"model_version": clf.version}
    for mode, titles in (("with_titles", [r["title"] for r in rows]), ("untitled", None)):
        out[mode] = {r["id"]: p.to_dict() for r, p in zip(rows, clf.predict_many(texts, titles),
                                                          strict=True)}
    return out


def differences(ref: Any, new: Any, where: str = "") -> list[str]:
    if isinstance(ref, dict) and isinstance(new, dict):
        return [d for k in sorted(set(ref) | set(new), key=str)
                for d in differences(ref.get(k), new.get(k), f"{where}.{k}")]
    if isinstance(ref, list) and isinstance(new, list) and len(ref) == len(new):
        return [d for i, (a, b) in enumerate(zip(ref, new, strict=True))
                for d in differences(a, b, f"{where}[{i}]")]
    if isinstance(ref, float) and isinstance(new, float):
        return [] if abs(ref - new) <= TOLERANCE else [f"{where}: {ref} != {new}"]
    return [] if ref == new else [f"{where}: {ref!r} != {new!r}"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    now = answers(args.shared)
    if args.mode == "dump":
        args.file.write_text(json.dumps(now), encoding="utf-8")
        print(f"wrote the answers for {len(now['with_titles'])} dev-gold postings to {args.file}")
        return
    diffs = differences(json.loads(args.file.read_text(encoding="utf-8")), now)
    n = len(now["with_titles"])
    if diffs:
        print("\n".join(diffs[:50]))
        sys.exit(f"{len(diffs)} differences over {n} dev-gold postings (x2)")
    print(f"same answers for all {n} dev-gold postings, with and without titles")


if __name__ == "__main__":
    main()
