"""Stage 5a: what the predictor answers for one posting, :class:`Prediction`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Prediction:
    """What pmclassify says about one posting.

    ``specialization`` and ``seniority`` are None for a non-PM posting. Scores are
    probabilities; ``secondary_score`` is the body's own score for the secondary
    specialization (in ``specialization_scores`` a title that names the primary pulls every
    other label down, so the secondary's entry there can be small); ``evidence`` maps each
    answer ("pm", "specialization", "seniority") to the phrases of the title and body that
    drove it; ``warnings`` say why an answer is weak (text too short, not English, or cut);
    ``needs_review`` says whether to double-check it, and ``review_reasons`` why.
    """

    is_pm: bool
    pm_score: float
    specialization: str | None
    secondary_specialization: str | None
    seniority: str | None
    specialization_scores: dict[str, float] = field(default_factory=dict)
    seniority_scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict.

        >>> Prediction(False, 0.1, None, None, None).to_dict()["is_pm"]
        False
        """
        d = asdict(self)
        d["warnings"] = list(self.warnings)
        d["review_reasons"] = list(self.review_reasons)
        d["specialization_score"] = self.specialization_score
        d["seniority_score"] = self.seniority_score
        return d
