"""Stage 4 at prediction time: the fitted linear models as plain arrays, run with numpy alone.

Training fits scikit-learn estimators (:mod:`pmclassify.model.estimators`) and exports what they
learned into these classes (:func:`pmclassify.model.pmmodel.export_model`); the shipped model is
made of them.
They compute what the estimators compute (TF-IDF with sublinear tf and L2 rows, then a logistic
regression's softmax or sigmoid; or standardization, then the regression), in the estimators'
float precision, without importing scikit-learn or scipy: a cold start does not pay for them,
and a model loads whatever scikit-learn version is installed, or none.

>>> lin = Linear(coef=np.array([[1.0, -1.0]]), intercept=np.array([0.0]),
...              classes=np.array(["not_pm", "pm"]))
>>> lin.proba(np.array([[0.0], [2.0]])).round(3).tolist()
[[0.5, 0.5], [0.119, 0.881]]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np


def lemma_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """A lemma string's n-grams for n in ``ngram_range``, in the order scikit-learn's word
    analyzer gives them.

    >>> lemma_ngrams("run a b test", (1, 2))
    ['run', 'a', 'b', 'test', 'run a', 'a b', 'b test']
    """
    toks = text.split()
    lo, hi = ngram_range
    out = list(toks) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


@dataclass(frozen=True, eq=False)
class Linear:
    """A fitted logistic regression: ``coef`` (one row per class, or one row for two classes,
    signed toward ``classes[1]``), ``intercept`` and ``classes``."""

    coef: np.ndarray
    intercept: np.ndarray
    classes: np.ndarray

    def proba(self, decision_without_intercept: np.ndarray) -> np.ndarray:
        """Class probabilities (columns in ``classes`` order) from ``X @ coef.T``."""
        z = decision_without_intercept + self.intercept
        if len(self.classes) == 2:  # scikit-learn's binary case: a sigmoid of one column
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.column_stack([1.0 - p, p])
        return _softmax(z)

    def signed_coef(self, label: str) -> np.ndarray:
        """The coefficients that push toward ``label``."""
        i = list(self.classes).index(label)
        return self.coef[i] if len(self.classes) > 2 else self.coef[0] * (2 * i - 1)


@dataclass(frozen=True, eq=False)
class TextLinear:
    """TF-IDF of lemma n-grams (sublinear tf, L2-normalized rows), optionally followed by dense
    columns, into a :class:`Linear`. ``predict_proba`` takes lemma strings, or with dense
    columns a ``(lemma strings, dense array)`` pair, as the estimators it was exported from."""

    vocabulary: tuple[str, ...]
    idf: np.ndarray
    ngram_range: tuple[int, int]
    linear: Linear

    @cached_property
    def index(self) -> dict[str, int]:
        return {term: i for i, term in enumerate(self.vocabulary)}

    @property
    def classes_(self) -> np.ndarray:
        return self.linear.classes

    def _tfidf_decision(self, texts: Sequence[str]) -> np.ndarray:
        index = self.index
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for r, text in enumerate(texts):
            found = Counter(j for t in lemma_ngrams(text, self.ngram_range)
                            if (j := index.get(t)) is not None)
            rows += [r] * len(found)
            cols += found.keys()
            counts += found.values()
        row = np.asarray(rows, dtype=np.intp)
        col = np.asarray(cols, dtype=np.intp)
        dtype = self.idf.dtype
        w = (np.log(np.asarray(counts, dtype=dtype)) + dtype.type(1)) * self.idf[col]
        norms = np.sqrt(np.bincount(row, weights=w * w, minlength=len(texts))).astype(dtype)
        norms[norms == 0] = 1
        w = w / norms[row]
        n_vocab = len(self.vocabulary)
        coef = self.linear.coef[:, :n_vocab]
        out = np.column_stack([np.bincount(row, weights=w * coef[k, col], minlength=len(texts))
                               for k in range(coef.shape[0])])
        # The estimators multiply float32 TF-IDF by float32 coefficients in float32.
        return out.astype(np.result_type(dtype, coef.dtype))

    def predict_proba(self, X: Sequence[str] | tuple[Sequence[str], np.ndarray]) -> np.ndarray:
        if isinstance(X, tuple):
            texts, dense = X
            z = self._tfidf_decision(texts).astype(np.float64)
            z += np.asarray(dense, dtype=np.float64) @ \
                self.linear.coef[:, len(self.vocabulary):].T.astype(np.float64)
        else:
            z = self._tfidf_decision(X)
        return self.linear.proba(z)

    def top_terms(self, label: str, lemmas: str, k: int = 3, min_coef: float = 0.0) -> list[str]:
        """The terms of ``lemmas`` that pushed most toward ``label`` (for evidence), among those
        whose coefficient for it is at least ``min_coef``."""
        return top_terms(self.index, self.idf, self.linear.signed_coef(label), lemmas,
                         self.ngram_range, k, min_coef)


@dataclass(frozen=True, eq=False)
class DenseLinear:
    """Standardization (``mean``, ``scale``) into a :class:`Linear`."""

    mean: np.ndarray
    scale: np.ndarray
    linear: Linear

    @property
    def classes_(self) -> np.ndarray:
        return self.linear.classes

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale
        return self.linear.proba(Z @ self.linear.coef.T)


def top_terms(index: dict[str, int], idf: np.ndarray, coef: np.ndarray, lemmas: str,
              ngram_range: tuple[int, int], k: int, min_coef: float = 0.0) -> list[str]:
    """The ``k`` terms of ``lemmas`` that push most along ``coef`` (indexed by ``index``),
    among those whose coefficient is at least ``min_coef``. A term that starts or ends with a
    stop word ("and shape", "the") explains nothing to a reader and is skipped."""
    from spacy.lang.en.stop_words import STOP_WORDS

    # A term's push is its TF-IDF weight times its coefficient. The weight is computed here
    # from one pass of the analyzer (sublinear tf times idf): the row's L2 norm scales every
    # term alike, so the order is the same without it.
    pushes = []
    for term, n in Counter(lemma_ngrams(lemmas, ngram_range)).items():
        j = index.get(term)
        if j is not None and coef[j] >= min_coef:
            pushes.append(((1.0 + math.log(n)) * idf[j] * coef[j], term))
    out: list[str] = []
    for push, term in sorted(pushes, key=lambda x: -x[0]):
        if push <= 0 or len(out) == k:
            break
        if not {term.split()[0], term.split()[-1]} & STOP_WORDS:
            out.append(term)
    return out


def temper(scores: dict[str, float], temperature: float) -> dict[str, float]:
    """``scores`` raised to ``1 / temperature`` and renormalized: above 1 it softens them, and
    the ranking never changes.

    >>> temper({"pm": 0.8, "senior": 0.2}, 2.0)
    {'pm': 0.6666666666666666, 'senior': 0.3333333333333333}
    """
    if temperature == 1.0:
        return scores
    powered = {k: max(v, 1e-9) ** (1 / temperature) for k, v in scores.items()}
    total = sum(powered.values())
    return {k: v / total for k, v in powered.items()}
