"""Report, a: the figures of a labeled market, read from any file ``batch`` wrote (CSV, TSV,
JSONL, Parquet), one row at a time, so a file of millions of rows is summed in flat memory
(what grows is one count per employer and per month).

>>> from pmclassify.report.aggregate import Tally
>>> t = Tally()
>>> t.add({"is_pm": "True", "specialization": "growth", "seniority": "pm", "pm_score": "0.97",
...        "specialization_score": "0.9", "seniority_score": "0.8", "needs_review": "False",
...        "error": ""})
>>> t.figures()["specialization"]
{'growth': 1}
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmclassify.errors import InputError
from pmclassify.files.formats import detect_format
from pmclassify.files.read import Reader
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.model.artifacts import read_metadata

BINS = 10  # confidence histograms: tenths
SCORES = ("pm_score", "specialization_score", "seniority_score")
TOP_EMPLOYERS = 15
NEEDED = ("is_pm", "specialization", "seniority", "error")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def as_flag(v: Any) -> bool | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return v
    return str(v).strip().lower() in ("true", "1", "yes")


def as_score(v: Any) -> float | None:
    if v is None or v == "" or isinstance(v, bool):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if 0.0 <= x <= 1.0 else None


def cell_text(v: Any) -> str:
    return "" if v is None else str(v)


def _kind(message: str) -> str:
    """A reason or note without its particulars (numbers, quoted names), to count alike ones
    together: "specialization score 0.55 is under 0.70" -> "specialization score N is under N"."""
    return _NUMBER.sub("N", message.split(' "')[0]).strip()


def month_of(v: Any) -> str | None:
    """The ``YYYY-MM`` of a date cell (ISO text, or a date a Parquet column holds); None when
    it has none."""
    if isinstance(v, dt.date):
        return f"{v.year:04d}-{v.month:02d}"
    m = _MONTH.search(cell_text(v))
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None


@dataclass
class Tally:
    """Running counts of a labeled file's rows (:meth:`add` each row, then :meth:`figures`)."""

    prefix: str = ""
    company_column: str | None = None
    date_column: str | None = None
    rows: int = 0
    errors: int = 0
    pm: int = 0
    review: int = 0
    specialization: Counter[str] = field(default_factory=Counter)
    seniority: Counter[str] = field(default_factory=Counter)
    matrix: Counter[tuple[str, str]] = field(default_factory=Counter)
    secondary: Counter[tuple[str, str]] = field(default_factory=Counter)
    histograms: dict[str, list[int]] = field(
        default_factory=lambda: {s: [0] * BINS for s in SCORES})
    reasons: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    error_kinds: Counter[str] = field(default_factory=Counter)
    versions: Counter[str] = field(default_factory=Counter)
    employers: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    months: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    undated: int = 0

    def add(self, row: dict[str, Any]) -> None:
        def get(col: str) -> Any:
            return row.get(self.prefix + col)

        self.rows += 1
        if cell_text(get("model_version")):
            self.versions[cell_text(get("model_version"))] += 1
        error = cell_text(get("error"))
        if error:
            self.errors += 1
            self.error_kinds[_kind(error)] += 1
            return
        is_pm = bool(as_flag(get("is_pm")))
        for note in filter(None, cell_text(get("notes")).split("; ")):
            self.notes[_kind(note)] += 1
        # The PM score of every answered row; the other two of the PM rows, which have them.
        for name in SCORES if is_pm else SCORES[:1]:
            x = as_score(get(name))
            if x is not None:
                self.histograms[name][min(int(x * BINS), BINS - 1)] += 1
        company = cell_text(row.get(self.company_column)).strip() if self.company_column else ""
        month = month_of(row.get(self.date_column)) if self.date_column else None
        if self.date_column and month is None:
            self.undated += 1
        if month:
            self.months[month]["rows"] += 1
        if company:
            self.employers[company]["rows"] += 1
        if not is_pm:
            return
        self.pm += 1
        spec, sen = cell_text(get("specialization")), cell_text(get("seniority"))
        second = cell_text(get("secondary_specialization"))
        self.specialization[spec] += 1
        self.seniority[sen] += 1
        self.matrix[(spec, sen)] += 1
        if second:
            self.secondary[(spec, second)] += 1
        if as_flag(get("needs_review")):
            self.review += 1
            for reason in filter(None, cell_text(get("review_reasons")).split("; ")):
                self.reasons[_kind(reason)] += 1
        if month:
            self.months[month]["pm"] += 1
        if company:
            self.employers[company]["pm"] += 1
            self.employers[company][spec] += 1

    def figures(self) -> dict[str, Any]:
        """The aggregates as plain JSON data."""
        answered = self.rows - self.errors
        out: dict[str, Any] = {
            "rows": self.rows, "errors": self.errors, "answered": answered, "pm": self.pm,
            "pm_share": round(self.pm / answered, 4) if answered else None,
            "specialization": {s: self.specialization[s] for s in SPECIALIZATIONS
                               if self.specialization[s]},
            "seniority": {s: self.seniority[s] for s in SENIORITIES if self.seniority[s]},
            "matrix": {sp: {se: self.matrix[(sp, se)] for se in SENIORITIES}
                       for sp in SPECIALIZATIONS},
            "secondary": {sp: {se: n for (p, se), n in sorted(self.secondary.items())
                               if p == sp} for sp in SPECIALIZATIONS
                          if any(p == sp for p, _ in self.secondary)},
            "confidence": {s: list(h) for s, h in self.histograms.items()},
            "needs_review": {"pm_rows": self.review,
                             "share_of_pm": round(self.review / self.pm, 4) if self.pm else None,
                             "reasons": dict(self.reasons.most_common())},
            "notes": dict(self.notes.most_common()),
            "error_kinds": dict(self.error_kinds.most_common()),
            "model_versions": dict(self.versions.most_common()),
        }
        if self.company_column:
            top = sorted(self.employers.items(), key=lambda kv: (-kv[1]["pm"], kv[0]))
            out["employers"] = {
                "column": self.company_column, "distinct": len(self.employers),
                "top": [{"name": name, "rows": c["rows"], "pm": c["pm"],
                         "mix": {s: c[s] for s in SPECIALIZATIONS if c[s]}}
                        for name, c in top[:TOP_EMPLOYERS] if c["pm"]]}
        if self.date_column:
            out["months"] = {"column": self.date_column, "undated": self.undated,
                             "by_month": {m: {"rows": c["rows"], "pm": c["pm"]}
                                          for m, c in sorted(self.months.items())}}
        return out


