import csv
import json
import pickle
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from pmclassify.errors import ModelError
from pmclassify.model.artifacts import (
    FORMAT_VERSION,
    load_model,
    metadata_path,
    read_arrays,
    read_metadata,
    save_model,
)
from pmclassify.model.linear import DenseLinear, TextLinear
from pmclassify.train.fit import train_model

from .conftest import GROWTH, PLATFORM, ROWS


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("m")
    path = tmp / "p.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "description"])
        for _, title, _, text in ROWS * 4:
            w.writerow([title, text])
    model, _ = train_model(path)
    out = tmp / "model.npz"
    save_model(model, out, {"metrics": {"x": 1}})
    return out


def _copy(saved, tmp_path, data: bytes | None = None, meta: dict | None = None):
    target = tmp_path / "model.npz"
    target.write_bytes(saved.read_bytes() if data is None else data)
    (tmp_path / "model.json").write_text(json.dumps(meta) if meta is not None
                                         else metadata_path(saved).read_text())
    return target


def test_roundtrip_and_metadata(saved):
    model, meta = load_model(saved)
    assert meta["sha256"] and meta["labels"]["seniority"][0] == "apm"
    assert meta["format_version"] == FORMAT_VERSION and meta["libraries"]["numpy"]
    assert model.lexicons.digest == meta["lexicon_sha256"]
    assert isinstance(model.sentence, TextLinear) and isinstance(model.seniority, DenseLinear)
    # Every member is a plain array: nothing in the file needs pickle to load.
    with np.load(saved, allow_pickle=False) as npz:
        assert all(npz[name].dtype != object for name in npz.files)


def test_the_same_model_gives_the_same_bytes(saved, tmp_path):
    model, _ = load_model(saved)
    again = tmp_path / "again.npz"
    meta = save_model(model, again)
    assert again.read_bytes() == saved.read_bytes()
    assert meta["sha256"] == read_metadata(saved)["sha256"]


def test_a_loaded_model_answers_as_the_one_saved(saved, tmp_path):
    from pmclassify.predict.classifier import Classifier

    clf = Classifier.load(saved)
    p = clf.predict(GROWTH, title="Product Manager")
    q = Classifier.load(metadata_path(saved)).predict(GROWTH, title="Product Manager")
    assert p == q and p.is_pm and p.specialization == "growth"


def test_tampered_or_truncated_file_is_refused(saved, tmp_path):
    raw = saved.read_bytes()
    for data in (raw + b"x", raw[: len(raw) // 2]):
        with pytest.raises(ModelError, match="does not match the sha256"):
            load_model(_copy(saved, tmp_path, data))


def test_foreign_files_are_refused_never_run(saved, tmp_path):
    from pmclassify.model.artifacts import sha256_of

    meta = read_metadata(saved)

    class Boom:
        def __reduce__(self):
            return (print, ("pickle code ran",))

    for data in (pickle.dumps(Boom()), b"not a model at all", b""):
        target = tmp_path / "model.npz"
        target.write_bytes(data)
        # Even with a matching sha256, a file that is not our zip of arrays is refused.
        _copy(saved, tmp_path, data, {**meta, "sha256": sha256_of(target)})
        with pytest.raises(ModelError, match="not a pmclassify model file"):
            load_model(target)
    # A zip of arrays that lacks a part.
    target = tmp_path / "model.npz"
    np.savez(target, config=np.frombuffer(json.dumps(
        {"format_version": FORMAT_VERSION, "lexicon_sha256": meta["lexicon_sha256"]}).encode(),
        np.uint8))
    _copy(saved, tmp_path, target.read_bytes(), {**meta, "sha256": sha256_of(target)})
    with pytest.raises(ModelError, match="incomplete or malformed"):
        load_model(target)


def test_library_versions_are_information_not_a_condition(saved, tmp_path):
    meta = read_metadata(saved)
    meta["libraries"] = {"scikit-learn": "0.1.0", "numpy": "0.9.0", "spacy": "2.0.0"}
    model, loaded = load_model(_copy(saved, tmp_path, meta=meta))
    assert loaded["libraries"]["scikit-learn"] == "0.1.0" and model.role is not None


def test_other_formats_are_refused_with_advice(saved, tmp_path):
    meta = read_metadata(saved)
    with pytest.raises(ModelError, match="format 5 .*pmclassify train"):
        load_model(_copy(saved, tmp_path, meta={**meta, "format_version": 5}))
    with pytest.raises(ModelError, match="model format 99"):
        load_model(_copy(saved, tmp_path, meta={**meta, "format_version": 99}))
    old = tmp_path / "model.pkl.gz"
    old.write_bytes(b"\x1f\x8b")
    with pytest.raises(ModelError, match="pickled model .*pmclassify train"):
        load_model(old)


def test_missing_files(tmp_path, saved):
    with pytest.raises(ModelError, match="does not exist"):
        load_model(tmp_path / "nope.npz")
    lone = tmp_path / "lone.npz"
    lone.write_bytes(saved.read_bytes())
    with pytest.raises(ModelError, match="no metadata"):
        load_model(lone)


def test_lexicons_other_than_the_trained_ones_are_named(saved, tmp_path):
    import shutil
    from importlib import resources

    lex = tmp_path / "lexicons"
    with resources.as_file(resources.files("pmclassify.corpus").joinpath("lexicons")) as src:
        shutil.copytree(src, lex)
    model, _ = load_model(saved, lexicon_dir=lex)  # the same files: fine
    growth = lex / "specialization" / "growth.json"
    data = json.loads(growth.read_text())
    data["phrases"] = data["phrases"][1:]
    growth.write_text(json.dumps(data))
    with pytest.raises(ModelError, match=r"differ .*\(specialization/growth.json\)"):
        load_model(saved, lexicon_dir=lex)


def test_save_wants_an_npz_name(saved, tmp_path):
    model, _ = load_model(saved)
    with pytest.raises(ModelError, match="ends in .npz"):
        save_model(model, tmp_path / "model.pkl.gz")


def test_read_arrays_keeps_the_config(saved):
    arrays, config = read_arrays(saved)
    assert config["format_version"] == FORMAT_VERSION and "sentence.coef" in arrays
    with zipfile.ZipFile(saved) as zf:  # fixed timestamps: the bytes depend on the model only
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_shipped_model_metadata():
    meta = read_metadata()
    assert meta["training_data"]["postings"]["rows"] > 1000
    assert "metrics" in meta


def test_shipped_model_loads_with_the_corpus_lexicons():
    # The lexicons are rebuilt from corpus/ at load and must be those the model was trained
    # with: an edited lexicon file ships only with `python scripts/train_default_model.py`.
    from pmclassify.cues.lexicons import load_lexicons

    model, meta = load_model()
    assert model.lexicons.digest == load_lexicons().digest == meta["lexicon_sha256"]


def test_prediction_imports_no_scikit_learn():
    code = ("import sys\nfrom pmclassify import Classifier\n"
            f"p = Classifier.load().predict({PLATFORM!r}, title='Senior Product Manager')\n"
            "assert p.is_pm and p.specialization == 'platform', p\n"
            "print(sorted(m for m in ('sklearn', 'scipy', 'joblib') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
