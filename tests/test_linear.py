import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmclassify.model.estimators import PostingClassifier, RoleClassifier, SentenceSpecializer
from pmclassify.model.linear import DenseLinear, TextLinear, lemma_ngrams, temper

WORDS = ["run", "a", "b", "test", "funnel", "position", "product", "buyer", "growth",
         "launch", "messaging", "api", "platform", "sdk", "the", "on", "sale", "team"]


def _texts(rng: np.random.Generator, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS, size=rng.integers(0, 12))) for _ in range(n)]


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X = _texts(rng, 120)
    y = [("growth", "pmm", "platform")[i % 3] for i in range(len(X))]
    sentence = SentenceSpecializer(min_df=1).fit(X, y)
    dense = rng.normal(size=(len(X), 4))
    role = RoleClassifier(min_df=1).fit((X, dense), ["pm" if i % 2 else "not_pm"
                                                     for i in range(len(X))])
    Xd = rng.normal(size=(60, 5)) * [1, 10, 0.1, 3, 0]  # a constant column: scale 1
    posting = PostingClassifier(C=1.0).fit(Xd, [("a", "b", "c")[i % 3] for i in range(60)])
    return sentence, role, posting, rng


def test_exports_compute_what_the_estimators_compute(fitted):
    sentence, role, posting, rng = fitted
    texts = _texts(rng, 200) + ["", "unknown words only", "funnel funnel funnel"]
    exp = sentence.export()
    assert isinstance(exp, TextLinear) and list(exp.classes_) == list(sentence.classes_)
    np.testing.assert_allclose(exp.predict_proba(texts), sentence.predict_proba(texts), atol=1e-6)
    dense = rng.normal(size=(len(texts), 4))
    np.testing.assert_allclose(role.export().predict_proba((texts, dense)),
                               role.predict_proba((texts, dense)), atol=1e-6)
    Xd = rng.normal(size=(30, 5)) * 4
    exp_d = posting.export()
    assert isinstance(exp_d, DenseLinear)
    np.testing.assert_allclose(exp_d.predict_proba(Xd), posting.predict_proba(Xd), atol=1e-9)


def test_exported_evidence_terms_match(fitted):
    sentence, role, _, rng = fitted
    for text in _texts(rng, 30):
        for label in sentence.classes_:
            assert sentence.export().top_terms(label, text, k=5) == \
                sentence.top_terms(label, text, k=5)
        assert role.export().top_terms("pm", text, k=4) == role.top_terms("pm", text, k=4)


def test_an_empty_batch_has_no_rows(fitted):
    assert fitted[0].export().predict_proba([]).shape == (0, 3)


def test_lemma_ngrams_match_scikit_learns_word_analyzer():
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = CountVectorizer(ngram_range=(1, 3), token_pattern=r"\S+").build_analyzer()
    text = "run a b test on the funnel"
    assert lemma_ngrams(text, (1, 3)) == analyzer(text)


def test_temper_keeps_the_ranking_and_sums_to_one():
    scores = {"apm": 0.05, "pm": 0.7, "senior": 0.25}
    for t in (0.5, 1.0, 1.3, 3.0):
        out = temper(scores, t)
        assert abs(sum(out.values()) - 1) < 1e-9
        assert sorted(out, key=out.get) == sorted(scores, key=scores.get)
    assert temper(scores, 2.0)["pm"] < 0.7 < temper(scores, 0.5)["pm"]


@given(st.dictionaries(st.sampled_from(["apm", "pm", "senior", "group", "director"]),
                       st.floats(0, 1), min_size=1),
       st.floats(0.25, 4.0))
def test_temper_never_reorders_wild_scores(scores, t):
    total = sum(scores.values())
    if total == 0:
        return
    scores = {k: v / total for k, v in scores.items()}
    out = temper(scores, t)
    assert abs(sum(out.values()) - 1) < 1e-6
    top = max(scores.values())
    assert {k for k, v in scores.items() if v == top} >= {max(out, key=out.get)}
