"""Stage 4: the scikit-learn estimators.

Three models learn from the weak labels so that they generalize past the keywords:

* :class:`SentenceSpecializer` — TF-IDF over sentence lemmas + logistic regression, trained on
  thousands of weakly labeled responsibility/requirement sentences (many more units than
  postings, and less employer vocabulary: see LEADS.md 3).
* :class:`PostingClassifier` — a regularized logistic regression over a few dense,
  transferable features per posting (aggregated sentence probabilities, lexicon densities,
  years of experience), used for the specialization and seniority of a posting's body.
* :class:`RoleClassifier` — TF-IDF over a posting's role text + lexicon scores: is it a PM job.

All follow scikit-learn's conventions (``__init__`` stores parameters, fitted attributes end in
``_``), so they clone, pickle and grid-search. Each ``export()``s what it learned as plain
arrays (:mod:`pmclassify.model.linear`): prediction runs on those, without scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from pmclassify.model.linear import DenseLinear, Linear, TextLinear, lemma_ngrams, temper


class _LemmaNgrams:
    """TF-IDF analyzer over a lemma string (:func:`~pmclassify.model.linear.lemma_ngrams`), without
    the per-token Python overhead of scikit-learn's word analyzer."""

    def __init__(self, ngram_range: tuple[int, int]) -> None:
        self.ngram_range = ngram_range

    def __call__(self, text: str) -> list[str]:
        return lemma_ngrams(text, self.ngram_range)


def _linear(lr: LogisticRegression) -> Linear:
    return Linear(coef=np.array(lr.coef_), intercept=np.array(lr.intercept_),
                  classes=np.array([str(c) for c in lr.classes_]))


def _text_linear(vectorizer: TfidfVectorizer, lr: LogisticRegression,
                 ngram_range: tuple[int, int]) -> TextLinear:
    vocab = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return TextLinear(vocabulary=tuple(vocab), idf=np.array(vectorizer.idf_),
                      ngram_range=ngram_range, linear=_linear(lr))


class _Exports:
    """The evidence of a text estimator, read from its export (kept: building it sorts the
    vocabulary), so that it is the exported model's evidence exactly."""

    _export_cache: TextLinear | None = None

    def export(self) -> TextLinear:
        raise NotImplementedError

    def top_terms(self, label: str, lemmas: str, k: int = 3, min_coef: float = 0.0) -> list[str]:
        """See :meth:`~pmclassify.model.linear.TextLinear.top_terms`."""
        if self._export_cache is None:
            self._export_cache = self.export()
        return self._export_cache.top_terms(label, lemmas, k, min_coef)


class SentenceSpecializer(_Exports, BaseEstimator, ClassifierMixin):
    """Specialization of one sentence, from its lemma string.

    >>> m = SentenceSpecializer(min_df=1).fit(["run a b test", "position the product",
    ...     "run growth experiment", "write launch messaging"], ["growth", "pmm", "growth", "pmm"])
    >>> str(m.predict(["a b test the funnel"])[0])
    'growth'
    """

    def __init__(self, C: float = 1.0, min_df: int = 3, max_features: int | None = 60_000,
                 ngram_range: tuple[int, int] = (1, 2)) -> None:
        self.C = C
        self.min_df = min_df
        self.max_features = max_features
        self.ngram_range = ngram_range

    def fit(self, X: Sequence[str], y: Sequence[str],
            sample_weight: Sequence[float] | None = None) -> SentenceSpecializer:
        self.vectorizer_ = TfidfVectorizer(
            analyzer=_LemmaNgrams(self.ngram_range), min_df=self.min_df,
            max_features=self.max_features, sublinear_tf=True, dtype=np.float32,
        )
        self._export_cache = None
        Xv = self.vectorizer_.fit_transform(X)
        self.lr_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)
        self.lr_.fit(Xv, y, sample_weight=sample_weight)
        self.classes_ = self.lr_.classes_
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return self.lr_.predict_proba(self.vectorizer_.transform(X))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def export(self) -> TextLinear:
        """What the fitted model computes, as plain arrays
        (:class:`~pmclassify.model.linear.TextLinear`)."""
        return _text_linear(self.vectorizer_, self.lr_, self.ngram_range)


