import csv
import math

import numpy as np
import pytest

from pmclassify.errors import ModelError
from pmclassify.model.estimators import PostingClassifier, SentenceSpecializer
from pmclassify.model.linear import DenseLinear, TextLinear
from pmclassify.model.pmmodel import export_model, model_arrays, model_from_arrays
from pmclassify.predict.classifier import Classifier
from pmclassify.train.fit import train_model

from .conftest import POSTINGS, ROWS


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    path = tmp_path_factory.mktemp("p") / "p.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "description"])
        for _, title, _, text in ROWS * 4:
            w.writerow([title, text])
    return train_model(path, export=False)[0]


def _same(a, b):
    """Labels identical, scores within 1e-6 (``Prediction.to_dict()``s)."""
    assert a.keys() == b.keys()
    for k in a:
        if isinstance(a[k], dict):
            _same(a[k], b[k])
        elif isinstance(a[k], float):
            assert math.isclose(a[k], b[k], abs_tol=1e-6), (k, a[k], b[k])
        else:
            assert a[k] == b[k], (k, a[k], b[k])


def test_export_replaces_every_estimator(fitted):
    assert isinstance(fitted.sentence, SentenceSpecializer)
    assert isinstance(fitted.seniority, PostingClassifier)
    exp = export_model(fitted)
    assert isinstance(exp.sentence, TextLinear) and isinstance(exp.role, TextLinear)
    assert isinstance(exp.specialization, DenseLinear) and isinstance(exp.seniority, DenseLinear)
    assert export_model(exp).sentence is exp.sentence  # exporting twice changes nothing


def test_arrays_round_trip(fitted):
    exp = export_model(fitted)
    arrays, config = model_arrays(exp)
    assert all(isinstance(a, np.ndarray) and a.dtype != object for a in arrays.values())
    back = model_from_arrays(arrays, config, exp.lexicons, exp.preprocessor)
    assert back.sentence.vocabulary == exp.sentence.vocabulary
    assert back.seniority_temperature == exp.seniority_temperature
    with pytest.raises(TypeError, match="not exported"):
        model_arrays(fitted)
    del arrays["role.idf"]
    with pytest.raises(ModelError, match="incomplete or malformed"):
        model_from_arrays(arrays, config, exp.lexicons, exp.preprocessor)


def test_exported_model_answers_as_the_estimators(fitted):
    texts = [text for _, _, _, text in ROWS] + ["", "Own the roadmap."]
    titles = [title for _, title, _, _ in ROWS] + ["Product Manager", None]
    for t in (titles, None):
        for a, b in zip(Classifier(fitted).predict_many(texts, t),
                        Classifier(export_model(fitted)).predict_many(texts, t), strict=True):
            _same(a.to_dict(), b.to_dict())


@pytest.mark.shared
@pytest.mark.skipif(not POSTINGS.exists(), reason="needs ../shared/data")
def test_shipped_recipe_exports_exactly_on_every_posting():
    # The shipped recipe's estimators against their export, on all of postings.csv with and
    # without titles. Also the raw probabilities, before answers round them.
    model = train_model(POSTINGS, export=False)[0]
    exp = export_model(model)
    with open(POSTINGS, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [r["description"] for r in rows]
    for t in ([r["title"] for r in rows], None):
        for a, b in zip(Classifier(model).predict_many(texts, t),
                        Classifier(exp).predict_many(texts, t), strict=True):
            _same(a.to_dict(), b.to_dict())
    posts = list(model.preprocessor.pipe((x, "") for x in texts[:500]))
    X = model.spec_features(posts)
    np.testing.assert_allclose(exp.spec_features(posts), X, atol=1e-6)
    np.testing.assert_allclose(exp.specialization.predict_proba(X),
                               model.specialization.predict_proba(X), atol=1e-6)
