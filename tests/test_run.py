import csv
import json
import pathlib

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
    # Strictly: the output is always valid UTF-8.
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_row_once_in_order_with_columns_kept(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(50))
    s = label_file(src, tmp_path / "out.csv", title_column="title", jobs=1, chunk_size=8)
    out = _read(tmp_path / "out.csv")
    assert [r["id"] for r in out] == [str(i) for i in range(50)]
    assert list(out[0]) == ["id", "title", "description", *OUTPUT_COLUMNS]
    assert out[0]["description"] == GROWTH and out[0]["specialization"] == "growth"
    # An empty text with a title is answered from the title, as `classify` answers it.
    assert out[1]["is_pm"] == "False" and out[3]["error"] == "" and out[3]["is_pm"] == "True"
    assert "too short" in out[3]["notes"]
    assert s.rows == 50 and s.errors == 0 and s.specialization["growth"] == 13


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


def test_a_file_in_another_encoding_stops_or_is_read_in_it(tmp_path):
    src = tmp_path / "latin.csv"
    src.write_bytes("id,description\n1,Gestión de producto y roadmap\n".encode("latin-1"))
    with pytest.raises(InputError, match="line 2: byte 0xF3 .*--encoding auto"):
        label_file(src, tmp_path / "a.csv", jobs=1)
    assert not (tmp_path / "a.csv").exists()
    assert not (tmp_path / "a.csv.pmclassify-partial").exists()
    label_file(src, tmp_path / "b.csv", jobs=1, encoding="latin-1")
    assert _read(tmp_path / "b.csv")[0]["description"].startswith("Gestión")
    s = label_file(src, tmp_path / "c.csv", jobs=1, encoding="auto")
    assert s.encoding == "cp1252" and _read(tmp_path / "c.csv")[0]["description"] == \
        "Gestión de producto y roadmap"


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
    # Its empty text has no title to answer from: an error row, so exit code 3.
    assert r.exit_code == 3 and "titles: none used" in r.output


def test_weak_answers_are_counted_by_reason(tmp_path):
    german = ("Wir suchen einen Produktmanager für unsere Plattform, der mit den Teams die Roadmap "
              "gestaltet und die Bedürfnisse der Kunden versteht. Du bist ein Teamplayer.")
    rows = [("1", "Product Manager", "Roadmap."), ("2", "Senior PM", "Roadmap and launches."),
            ("3", "Product Manager", german), ("4", "Growth PM", GROWTH)]
    s = label_file(_write(tmp_path / "in.csv", rows), tmp_path / "out.csv", title_column="title",
                   jobs=1)
    assert s.notes == {"too_short": 2, "not_english": 1}
    out = _read(tmp_path / "out.csv")
    assert out[0]["notes"].startswith("the text is too short") and out[3]["notes"] == ""
    r = runner.invoke(app, ["batch", str(tmp_path / "in.csv"), "-o", str(tmp_path / "o2.csv"),
                            "--title-column", "title", "--jobs", "1"])
    assert r.exit_code == 0 and "weak answers (see the notes column): too_short 2" in r.output


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
    first = {"id": 7, "tags": ["a"], "description": GROWTH}
    second = {"id": 8, "tags": None, "description": PMM, "extra": 1}
    src.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n")
    label_file(src, tmp_path / "o.jsonl", jobs=1)
    rows = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    # Each record comes out with its own keys and values, nothing added but the predictions.
    assert [{k: r[k] for k in rec} for r, rec in zip(rows, (first, second), strict=True)] == \
        [first, second]
    assert "extra" not in rows[0] and rows[1]["specialization"] == "pmm"
    # As a table, the columns are every key of every record; a missing one is empty.
    label_file(src, tmp_path / "o.csv", jobs=1)
    table = _read(tmp_path / "o.csv")
    assert list(table[0])[:4] == ["id", "tags", "description", "extra"]
    assert table[0]["extra"] == "" and table[1]["extra"] == "1"


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


# ---- input that must not lose or invent a row --------------------------------------------------


def _nothing_written(tmp_path, name):
    assert not (tmp_path / name).exists()
    assert not (tmp_path / f"{name}.pmclassify-partial").exists()


def test_a_column_named_twice_stops_before_anything_is_written(tmp_path):
    src = tmp_path / "dup.csv"
    src.write_text("id,description,description\n1,first,second\n")
    with pytest.raises(InputError, match="'description' more than once"):
        label_file(src, tmp_path / "o.csv", jobs=1)
    _nothing_written(tmp_path, "o.csv")


def test_broken_quoting_stops_even_with_skip(tmp_path):
    # 51 records, one of which lost its closing quote: skipping would cut the rest into
    # fragments and classify them as rows; the run stops instead, naming the line.
    rows = [f'{i},Product Manager,"Line one of {i}, with a comma.\nOwn the roadmap."'
            for i in range(51)]
    rows[9] = rows[9][:-1]
    src = tmp_path / "q.csv"
    src.write_text("id,title,description\n" + "\n".join(rows) + "\n")
    with pytest.raises(InputError, match="line 20: .*quoting"):
        label_file(src, tmp_path / "o.csv", jobs=1, on_bad_line="skip")
    _nothing_written(tmp_path, "o.csv")