class PostingClassifier(BaseEstimator, ClassifierMixin):
    """Multinomial logistic regression over standardized dense posting features."""

    def __init__(self, C: float = 0.5, class_weight: str | None = "balanced") -> None:
        self.C = C
        self.class_weight = class_weight

    def fit(self, X: np.ndarray, y: Sequence[str],
            sample_weight: Sequence[float] | None = None) -> PostingClassifier:
        self.scaler_ = StandardScaler().fit(X)
        self.lr_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=5000)
        self.lr_.fit(self.scaler_.transform(X), y, sample_weight=sample_weight)
        self.classes_ = self.lr_.classes_
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return self.lr_.predict_proba(self.scaler_.transform(X))

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def export(self) -> DenseLinear:
        """What the fitted model computes, as plain arrays
        (:class:`~pmclassify.model.linear.DenseLinear`)."""
        return DenseLinear(mean=np.array(self.scaler_.mean_, dtype=np.float64),
                           scale=np.array(self.scaler_.scale_, dtype=np.float64),
                           linear=_linear(self.lr_))


class RoleClassifier(_Exports, BaseEstimator, ClassifierMixin):
    """Is a posting's body a PM job: TF-IDF of its role lemmas plus lexicon scores."""

    # C: with employer-disjoint folds over all of postings.csv (body only, against is_pm_title),
    # F1 0.850 at C=0.5, 0.908 at 2, 0.939 at 8, 0.946 at 16 and 32: weaker regularization
    # drops false PMs (44 -> 17 of 4,496) and keeps recall (FN 15 -> 16).
    def __init__(self, C: float = 16.0, min_df: int = 5, max_features: int | None = 40_000) -> None:
        self.C = C
        self.min_df = min_df
        self.max_features = max_features

    def _stack(self, texts: Sequence[str], dense: np.ndarray) -> sparse.csr_matrix:
        return sparse.hstack([self.vectorizer_.transform(texts), sparse.csr_matrix(dense)],
                             format="csr")

    def fit(self, X: tuple[Sequence[str], np.ndarray], y: Sequence[str]) -> RoleClassifier:
        texts, dense = X
        self.vectorizer_ = TfidfVectorizer(
            analyzer=_LemmaNgrams((1, 2)), min_df=self.min_df, max_features=self.max_features,
            sublinear_tf=True, dtype=np.float32,
        )
        self._export_cache = None
        self.vectorizer_.fit(texts)
        self.lr_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000)
        self.lr_.fit(self._stack(texts, dense), y)
        self.classes_ = self.lr_.classes_
        return self

    def predict_proba(self, X: tuple[Sequence[str], np.ndarray]) -> np.ndarray:
        texts, dense = X
        return self.lr_.predict_proba(self._stack(texts, dense))

    def predict(self, X: tuple[Sequence[str], np.ndarray]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def export(self) -> TextLinear:
        """What the fitted model computes, as plain arrays
        (:class:`~pmclassify.model.linear.TextLinear`, its dense columns after the vocabulary's)."""
        return _text_linear(self.vectorizer_, self.lr_, (1, 2))


# ---- calibration ----------------------------------------------------------------------------


def fit_temperature(scores: list[dict[str, float]], labels: list[str]) -> float:
    """The temperature (0.25-4) under which ``scores`` best predict ``labels`` (least log loss):
    above 1 when the scores are overconfident.

    >>> round(fit_temperature([{"a": 0.99, "b": 0.01}, {"a": 0.99, "b": 0.01}], ["a", "b"]), 1)
    4.0
    """
    from scipy.optimize import minimize_scalar

    def loss(t: float) -> float:
        return -float(np.mean([np.log(max(temper(s, t)[y], 1e-9))
                               for s, y in zip(scores, labels, strict=True)]))

    return float(minimize_scalar(loss, bounds=(0.25, 4.0), method="bounded").x)
