"""Report, d: the rows of a labeled file to double-check, exported for review — as Label Studio
tasks with the model's answers as predictions to correct (and the labeling config they are made
for, beside them), or as plain JSONL. Corrected in Label Studio and exported as JSON, they come
back as gold with ``pmclassify evaluate --gold export.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmclassify.errors import InputError, OutputError
from pmclassify.files.formats import detect_format
from pmclassify.files.labelstudio import labeling_config, task
from pmclassify.files.read import Reader
from pmclassify.report.aggregate import as_flag, as_score, cell_text

FORMATS = ("labelstudio", "jsonl")


@dataclass
class ExportSummary:
    rows: int = 0
    exported: int = 0
    config: Path | None = None  # the labeling config written beside a Label Studio export


def _record(row: dict[str, Any], text: str, title: str | None, id_column: str | None,
            prefix: str, line: int) -> dict[str, Any]:
    def get(c: str) -> Any:
        return row.get(prefix + c)

    is_pm = bool(as_flag(get("is_pm")))
    return {
        "id": cell_text(row.get(id_column)) if id_column else str(line),
        "text": cell_text(row.get(text)), "title": cell_text(row.get(title)) if title else "",
        "is_pm": is_pm, "specialization": cell_text(get("specialization")) or None,
        "seniority": cell_text(get("seniority")) or None,
        "pm_score": as_score(get("pm_score")),
        "specialization_score": as_score(get("specialization_score")),
        "seniority_score": as_score(get("seniority_score")),
        "needs_review": bool(as_flag(get("needs_review"))),
        "review_reasons": cell_text(get("review_reasons")),
        "model_version": cell_text(get("model_version")),
    }


def _confidence(r: dict[str, Any]) -> float | None:
    """The score a reviewer sorts by: the weakest of the answers given."""
    scores = [r["pm_score"] if r["is_pm"] else 1 - (r["pm_score"] or 0.0)]
    if r["is_pm"]:
        scores += [r["specialization_score"], r["seniority_score"]]
    known = [s for s in scores if s is not None]
    return min(known) if known else None


def _write(f: Any, reader: Reader, fmt: str, only_review: bool, summary: ExportSummary,
           record: Any, prefix: str) -> None:
    if fmt == "labelstudio":
        f.write("[\n")
    for line, row in reader:
        summary.rows += 1
        if cell_text(row.get(prefix + "error")):
            continue
        r = record(row, line)
        if only_review and not r["needs_review"]:
            continue
        if fmt == "jsonl":
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            data = {k: r[k] for k in ("id", "text", "title", "review_reasons")}
            t = task(data, r["is_pm"], r["specialization"], r["seniority"], _confidence(r),
                     r["model_version"])
            f.write((",\n" if summary.exported else "") + json.dumps(t, ensure_ascii=False))
        summary.exported += 1
    if fmt == "labelstudio":
        f.write("\n]\n")


def export_file(labeled: str | Path, output: str | Path, *, fmt: str = "labelstudio",
                only_review: bool = False, text_column: str = "description",
                title_column: str | None = "title", id_column: str | None = "id",
                prefix: str = "", input_format: str | None = None) -> ExportSummary:
    """Export the rows of a file ``batch`` wrote (all, or ``only_review`` those flagged
    ``needs_review``; never the error rows) for review. Streams: memory stays flat."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    src = str(labeled)
    reader = Reader(src, detect_format(src, input_format))
    out_path = Path(output)
    summary = ExportSummary()
    try:
        cols = reader.columns
        title = title_column if title_column and title_column in cols else None
        ids = id_column if id_column and id_column in cols else None
        missing = [c for c in (text_column, prefix + "is_pm", prefix + "error") if c not in cols]
        if missing:
            raise InputError(f"{src} has no column {', '.join(map(repr, missing))}: give a file "
                             "`pmclassify batch` wrote, and its text column (--text-column)")
        try:
            with open(out_path, "w", encoding="utf-8", newline="\n") as f:
                _write(f, reader, fmt, only_review, summary,
                       lambda row, line: _record(row, text_column, title, ids, prefix, line),
                       prefix)
        except OSError as exc:
            raise OutputError(f"cannot write {out_path}: {exc.strerror}; check the folder") \
                from None
    finally:
        reader.close()
    if fmt == "labelstudio":
        summary.config = out_path.with_suffix(".xml")
        summary.config.write_text(labeling_config(), encoding="utf-8")
    return summary
