"""Stage 5c: predictions as table rows — the output columns every batch run, Dask partition and
DataFrame gets, and the checks of the columns a table must (and must not) have.
"""

from __future__ import annotations

from typing import Any

from pmclassify.errors import InputError
from pmclassify.text.notes import Evidence

OUTPUT_COLUMNS = ("is_pm", "specialization", "secondary_specialization", "seniority", "pm_score",
                  "specialization_score", "secondary_score", "seniority_score", "needs_review",
                  "review_reasons", "language", "evidence", "notes", "model_version", "error")
TYPES = {"is_pm": "bool", "pm_score": "float", "specialization_score": "float",
         "secondary_score": "float", "seniority_score": "float", "needs_review": "bool"}
# pandas dtypes of the output columns: nullable, since an error row has no prediction.
PANDAS_DTYPES: dict[str, Any] = {
    c: {"bool": "boolean", "float": "Float64"}.get(TYPES.get(c, ""), object) for c in OUTPUT_COLUMNS
}
MAX_FIELD_CHARS = 1_000_000
# A row's notes as codes, beside its output columns (never written: the notes column has them in
# words), so that a batch counts them without reading the words.
NOTE_CODES = "_note_codes"


def _row_error(text: str, title: str | None) -> str | None:
    # An empty text with a title is answered from the title, as `classify` answers it.
    if not text.strip() and not (title or "").strip():
        return "empty text and no title"
    if len(text) > MAX_FIELD_CHARS:
        return f"text has {len(text):,} characters, over the {MAX_FIELD_CHARS:,} limit"
    return None


def _short_evidence(ev: dict[str, list[Evidence]]) -> str:
    parts = []
    for key in ("specialization", "seniority"):
        items = [e.short() for e in ev.get(key, []) if e.label is None][:3]
        if items:
            parts.append(f"{key[:4]}: {', '.join(items)}")
    return "; ".join(parts)[:200]


def classify_rows(clf: Any, pairs: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
    """Prediction columns for ``(text, title)`` pairs; a row that cannot be classified gets
    its reason in ``error`` and empty predictions, never an exception."""
    empty = dict.fromkeys(OUTPUT_COLUMNS[:-2])
    out: list[dict[str, Any]] = [{**empty, "model_version": clf.version,
                                  "error": _row_error(t, title), NOTE_CODES: ()}
                                 for t, title in pairs]
    todo = [i for i, r in enumerate(out) if r["error"] is None]
    # The rows show the evidence in short, without its places: spans are not looked for.
    preds = clf.predict_many([pairs[i][0] for i in todo], [pairs[i][1] for i in todo],
                             spans=False)
    for i, p in zip(todo, preds, strict=True):
        out[i].update(is_pm=p.is_pm, specialization=p.specialization,
                      secondary_specialization=p.secondary_specialization,
                      seniority=p.seniority, pm_score=p.pm_score,
                      specialization_score=p.specialization_score,
                      secondary_score=p.secondary_score, seniority_score=p.seniority_score,
                      needs_review=p.needs_review, review_reasons="; ".join(p.review_reasons),
                      language=p.language,
                      evidence=_short_evidence(p.evidence),
                      notes="; ".join(w.message for w in p.warnings), error="")
        out[i][NOTE_CODES] = tuple(w.code for w in p.warnings)
    return out


# Read as the title when the input has it and no title column is named: a run that silently
# dropped the titles would lose the answers they decide (TAXONOMY rules 1 and §3).
DEFAULT_TITLE_COLUMN = "title"


def title_column_of(columns: list[str], title_column: str | None) -> str | None:
    """The title column to read: the one named, the input's ``title`` column when None is
    named and it has one, and no titles for ``""``.

    >>> title_column_of(["title", "description"], None), title_column_of(["title"], "")
    ('title', None)
    """
    if title_column is None:
        return DEFAULT_TITLE_COLUMN if DEFAULT_TITLE_COLUMN in columns else None
    return title_column or None


def check_columns(columns: list[str], needed: tuple[str | None, ...], prefix: str,
                  source: str) -> None:
    """Refuse input that lacks a needed column or has one the output would overwrite."""
    for c in needed:
        if c and c not in columns:
            raise InputError(f"{source} has no column {c!r}; its columns are: "
                             f"{', '.join(columns)}")
    clash = sorted(set(columns) & {prefix + c for c in OUTPUT_COLUMNS})
    if clash:
        raise InputError(f"{source}: columns {', '.join(clash)} clash with the output columns; "
                         "pass a prefix (--prefix or prefix=, e.g. pmc_) to name the new ones "
                         "apart")


def input_columns(columns: list[str], text_column: str, title_column: str | None, prefix: str,
                  source: str, *also: str | None) -> str | None:
    """The title column a table's rows are read with (:func:`title_column_of`), once its
    columns are checked (:func:`check_columns`: the text, title and ``also`` columns)."""
    title = title_column_of(columns, title_column)
    check_columns(columns, (text_column, title, *also), prefix, source)
    return title
