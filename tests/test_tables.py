"""Tables: DataFrames and Arrow in, prediction columns out; and docs/recipes.md's DuckDB and
Polars recipes, run as written."""

import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pmclassify import Classifier
from pmclassify.errors import InputError
from pmclassify.predict.rows import OUTPUT_COLUMNS

from .conftest import ENGINEER, GROWTH, PMM, ROOT

POSTINGS = pa.table({"description": [GROWTH, ENGINEER, PMM, None],
                     "title": ["Product Manager", "Software Engineer", None, None]})


@pytest.fixture(scope="module")
def clf():
    return Classifier.load()


def test_arrow_in_arrow_out_row_for_row(clf):
    out = clf.predict_arrow(POSTINGS)
    assert out.column_names == list(OUTPUT_COLUMNS) and out.num_rows == 4
    assert out.schema.field("is_pm").type == pa.bool_()
    assert out.schema.field("pm_score").type == pa.float64()
    assert out.column("specialization").to_pylist()[:3] == ["growth", None, "pmm"]
    assert out.column("error").to_pylist()[3] == "empty text and no title"
    batch = POSTINGS.to_batches()[0]
    assert clf.predict_arrow(batch, prefix="pmc_").column_names[0] == "pmc_is_pm"
    # The same answers as a DataFrame's.
    df = clf.predict_dataframe(POSTINGS.to_pandas(), title_column="title")
    assert df["specialization"].tolist()[:3] == out.column("specialization").to_pylist()[:3]


def test_arrow_input_is_checked(clf):
    with pytest.raises(InputError, match="no column 'text'"):
        clf.predict_arrow(POSTINGS, text="text")
    reader = pa.RecordBatchReader.from_batches(POSTINGS.schema, POSTINGS.to_batches())
    assert clf.predict_arrow(reader).num_rows == 4
    with pytest.raises(InputError, match="takes a pyarrow Table"):
        clf.predict_arrow([{"description": "x"}])
    clash = POSTINGS.append_column("is_pm", pa.array([True] * 4))
    with pytest.raises(InputError, match="clash with the output columns"):
        clf.predict_arrow(clash)


def _recipes(heading: str) -> list[str]:
    text = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


@pytest.mark.parametrize("heading", ["DuckDB", "Polars"])
def test_the_recipes_run_as_written(heading, tmp_path, monkeypatch, capsys):
    pytest.importorskip(heading.lower())
    pq.write_table(POSTINGS.slice(0, 3), tmp_path / "postings.parquet")
    monkeypatch.chdir(tmp_path)
    blocks = _recipes(heading)
    assert blocks
    for block in blocks:
        exec(block, {})
    printed = capsys.readouterr().out
    assert "growth" in printed and "pmm" in printed
