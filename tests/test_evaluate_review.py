from pmclassify.evaluate.review import (
    GRID,
    choose_policy,
    figures,
    flagged,
    nested_figures,
)
from pmclassify.evaluate.scoring import Answer
from pmclassify.predict.review import ReviewPolicy

GOLD = {"is_pm": "True", "specialization": "growth", "seniority": "pm"}


def _a(conf, right=True, titled=True, fact=False):
    return Answer(True, "growth" if right else "core", "pm", conf, None, 0.99, 0.99, fact, titled)


def test_the_lowest_threshold_that_keeps_the_target_accuracy():
    # Right above 0.8, wrong below: 0.8 is the lowest threshold whose kept answers are right.
    scored = [(GOLD, _a(c / 100, right=c >= 80)) for c in range(50, 100, 2)]
    p = choose_policy(scored, target=0.93)
    assert p.specialization_min == 0.8 and p.specialization_min in GRID
    # Untitled answers are thresholded on their own: none here, so the highest.
    assert p.specialization_min_untitled == GRID[-1]
    # Answers flagged on facts take no part in the choice.
    p2 = choose_policy(scored + [(GOLD, _a(0.99, right=False, fact=True))] * 20, target=0.93)
    assert p2.specialization_min == 0.8


def test_flagged_and_figures():
    policy = ReviewPolicy(specialization_min=0.8, seniority_min=0.5)
    assert not flagged(_a(0.9), policy) and flagged(_a(0.7), policy)
    assert flagged(_a(0.9, fact=True), policy)
    scored = [(GOLD, _a(0.9)), (GOLD, _a(0.7, right=False))]
    f = figures(scored, [flagged(a, policy) for _, a in scored])
    assert f["unflagged_share"] == 0.5 and f["unflagged_specialization_accuracy"] == 1.0
    assert f["flagged_specialization_accuracy"] == 0.0


def test_nested_figures_never_choose_on_the_fold_they_flag():
    scored = [(GOLD, _a(0.9)), (GOLD, _a(0.6, right=False)), (GOLD, _a(0.95)),
              (GOLD, _a(0.55, right=False))]
    r = nested_figures(scored, [[0, 1], [2, 3]], target=0.9)
    assert len(r["thresholds_per_fold"]) == 2 and r["n"] == 4
    # Fold 1's threshold comes from fold 2 (0.95 right, 0.55 wrong): 0.575, which keeps the
    # wrong 0.6 of fold 1. Chosen on fold 1 itself it would have been flagged (0.625).
    assert r["thresholds_per_fold"][0]["specialization_min"] == 0.575
    assert r["unflagged_specialization_accuracy"] == 0.667
