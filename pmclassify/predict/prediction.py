"""Stage 5a: what the predictor answers for one posting, :class:`Prediction`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pmclassify.predict.html import prediction_html
from pmclassify.text.notes import Evidence, Note


@dataclass(frozen=True)
class Prediction:
    """What pmclassify says about one posting.

    ``specialization`` and ``seniority`` are None for a non-PM posting. Scores are
    probabilities; ``secondary_score`` is the body's own score for the secondary
    specialization (in ``specialization_scores`` a title that names the primary pulls every
    other label down, so the secondary's entry there can be small); ``evidence`` maps each
    answer ("pm", "specialization", "seniority") to the :class:`Evidence` of the title and
    body that drove it (``str()`` of one reads as a sentence); ``warnings`` are the
    :class:`Note` items that say why an answer is weak (text too short, not English, or cut);
    ``needs_review`` says whether to double-check it, and ``review_reasons`` why.
    """

    is_pm: bool
    pm_score: float
    specialization: str | None
    secondary_specialization: str | None
    seniority: str | None
    specialization_scores: dict[str, float] = field(default_factory=dict)
    seniority_scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    warnings: tuple[Note, ...] = ()
    secondary_score: float | None = None
    # The language of the text ("en"; another ISO 639 code; "und" undetermined; "" too short).
    language: str = ""
    # Whether to double-check the answers, and why (:mod:`pmclassify.predict.review`).
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()

    @property
    def specialization_score(self) -> float | None:
        return self.specialization_scores.get(self.specialization) if self.specialization else None

    @property
    def seniority_score(self) -> float | None:
        return self.seniority_scores.get(self.seniority) if self.seniority else None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Prediction:
        """The prediction :meth:`to_dict` gave (its derived scores and ``model_version`` are
        left out).

        >>> p = Prediction(True, 0.9, "growth", None, "pm", evidence={"pm": [Evidence("title",
        ...                "growth pm")]}, warnings=(Note("truncated", "cut"),))
        >>> Prediction.from_dict(p.to_dict()) == p
        True
        """
        evidence = {key: [Evidence(**{k: v for k, v in e.items() if k != "text"})
                          for e in items] for key, items in d.get("evidence", {}).items()}
        return cls(
            is_pm=d["is_pm"], pm_score=d["pm_score"], specialization=d["specialization"],
            secondary_specialization=d["secondary_specialization"], seniority=d["seniority"],
            specialization_scores=dict(d.get("specialization_scores", {})),
            seniority_scores=dict(d.get("seniority_scores", {})), evidence=evidence,
            warnings=tuple(Note(**w) for w in d.get("warnings", ())),
            secondary_score=d.get("secondary_score"), language=d.get("language", ""),
            needs_review=d.get("needs_review", False),
            review_reasons=tuple(d.get("review_reasons", ())))

    def _repr_html_(self) -> str:
        """The answers and their evidence, as a notebook shows them."""
        return prediction_html(self)

    def html(self, text: str | None = None, title: str | None = None) -> str:
        """The answers as HTML; given the posting's ``text`` and ``title``, with the evidence
        marked in them (as the page of ``pmclassify serve`` marks it)."""
        return prediction_html(self, text, title)

    def evidence_text(self) -> dict[str, list[str]]:
        """The evidence of each answer as sentences, as the command line shows it."""
        return {key: [str(e) for e in items] for key, items in self.evidence.items()}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the answers and scores, each evidence item and note as a dict of
        its fields (an evidence item's ``text`` is the sentence it reads as).

        >>> p = Prediction(False, 0.1, None, None, None,
        ...                evidence={"pm": [Evidence("title", "data analyst")]})
        >>> d = p.to_dict()
        >>> d["is_pm"], d["evidence"]["pm"][0]["text"]
        (False, 'title: "data analyst"')
        """
        return {
            "is_pm": self.is_pm, "pm_score": self.pm_score,
            "specialization": self.specialization,
            "secondary_specialization": self.secondary_specialization,
            "seniority": self.seniority,
            "specialization_scores": dict(self.specialization_scores),
            "seniority_scores": dict(self.seniority_scores),
            "evidence": {key: [e.to_dict() for e in items]
                         for key, items in self.evidence.items()},
            "warnings": [w.to_dict() for w in self.warnings],
            "secondary_score": self.secondary_score, "language": self.language,
            "needs_review": self.needs_review, "review_reasons": list(self.review_reasons),
            "specialization_score": self.specialization_score,
            "seniority_score": self.seniority_score,
        }
