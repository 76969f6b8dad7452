import pickle

import numpy as np
from sklearn.base import clone

from pmclassify.model.estimators import (
    PostingClassifier,
    RoleClassifier,
    SentenceSpecializer,
    fit_temperature,
)

X = ["run a b test on funnel", "position the product for buyer", "run growth experiment",
     "write launch messaging", "improve activation funnel", "enable the sales team"]
Y = ["growth", "pmm", "growth", "pmm", "growth", "pmm"]


def test_sentence_specializer_learns_and_clones():
    m = SentenceSpecializer(min_df=1, C=5.0).fit(X, Y)
    assert m.predict(["a b test the activation funnel"])[0] == "growth"
    assert "funnel" in " ".join(m.top_terms("growth", "activation funnel"))
    # Stop-word edged n-grams ("on funnel", "the product") explain nothing and are skipped.
    terms = m.top_terms("growth", "run a b test on funnel", k=10)
    assert terms and all(t.split()[0] not in {"a", "on", "the"} and
                         t.split()[-1] not in {"a", "on", "the"} for t in terms)
    assert "test" in terms
    c = clone(m)
    assert c.get_params() == m.get_params() and not hasattr(c, "lr_")
    again = pickle.loads(pickle.dumps(m))
    np.testing.assert_allclose(again.predict_proba(X), m.predict_proba(X))


def test_posting_classifier_probabilities_sum_to_one():
    rng = np.random.default_rng(0)
    Xd = rng.normal(size=(40, 5))
    y = np.where(Xd[:, 0] > 0, "a", "b")
    m = PostingClassifier(C=1.0).fit(Xd, y)
    p = m.predict_proba(Xd)
    assert np.allclose(p.sum(axis=1), 1) and (m.predict(Xd) == y).mean() > 0.9
    assert clone(m).get_params()["C"] == 1.0


def test_role_classifier_mixes_text_and_dense():
    texts = X * 3
    dense = np.array([[1.0, 0.0] if y == "growth" else [0.0, 1.0] for y in Y * 3])
    labels = ["pm" if y == "growth" else "not_pm" for y in Y * 3]
    m = RoleClassifier(min_df=1).fit((texts, dense), labels)
    assert list(m.predict((texts[:2], dense[:2]))) == labels[:2]
    # Its evidence: the words that pushed toward a PM job, never those against it.
    terms = m.top_terms("pm", "improve activation funnel and enable the sales team", k=10)
    assert "funnel" in terms and "sale" not in " ".join(terms) and "sales" not in " ".join(terms)


def test_role_dense_features_count_the_role_the_body_names():
    from pmclassify.cues.lexicons import load_lexicons
    from pmclassify.model.features import role_dense_features
    from pmclassify.text.posting import Preprocessor

    pre = Preprocessor()
    lex = load_lexicons(pre=pre)
    pm = role_dense_features(pre.process("We're hiring a Product Manager. Own the roadmap."), lex)
    designer = role_dense_features(pre.process("As our Product Designer, own the Figma files."),
                                   lex)
    assert pm.shape == designer.shape == (4,)
    assert pm[2] == np.log1p(1) and pm[3] == 0
    assert designer[2] == 0 and designer[3] == np.log1p(1)


def test_fit_temperature_softens_overconfident_scores_only():
    sure = {"a": 0.95, "b": 0.05}
    # Right 6 times in 10 at 0.95: overconfident, so softened (T > 1).
    assert fit_temperature([sure] * 10, ["a"] * 6 + ["b"] * 4) > 1.5
    # Right every time at 0.6: underconfident, so sharpened (T < 1).
    assert fit_temperature([{"a": 0.6, "b": 0.4}] * 10, ["a"] * 10) < 1
    # Right 95 times in 100 at 0.95: left alone.
    assert abs(fit_temperature([sure] * 100, ["a"] * 95 + ["b"] * 5) - 1) < 0.05
