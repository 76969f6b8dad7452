"""Reading a table: :class:`Reader` for every format, :func:`open_csv` for the UTF-8 CSV files of
training, gold labels and lexicon reports."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pmclassify.errors import InputError
from pmclassify.files.encoding import codec_name, detect_encoding, first_undecodable
from pmclassify.files.formats import BadLine


class Reader:
    """Open a table; ``columns`` is known before any row is read.

    ``encoding`` is a codec name or ``"auto"`` (see :func:`detect_encoding`); the one used is
    in ``encoding_used``. ``on_bad_line`` receives the lines that are malformed on their own;
    without it they stop the read.
    """

    def __init__(self, path: str, fmt: str, encoding: str = "utf-8",
                 on_bad_line: BadLine | None = None) -> None:
        self.path, self.fmt = path, fmt
        self.on_bad_line = on_bad_line
        self.columns: list[str] = []
        self.arrow_schema: Any = None  # a Parquet input's column types, kept on output
        self.encoding_used = ""
        self._spool: str | None = None
        self._f: IO[str] | None = None
        self._file = self._spooled() if path == "-" else path
        if not os.path.isfile(self._file):
            raise InputError(f"cannot read {path}: no such file; check the path")
        self._rows: Iterator[tuple[int, dict[str, Any]]]
        try:
            if fmt == "parquet":
                self._rows = self._parquet()
            else:
                self._open_text(encoding)
                self._rows = self._jsonl() if fmt == "jsonl" else self._delimited()
            self._first = next(self._rows, None)
        except BaseException:
            self.close()
            raise

    def _spooled(self) -> str:
        # Standard input is read once into a file: the encoding check, the JSONL columns and
        # the rows each read it again.
        fd, name = tempfile.mkstemp(prefix="pmclassify-stdin-")
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
        self._spool = name
        return name

    def _open_text(self, encoding: str) -> None:
        # A detected encoding decodes the whole file already: one scan, not two.
        enc = detect_encoding(self._file) if encoding == "auto" else encoding
        codec = codec_name(enc)
        bad = first_undecodable(self._file, codec) if encoding != "auto" else None
        if bad is not None:
            line, pos, byte = bad
            raise InputError(
                f"{self.path}, line {line}: byte 0x{byte:02X} (offset {pos}) is not {enc}; "
                "pass --encoding auto to detect the file's encoding, or --encoding NAME, or "
                "save the file as UTF-8")
        self.encoding_used = "utf-8" if codec == "utf-8-sig" else codec
        try:
            self._f = open(self._file, encoding=codec, newline="")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"cannot read {self.path}: {exc.strerror}; check the path") from exc

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

    def _check_header(self, columns: list[str]) -> None:
        twice = sorted({c for c in columns if columns.count(c) > 1})
        if twice:
            raise InputError(f"{self.path}: the header names column(s) "
                             f"{', '.join(repr(c) for c in twice)} more than once; rename them "
                             "so that every column can be written back as it is")

    def _delimited(self) -> Iterator[tuple[int, dict[str, str]]]:
        assert self._f is not None
        reader = csv.reader(self._f, delimiter="\t" if self.fmt == "tsv" else ",", strict=True)
        try:
            self.columns = next(reader)
        except StopIteration:
            raise InputError(f"{self.path} is empty: it has no header line") from None
        except csv.Error as exc:
            raise InputError(f"{self.path}: the header line is malformed ({exc})") from None
        self._check_header(self.columns)
        width = len(self.columns)
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # Broken quoting shifts every field after it: the rows that follow would be
                # fragments of others. Nothing after it can be trusted, so the read stops.
                raise InputError(
                    f"{self.path}, line {start}: malformed CSV quoting ({exc}); the rows after "
                    "it cannot be told apart, so nothing is written: fix the quote (a quote "
                    'inside a quoted field is written twice: "")') from None
            if len(row) != width:
                if not row:
                    continue
                if reader.line_num > start:  # a quoted field spans lines: the quoting is off
                    raise InputError(
                        f"{self.path}, line {start}: a record of {len(row)} fields, over "
                        f"{reader.line_num - start + 1} lines, where the header has {width}: "
                        "its quoting is likely broken, so nothing after it can be trusted; fix "
                        "the line")
                self._bad(start, f"{len(row)} fields where the header has {width}")
                continue
            yield start, dict(zip(self.columns, row, strict=True))

    def _jsonl_columns(self) -> list[str]:
        """Every key of every record, in the order first seen: a table's columns."""
        assert self._f is not None
        seen: dict[str, None] = {}
        for line in self._f:
            try:
                obj = json.loads(line) if line.strip() else None
            except ValueError:
                continue
            if isinstance(obj, dict):
                seen.update(dict.fromkeys(obj))
        self._f.seek(0)
        return list(seen)

    def _jsonl(self) -> Iterator[tuple[int, dict[str, Any]]]:
        assert self._f is not None
        self.columns = self._jsonl_columns()
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
            yield n, obj

    def _parquet(self) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise InputError("Parquet needs pyarrow: pip install 'pmclassify[batch]'") from exc
        try:
            pf = pq.ParquetFile(self._file)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"cannot read {self.path} as Parquet ({exc}); pass --format with "
                             "the file's format") from exc
        self.arrow_schema = pf.schema_arrow
        self.columns = list(pf.schema_arrow.names)
        self._check_header(self.columns)
        n = 0
        for batch in pf.iter_batches(batch_size=2048):
            for row in batch.to_pylist():
                n += 1
                yield n, row

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None
        if self._spool is not None:
            Path(self._spool).unlink(missing_ok=True)
            self._spool = None


def open_csv(path: str | Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    """``(columns, rows)`` of a UTF-8 CSV file (a BOM is handled) for training, lexicon reports
    and gold files: the columns and the encoding are checked now, before any row; the rows come
    lazily. Any malformed line is an :class:`InputError` naming it."""
    reader = Reader(str(path), "csv")

    def rows() -> Iterator[dict[str, str]]:
        try:
            for _, row in reader:
                yield row
        finally:
            reader.close()

    return reader.columns, rows()


# A posting is a few kB; more than this on one command line is a mistake.
MAX_INPUT_BYTES = 50 * 1024 * 1024


def read_posting(text: str | None, file: str | Path | None) -> str | bytes:
    """One posting as the command line is given it: an argument's ``text``, or ``file``'s or
    stdin's bytes (at most :data:`MAX_INPUT_BYTES`), which the predictor decodes (saying so when
    they are not UTF-8)."""
    if file is not None and text is not None:
        raise InputError("give the text as an argument or with --file, not both")
    if file is None and text is not None and text != "-":
        return text
    if file is None and sys.stdin.isatty():
        raise InputError("no text given: pass it as an argument, with --file PATH, or on stdin")
    if file is None or str(file) == "-":
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        try:
            with open(file, "rb") as f:
                raw = f.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read {file}: {exc.strerror}; check the path") from exc
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError("the input is over 50 MB; a posting is a few kB: pass one posting")
    return raw
