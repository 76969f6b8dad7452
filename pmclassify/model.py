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
``_``), so they clone, pickle and grid-search.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from pmclassify.cues import (
    body_named_seniority,
    body_role_mentions,
    years_required,
    years_rung,
)
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.lexicons import Lexicons
from pmclassify.preprocess import ProcessedPosting


class _LemmaNgrams:
    """TF-IDF analyzer over a lemma string: its n-grams for n in ``ngram_range``, in the order
    scikit-learn's word analyzer gives them, without its per-token Python overhead."""

    def __init__(self, ngram_range: tuple[int, int]) -> None:
        self.ngram_range = ngram_range

    def __call__(self, text: str) -> list[str]:
        toks = text.split()
        lo, hi = self.ngram_range
        out = list(toks) if lo == 1 else []
        for n in range(max(lo, 2), hi + 1):
            out += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
        return out


class SentenceSpecializer(BaseEstimator, ClassifierMixin):
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
        Xv = self.vectorizer_.fit_transform(X)
        self.lr_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)
        self.lr_.fit(Xv, y, sample_weight=sample_weight)
        self.classes_ = self.lr_.classes_
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return self.lr_.predict_proba(self.vectorizer_.transform(X))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def top_terms(self, label: str, lemmas: str, k: int = 3, min_coef: float = 0.0) -> list[str]:
        """The terms of ``lemmas`` that pushed most toward ``label`` (for evidence), among
        those whose coefficient for it is at least ``min_coef``."""
        return _top_terms(self.vectorizer_, self.lr_, label, lemmas, k, min_coef)


def _top_terms(vectorizer: TfidfVectorizer, lr: LogisticRegression, label: str, lemmas: str,
               k: int, min_coef: float = 0.0) -> list[str]:
    """The ``k`` terms of ``lemmas`` that pushed ``lr`` most toward ``label`` (its first
    columns are ``vectorizer``'s vocabulary), among those whose coefficient is at least
    ``min_coef``. A term that starts or ends with a stop word ("and shape", "the") explains
    nothing to a reader and is skipped."""
    from spacy.lang.en.stop_words import STOP_WORDS

    i = list(lr.classes_).index(label)
    # Two classes share one coefficient row, signed toward classes_[1].
    coef = lr.coef_[i] if len(lr.classes_) > 2 else lr.coef_[0] * (2 * i - 1)
    # A term's push is its TF-IDF weight times its coefficient. The weight is computed here
    # from one pass of the analyzer (sublinear tf times idf) instead of transforming the text:
    # the row's L2 norm scales every term alike, so the order is the same, at half the cost.
    vocab = vectorizer.vocabulary_
    idf = vectorizer.idf_
    pushes = []
    for term, n in Counter(vectorizer.build_analyzer()(lemmas)).items():
        j = vocab.get(term)
        if j is not None and coef[j] >= min_coef:
            pushes.append(((1.0 + math.log(n)) * idf[j] * coef[j], term))
    out: list[str] = []
    for push, term in sorted(pushes, key=lambda x: -x[0]):
        if push <= 0 or len(out) == k:
            break
        if not {term.split()[0], term.split()[-1]} & STOP_WORDS:
            out.append(term)
    return out


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


class RoleClassifier(BaseEstimator, ClassifierMixin):
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

    def top_terms(self, lemmas: str, k: int = 4, label: str = "pm") -> list[str]:
        """The terms of a body's lemmas that pushed most toward ``label`` (a PM job, or with
        ``"not_pm"`` away from one): evidence when no lexicon phrase or role name speaks."""
        return _top_terms(self.vectorizer_, self.lr_, label, lemmas, k)


# ---- calibration ----------------------------------------------------------------------------


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


# ---- features -------------------------------------------------------------------------------


def specialization_features(sentence_probs: np.ndarray, classes: Sequence[str],
                            lex_scores: dict[str, float], n_sentences: int,
                            named: dict[str, int], mentioned: dict[str, int]) -> np.ndarray:
    """Dense features of a posting body for the specialization model.

    Mean sentence probability, mean of the top-3, and the share of sentences a label wins
    (each per label), lexicon weight per 10 sentences, how often the body names the label as
    the role's own (:func:`~pmclassify.cues.body_named_specializations`) and how many
    sentences about the role mention it
    (:func:`~pmclassify.cues.role_sentence_specializations`).
    """
    order = [list(classes).index(lbl) for lbl in SPECIALIZATIONS]
    if len(sentence_probs):
        P = sentence_probs[:, order]
        mean = P.mean(axis=0)
        top = np.sort(P, axis=0)[-3:].mean(axis=0)
        wins = np.bincount(P.argmax(axis=1), minlength=len(SPECIALIZATIONS)) / len(P)
    else:
        mean = top = wins = np.full(len(SPECIALIZATIONS), 1 / len(SPECIALIZATIONS))
    density = np.array([lex_scores.get(lbl, 0.0) for lbl in SPECIALIZATIONS])
    density = np.log1p(np.clip(density, 0, None) * 10 / max(n_sentences, 1))
    names = np.log1p([named.get(lbl, 0) for lbl in SPECIALIZATIONS])
    mentions = np.log1p([mentioned.get(lbl, 0) for lbl in SPECIALIZATIONS])
    return np.concatenate([mean, top, wins, density, names, mentions])


def seniority_features(posting: ProcessedPosting, lex: Lexicons) -> np.ndarray:
    """Dense scope features of a posting body: years asked (one-hot rung and value), the
    seniority lexicon's weight per rung, and the rungs of the role the text names as its own
    (:func:`~pmclassify.cues.body_named_seniority`)."""
    role = posting.role_sentences()
    years = years_required(" ".join(s.text for s in role))
    onehot = np.zeros(len(SENIORITIES) + 1)
    onehot[SENIORITIES.index(years_rung(years)) if years is not None else -1] = 1.0
    scores = lex.phrase_scores("seniority", posting.body_lemmas())
    lexv = np.log1p(np.clip([scores.get(lbl, 0.0) for lbl in SENIORITIES], 0, None))
    named = body_named_seniority(lex, posting)
    namedv = np.log1p([named.get(lbl, 0) for lbl in SENIORITIES])
    return np.concatenate([onehot, [np.log1p(years or 0)], lexv, namedv])


def role_dense_features(posting: ProcessedPosting, lex: Lexicons) -> np.ndarray:
    """Role lexicon weights of the body, and how often the posting names its own role as a PM
    role or as a neighbour role (:func:`~pmclassify.cues.body_role_mentions`): the
    body's own title, which carries over to new employers better than their vocabulary."""
    scores = lex.phrase_scores("role", posting.body_lemmas())
    named = body_role_mentions(lex, posting)
    return np.log1p(np.clip([scores.get("pm", 0.0), scores.get("not_pm", 0.0),
                             named["pm"], named["not_pm"]], 0, None))
