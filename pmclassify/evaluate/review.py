"""Stage 7d: the review thresholds — chosen on cross-fitted answers, and measured on answers the
choice never saw.

:func:`choose_policy` picks, for the specialization and the rung, the lowest score threshold at
which the answers left unflagged are right at least ``target`` of the time (so the most answers
go unflagged). :func:`nested_figures` measures the flag honestly: each fold of employers is
flagged with thresholds chosen on the other folds' answers only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pmclassify.evaluate.types import ReviewFigures
from pmclassify.predict.review import ReviewPolicy, thresholds

GRID = tuple(round(0.3 + 0.025 * i, 3) for i in range(28))  # 0.3 .. 0.975
# Thresholds that flag on facts only (body unread, title overruled): crossfit's classifiers
# use it, so the thresholds can be applied afterwards.
FACTS_ONLY = {"specialization_min": 0.0, "seniority_min": 0.0, "specialization_min_untitled": 0.0,
              "seniority_min_untitled": 0.0, "pm_low": 1.0, "pm_high": 0.0}
TARGET = 0.93

# A gold row and an answer (:class:`~pmclassify.evaluate.scoring.Answer`).
Scored = tuple[dict[str, str], Any]


def _lowest(pairs: Sequence[tuple[float, bool]], target: float) -> float:
    """The lowest threshold of :data:`GRID` whose kept pairs (score at or above it) are right at
    least ``target`` of the time; the highest when none is."""
    for t in GRID:
        kept = [ok for s, ok in pairs if s >= t]
        if kept and sum(kept) / len(kept) >= target:
            return t
    return GRID[-1]


def choose_policy(scored: Sequence[Scored], target: float = TARGET) -> ReviewPolicy:
    """Thresholds for the gold PM postings in ``scored`` (answers without a fact flag), apart
    for those given with a title and those without."""
    chosen: dict[str, float] = {}
    for titled, suffix in ((True, ""), (False, "_untitled")):
        pm = [(g, a) for g, a in scored if g["is_pm"] == "True" and a.is_pm
              and not a.fact_flag and a.titled == titled]
        chosen["specialization_min" + suffix] = _lowest(
            [(a.spec_conf, a.specialization == g["specialization"]) for g, a in pm], target)
        chosen["seniority_min" + suffix] = _lowest(
            [(a.sen_conf, a.seniority == g["seniority"]) for g, a in pm], target)
    return ReviewPolicy(**chosen)


def flagged(a: Any, policy: ReviewPolicy) -> bool:
    """Whether ``policy`` flags an answer (its fact flag, a close PM score, a low score)."""
    if a.fact_flag or policy.pm_low < a.pm_score < policy.pm_high:
        return True
    spec_min, sen_min = thresholds(policy, a.titled)
    return a.is_pm and (a.spec_conf < spec_min or a.sen_conf < sen_min)


def figures(scored: Sequence[Scored], flags: Sequence[bool]) -> ReviewFigures:
    """Share of the gold PM postings left unflagged, and how often their answers (and the
    flagged ones) are right."""
    pm = [((g, a), f) for (g, a), f in zip(scored, flags, strict=True) if g["is_pm"] == "True"]

    def acc(rows: list[tuple[Scored, bool]], key: str) -> float | None:
        return round(sum(a.specialization == g["specialization"] if key == "specialization"
                         else a.seniority == g["seniority"] for (g, a), _ in rows)
                     / len(rows), 3) if rows else None

    kept = [r for r in pm if not r[1]]
    held = [r for r in pm if r[1]]
    return {"n": len(pm), "unflagged_share": round(len(kept) / max(len(pm), 1), 3),
            "unflagged_specialization_accuracy": acc(kept, "specialization"),
            "unflagged_seniority_accuracy": acc(kept, "seniority"),
            "flagged_specialization_accuracy": acc(held, "specialization"),
            "flagged_seniority_accuracy": acc(held, "seniority")}


def nested_figures(scored: Sequence[Scored], folds: Sequence[Sequence[int]],
                   pool: Sequence[tuple[int, Scored]] | None = None,
                   target: float = TARGET) -> ReviewFigures:
    """:func:`figures` with each fold flagged by thresholds chosen on the other folds: on their
    answers in ``pool`` (``(row, answer)`` pairs, by default ``scored`` itself), as the shipped
    thresholds are chosen on every answer."""
    pool = list(enumerate(scored)) if pool is None else pool
    flags = [False] * len(scored)
    chosen = []
    for fold in folds:
        inside = set(fold)
        policy = choose_policy([s for i, s in pool if i not in inside], target)
        chosen.append(policy.to_dict())
        for i in fold:
            flags[i] = flagged(scored[i][1], policy)
    out = figures(scored, flags)
    out["thresholds_per_fold"] = chosen
    return out
