import dataclasses
import json

import pytest

from pmclassify.predict.prediction import Prediction
from pmclassify.text.notes import Evidence, Note


def test_prediction_is_immutable_and_json_ready():
    p = Prediction(True, 0.9, "growth", "platform", "senior",
                   specialization_scores={"growth": 0.8, "platform": 0.1},
                   seniority_scores={"senior": 0.7},
                   evidence={"pm": [Evidence("title", "pm")],
                             "specialization": [Evidence("body", "a/b test", start=4, end=12)]},
                   warnings=(Note("truncated", "cut"),), secondary_score=0.4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.is_pm = False  # type: ignore[misc]
    d = json.loads(json.dumps(p.to_dict()))
    assert d["specialization_score"] == 0.8 and d["seniority_score"] == 0.7
    assert d["secondary_score"] == 0.4
    assert d["warnings"] == [{"code": "truncated", "message": "cut"}]
    assert d["evidence"]["pm"] == [{"where": "title", "phrase": "pm", "note": "", "kind": "phrase",
                                    "label": None, "title_line": 0, "start": None, "end": None,
                                    "text": 'title: "pm"'}]
    assert (d["evidence"]["specialization"][0]["start"], d["evidence"]["specialization"][0]["end"]
            ) == (4, 12)
    # Every field is in the dict, plus the two scores of the answers.
    assert set(d) == {f.name for f in dataclasses.fields(Prediction)} | {
        "specialization_score", "seniority_score"}
    assert p.evidence_text() == {"pm": ['title: "pm"'], "specialization": ['body: "a/b test"']}
    assert Prediction(False, 0.1, None, None, None).specialization_score is None


def test_a_prediction_shows_itself_in_a_notebook_with_its_evidence_marked():
    from pmclassify import Classifier

    text = "Run A/B tests on the <onboarding> funnel & pricing."
    p = Classifier.load().predict(text, title="Growth PM")
    html = p._repr_html_()
    assert "Growth PM [growth]" in html and "<mark" not in html
    marked = p.html(text, "Growth PM")
    assert '<mark style="background:#cde8ff" title="specialization">A/B tests</mark>' in marked
    assert "&lt;onboarding&gt;" in marked and "<onboarding>" not in marked  # text is escaped
    # One mark per placed span, but for spans inside another ("b test" inside "A/B tests").
    placed = {(e.start, e.where == "title") for v in p.evidence.values() for e in v
              if e.start is not None}
    assert 3 <= marked.count("<mark") <= len(placed)
