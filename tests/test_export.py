"""Exporting rows to review, and the corrected labels closing the loop through evaluate."""

import json

import pytest

from pmclassify.batch.run import label_file
from pmclassify.cli import app
from pmclassify.errors import InputError
from pmclassify.report.export import export_file

from .conftest import ENGINEER, GROWTH, PMM
from .test_cli import runner


@pytest.fixture
def labeled(tmp_path):
    src = tmp_path / "in.csv"
    rows = [("1", "Growth PM", GROWTH), ("2", "Software Engineer", ENGINEER),
            ("3", "", PMM), ("4", "", ""), ("5", "Product Manager", "Roadmap.")]
    import csv

    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "description"])
        w.writerows(rows)
    out = tmp_path / "labeled.csv"
    label_file(src, out, jobs=1)
    return out


def test_label_studio_tasks_for_the_rows_to_review(labeled, tmp_path):
    out = tmp_path / "review.json"
    s = export_file(labeled, out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert (s.rows, s.exported) == (5, 4)  # the error row (empty text, no title) is left out
    assert [t["data"]["id"] for t in tasks] == ["1", "2", "3", "5"]
    assert s.config == tmp_path / "review.xml" and "<Choices" in s.config.read_text()
    first = tasks[0]["predictions"][0]
    assert [r["value"]["choices"][0] for r in first["result"]] == ["PM", "growth", "pm"]
    review = export_file(labeled, tmp_path / "only.json", only_review=True)
    flagged = json.loads((tmp_path / "only.json").read_text(encoding="utf-8"))
    assert review.exported == len(flagged) < 4
    assert all(t["data"]["review_reasons"] for t in flagged)


def test_jsonl_records(labeled, tmp_path):
    export_file(labeled, tmp_path / "r.jsonl", fmt="jsonl")
    recs = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [r["id"] for r in recs] == ["1", "2", "3", "5"]
    assert recs[0]["specialization"] == "growth" and recs[1]["is_pm"] is False


def test_bad_requests_are_refused(labeled, tmp_path):
    with pytest.raises(InputError, match="unknown export format"):
        export_file(labeled, tmp_path / "x", fmt="csv")
    with pytest.raises(InputError, match="no column 'body'"):
        export_file(labeled, tmp_path / "x.json", text_column="body")


def test_corrected_tasks_score_the_model(labeled, tmp_path):
    """The loop: export, correct in Label Studio (simulated: the prediction becomes the
    annotation, one label changed), export from it as JSON, evaluate --gold."""
    r = runner.invoke(app, ["export", str(labeled), "-o", str(tmp_path / "review.json")])
    assert r.exit_code == 0 and "4 of 5 rows exported" in r.output
    tasks = json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))
    for t in tasks:
        t["annotations"] = [{"was_cancelled": False, "result": t["predictions"][0]["result"]}]
    tasks[0]["annotations"][0]["result"][1]["value"]["choices"] = ["platform"]  # a correction
    (tmp_path / "project.json").write_text(json.dumps(tasks), encoding="utf-8")
    r = runner.invoke(app, ["evaluate", "--gold", str(tmp_path / "project.json")])
    assert r.exit_code == 0, r.output
    assert "gold:" in r.output and "specialization macro-F1" in r.output
    r = runner.invoke(app, ["export", str(labeled), "-o", str(tmp_path / "no" / "r.json")])
    assert r.exit_code == 1 and r.output.startswith("error: cannot write")
