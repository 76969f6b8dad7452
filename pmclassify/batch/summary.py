"""What a batch run reports: its progress as it goes, and its summary at the end (rows, errors,
the answers' counts, the weak answers by reason)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pmclassify.predict.rows import OUTPUT_COLUMNS


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
    # Rows answered only weakly, by the reason in their ``notes`` (its first clause).
    notes: dict[str, int] = field(default_factory=dict)
    bad_line_report: str | None = None
    # The title column read, None when titles were not used.
    title_column: str | None = None
    # The encoding the input was read in ("auto" names the one it detected); "" for Parquet.
    encoding: str = ""

    @property
    def rows_per_second(self) -> float:
        return (self.rows - self.resumed_from) / self.seconds if self.seconds else 0.0


def count(summary: BatchSummary, out: dict[str, Any], out_cols: list[str]) -> None:
    summary.rows += 1
    spec, sen, notes, err, review = (
        out[out_cols[OUTPUT_COLUMNS.index(c)]]
        for c in ("specialization", "seniority", "notes", "error", "needs_review"))
    if err:
        summary.errors += 1
    if review:
        summary.needs_review += 1
    for note in notes.split("; ") if notes else ():  # a note itself holds no "; "
        reason = re.split(r"[,:]", note, maxsplit=1)[0]
        summary.notes[reason] = summary.notes.get(reason, 0) + 1
    if spec:
        summary.specialization[spec] = summary.specialization.get(spec, 0) + 1
    if sen:
        summary.seniority[sen] = summary.seniority.get(sen, 0) + 1
