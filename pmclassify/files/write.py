"""Writing a table: :class:`Writer`, one format to a binary stream, always valid UTF-8."""

from __future__ import annotations

import csv
import io
import json
from typing import IO, Any


def as_text(v: Any) -> str:
    """A cell as text: "" for null, JSON for nested values."""
    if v is None:
        return ""
    return v if isinstance(v, str) else json.dumps(v) if isinstance(v, dict | list) else str(v)


_LINE_LIKE = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


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
        # Strict: the output is valid UTF-8 or not written (the readers decode strictly).
        self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        if fmt in ("csv", "tsv"):
            self._csv = csv.writer(self._text, delimiter="\t" if fmt == "tsv" else ",",
                                   lineterminator="\n")
            if header:
                self._csv.writerow(columns)

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt == "parquet":
            self._rows.append(row)
        elif self.fmt == "jsonl":
            # NEL, U+2028 and U+2029 escaped: valid JSON either way, but readers that split
            # lines on them (Python's str.splitlines, JavaScript) would cut the record.
            self._text.write(json.dumps(row, ensure_ascii=False).translate(_LINE_LIKE) + "\n")
        else:
            self._csv.writerow([as_text(row.get(c)) for c in self.columns])

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
                        r[c] = None if r.get(c) is None else as_text(r[c])
            table = pa.Table.from_pylist(self._rows, schema=pa.schema(fields))
            pq.write_table(table, self._stream)
        else:
            self._text.flush()
            self._text.detach()
