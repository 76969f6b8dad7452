import pytest

from pmclassify.errors import InputError
from pmclassify.files import open_csv


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
    with pytest.raises(InputError, match="save it as UTF-8"):
        open_csv(header)
    body = tmp_path / "b.csv"  # the bad byte past the first read: found while rows are read
    body.write_bytes(b"title,description\n" + b"PM,own the roadmap\n" * 5000 + b"PM,r\xe9sum\xe9\n")
    columns, rows = open_csv(body)
    assert columns == ["title", "description"]
    with pytest.raises(InputError, match="save it as UTF-8"):
        list(rows)
