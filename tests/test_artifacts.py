import json

import pytest

from pmclassify.artifacts import load_model, metadata_path, read_metadata, save_model
from pmclassify.errors import ModelError
from pmclassify.training import train_model


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    from .conftest import ROWS  # noqa: F401  (fixture data lives in conftest)

    tmp = tmp_path_factory.mktemp("m")
    import csv

    path = tmp / "p.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "description"])
        for _, title, _, text in ROWS * 4:
            w.writerow([title, text])
    model, _ = train_model(path)
    out = tmp / "model.pkl.gz"
    save_model(model, out, {"metrics": {"x": 1}})
    return out


def test_roundtrip_and_metadata(saved):
    model, meta = load_model(saved)
    assert meta["sha256"] and meta["labels"]["seniority"][0] == "apm"
    assert meta["libraries"]["scikit-learn"] and meta["lexicon_sha256"]
    assert model.lexicons.digest == meta["lexicon_sha256"]


def test_tampered_file_is_refused(saved, tmp_path):
    bad = tmp_path / "model.pkl.gz"
    bad.write_bytes(saved.read_bytes() + b"x")
    (tmp_path / "model.json").write_text(metadata_path(saved).read_text())
    with pytest.raises(ModelError, match="does not match the sha256"):
        load_model(bad)


def test_other_versions_are_refused(saved, tmp_path):
    meta = read_metadata(saved)
    meta["libraries"]["scikit-learn"] = "0.1.0"
    (tmp_path / "model.json").write_text(json.dumps(meta))
    (tmp_path / "model.pkl.gz").write_bytes(saved.read_bytes())
    with pytest.raises(ModelError, match="install scikit-learn==0.1"):
        load_model(tmp_path / "model.pkl.gz")
    meta["format_version"] = 99
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="model format 99"):
        load_model(tmp_path / "model.pkl.gz")


def test_missing_files(tmp_path):
    with pytest.raises(ModelError, match="no metadata"):
        load_model(tmp_path / "nope.pkl.gz")


def test_shipped_model_metadata():
    meta = read_metadata()
    assert meta["training_data"]["postings"]["rows"] > 1000
    assert "metrics" in meta


def test_shipped_model_carries_the_corpus_lexicons():
    # The model pickles its lexicons: an edited lexicon file takes effect only after
    # `python scripts/train_default_model.py`; this catches a lexicon change shipped without it.
    from pmclassify.lexicons import load_lexicons

    model, meta = load_model()
    assert model.lexicons.digest == load_lexicons().digest == meta["lexicon_sha256"]
