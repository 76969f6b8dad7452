"""Stage 7a: read a gold file, checked, and find the text of each posting it labels.

A gold file has one row per posting: ``is_pm``, ``specialization``, ``seniority`` and
optionally ``secondary`` and ``confidence``. The text comes from a postings CSV joined on ``id``
(how ``dev_gold.csv`` is laid out) or, without one, from the gold file's own text and title
columns (a user's own labeled postings). Values are checked here, so that a typo in a label or an
``is_pm`` of "yes" is an error naming its row rather than a posting silently scored as wrong.
"""

from __future__ import annotations

from pathlib import Path

from pmclassify.errors import InputError
from pmclassify.files.labelstudio import read_annotations
from pmclassify.files.read import open_csv
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS

_TRUE = frozenset({"true", "t", "yes", "y", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "0"})


def read_csv(path: str | Path) -> list[dict[str, str]]:
    """Every row of a UTF-8 CSV file as a dict (see :func:`~pmclassify.files.open_csv`)."""
    return list(open_csv(path)[1])


def _label(value: str, allowed: tuple[str, ...], column: str, where: str) -> str:
    v = value.strip().lower()
    if v not in allowed:
        raise InputError(f"{where}: {column} {value!r} is not one of "
                         f"{' '.join(allowed)}; use the label ids of TAXONOMY.md")
    return v


def read_gold(path: str | Path) -> list[dict[str, str]]:
    """The rows of a gold file (a CSV, or a Label Studio JSON export of tasks made by
    ``pmclassify export``: :func:`~pmclassify.files.labelstudio.read_annotations`), checked
    and normalized: ``is_pm`` is "True" or "False" (read
    from true/false, yes/no or 1/0 in any case), labels are lowercase ids, and a PM row has a
    specialization and a seniority. Other columns pass through unchanged.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); g = os.path.join(d, "gold.csv")
    >>> _ = open(g, "w").write("id,is_pm,specialization,seniority\\n7,yes,Growth,Senior\\n")
    >>> [(r["is_pm"], r["specialization"], r["seniority"]) for r in read_gold(g)]
    [('True', 'growth', 'senior')]
    """
    # A row is named by its line in a CSV, by its place among the tasks in a Label Studio export.
    unit, first = "line", 2
    if Path(path).suffix.lower() == ".json":  # corrected in Label Studio: its JSON export
        rows = read_annotations(path)
        columns = list(rows[0])
        unit, first = "annotated task", 1
    else:
        columns, lines = open_csv(path)
        rows = list(lines)
    # Columns first: a header-only file with the wrong columns has both faults, and this is
    # the one to fix first.
    missing = [c for c in ("is_pm", "specialization", "seniority") if c not in columns]
    if missing:
        raise InputError(f"{path} has no column {', '.join(map(repr, missing))}; a gold file has "
                         "is_pm, specialization and seniority (and id to join a postings file)")
    if not rows:
        raise InputError(f"{path} has no rows; a gold file has one row per labeled posting")
    out = []
    for n, r in enumerate(rows, start=first):
        where = f"{path} {unit} {n}"
        flag = (r["is_pm"] or "").strip().lower()
        if flag not in _TRUE | _FALSE:
            raise InputError(f"{where}: is_pm {r['is_pm']!r} is neither true nor false")
        g = dict(r)
        g["is_pm"] = str(flag in _TRUE)
        if flag in _TRUE:
            g["specialization"] = _label(r["specialization"] or "", SPECIALIZATIONS,
                                         "specialization", where)
            g["seniority"] = _label(r["seniority"] or "", SENIORITIES, "seniority", where)
            if (r.get("secondary") or "").strip():
                g["secondary"] = _label(r["secondary"] or "", SPECIALIZATIONS, "secondary",
                                        where)
        out.append(g)
    if not any(g["is_pm"] == "True" for g in out):
        raise InputError(f"{path} has no PM rows (is_pm true) to score")
    return out


def gold_postings(gold: list[dict[str, str]], gold_csv: str | Path,
                  postings_csv: str | Path | None, text_column: str, title_column: str,
                  ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """``(all postings, the posting of each gold row)``: joined on ``id`` to ``postings_csv``,
    or, when it is None, the gold rows themselves, which must then carry the text. A named
    ``title_column`` must exist ("" scores without titles)."""
    if postings_csv is None:
        if text_column not in gold[0]:
            raise InputError(f"{gold_csv} has no column {text_column!r} with the posting text; "
                             "pass --postings with the postings its ids refer to, or "
                             "--text-column")
        postings: list[dict[str, str]] = []
        rows = gold
        source = gold_csv
    else:
        postings = read_csv(postings_csv)
        if "id" not in gold[0]:
            raise InputError(f"{gold_csv} has no 'id' column to join {postings_csv} on")
        if not postings or "id" not in postings[0]:
            raise InputError(f"{postings_csv} has no 'id' column for the gold ids to join on")
        if text_column not in postings[0]:
            raise InputError(f"{postings_csv} has no column {text_column!r}; pass --text-column")
        by_id = {r["id"]: r for r in postings}
        absent = [g["id"] for g in gold if g["id"] not in by_id]
        if absent:
            raise InputError(f"{len(absent)} gold ids are not in {postings_csv} (e.g. "
                             f"{absent[0]}); pass the postings file the gold set was drawn from")
        rows = [by_id[g["id"]] for g in gold]
        source = postings_csv
    if title_column and title_column not in rows[0]:
        raise InputError(f"{source} has no column {title_column!r}; pass --title-column NAME, "
                         "or --title-column '' to score without titles")
    return postings, rows
