import json
import shutil

import pytest

from pmclassify.errors import ModelError
from pmclassify.predict.classifier import Classifier
from pmclassify.predict.settings import changed_settings, prediction_settings


def test_the_shipped_model_records_the_settings_it_was_measured_with():
    assert Classifier.load().metadata["settings"] == prediction_settings()


def test_a_model_measured_with_other_settings_is_refused_naming_them(tmp_path):
    from importlib import resources

    with resources.as_file(resources.files("pmclassify.models")) as models:
        shutil.copy(models / "model.npz", tmp_path / "model.npz")
        meta = json.loads((models / "model.json").read_text())
    meta["settings"] = {**prediction_settings(), "title_share": 0.9, "leader_min": 0.4}
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"other settings \(leader_min, title_share\)"):
        Classifier.load(tmp_path / "model.npz")
    del meta["settings"]  # a model that records none (built before they were recorded) loads
    (tmp_path / "model.json").write_text(json.dumps(meta))
    assert Classifier.load(tmp_path / "model.npz").metadata.get("settings") is None


def test_changed_settings():
    assert changed_settings(None) == [] and changed_settings(prediction_settings()) == []
    assert changed_settings({**prediction_settings(), "min_role_words": 9}) == ["min_role_words"]
