"""Label Studio's task format, both ways: a labeled row as a task with the model's answers as a
prediction to correct (``pmclassify export --format labelstudio``), and the corrected labels of
an exported project read back as gold rows (``pmclassify evaluate --gold export.json``).

The shape is Label Studio's documented "Basic Label Studio JSON format": a list of tasks, each a
``data`` object and a ``predictions`` (or, once annotated, ``annotations``) list whose
``result`` holds one ``choices`` item per control of :func:`labeling_config`.

>>> t = task({"id": "7", "text": "Own the roadmap.", "title": "PM"}, True, "core", "pm", 0.8, "m1")
>>> [r["value"]["choices"] for r in t["predictions"][0]["result"]]
[['PM'], ['core'], ['pm']]
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from pmclassify.errors import InputError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS

# The controls of the labeling config, and the choices of the PM-or-not one.
CONTROLS = ("is_pm", "specialization", "seniority")
PM, NOT_PM = "PM", "not PM"


def labeling_config() -> str:
    """The Label Studio labeling config the tasks are made for (paste it in the project's
    Labeling Interface, Code view)."""
    def choices(name: str, values: tuple[str, ...], hint: str) -> str:
        options = "".join(f'<Choice value="{escape(v)}"/>' for v in values)
        return (f'<Header value="{escape(hint)}"/><Choices name="{name}" toName="text" '
                f'choice="single" showInline="true">{options}</Choices>')

    return ('<View><Header value="$title"/><Text name="text" value="$text"/>'
            '<Text name="why" value="$review_reasons"/>'
            + choices("is_pm", (PM, NOT_PM), "Product-management role?")
            + choices("specialization", SPECIALIZATIONS, "Specialization (PM roles)")
            + choices("seniority", SENIORITIES, "Seniority (PM roles)") + "</View>\n")


def _choice(name: str, value: str) -> dict[str, Any]:
    return {"from_name": name, "to_name": "text", "type": "choices",
            "value": {"choices": [value]}}


def task(data: dict[str, Any], is_pm: bool, specialization: str | None, seniority: str | None,
         score: float | None, model_version: str) -> dict[str, Any]:
    """One task: ``data`` (the text and title, the id, why to review) and the answers as a
    prediction scored by ``score`` (Label Studio sorts tasks by it)."""
    result = [_choice("is_pm", PM if is_pm else NOT_PM)]
    if is_pm and specialization and seniority:
        result += [_choice("specialization", specialization), _choice("seniority", seniority)]
    prediction: dict[str, Any] = {"model_version": model_version, "result": result}
    if score is not None:
        prediction["score"] = round(float(score), 4)
    return {"data": data, "predictions": [prediction]}


def _answers(result: list[dict[str, Any]]) -> dict[str, str]:
    out = {}
    for item in result:
        name, chosen = item.get("from_name"), (item.get("value") or {}).get("choices") or []
        if name in CONTROLS and chosen:
            out[name] = str(chosen[0])
    return out


def read_annotations(path: str | Path) -> list[dict[str, str]]:
    """The gold rows of a Label Studio JSON export: per task its id, text and title, and the
    labels of its latest annotation that was not cancelled (a task nobody annotated is left
    out). ``is_pm`` is "True"/"False"; a PM task keeps its specialization and seniority."""
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {path} as a Label Studio JSON export: {exc}") from None
    if not isinstance(tasks, list):
        raise InputError(f"{path} is not a Label Studio JSON export (a list of tasks)")
    rows = []
    for t in tasks:
        done = [a for a in t.get("annotations") or [] if not a.get("was_cancelled")]
        if not done:
            continue
        chosen = _answers(done[-1].get("result") or [])
        if "is_pm" not in chosen:
            continue
        data = t.get("data") or {}
        rows.append({"id": str(data.get("id", t.get("id", ""))),
                     "description": str(data.get("text") or ""),
                     "title": str(data.get("title") or ""),
                     "is_pm": str(chosen["is_pm"] == PM),
                     "specialization": chosen.get("specialization", ""),
                     "seniority": chosen.get("seniority", "")})
    if not rows:
        raise InputError(f"{path} has no annotated tasks (with an is_pm choice) to score")
    return rows
