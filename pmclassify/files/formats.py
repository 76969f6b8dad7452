"""The table formats read and written, named by ``--format`` or by a file's extension."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

from pmclassify.errors import InputError

FORMATS = ("csv", "tsv", "jsonl", "parquet")
_EXT = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
        ".parquet": "parquet", ".pq": "parquet"}
# Far above any posting; past it a field is reported per row, not fatal to the file.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

BadLine = Callable[[int, str], None]


def detect_format(path: str, fmt: str | None) -> str:
    """The format named by ``fmt``, else by the file's extension."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    if path == "-":
        return "csv"
    ext = Path(path).suffix.lower()
    if ext not in _EXT:
        raise InputError(f"cannot tell the format of {path} from its extension; pass --format "
                         f"({', '.join(FORMATS)})")
    return _EXT[ext]


def output_format(path: str) -> str:
    """The format an output file is written in, from its extension."""
    ext = Path(path).suffix.lower()
    if ext not in _EXT:
        names = ", ".join(sorted(_EXT))
        raise InputError(f"cannot write {path}: an output file is named by its format, one of "
                         f"{names}")
    return _EXT[ext]
