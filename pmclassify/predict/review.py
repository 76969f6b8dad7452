"""Stage 5d: which answers to double-check. A prediction ``needs_review`` when an answer is not
to be trusted without a look: its calibrated score is under the threshold chosen for it
(cross-fitted over employers, recorded in the model's metadata under ``review``), PM-or-not is
close to the line, the body could not be read and no title named the role, or a title the
model does not know was overruled by the body.

>>> policy = ReviewPolicy(specialization_min=0.8)
>>> p = Prediction(True, 0.97, "core", None, "pm", {"core": 0.55}, {"pm": 0.99})
>>> reviewed(p, policy).review_reasons
('specialization score 0.55 is under 0.80',)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from pmclassify.predict.prediction import Prediction


@dataclass(frozen=True)
class ReviewPolicy:
    """The thresholds under which an answer is flagged for review."""

    # Scores of a posting given with a title, and of one without (calibrated apart: a title
    # that names the answer puts its score at 0.95 or more).
    specialization_min: float = 0.8
    seniority_min: float = 0.6
    specialization_min_untitled: float = 0.8
    seniority_min_untitled: float = 0.6
    # A PM score inside this band is close to the line either way.
    pm_low: float = 0.3
    pm_high: float = 0.7

    @classmethod
    def from_metadata(cls, meta: dict[str, Any]) -> ReviewPolicy:
        """The policy a model's metadata records (``review``), else the defaults."""
        known = {f.name for f in dataclasses.fields(cls)}
        given = meta.get("review") or {}
        return cls(**{k: float(v) for k, v in given.items() if k in known})

    def to_dict(self) -> dict[str, float]:
        return dataclasses.asdict(self)


def thresholds(policy: ReviewPolicy, titled: bool) -> tuple[float, float]:
    """The specialization and seniority thresholds for a posting given with or without a
    title."""
    if titled:
        return policy.specialization_min, policy.seniority_min
    return policy.specialization_min_untitled, policy.seniority_min_untitled


def reasons(p: Prediction, policy: ReviewPolicy, *, body_read: bool = True,
            title_named_role: bool = False, title_overruled: bool = False,
            titled: bool = True) -> tuple[str, ...]:
    """Why ``p`` needs a look, if it does (empty when it does not); ``titled``: whether it was
    given a title."""
    out = []
    if policy.pm_low < p.pm_score < policy.pm_high:
        out.append(f"PM or not is close (score {p.pm_score:.2f})")
    if not body_read and not title_named_role:
        out.append("the body was not read and no title names the role")
    if title_overruled:
        out.append("the title names no role the model knows, so the body decided")
    if p.is_pm:
        spec, sen = p.specialization_score or 0.0, p.seniority_score or 0.0
        spec_min, sen_min = thresholds(policy, titled)
        if spec < spec_min:
            out.append(f"specialization score {spec:.2f} is under {spec_min:.2f}")
        if sen < sen_min:
            out.append(f"seniority score {sen:.2f} is under {sen_min:.2f}")
    return tuple(out)


def reviewed(p: Prediction, policy: ReviewPolicy, **facts: bool) -> Prediction:
    """``p`` with ``needs_review`` and ``review_reasons`` set (see :func:`reasons`)."""
    why = reasons(p, policy, **facts)
    return dataclasses.replace(p, needs_review=bool(why), review_reasons=why)
