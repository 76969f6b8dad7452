import csv

import pytest

from pmclassify.errors import InputError
from pmclassify.evaluate.gold import gold_postings, read_csv, read_gold


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_values_are_normalized(tmp_path):
    g = _write(tmp_path / "g.csv", ["id", "is_pm", "specialization", "secondary", "seniority"],
               [("1", "yes", " Growth ", "PMM", "Senior"), ("2", "0", "", "", ""),
                ("3", "TRUE", "core", "", "pm")])
    rows = read_gold(g)
    assert [(r["is_pm"], r["specialization"], r["secondary"], r["seniority"]) for r in rows] == [
        ("True", "growth", "pmm", "senior"), ("False", "", "", ""), ("True", "core", "", "pm")]


@pytest.mark.parametrize(("row", "message"), [
    (("1", "maybe", "core", "", "pm"), "line 2: is_pm 'maybe' is neither true nor false"),
    (("1", "True", "tpm", "", "pm"), "line 2: specialization 'tpm' is not one of core growth"),
    (("1", "True", "core", "", "staff"), "seniority 'staff' is not one of apm pm senior"),
    (("1", "True", "core", "ux", "pm"), "secondary 'ux'"),
    (("1", "True", "", "", "pm"), "specialization '' is not one of"),
    (("1", "False", "", "", ""), "no PM rows"),
])
def test_bad_values_name_their_line(tmp_path, row, message):
    g = _write(tmp_path / "g.csv", ["id", "is_pm", "specialization", "secondary", "seniority"],
               [row])
    with pytest.raises(InputError, match=message):
        read_gold(g)


def test_missing_columns_and_files(tmp_path):
    with pytest.raises(InputError, match="no column 'is_pm'"):
        read_gold(_write(tmp_path / "g.csv", ["id", "specialization", "seniority"],
                         [("1", "core", "pm")]))
    # A header-only file with a missing column names the column, the first thing to fix.
    with pytest.raises(InputError, match="no column 'is_pm'"):
        read_gold(_write(tmp_path / "h.csv", ["id", "specialization", "seniority"], []))
    with pytest.raises(InputError, match="has no rows"):
        read_gold(_write(tmp_path / "e.csv", ["id", "is_pm", "specialization", "seniority"], []))
    with pytest.raises(InputError, match="cannot read"):
        read_gold(tmp_path / "none.csv")
    (tmp_path / "bin.csv").write_bytes(b"id,is_pm\n\xff\xfe\x00\n")
    with pytest.raises(InputError, match="UTF-8"):
        read_csv(tmp_path / "bin.csv")


def _gold(tmp_path, header=("id", "is_pm", "specialization", "seniority"), rows=None):
    return _write(tmp_path / "gold.csv", header, rows or [("1", "True", "growth", "senior")])


def test_join_on_id(tmp_path, tiny_csv):
    g = _gold(tmp_path)
    postings, rows = gold_postings(read_gold(g), g, tiny_csv, "description", "title")
    assert len(postings) == 24 and rows[0]["title"] == "Senior Growth Product Manager"
    with pytest.raises(InputError, match="no column 'body'; pass --text-column"):
        gold_postings(read_gold(g), g, tiny_csv, "body", "title")
    with pytest.raises(InputError, match="no column 'heading'; pass --title-column"):
        gold_postings(read_gold(g), g, tiny_csv, "description", "heading")
    g2 = _gold(tmp_path, ("is_pm", "specialization", "seniority"), [("True", "core", "pm")])
    with pytest.raises(InputError, match="no 'id' column"):
        gold_postings(read_gold(g2), g2, tiny_csv, "description", "title")


def test_gold_file_with_its_own_text(tmp_path):
    g = _gold(tmp_path, ("headline", "text", "is_pm", "specialization", "seniority"),
              [("Growth PM", "Own the funnel.", "True", "growth", "pm")])
    postings, rows = gold_postings(read_gold(g), g, None, "text", "headline")
    assert postings == [] and rows[0]["text"] == "Own the funnel."
    with pytest.raises(InputError, match="no column 'description' with the posting text"):
        gold_postings(read_gold(g), g, None, "description", "headline")
    assert gold_postings(read_gold(g), g, None, "text", "")[1] == rows
