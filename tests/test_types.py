"""The report types say what evaluate's reports hold: checked at run time against real reports,
key by key and value by value."""

import types
import typing
from typing import Any, get_args, get_origin, get_type_hints, is_typeddict

from pmclassify import Classifier
from pmclassify.evaluate.scoring import evaluate
from pmclassify.evaluate.types import MODES, Report


def conforms(value: Any, tp: Any, where: str = "report") -> None:
    """Raise AssertionError naming the first place where ``value`` is not a ``tp``."""
    if tp is Any:
        return
    if is_typeddict(tp):
        assert isinstance(value, dict), where
        hints = get_type_hints(tp)
        missing = tp.__required_keys__ - set(value)
        assert not missing, f"{where} lacks {sorted(missing)}"
        unknown = set(value) - set(hints)
        assert not unknown, f"{where} has keys its type does not name: {sorted(unknown)}"
        for key, v in value.items():
            conforms(v, hints[key], f"{where}[{key!r}]")
        return
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in get_args(tp):
            try:
                conforms(value, option, where)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: {value!r} is none of {tp}: {errors}")
    if origin is typing.Literal:
        assert value in get_args(tp), where
        return
    if origin is dict:
        key_t, val_t = get_args(tp)
        assert isinstance(value, dict), where
        for k, v in value.items():
            conforms(k, key_t, f"{where} key")
            conforms(v, val_t, f"{where}[{k!r}]")
        return
    if origin is list:
        assert isinstance(value, list), where
        for i, v in enumerate(value):
            conforms(v, get_args(tp)[0], f"{where}[{i}]")
        return
    if tp is type(None):
        assert value is None, where
        return
    if tp is float:  # JSON's numbers: a float figure may be a whole number
        assert isinstance(value, int | float) and not isinstance(value, bool), where
        return
    assert isinstance(value, tp), f"{where}: {value!r} is not a {tp.__name__}"


def test_an_evaluation_report_is_what_its_type_says(tiny_csv, tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("id,is_pm,specialization,secondary,seniority,confidence\n"
                    "1,True,growth,,senior,high\n2,True,pmm,core,pm,low\n"
                    "3,True,platform,,pm,high\n", encoding="utf-8")
    report = evaluate(Classifier.load(), gold, tiny_csv)
    conforms(report, Report)
    assert all(mode in report for mode in MODES)
    assert "by_title" in report["with_titles"]["model"]["specialization"]


def test_the_checker_finds_a_wrong_report():
    import pytest

    with pytest.raises(AssertionError, match="lacks"):
        conforms({"gold": "g.csv"}, Report)
    with pytest.raises(AssertionError, match="does not name"):
        conforms({"gold": "g.csv", "n_gold": 1, "extra": 1}, Report)
    with pytest.raises(AssertionError, match="is not a"):
        conforms({"gold": "g.csv", "n_gold": "1"}, Report)
