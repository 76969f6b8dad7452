import io
import json
import sys

import pytest

from pmclassify.errors import InputError
from pmclassify.files.encoding import detect_encoding, first_undecodable
from pmclassify.files.formats import output_format
from pmclassify.files.read import Reader, open_csv


def _rows(path, fmt="csv", **kw):
    r = Reader(str(path), fmt, **kw)
    try:
        return r.columns, [row for _, row in r]
    finally:
        r.close()


def test_open_csv_reads_columns_first_then_rows_lazily(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("\ufefftitle,description\nPM,\"Own it,\nall\"\n".encode())
    columns, rows = open_csv(path)
    assert columns == ["title", "description"]
    assert list(rows) == [{"title": "PM", "description": "Own it,\nall"}]


def test_open_csv_errors_say_what_to_do(tmp_path):
    with pytest.raises(InputError, match="check the path"):
        open_csv(tmp_path / "none.csv")
    header = tmp_path / "h.csv"
    header.write_bytes(b"t\xe9tle,description\n")
    with pytest.raises(InputError, match="line 1: byte 0xE9 .*save the file as UTF-8"):
        open_csv(header)
    # A bad byte far into the file is found before any row is read, with its line.
    body = tmp_path / "b.csv"
    body.write_bytes(b"title,description\n" + b"PM,own the roadmap\n" * 5000 + b"PM,r\xe9sum\xe9\n")
    with pytest.raises(InputError, match="line 5002: byte 0xE9"):
        open_csv(body)


def test_first_undecodable_finds_the_line_across_blocks(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"a\n" * 700_000 + "é".encode()[:1] + b"\n")  # past the first 1 MB block
    assert first_undecodable(path) == (700_001, 1_400_000, 0xC3)
    path.write_bytes("héllo\nwörld\n".encode())
    assert first_undecodable(path) is None


def test_a_header_naming_a_column_twice_is_refused(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("id,description,description\n1,a,b\n")
    with pytest.raises(InputError, match="'description' more than once"):
        Reader(str(path), "csv")


def test_broken_quoting_stops_even_when_skipping(tmp_path):
    rows = [f'{i},"Line one {i}, with a comma.\nLine two."' for i in range(20)]
    rows[9] = rows[9][:-1]  # its closing quote lost: every quote after it pairs wrongly
    path = tmp_path / "q.csv"
    path.write_text("id,description\n" + "\n".join(rows) + "\n")
    skipped: list = []
    with pytest.raises(InputError, match="malformed CSV quoting|quoting is likely broken"):
        _rows(path, on_bad_line=lambda n, why: skipped.append(n))


def test_a_short_line_is_skipped_when_asked(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("id,title,description\n1,PM,own it\n2,only two\n3,PM,lead it\n")
    skipped: list = []
    cols, rows = _rows(path, on_bad_line=lambda n, why: skipped.append((n, why)))
    assert [r["id"] for r in rows] == ["1", "3"] and skipped == [(3, "2 fields where the "
                                                                    "header has 3")]
    with pytest.raises(InputError, match="line 3: 2 fields"):
        _rows(path)


def test_jsonl_columns_are_every_key_and_records_keep_their_own(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": 1, "description": "a"}\n{"id": 2, "description": "b", "extra": [1]}\n'
                    '{"description": "c"}\n')
    cols, rows = _rows(path, "jsonl")
    assert cols == ["id", "description", "extra"]
    assert rows == [{"id": 1, "description": "a"}, {"id": 2, "description": "b", "extra": [1]},
                    {"description": "c"}]


def test_encoding_auto_detects_and_says_which(tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes("id,description\n1,Gestión del roadmap de producto y del equipo\n"
                     .encode("latin-1"))
    r = Reader(str(path), "csv", encoding="auto")
    rows = [row for _, row in r]
    r.close()
    assert rows[0]["description"].startswith("Gestión") and r.encoding_used != "utf-8"
    assert detect_encoding(path) == r.encoding_used
    with pytest.raises(InputError, match="pass --encoding auto"):
        Reader(str(path), "csv")
    with pytest.raises(InputError, match="unknown encoding"):
        Reader(str(path), "csv", encoding="klingon")


def test_a_file_that_is_not_parquet_is_refused(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "p.csv"
    path.write_text("id,description\n1,a\n")
    with pytest.raises(InputError, match="as Parquet"):
        Reader(str(path), "parquet")


def test_stdin_is_read_as_a_file(tmp_path, monkeypatch):
    data = b"id,description\n1,\"two\nlines\"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    r = Reader("-", "csv")
    assert [row for _, row in r] == [{"id": "1", "description": "two\nlines"}]
    spool = r._spool
    r.close()
    assert spool is not None and not __import__("os").path.exists(spool)


def test_output_format_is_named_by_the_extension():
    assert output_format("out.parquet") == "parquet" and output_format("o.ndjson") == "jsonl"
    with pytest.raises(InputError, match="cannot write out.xlsx: .*\\.csv"):
        output_format("out.xlsx")


def test_json_values_survive(tmp_path):
    path = tmp_path / "v.jsonl"
    rec = {"id": 7, "ok": True, "score": 0.5, "tags": ["a"], "description": "x"}
    path.write_text(json.dumps(rec) + "\n")
    assert _rows(path, "jsonl")[1] == [rec]
