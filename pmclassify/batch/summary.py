"""What a batch run reports: its progress as it goes, and its summary at the end (rows, errors,
the answers' counts, the weak answers by reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pmclassify.predict.rows import NOTE_CODES


@dataclass
class Progress:
    rows: int
    seconds: float
    fraction: float | None  # of the input read, when known


@dataclass
class BatchSummary:
    """What a batch run did."""

    output: str
    rows: int = 0
    errors: int = 0
    needs_review: int = 0
    skipped_lines: int = 0
    seconds: float = 0.0
    resumed_from: int = 0
    specialization: dict[str, int] = field(default_factory=dict)
    seniority: dict[str, int] = field(default_factory=dict)
    # Rows answered only weakly, by the code of each note (pmclassify.text.notes.NOTE_CODES).
    notes: dict[str, int] = field(default_factory=dict)
    bad_line_report: str | None = None
    # The title column read, None when titles were not used.
    title_column: str | None = None
    # The encoding the input was read in ("auto" names the one it detected); "" for Parquet.
    encoding: str = ""

    @property
    def rows_per_second(self) -> float:
        return (self.rows - self.resumed_from) / self.seconds if self.seconds else 0.0

    def lines(self, detected: bool = False) -> list[str]:
        """The summary as ``batch`` prints it (``detected``: the encoding was detected)."""
        out = [f"{self.rows:,} rows ({self.resumed_from:,} from an earlier run) in "
               f"{self.seconds:.1f}s, {self.rows_per_second:,.0f} rows/s; {self.errors:,} rows "
               f"with errors; {self.skipped_lines:,} malformed lines skipped; "
               f"{self.needs_review:,} rows to review (the needs_review column)"]
        if detected and self.encoding:
            out.append(f"  encoding: {self.encoding} (detected)")
        out.append(f"  titles: column {self.title_column!r}" if self.title_column else
                   "  titles: none used (name their column with --title-column)")
        for name, counts in (("specialization", self.specialization),
                             ("seniority", self.seniority),
                             ("weak answers (see the notes column)", self.notes)):
            if counts:
                out.append(f"  {name}: " + ", ".join(
                    f"{k} {v:,}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
        if self.bad_line_report:
            out.append(f"  malformed lines listed in {self.bad_line_report}")
        return out


def count(summary: BatchSummary, row: dict[str, Any]) -> None:
    """Count one row of prediction columns (unprefixed, with its note codes) into ``summary``."""
    summary.rows += 1
    if row["error"]:
        summary.errors += 1
    if row["needs_review"]:
        summary.needs_review += 1
    for code in row.get(NOTE_CODES, ()):
        summary.notes[code] = summary.notes.get(code, 0) + 1
    for answer in ("specialization", "seniority"):
        if row[answer]:
            counts = getattr(summary, answer)
            counts[row[answer]] = counts.get(row[answer], 0) + 1
