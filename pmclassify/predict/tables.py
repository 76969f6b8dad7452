"""Stage 5i: predictions for whole tables — a pandas DataFrame, or an Arrow table or record
batch (what DuckDB, Polars and Spark exchange) — as columns beside the input's
(:mod:`pmclassify.predict.rows`)."""

from __future__ import annotations

from typing import Any

from pmclassify.errors import InputError
from pmclassify.files.write import as_text
from pmclassify.predict.rows import (
    OUTPUT_COLUMNS,
    PANDAS_DTYPES,
    TYPES,
    classify_rows,
    input_columns,
)


def _missing(v: Any) -> bool:
    """None or a float NaN: the missing values of an Arrow column or a plain list."""
    return v is None or (isinstance(v, float) and v != v)


def _rows(clf: Any, texts: list[Any], titles: list[Any] | None,
          missing: Any = _missing) -> list[dict[str, Any]]:
    """Prediction rows for table cells; ``missing`` tells a cell that holds no value."""
    def cell(v: Any) -> str | None:
        return None if missing(v) else as_text(v)

    pairs = [(cell(t) or "", cell(ti) if titles is not None else None)
             for t, ti in zip(texts, titles or [None] * len(texts), strict=True)]
    return classify_rows(clf, pairs)


def predict_dataframe(clf: Any, df: Any, text_column: str, title_column: str | None,
                      prefix: str) -> Any:
    """``df``'s columns plus the prediction columns, with nullable pandas dtypes."""
    import pandas as pd

    title_column = input_columns([str(c) for c in df.columns], text_column, title_column,
                                 prefix, "the DataFrame")
    def missing(v: Any) -> bool:  # None, NaN, pd.NA and NaT are all "no value"
        return v is None or bool(pd.api.types.is_scalar(v) and pd.isna(v))

    rows = _rows(clf, df[text_column].tolist(),
                 df[title_column].tolist() if title_column else None, missing)
    out = df.copy()
    for c in OUTPUT_COLUMNS:
        out[prefix + c] = pd.Series([r[c] for r in rows], index=df.index, dtype=PANDAS_DTYPES[c])
    return out


def predict_arrow(clf: Any, data: Any, text: str, title: str | None, prefix: str) -> Any:
    """The prediction columns (named with ``prefix``) of an Arrow table or record batch."""
    import pyarrow as pa

    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    elif isinstance(data, pa.RecordBatchReader):
        data = data.read_all()
    elif not isinstance(data, pa.Table) and hasattr(data, "__arrow_c_stream__"):
        data = pa.table(data)  # a Polars DataFrame, a DuckDB relation: the Arrow stream protocol
    if not isinstance(data, pa.Table):
        raise InputError(f"predict_arrow takes a pyarrow Table, RecordBatch or reader (or what "
                         f"speaks Arrow's stream protocol), not {type(data).__name__}")
    title = input_columns(list(data.column_names), text, title, prefix, "the Arrow table")
    rows = _rows(clf, data.column(text).to_pylist(),
                 data.column(title).to_pylist() if title else None)
    kinds = {"bool": pa.bool_(), "float": pa.float64()}
    return pa.table({prefix + c: pa.array([r[c] for r in rows],
                                          type=kinds.get(TYPES.get(c, ""), pa.string()))
                     for c in OUTPUT_COLUMNS})
