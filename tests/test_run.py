import csv
import json

import pytest
from typer.testing import CliRunner

from pmclassify.batch.run import label_file
from pmclassify.cli import app
from pmclassify.errors import InputError, ResumeError
from pmclassify.predict.rows import OUTPUT_COLUMNS

from .conftest import ENGINEER, GROWTH, PMM

runner = CliRunner()


def _write(path, rows, header=("id", "title", "description"), bom=False):
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _rows(n):
    texts = [GROWTH, ENGINEER, PMM, ""]
    titles = ["Growth PM", "Software Engineer", "Product Marketing Manager", "Product Manager"]
    return [(str(i), titles[i % 4], texts[i % 4]) for i in range(n)]


def _stop_at(rows):
    """A progress callback that interrupts the run once ``rows`` rows are written."""

    def boom(p):
        if p.rows >= rows:
            raise KeyboardInterrupt

    return boom


def _read(path):
    # Undecodable input bytes are written back unchanged, so read them back the same way.
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        return list(csv.DictReader(f))


def test_every_row_once_in_order_with_columns_kept(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(50))
    s = label_file(src, tmp_path / "out.csv", title_column="title", jobs=1, chunk_size=8)
    out = _read(tmp_path / "out.csv")
    assert [r["id"] for r in out] == [str(i) for i in range(50)]
    assert list(out[0]) == ["id", "title", "description", *OUTPUT_COLUMNS]
    assert out[0]["description"] == GROWTH and out[0]["specialization"] == "growth"
    assert out[1]["is_pm"] == "False" and out[3]["error"] == "empty text"
    assert s.rows == 50 and s.errors == 12 and s.specialization["growth"] == 13


def test_two_jobs_equal_one(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(40))
    label_file(src, tmp_path / "a.csv", title_column="title", jobs=1, chunk_size=7)
    label_file(src, tmp_path / "b.csv", title_column="title", jobs=2, chunk_size=7)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_interrupted_then_resumed_is_identical(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(60))
    label_file(src, tmp_path / "ref.csv", title_column="title", jobs=1, chunk_size=10)
    with pytest.raises(KeyboardInterrupt):
        label_file(src, tmp_path / "out.csv", title_column="title", jobs=1, chunk_size=10,
                   progress=_stop_at(30))
    assert not (tmp_path / "out.csv").exists()
    with pytest.raises(ResumeError, match="--resume"):
        label_file(src, tmp_path / "out.csv", title_column="title", jobs=1, chunk_size=10)
    with pytest.raises(ResumeError, match="title differ"):
        label_file(src, tmp_path / "out.csv", title_column="", jobs=1, chunk_size=10,
                   resume=True)
    s = label_file(src, tmp_path / "out.csv", title_column="title", jobs=1, chunk_size=10,
                   resume=True)
    assert s.resumed_from == 30 and s.rows == 60
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "ref.csv").read_bytes()


def test_bom_jsonl_and_parquet(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(8), bom=True)
    label_file(src, tmp_path / "o.jsonl", jobs=1)
    lines = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert lines[0]["id"] == "0" and isinstance(lines[0]["is_pm"], bool)
    label_file(tmp_path / "o.jsonl", tmp_path / "o.parquet", jobs=1, prefix="pmc_")
    pq = pytest.importorskip("pyarrow.parquet")
    t = pq.read_table(tmp_path / "o.parquet")
    assert t.num_rows == 8 and "pmc_is_pm" in t.column_names


def test_malformed_line_stops_or_is_skipped_and_reported(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text('id,title,description\n1,PM,"Own the roadmap."\n2,too,many,fields\n'
                   '3,PM,"Run experiments."\n')
    with pytest.raises(InputError, match="line 3"):
        label_file(src, tmp_path / "o.csv", jobs=1)
    s = label_file(src, tmp_path / "o.csv", jobs=1, on_bad_line="skip")
    assert [r["id"] for r in _read(tmp_path / "o.csv")] == ["1", "3"]
    assert s.skipped_lines == 1 and "line 3" in (tmp_path / "o.csv.bad-lines.txt").read_text()


def test_undecodable_and_other_encodings(tmp_path):
    src = tmp_path / "latin.csv"
    src.write_bytes("id,description\n1,Gestión de producto y roadmap\n".encode("latin-1"))
    label_file(src, tmp_path / "a.csv", jobs=1)
    assert "undecodable" in _read(tmp_path / "a.csv")[0]["error"]
    label_file(src, tmp_path / "b.csv", jobs=1, encoding="latin-1")
    assert _read(tmp_path / "b.csv")[0]["error"] == ""


def test_missing_column_clash_and_overwrite(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(3))
    with pytest.raises(InputError, match="its columns are: id, title, description"):
        label_file(src, tmp_path / "o.csv", text_column="body")
    clash = _write(tmp_path / "c.csv", [("1", "x")], header=("id", "seniority"))
    with pytest.raises(InputError, match="--prefix"):
        label_file(clash, tmp_path / "o.csv", text_column="id")
    label_file(src, tmp_path / "o.csv", jobs=1)
    with pytest.raises(InputError, match="--overwrite"):
        label_file(src, tmp_path / "o.csv")


def test_cli_batch_happy_and_errors(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(12))
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"), "--title-column",
                            "title", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert "12 rows" in r.output and "specialization:" in r.output
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "x.csv"),
                            "--text-column", "body"])
    assert r.exit_code == 2 and "its columns are" in r.output
    r = runner.invoke(app, ["batch", "-", "-o", "-", "--jobs", "1", "-q"],
                      input=src.read_text())
    out = list(csv.DictReader(r.output.splitlines(keepends=True)))
    assert r.exit_code == 0 and [o["id"] for o in out] == [str(i) for i in range(12)]
    assert out[0]["description"] == GROWTH


