import dataclasses
import json

import pytest

from pmclassify.predict.prediction import Prediction


def test_prediction_is_immutable_and_json_ready():
    p = Prediction(True, 0.9, "growth", "platform", "senior",
                   specialization_scores={"growth": 0.8, "platform": 0.1},
                   seniority_scores={"senior": 0.7}, evidence={"pm": ['title: "pm"']},
                   warnings=("cut",), secondary_score=0.4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.is_pm = False  # type: ignore[misc]
    d = json.loads(json.dumps(p.to_dict()))
    assert d["specialization_score"] == 0.8 and d["seniority_score"] == 0.7
    assert d["secondary_score"] == 0.4 and d["warnings"] == ["cut"]
    assert Prediction(False, 0.1, None, None, None).specialization_score is None