def test_an_output_that_cannot_be_written_is_one_clear_error(tmp_path):
    from pmclassify.errors import OutputError

    src = _write(tmp_path / "in.csv", _rows(2))
    (tmp_path / "afile").write_text("")
    with pytest.raises(OutputError, match="cannot write .*afile"):
        label_file(src, tmp_path / "afile" / "o.csv", jobs=1)
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "afile" / "o.csv")])
    assert r.exit_code == 1 and r.output.startswith("error: cannot write")
    assert "Traceback" not in r.output


def test_a_second_run_on_the_same_output_is_refused_while_the_first_runs(tmp_path):
    from pmclassify.batch.parts import Lock

    src = _write(tmp_path / "in.csv", _rows(4))
    partial = tmp_path / "o.csv.pmclassify-partial"
    partial.mkdir()
    first = Lock(partial)
    first.acquire()  # as the first run holds it
    try:
        for resume in (False, True):
            with pytest.raises(ResumeError, match="another pmclassify run .* is writing o.csv"):
                label_file(src, tmp_path / "o.csv", jobs=1, resume=resume)
    finally:
        first.release()
    assert partial.exists()  # the first run's work is untouched
    s = label_file(src, tmp_path / "o.csv", jobs=1, resume=True)  # once it has ended
    assert s.rows == 4 and not partial.exists()


def test_options_that_cannot_work_are_refused(tmp_path):
    src = _write(tmp_path / "in.csv", _rows(2))
    for kw, msg in (({"chunk_size": 0}, "--chunk-size must be at least 1"),
                    ({"jobs": -1}, "--jobs must be at least 1")):
        with pytest.raises(InputError, match=msg):
            label_file(src, tmp_path / "o.csv", **kw)
    with pytest.raises(InputError, match="cannot write .*out.xlsx: an output file is named"):
        label_file(src, tmp_path / "out.xlsx", jobs=1)
    r = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"),
                            "--format", "parquet"])
    assert r.exit_code == 2 and "as Parquet" in r.output and "Traceback" not in r.output


def _batch_process(tmp_path, n=3000):
    """A `pmclassify batch` of ``n`` rows on 2 jobs, once it has written its second part."""
    import subprocess
    import sys
    import time

    src = _write(tmp_path / "big.csv", _rows(n))
    p = subprocess.Popen(
        [sys.executable, "-m", "pmclassify", "batch", str(src), "-o",
         str(tmp_path / "o.csv"), "--jobs", "2", "--chunk-size", "50", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 60
    while not (tmp_path / "o.csv.pmclassify-partial" / "part-000001").exists():
        assert time.time() < deadline and p.poll() is None
        time.sleep(0.1)
    return p


def _children(pid):
    import subprocess

    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True).stdout
    return [int(x) for x in out.split()]


def test_ctrl_c_stops_a_run_with_one_line_and_no_worker_traceback(tmp_path):
    import os
    import signal

    p = _batch_process(tmp_path)
    os.killpg(p.pid, signal.SIGINT)  # as a terminal sends it: to every process of the group
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and err.strip() == "interrupted", err
    s = label_file(tmp_path / "big.csv", tmp_path / "o.csv", jobs=1, chunk_size=50, resume=True)
    assert s.rows == 3000 and s.resumed_from > 0


def test_workers_end_with_a_killed_run(tmp_path):
    import os
    import signal
    import time

    p = _batch_process(tmp_path)
    workers = _children(p.pid)
    assert workers
    os.kill(p.pid, signal.SIGKILL)
    _, err = p.communicate(timeout=60)
    def alive(pid):  # a zombie has ended: only its parent has not collected it
        stat = pathlib.Path(f"/proc/{pid}/stat")
        return stat.exists() and stat.read_text().split()[2] != "Z"

    deadline = time.time() + 10
    while any(alive(w) for w in workers):
        assert time.time() < deadline, "workers outlived the run"
        time.sleep(0.1)
    assert "Traceback" not in err, err


def test_the_summary_counts_each_weak_answer_once_by_its_reason(tmp_path):
    src = tmp_path / "in.csv"
    with open(src, "w", newline="") as f:
        csv.writer(f).writerows([["id", "title", "description"],
                                 ["1", "Roadmap Wizard", "As our Product Manager for onboarding, "
                                  "you will run A/B tests on the signup funnel every week."]])
    s = label_file(src, tmp_path / "o.csv", jobs=1)
    assert s.notes == {"title_overruled": 1}


def test_run_options_name_what_changed_since_the_interrupted_run():
    import dataclasses

    from pmclassify.batch.run import RunOptions

    a = RunOptions("in.csv", "csv", "description", "title", None, "", "utf-8", "error", 500,
                   "csv", "0.1.0+x", ["is_pm"], 10, 20)
    b = dataclasses.replace(a, chunk_size=50)
    assert b.changed_from(a.to_dict()) == ["chunk_size"] and a.fingerprint() != b.fingerprint()
    # Read from standard input, the file's size and time are not options.
    assert "input_size" not in dataclasses.replace(a, input_size=None,
                                                   input_mtime_ns=None).to_dict()
