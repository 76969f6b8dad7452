"""The Label Studio task shape, checked against its documented "Basic Label Studio JSON format"
(a list of tasks; each a `data` object and `predictions` / `annotations` whose `result` items
name a control of the labeling config by `from_name`, its object by `to_name`, and give
`value.choices`), and read back."""

import json
import xml.etree.ElementTree as ET

import pytest

from pmclassify.errors import InputError
from pmclassify.files.labelstudio import labeling_config, read_annotations, task


def test_a_task_has_the_documented_shape_and_fits_the_config():
    t = task({"id": "1", "text": "Own the roadmap.", "title": "PM", "review_reasons": ""},
             True, "growth", "senior", 0.73, "0.1.0+abc")
    assert set(t) == {"data", "predictions"}
    (pred,) = t["predictions"]
    assert pred["model_version"] == "0.1.0+abc" and pred["score"] == 0.73
    config = ET.fromstring(labeling_config())
    controls = {c.get("name"): c for c in config.iter("Choices")}
    texts = {c.get("name") for c in config.iter("Text")}
    variables = {v.get("value")[1:] for v in config.iter() if (v.get("value") or "")
                 .startswith("$")}
    assert variables <= set(t["data"])  # every $variable of the config is in the task's data
    for item in pred["result"]:
        assert set(item) == {"from_name", "to_name", "type", "value"}
        assert item["type"] == "choices" and item["to_name"] in texts
        choice = item["value"]["choices"][0]
        assert choice in {c.get("value") for c in controls[item["from_name"]].iter("Choice")}
    not_pm = task({"id": "2", "text": "x", "title": "", "review_reasons": ""}, False, None,
                  None, None, "m")
    assert [r["from_name"] for r in not_pm["predictions"][0]["result"]] == ["is_pm"]
    assert "score" not in not_pm["predictions"][0]


def test_annotations_come_back_as_gold_rows(tmp_path):
    def annotated(i, result, cancelled=False):
        return {"id": i, "data": {"id": f"p{i}", "text": f"text {i}", "title": "PM"},
                "annotations": [{"was_cancelled": cancelled, "result": result}]}

    def choice(name, value):
        return {"from_name": name, "to_name": "text", "type": "choices",
                "value": {"choices": [value]}}

    tasks = [annotated(1, [choice("is_pm", "PM"), choice("specialization", "pmm"),
                           choice("seniority", "pm")]),
             annotated(2, [choice("is_pm", "not PM")]),
             annotated(3, [choice("is_pm", "PM")], cancelled=True),
             {"id": 4, "data": {"text": "never annotated"}, "annotations": []}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    rows = read_annotations(path)
    assert [(r["id"], r["is_pm"], r["specialization"]) for r in rows] == [
        ("p1", "True", "pmm"), ("p2", "False", "")]
    assert rows[0]["description"] == "text 1" and rows[0]["title"] == "PM"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="not a Label Studio JSON export"):
        read_annotations(path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="no annotated tasks"):
        read_annotations(path)


def test_a_pm_task_without_its_specialization_is_named_by_its_place(tmp_path):
    from pmclassify.evaluate.gold import read_gold

    tasks = [{"data": {"text": "t"}, "annotations": [{"result": [
        {"from_name": "is_pm", "to_name": "text", "type": "choices",
         "value": {"choices": ["PM"]}}]}]}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.raises(InputError, match="annotated task 1: specialization '' is not one of"):
        read_gold(path)