def test_the_title_column_is_read_unless_turned_down(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(8))
    named = label_file(src, tmp_path / "named.csv", title_column="title", jobs=1)
    found = label_file(src, tmp_path / "found.csv", jobs=1)
    assert named.title_column == found.title_column == "title"
    assert _read(tmp_path / "found.csv") == _read(tmp_path / "named.csv")
    off = label_file(src, tmp_path / "off.csv", title_column="", jobs=1)
    assert off.title_column is None
    # The growth body alone is too thin to be read as PM; its "Growth PM" title decides it.
    assert _read(tmp_path / "found.csv")[0]["specialization"] == "growth"
    assert _read(tmp_path / "off.csv") != _read(tmp_path / "found.csv")
    untitled = _write(tmp_path / "untitled.csv", [(i, t) for i, _, t in _rows(4)],
                      header=("id", "description"))
    assert label_file(untitled, tmp_path / "u.csv", jobs=1).title_column is None
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "c.csv"), "--jobs", "1"])
    assert r.exit_code == 0 and "titles: column 'title'" in r.output
    r = runner.invoke(app, ["batch", str(untitled), "-o", str(tmp_path / "d.csv"), "--jobs", "1"])
    assert r.exit_code == 0 and "titles: none used" in r.output


def test_weak_answers_are_counted_by_reason(tmp_path):
    german = ("Wir suchen einen Produktmanager für unsere Plattform, der mit den Teams die Roadmap "
              "gestaltet und die Bedürfnisse der Kunden versteht. Du bist ein Teamplayer.")
    rows = [("1", "Product Manager", "Roadmap."), ("2", "Senior PM", "Roadmap and launches."),
            ("3", "Product Manager", german), ("4", "Growth PM", GROWTH)]
    s = label_file(_write(tmp_path / "in.csv", rows), tmp_path / "out.csv", title_column="title",
                   jobs=1)
    assert s.notes == {"the text is too short to read a role from": 2,
                       "the text does not read as English": 1}
    out = _read(tmp_path / "out.csv")
    assert out[0]["notes"].startswith("the text is too short") and out[3]["notes"] == ""
    r = runner.invoke(app, ["batch", str(tmp_path / "in.csv"), "-o", str(tmp_path / "o2.csv"),
                            "--title-column", "title", "--jobs", "1"])
    assert r.exit_code == 0 and "weak answers (see the notes column): the text is too" in r.output


def test_resumed_summary_counts_the_earlier_rows(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(40))
    ref = label_file(src, tmp_path / "ref.csv", title_column="title", jobs=1, chunk_size=10)
    with pytest.raises(KeyboardInterrupt):
        label_file(src, tmp_path / "o.csv", title_column="title", jobs=1, chunk_size=10,
                   progress=_stop_at(20))
    s = label_file(src, tmp_path / "o.csv", title_column="title", jobs=1, chunk_size=10,
                   resume=True)
    assert (s.rows, s.errors, s.specialization, s.notes) == \
        (ref.rows, ref.errors, ref.specialization, ref.notes)


def test_jsonl_keeps_value_types_and_never_drops_keys(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 7, "tags": ["a"], "description": GROWTH}) + "\n"
                   + json.dumps({"id": 8, "tags": None, "description": PMM, "extra": 1}) + "\n")
    with pytest.raises(InputError, match="line 2: keys extra"):
        label_file(src, tmp_path / "o.jsonl", jobs=1)
    label_file(src, tmp_path / "o.jsonl", jobs=1, on_bad_line="skip", overwrite=True)
    rows = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["id"] == 7 and rows[0]["tags"] == ["a"]
    assert "line 2" in (tmp_path / "o.jsonl.bad-lines.txt").read_text()


def test_parquet_keeps_column_types(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": [1, 2], "description": [GROWTH, ENGINEER]}),
                   tmp_path / "in.parquet")
    label_file(tmp_path / "in.parquet", tmp_path / "o.parquet", jobs=1)
    t = pq.read_table(tmp_path / "o.parquet")
    assert t.schema.field("id").type == pa.int64() and t.column("id").to_pylist() == [1, 2]
    assert t.schema.field("pm_score").type == pa.float64()


def test_progress_fraction_follows_rows_done_not_rows_read(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(400))  # ~120 kB: 8 kB read buffers blur little
    seen = []
    label_file(src, tmp_path / "o.csv", title_column="title", jobs=1, chunk_size=50,
               progress=seen.append)
    assert [p.rows for p in seen] == list(range(50, 401, 50))
    for p in seen:  # the reader runs a chunk ahead; the fraction must not
        assert p.fraction is not None and abs(p.fraction - p.rows / 400) < 0.1
