"""Stage 3b: the dense features of a posting that the models read, from its cues and lexicons.

Used both to train the estimators and to predict with the exported model, so nothing here
imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pmclassify.cues.body import (
    body_named_seniority,
    body_role_mentions,
    years_required,
    years_rung,
)
from pmclassify.cues.lexicons import Lexicons
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.text.posting import ProcessedPosting


def specialization_features(sentence_probs: np.ndarray, classes: Sequence[str] | np.ndarray,
                            lex_scores: dict[str, float], n_sentences: int,
                            named: dict[str, int], mentioned: dict[str, int]) -> np.ndarray:
    """Dense features of a posting body for the specialization model.

    Mean sentence probability, mean of the top-3, and the share of sentences a label wins
    (each per label), lexicon weight per 10 sentences, how often the body names the label as
    the role's own (:func:`~pmclassify.cues.body.body_named_specializations`) and how many
    sentences about the role mention it
    (:func:`~pmclassify.cues.body.role_sentence_specializations`).
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
    (:func:`~pmclassify.cues.body.body_named_seniority`)."""
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
    role or as a neighbour role (:func:`~pmclassify.cues.body.body_role_mentions`): the
    body's own title, which carries over to new employers better than their vocabulary."""
    scores = lex.phrase_scores("role", posting.body_lemmas())
    named = body_role_mentions(lex, posting)
    return np.log1p(np.clip([scores.get("pm", 0.0), scores.get("not_pm", 0.0),
                             named["pm"], named["not_pm"]], 0, None))
