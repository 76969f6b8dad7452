"""Properties of `batch` on generated files (hypothesis): every input record yields exactly one
output row, in order, with its cells unchanged, or the run stops with one InputError before
writing anything; the output is always valid UTF-8 in its own format."""

import csv
import io
import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmclassify.batch.run import label_file
from pmclassify.errors import InputError
from pmclassify.predict.rows import OUTPUT_COLUMNS

CELL = st.text(alphabet=st.sampled_from(list(string.ascii_letters + " ,\"'\n\r\t;|é€ü—😀\x85")
                                        + ["\u2028", "\x00"]), max_size=40)
NAME = st.sampled_from(["id", "title", "description", "", "company", "notes_in", "x"])
FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _run(tmp_path, src, out, **kw):
    for p in (out, out.with_name(out.name + ".bad-lines.txt")):
        p.unlink(missing_ok=True)
    try:
        label_file(src, out, jobs=1, overwrite=True, **kw)
    except InputError:
        assert not out.exists() and not out.with_name(out.name + ".pmclassify-partial").exists()
        return None
    raw = out.read_bytes()
    return raw.decode("utf-8")  # always valid UTF-8


@FAST
@given(header=st.lists(NAME, min_size=1, max_size=4), cells=st.lists(st.lists(CELL, min_size=4,
                                                                             max_size=4),
                                                                    max_size=6),
       bom=st.booleans(), encoding=st.sampled_from(["utf-8", "latin-1"]),
       cut_quote=st.booleans())
def test_csv_rows_come_out_once_in_order_unchanged(tmp_path, header, cells, bom, encoding,
                                                   cut_quote):
    header = [*header, "description"]
    rows = [(row * 2)[: len(header)] for row in cells]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    text = buf.getvalue()
    if cut_quote and '"' in text:
        i = text.index('"')
        text = text[:i] + text[i + 1:]
    data = ("\ufeff" if bom else "") + text
    src = tmp_path / "in.csv"
    try:
        src.write_bytes(data.encode(encoding))
    except UnicodeEncodeError:
        src.write_bytes(data.encode("utf-8"))
    out = _run(tmp_path, src, tmp_path / "out.csv", encoding="auto")
    if out is None:
        return  # refused with one clear line: allowed for broken quoting, duplicate names
    expected = list(csv.reader(io.StringIO(data.lstrip("\ufeff"), newline=""), strict=True))
    got = list(csv.reader(io.StringIO(out, newline=""), strict=True))
    assert got[0] == expected[0] + list(OUTPUT_COLUMNS)
    assert len(set(expected[0])) == len(expected[0])  # a repeated name was refused above
    body = [r for r in expected[1:] if r]
    assert [r[: len(expected[0])] for r in got[1:]] == body


@FAST
@given(records=st.lists(st.dictionaries(st.sampled_from(["id", "title", "description", "tags",
                                                          "n", "é"]),
                                         st.one_of(st.none(), st.booleans(), st.integers(),
                                                   st.floats(allow_nan=False), CELL,
                                                   st.lists(CELL, max_size=2)),
                                         max_size=5),
                        max_size=6))
def test_jsonl_records_keep_their_own_keys_and_values(tmp_path, records):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = _run(tmp_path, src, tmp_path / "out.jsonl", text_column="description")
    if out is None:
        assert not any("description" in r for r in records) or not records
        return
    assert "\u2028" not in out and "\x85" not in out  # escaped: no reader splits a record
    got = [json.loads(line) for line in out.splitlines()]
    assert len(got) == len(records)
    for g, r in zip(got, records, strict=True):
        assert {k: g[k] for k in r} == r and set(g) == set(r) | set(OUTPUT_COLUMNS)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_binary_garbage_is_refused_or_read_never_a_traceback(tmp_path, fmt):
    src = tmp_path / f"in.{fmt}"
    src.write_bytes(b"description\n" + bytes(range(256)) * 4 + b"\n")
    _run(tmp_path, src, tmp_path / "out.csv", input_format=fmt, encoding="auto")
    _run(tmp_path, src, tmp_path / "out.csv", input_format=fmt)
