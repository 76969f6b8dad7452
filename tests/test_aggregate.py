"""The report's figures, against a labeled file counted by hand."""

import csv
import json

import pytest

from pmclassify.errors import InputError
from pmclassify.report.aggregate import aggregate_file, month_of

COLS = ["id", "company", "posted", "is_pm", "specialization", "secondary_specialization",
        "seniority", "pm_score", "specialization_score", "secondary_score", "seniority_score",
        "needs_review", "review_reasons", "language", "evidence", "notes", "model_version",
        "error"]
ROWS = [  # by hand: 4 PM (2 growth, 1 pmm, 1 core), 2 not PM, 1 error row
    ["1", "acme", "2025-01-03", "True", "growth", "platform", "senior", "0.97", "0.91", "0.3",
     "0.99", "False", "", "en", "", "", "m1", ""],
    ["2", "acme", "2025-01-20", "True", "growth", "", "pm", "0.95", "0.55", "", "0.62",
     "True", "specialization score 0.55 is under 0.70", "en", "", "", "m1", ""],
    ["3", "bolt", "2025-02-11", "True", "pmm", "", "pm", "0.99", "0.99", "", "0.99", "False",
     "", "en", "", "", "m1", ""],
    ["4", "bolt", "", "True", "core", "growth", "director", "0.81", "0.45", "0.27", "0.51",
     "True", "specialization score 0.45 is under 0.70; seniority score 0.51 is under 0.60",
     "en", "", "the text was cut to its first 60,000 characters", "m1", ""],
    ["5", "cord", "2025-02-01", "False", "", "", "", "0.02", "", "", "", "False", "", "en", "",
     "", "m1", ""],
    ["6", "", "soon", "False", "", "", "", "0.45", "", "", "", "True",
     "PM or not is close (score 0.45)", "de", "",
     "the text does not read as English, the only language the model reads", "m1", ""],
    ["7", "cord", "2025-03-09", "", "", "", "", "", "", "", "", "", "", "", "", "", "m1",
     "empty text and no title"],
]


@pytest.fixture
def labeled(tmp_path):
    path = tmp_path / "labeled.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        w.writerows(ROWS)
    return path


def test_the_figures_are_the_counts_by_hand(labeled):
    f = aggregate_file(labeled, company_column="company", date_column="posted")
    assert (f["rows"], f["errors"], f["answered"], f["pm"]) == (7, 1, 6, 4)
    assert f["pm_share"] == round(4 / 6, 4)
    assert f["specialization"] == {"core": 1, "growth": 2, "pmm": 1}
    assert f["seniority"] == {"pm": 2, "senior": 1, "director": 1}
    assert f["matrix"]["growth"]["senior"] == 1 and f["matrix"]["core"]["director"] == 1
    assert sum(sum(r.values()) for r in f["matrix"].values()) == 4
    assert f["secondary"] == {"growth": {"platform": 1}, "core": {"growth": 1}}
    # PM score of the 6 answered rows; the two other scores of the 4 PM rows only.
    assert f["confidence"]["pm_score"] == [1, 0, 0, 0, 1, 0, 0, 0, 1, 3]
    assert f["confidence"]["specialization_score"] == [0, 0, 0, 0, 1, 1, 0, 0, 0, 2]
    assert sum(f["confidence"]["seniority_score"]) == 4
    # Flagged PM rows, and their reasons without their numbers.
    assert f["needs_review"]["pm_rows"] == 2 and f["needs_review"]["share_of_pm"] == 0.5
    assert f["needs_review"]["reasons"] == {"specialization score N is under N": 2,
                                            "seniority score N is under N": 1}
    assert f["notes"] == {"the text was cut to its first N characters": 1,
                          "the text does not read as English, the only language the model "
                          "reads": 1}
    assert f["error_kinds"] == {"empty text and no title": 1}
    assert f["model_versions"] == {"m1": 7} and f["measured"] is None  # not the shipped model
    top = {t["name"]: t for t in f["employers"]["top"]}
    assert f["employers"]["distinct"] == 3  # rows without a company are left out
    assert top["acme"] == {"name": "acme", "rows": 2, "pm": 2, "mix": {"growth": 2}}
    assert top["bolt"]["mix"] == {"core": 1, "pmm": 1} and "cord" not in top  # no PM postings
    months = f["months"]["by_month"]
    assert months == {"2025-01": {"rows": 2, "pm": 2}, "2025-02": {"rows": 2, "pm": 1}}
    assert f["months"]["undated"] == 2  # "" and "soon"; the error row is not dated


def test_jsonl_and_parquet_give_the_same_figures(labeled, tmp_path):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(labeled, dtype=str, keep_default_na=False)
    jsonl = tmp_path / "labeled.jsonl"
    with open(jsonl, "w", encoding="utf-8") as f:
        for r in df.to_dict("records"):
            f.write(json.dumps(r) + "\n")
    parquet = tmp_path / "labeled.parquet"
    df.to_parquet(parquet)
    want = aggregate_file(labeled)
    for other in (jsonl, parquet):
        got = aggregate_file(other)
        assert {**got, "source": ""} == {**want, "source": ""}


def test_a_file_batch_did_not_write_is_refused(tmp_path, labeled):
    plain = tmp_path / "plain.csv"
    plain.write_text("id,description\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="has no column 'is_pm'.*pmclassify batch"):
        aggregate_file(plain)
    with pytest.raises(InputError, match="has no column 'date'"):
        aggregate_file(labeled, date_column="date")
    with pytest.raises(InputError, match="has no column 'x_is_pm'.*--prefix"):
        aggregate_file(labeled, prefix="x_")


def test_months_are_read_from_dates_as_written():
    import datetime as dt

    assert month_of("2025-03-09T10:00:00Z") == "2025-03"
    assert month_of(dt.date(2024, 11, 2)) == "2024-11" and month_of("2024-13-01") is None
    assert month_of("") is None and month_of(None) is None