def _measured(versions: dict[str, int]) -> dict[str, Any] | None:
    """The shipped model's measured accuracy, when the file was labeled by it."""
    meta = read_metadata(None)
    if meta.get("model_version") not in versions:
        return None
    return {"model_version": meta["model_version"], "metrics": meta.get("metrics", {}),
            "review_figures": meta.get("review_figures", {})}


def aggregate_file(path: str | Path, *, fmt: str | None = None, prefix: str = "",
                   company_column: str | None = None, date_column: str | None = None,
                   encoding: str = "utf-8") -> dict[str, Any]:
    """The figures of a file ``batch`` wrote (``prefix``: the one it was run with), streamed.

    ``company_column`` and ``date_column`` name the input's columns to split by employer and
    by month; each must be in the file.
    """
    src = str(path)
    reader = Reader(src, detect_format(src, fmt), encoding)
    try:
        columns = reader.columns
        missing = [prefix + c for c in NEEDED if prefix + c not in columns]
        missing += [c for c in (company_column, date_column) if c and c not in columns]
        if missing:
            raise InputError(f"{src} has no column {', '.join(map(repr, missing))}: give a file "
                             "`pmclassify batch` wrote (with --prefix if it was run with one), and "
                             f"columns it has ({', '.join(columns[:12])})")
        tally = Tally(prefix, company_column, date_column)
        for _, row in reader:
            tally.add(row)
    finally:
        reader.close()
    figures = tally.figures()
    return {"source": Path(src).name, **figures, "measured": _measured(figures["model_versions"])}
