"""Stage 4c: :class:`PmModel`, everything a prediction needs, and its plain-array form.

A model is the lexicons and preprocessor (rebuilt from the package's ``corpus/`` at load, never
stored) plus four linear models. Training fits them as scikit-learn estimators
(:mod:`pmclassify.model.estimators`); :func:`export_model` turns each into its numpy
counterpart (:mod:`pmclassify.model.linear`), and :func:`model_arrays` / :func:`model_from_arrays`
turn the result into named arrays and a JSON-able config and back, for
:mod:`pmclassify.model.artifacts` to write.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from pmclassify.cues.body import body_named_specializations, role_sentence_specializations
from pmclassify.cues.lexicons import Lexicons
from pmclassify.errors import ModelError
from pmclassify.model.features import specialization_features
from pmclassify.model.linear import DenseLinear, Linear, TextLinear
from pmclassify.text.posting import Preprocessor, ProcessedPosting


class TextModel(Protocol):
    """A model over lemma strings (the sentence model; the role model, with dense columns)."""

    @property
    def classes_(self) -> np.ndarray: ...

    def predict_proba(self, X: Any) -> np.ndarray: ...

    def top_terms(self, label: str, lemmas: str, k: int = 3,
                  min_coef: float = 0.0) -> list[str]: ...


class DenseModel(Protocol):
    """A model over dense posting features (specialization and seniority of a body)."""

    @property
    def classes_(self) -> np.ndarray: ...

    def predict_proba(self, X: np.ndarray) -> np.ndarray: ...


@dataclass
class PmModel:
    """Everything a prediction needs: the lexicons and the fitted models (scikit-learn
    estimators while training, their exports in a shipped model)."""

    lexicons: Lexicons
    sentence: TextModel
    specialization: DenseModel
    seniority: DenseModel
    role: TextModel
    preprocessor: Preprocessor = field(default_factory=Preprocessor)
    # Softens the seniority scores of a posting whose title names no rung: fitted on the
    # title-rung postings with their titles withheld, out of fold (see training.fit_model).
    seniority_temperature: float = 1.0

    def spec_features(self, postings: list[ProcessedPosting],
                      named: list[Counter[str]] | None = None) -> np.ndarray:
        """Specialization features of each posting; ``named`` (one per posting, from
        :func:`body_named_specializations`) is computed here unless the caller has it."""
        if named is None:
            named = [body_named_specializations(self.lexicons, p) for p in postings]
        role_sets = [p.role_sentences() for p in postings]
        flat = [s.lemmas for r in role_sets for s in r]
        probs = self.sentence.predict_proba(flat) if flat else np.zeros((0, 6))
        rows, start = [], 0
        for p, r, names in zip(postings, role_sets, named, strict=True):
            part = probs[start:start + len(r)]
            start += len(r)
            lex = self.lexicons.phrase_scores("specialization", p.body_lemmas())
            rows.append(specialization_features(
                part, self.sentence.classes_, lex, len(r), names,
                role_sentence_specializations(self.lexicons, p)))
        return np.vstack(rows)


def export_model(model: PmModel) -> PmModel:
    """``model`` with each fitted estimator replaced by what it computes as plain arrays."""
    def text(m: Any) -> TextLinear:
        return m if isinstance(m, TextLinear) else m.export()

    def dense(m: Any) -> DenseLinear:
        return m if isinstance(m, DenseLinear) else m.export()

    return dataclasses.replace(model, sentence=text(model.sentence), role=text(model.role),
                               specialization=dense(model.specialization),
                               seniority=dense(model.seniority))


def _linear_arrays(prefix: str, lin: Linear) -> dict[str, np.ndarray]:
    return {f"{prefix}.coef": lin.coef, f"{prefix}.intercept": lin.intercept,
            f"{prefix}.classes": np.array([str(c) for c in lin.classes])}


def model_arrays(model: PmModel) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and the config (JSON-able) of an exported model."""
    arrays: dict[str, np.ndarray] = {}
    config: dict[str, Any] = {"seniority_temperature": model.seniority_temperature,
                              "lexicon_sha256": model.lexicons.digest,
                              "lexicon_files": model.lexicons.files}
    for name in ("sentence", "role"):
        m = getattr(model, name)
        if not isinstance(m, TextLinear):
            raise TypeError(f"model.{name} is not exported; call export_model first")
        # One UTF-8 string of the terms, a line each: lemma n-grams hold no line break.
        arrays[f"{name}.vocabulary"] = np.frombuffer("\n".join(m.vocabulary).encode(), np.uint8)
        arrays[f"{name}.idf"] = m.idf
        arrays.update(_linear_arrays(name, m.linear))
        config[f"{name}_ngram_range"] = list(m.ngram_range)
    for name in ("specialization", "seniority"):
        d = getattr(model, name)
        if not isinstance(d, DenseLinear):
            raise TypeError(f"model.{name} is not exported; call export_model first")
        arrays[f"{name}.mean"], arrays[f"{name}.scale"] = d.mean, d.scale
        arrays.update(_linear_arrays(name, d.linear))
    return arrays, config


def model_from_arrays(arrays: dict[str, np.ndarray], config: dict[str, Any],
                      lexicons: Lexicons, preprocessor: Preprocessor) -> PmModel:
    """Rebuild a model from :func:`model_arrays`' output; a missing or malformed part is a
    :class:`~pmclassify.errors.ModelError`."""
    try:
        def linear(prefix: str) -> Linear:
            return Linear(coef=arrays[f"{prefix}.coef"], intercept=arrays[f"{prefix}.intercept"],
                          classes=arrays[f"{prefix}.classes"])

        def text(name: str) -> TextLinear:
            vocab = tuple(bytes(arrays[f"{name}.vocabulary"]).decode().split("\n"))
            lo, hi = (int(n) for n in config[f"{name}_ngram_range"])
            out = TextLinear(vocabulary=vocab, idf=arrays[f"{name}.idf"], ngram_range=(lo, hi),
                             linear=linear(name))
            if len(out.idf) != len(vocab) or out.linear.coef.shape[1] < len(vocab):
                raise ValueError(f"{name}: vocabulary, idf and coefficients disagree in size")
            return out

        def dense(name: str) -> DenseLinear:
            return DenseLinear(mean=arrays[f"{name}.mean"], scale=arrays[f"{name}.scale"],
                               linear=linear(name))

        return PmModel(lexicons=lexicons, sentence=text("sentence"),
                       specialization=dense("specialization"), seniority=dense("seniority"),
                       role=text("role"), preprocessor=preprocessor,
                       seniority_temperature=float(config["seniority_temperature"]))
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ModelError(f"the model file is incomplete or malformed ({type(exc).__name__}: "
                         f"{exc}); retrain it with `pmclassify train`") from exc
