"""Stage 7a: the shape of an evaluation report, as types. :func:`~pmclassify.evaluate.scoring.
evaluate`, :func:`~pmclassify.evaluate.crossfit.crossfit` and :func:`~pmclassify.evaluate.
writeups.crossfit_writeups` return a :class:`Report`; it is plain JSON data (``--json`` prints it,
the model's metadata keeps its figures), and these types let a reader and mypy know its keys.
"""

from __future__ import annotations

from typing import Literal, TypedDict

# How a report scores the gold postings: with their titles, and with the titles withheld.
Mode = Literal["with_titles", "titles_withheld"]
MODES: tuple[Mode, ...] = ("with_titles", "titles_withheld")


class ClassFigures(TypedDict):
    precision: float
    recall: float
    f1: float
    support: int


class TaskFigures(TypedDict):
    """One answer's figures: per label, their macro-F1, the confusion matrix (rows gold,
    columns answered, in the labels' order) and the accuracy."""

    per_class: dict[str, ClassFigures]
    macro_f1: float
    confusion: list[list[int]]
    accuracy: float


class PartFigures(TypedDict):
    """Specialization figures of a part of the gold postings."""

    n: int
    accuracy: float
    macro_f1: float


class TwoAnswers(TypedDict):
    """How the primary and secondary answers meet the gold pair."""

    primary_is_a_gold_label: float
    gold_primary_among_ours: float
    secondaries_given: int
    secondary_precision: float | None


class _SpecializationFigures(TaskFigures):
    two_answers: TwoAnswers
    by_confidence: dict[str, PartFigures]  # per level of the gold file's confidence column


class SpecializationFigures(_SpecializationFigures, total=False):
    # "title_names_it" and "generic_title", when the gold postings have titles.
    by_title: dict[str, PartFigures]


class SeniorityFigures(TaskFigures):
    within_one_rung: float


class CalibrationRow(TypedDict):
    bucket: str
    n: int
    accuracy: float
    mean_confidence: float


class Scores(TypedDict):
    """Every figure of one way of scoring (the model's, or the keyword baseline's)."""

    n: int
    pm_answered_not_pm: int
    specialization: SpecializationFigures
    seniority: SeniorityFigures
    calibration: list[CalibrationRow]
    seniority_calibration: list[CalibrationRow]


class _ReviewFigures(TypedDict):
    n: int
    unflagged_share: float
    unflagged_specialization_accuracy: float | None
    unflagged_seniority_accuracy: float | None
    flagged_specialization_accuracy: float | None
    flagged_seniority_accuracy: float | None


class ReviewFigures(_ReviewFigures, total=False):
    """What ``needs_review`` buys: the share of gold PM postings left unflagged, and how often
    the answers on either side are right."""

    thresholds_per_fold: list[dict[str, float]]  # cross-fitted: each fold's own thresholds


class _ModeReport(TypedDict):
    model: Scores


class ModeReport(_ModeReport, total=False):
    keyword_baseline: Scores
    review: ReviewFigures


class _PmF1(TypedDict):
    reference: str
    n: int
    titles_withheld: float


class PmF1(_PmF1, total=False):
    with_titles: float


class _CrossfitInfo(TypedDict):
    folds: int
    employers: int
    group_column: str


class CrossfitInfo(_CrossfitInfo, total=False):
    seed: int | None


class _Report(TypedDict):
    gold: str
    n_gold: int


class Report(_Report, total=False):
    """An evaluation report: the gold file, then per :data:`Mode` its scores."""

    with_titles: ModeReport
    titles_withheld: ModeReport
    review_policy: dict[str, float]
    is_pm_f1: PmF1
    crossfit: CrossfitInfo
