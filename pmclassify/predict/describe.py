"""Stage 5h: a prediction as the lines ``pmclassify classify`` prints: the answers, their
confidence, whether to double-check them, the evidence and the notes."""

from __future__ import annotations

from typing import Any

from pmclassify.labels import SENIORITY_NAMES, SPECIALIZATION_NAMES


def describe(p: Any, version: str) -> str:
    """``p`` (a Prediction) as text for a terminal.

    >>> from pmclassify.predict.prediction import Prediction
    >>> print(describe(Prediction(False, 0.04, None, None, None), "1.0"))
    PM role:        no  (score 0.04)
    Review:         no
    Evidence:       none
    (model 1.0)
    """
    out = [f"PM role:        {'yes' if p.is_pm else 'no'}  (score {p.pm_score:.2f})"]
    if p.is_pm:
        spec = f"{SPECIALIZATION_NAMES[p.specialization]} [{p.specialization}]"
        out.append(f"Specialization: {spec}  (confidence {p.specialization_score:.2f})")
        if p.secondary_specialization:
            s2 = p.secondary_specialization
            out.append(f"  secondary:    {SPECIALIZATION_NAMES[s2]} [{s2}]  "
                       f"(the body alone reads {p.secondary_score:.2f})")
        out.append(f"Seniority:      {SENIORITY_NAMES[p.seniority]} [{p.seniority}]  "
                   f"(confidence {p.seniority_score:.2f})")
    out.append("Review:         " + ("yes: " + "; ".join(p.review_reasons) if p.needs_review
                                     else "no"))
    said = [f"  {key}: " + "; ".join(items) for key, items in p.evidence_text().items() if items]
    out += ["Evidence:", *said] if said else ["Evidence:       none"]
    out += [f"Note: {w}" for w in p.warnings]
    out.append(f"(model {version})")
    return "\n".join(out)
