"""Stage 8a: streaming readers and writers for batch files (CSV, TSV, JSONL, Parquet).

Readers yield ``(line_number, row)`` with each value as the file holds it (strings from
CSV/TSV, JSON values from JSONL, typed values from Parquet), keep undecodable bytes as
surrogates (so they are written back unchanged and flagged), and report malformed lines to a
callback instead of losing them silently.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

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


def _open_text(path: str, encoding: str) -> IO[str]:
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        if path == "-":
            return io.TextIOWrapper(sys.stdin.buffer, encoding=enc, errors="surrogateescape",
                                    newline="")
        return open(path, encoding=enc, errors="surrogateescape", newline="")
    except LookupError as exc:
        raise InputError(f"unknown encoding {encoding!r}; pass a Python codec name") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}; check the path") from exc


def open_csv(path: str | Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    """``(columns, rows)`` of a UTF-8 CSV file (a BOM is handled) for training, lexicon reports
    and gold files: the columns are read now, so a caller checks them before any row; the rows
    come lazily. An unreadable file or one that is not UTF-8 is an :class:`InputError` (batch
    reads other encodings with ``--encoding``; these readers need clean text).
    """
    def bad(exc: Exception) -> InputError:
        return InputError(f"cannot read {path} as a UTF-8 CSV file ({exc}); save it as UTF-8")

    try:
        f = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by rows())
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}; check the path") from exc
    reader = csv.DictReader(f)
    try:
        columns = list(reader.fieldnames or [])
    except (UnicodeDecodeError, csv.Error) as exc:
        f.close()
        raise bad(exc) from exc

    def rows() -> Iterator[dict[str, str]]:
        with f:
            try:
                yield from reader
            except (UnicodeDecodeError, csv.Error) as exc:
                raise bad(exc) from exc

    return columns, rows()


class Reader:
    """Open a batch input; ``columns`` is known before any row is read."""

    def __init__(self, path: str, fmt: str, encoding: str = "utf-8",
                 on_bad_line: BadLine | None = None) -> None:
        self.path, self.fmt, self.encoding = path, fmt, encoding
        self.on_bad_line = on_bad_line
        self.columns: list[str] = []
        self.arrow_schema: Any = None  # a Parquet input's column types, kept on output
        self._rows: Iterator[tuple[int, dict[str, Any]]]
        if fmt == "parquet":
            self._rows = self._parquet()
        else:
            self._f = _open_text(path, encoding)
            self._rows = self._jsonl() if fmt == "jsonl" else self._delimited()
        self._first = next(self._rows, None)

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        if self._first is not None:
            yield self._first
        yield from self._rows

    def position(self) -> float | None:
        """Fraction of the file read so far, when it can be told."""
        try:
            f: Any = self._f
            return float(f.buffer.tell()) / max(os.fstat(f.fileno()).st_size, 1)
        except (AttributeError, OSError, ValueError):
            return None

    def _bad(self, line: int, why: str) -> None:
        if self.on_bad_line is None:
            raise InputError(f"{self.path}, line {line}: {why}; fix the line, or pass "
                             "--on-bad-line skip to skip it and list it in a report")
        self.on_bad_line(line, why)

    def _delimited(self) -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.reader(self._f, delimiter="\t" if self.fmt == "tsv" else ",", strict=True)
        try:
            self.columns = next(reader)
        except StopIteration:
            raise InputError(f"{self.path} is empty: it has no header line") from None
        except csv.Error as exc:
            raise InputError(f"{self.path}: the header line is malformed ({exc})") from None
        width = len(self.columns)
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._bad(start, f"malformed CSV ({exc})")
                continue
            if len(row) != width:
                if not row:
                    continue
                self._bad(start, f"{len(row)} fields where the header has {width}")
                continue
            yield start, dict(zip(self.columns, row, strict=True))

    def _jsonl(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for n, line in enumerate(self._f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                self._bad(n, f"not a JSON object ({exc})")
                continue
            if not self.columns:
                self.columns = list(obj)
            extra = [k for k in obj if k not in self.columns]
            if extra:  # a table's columns are the first record's: never drop fields silently
                self._bad(n, f"keys {', '.join(extra)} are not in the first record's columns")
                continue
            yield n, {k: obj.get(k) for k in self.columns}

    def _parquet(self) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise InputError("Parquet needs pyarrow: pip install 'pmclassify[batch]'") from exc
        try:
            pf = pq.ParquetFile(sys.stdin.buffer if self.path == "-" else self.path)
        except OSError as exc:
            raise InputError(f"cannot read {self.path} as Parquet: {exc}") from exc
        self.arrow_schema = pf.schema_arrow
        self.columns = list(pf.schema_arrow.names)
        n = 0
        for batch in pf.iter_batches(batch_size=2048):
            for row in batch.to_pylist():
                n += 1
                yield n, row

    def close(self) -> None:
        f = getattr(self, "_f", None)
        if f is not None and self.path != "-":
            f.close()


def as_text(v: Any) -> str:
    """A cell as text: "" for null, JSON for nested values."""
    if v is None:
        return ""
    return v if isinstance(v, str) else json.dumps(v) if isinstance(v, dict | list) else str(v)


class Writer:
    """Writes rows of one format to a binary stream; CSV/TSV header only when asked."""

    def __init__(self, stream: IO[bytes], fmt: str, columns: list[str], header: bool,
                 types: dict[str, str] | None = None, arrow_schema: Any = None) -> None:
        self.fmt, self.columns, self.types = fmt, columns, types or {}
        self.arrow_schema = arrow_schema
        self._stream = stream
        if fmt == "parquet":
            self._rows: list[dict[str, Any]] = []
            return
        self._text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape",
                                      newline="", write_through=False)
        if fmt in ("csv", "tsv"):
            self._csv = csv.writer(self._text, delimiter="\t" if fmt == "tsv" else ",",
                                   lineterminator="\n")
            if header:
                self._csv.writerow(columns)

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt == "parquet":
            self._rows.append(row)
        elif self.fmt == "jsonl":
            self._text.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            self._csv.writerow([as_text(row[c]) for c in self.columns])

    def close(self) -> None:
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            kinds = {"bool": pa.bool_(), "float": pa.float64()}
            known = self.arrow_schema
            fields = []
            for c in self.columns:
                if c in self.types:
                    fields.append(pa.field(c, kinds[self.types[c]]))
                elif known is not None and c in known.names:
                    fields.append(known.field(c))  # Parquet in, Parquet out: types kept
                else:
                    fields.append(pa.field(c, pa.string()))
                    for r in self._rows:
                        r[c] = None if r[c] is None else as_text(r[c])
            table = pa.Table.from_pylist(self._rows, schema=pa.schema(fields))
            pq.write_table(table, self._stream)
        else:
            self._text.flush()
            self._text.detach()

