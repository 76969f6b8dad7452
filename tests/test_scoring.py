import csv

import pytest

from pmclassify import Classifier
from pmclassify.errors import InputError
from pmclassify.evaluate.report import format_report
from pmclassify.evaluate.scoring import Answer, evaluate
from pmclassify.evaluate.scoring import score as _score
from pmclassify.evaluate.types import Report

from .conftest import GOLD, POSTINGS
from .test_types import conforms


@pytest.fixture(scope="module")
def clf():
    return Classifier.load()


def _gold(tmp_path, rows):
    g = tmp_path / "gold.csv"
    with open(g, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "is_pm", "specialization", "secondary", "seniority"])
        w.writerows(rows)
    return g


def test_report_on_tiny_gold(clf, tiny_csv, tmp_path):
    gold = _gold(tmp_path, [("1", "True", "growth", "", "senior"),
                            ("2", "True", "pmm", "", "pm"), ("3", "True", "platform", "", "pm")])
    r = evaluate(clf, gold, tiny_csv)
    m = r["with_titles"]["model"]
    assert m["n"] == 3 and m["specialization"]["macro_f1"] == 1.0
    assert m["seniority"]["accuracy"] == 1.0
    assert r["is_pm_f1"]["with_titles"] == 1.0
    assert m["specialization"]["two_answers"]["primary_is_a_gold_label"] == 1.0
    # Every answer right: each calibration bucket is fully accurate, and the buckets hold all.
    for key in ("calibration", "seniority_calibration"):
        assert sum(c["n"] for c in m[key]) == 3 and all(c["accuracy"] == 1 for c in m[key])
    text = format_report(r)
    assert "keywords" in text and "confusion" in text
    assert "calibration of the specialization score" in text
    assert "calibration of the seniority score" in text
    assert "gold primary in ours" in text


def test_two_answers_count_swapped_pairs():
    gold = [{"is_pm": "True", "specialization": "core", "secondary": "growth", "seniority": "pm"},
            {"is_pm": "True", "specialization": "platform", "secondary": "", "seniority": "pm"}]
    answers = [Answer(True, "growth", "pm", 0.6, "core"), Answer(True, "core", "pm", 0.5, "pmm")]
    two = _score(gold, answers)["specialization"]["two_answers"]
    assert two == {"primary_is_a_gold_label": 0.5, "gold_primary_among_ours": 0.5,
                   "secondaries_given": 2, "secondary_precision": 0.5}


def test_two_answers_without_a_secondary_column_do_not_count_a_non_pm_answer():
    gold = [{"is_pm": "True", "specialization": "core", "seniority": "pm"}]
    two = _score(gold, [Answer(False, None, None, 0.0)])["specialization"]["two_answers"]
    assert two["primary_is_a_gold_label"] == 0.0 and two["secondaries_given"] == 0


def test_secondaries_are_not_judged_without_a_gold_secondary_column():
    gold = [{"is_pm": "True", "specialization": "core", "seniority": "pm"}]
    two = _score(gold, [Answer(True, "core", "pm", 0.6, "growth")])["specialization"]["two_answers"]
    assert two["secondaries_given"] == 1 and two["secondary_precision"] is None
    gold[0]["secondary"] = "growth"
    two = _score(gold, [Answer(True, "core", "pm", 0.6, "growth")])["specialization"]["two_answers"]
    assert two["secondary_precision"] == 1.0


def test_by_confidence_splits_the_figures_by_the_annotators_certainty():
    row = {"is_pm": "True", "secondary": "", "seniority": "pm"}
    gold = [{**row, "specialization": "core", "confidence": "low"},
            {**row, "specialization": "growth", "confidence": "high"},
            {**row, "specialization": "pmm", "confidence": "high"},
            {**row, "specialization": "core", "confidence": ""}]
    answers = [Answer(True, "growth", "pm"), Answer(True, "growth", "pm"),
               Answer(True, "core", "pm"), Answer(True, "core", "pm")]
    by = _score(gold, answers)["specialization"]["by_confidence"]
    assert list(by) == ["high", "low"]  # the annotators' order, and no level for a blank cell
    assert by["high"]["n"] == 2 and by["high"]["accuracy"] == 0.5
    assert by["low"] == {"n": 1, "accuracy": 0.0, "macro_f1": 0.0}


def test_no_confidence_column_no_breakdown(clf, tiny_csv, tmp_path):
    gold = _gold(tmp_path, [("1", "True", "growth", "", "senior")])
    r = evaluate(clf, gold, tiny_csv)
    assert r["with_titles"]["model"]["specialization"]["by_confidence"] == {}
    assert "gold high" not in format_report(r)


def test_by_title_splits_the_figures_by_whether_the_title_names_the_specialization():
    row = {"is_pm": "True", "secondary": "", "seniority": "pm"}
    gold = [{**row, "specialization": "growth"}, {**row, "specialization": "core"},
            {**row, "specialization": "platform"}, {"is_pm": "False", "specialization": "",
                                                    "secondary": "", "seniority": ""}]
    answers = [Answer(True, "growth", "pm"), Answer(True, "core", "pm"),
               Answer(True, "growth", "pm"), Answer(False, None, None)]
    by = _score(gold, answers, [True, False, False, True])["specialization"]["by_title"]
    assert by["title_names_it"] == {"n": 1, "accuracy": 1.0, "macro_f1": 1.0}
    assert by["generic_title"]["n"] == 2 and by["generic_title"]["accuracy"] == 0.5
    assert "by_title" not in _score(gold, answers)["specialization"]


def test_report_splits_named_and_generic_titles(clf, tiny_csv, tmp_path):
    # "Product Manager" names no specialization; "Senior Growth Product Manager" does.
    gold = _gold(tmp_path, [("1", "True", "growth", "", "senior"),
                            ("5", "True", "growth", "", "pm")])
    r = evaluate(clf, gold, tiny_csv)
    for mode in ("with_titles", "titles_withheld"):
        by = r[mode]["model"]["specialization"]["by_title"]
        assert by["title_names_it"]["n"] == 1 and by["generic_title"]["n"] == 1
    text = format_report(r)
    assert "title names it (n=1)" in text and "generic title (n=1)" in text


def test_unknown_ids_are_an_error(clf, tiny_csv, tmp_path):
    with pytest.raises(InputError, match="not in"):
        evaluate(clf, _gold(tmp_path, [("999", "True", "core", "", "pm")]), tiny_csv)


@pytest.mark.shared
@pytest.mark.skipif(not GOLD.exists(), reason="needs ../shared/data")
def test_shipped_model_on_dev_gold(clf):
    r = evaluate(clf, GOLD, POSTINGS)
    wt, nt = r["with_titles"], r["titles_withheld"]
    assert r["is_pm_f1"]["with_titles"] >= 0.97
    assert wt["model"]["seniority"]["accuracy"] >= 0.97
    assert nt["model"]["seniority"]["within_one_rung"] >= 0.90
    # The learning must add something over the keywords where the body has to decide.
    assert (nt["model"]["specialization"]["macro_f1"]
            > nt["keyword_baseline"]["specialization"]["macro_f1"] + 0.05)
    assert "gold high" in format_report(r)


def test_crossfit_scores_each_employer_with_a_model_that_never_read_it(tiny_csv, tmp_path,
                                                                       monkeypatch):
    import pmclassify.evaluate.crossfit as training
    from pmclassify.evaluate.crossfit import crossfit

    seen: list[set[str]] = []
    real_fit = training.fit_model

    def spy(lex, postings, *args, **kw):
        seen.append({p.title for p in postings})
        return real_fit(lex, postings, *args, **kw)

    monkeypatch.setattr(training, "fit_model", spy)
    gold = _gold(tmp_path, [("1", "True", "growth", "", "senior"),
                            ("2", "True", "pmm", "", "pm"), ("3", "True", "platform", "", "pm")])
    r = crossfit(gold, tiny_csv, folds=3)
    assert len(seen) == 3
    for title in ("Senior Growth Product Manager", "Product Marketing Manager",
                  "Platform Product Manager"):
        assert sum(title not in s for s in seen) == 1  # held out of exactly one fold
    assert r["crossfit"] == {"folds": 3, "seed": None, "group_column": "company", "employers": 3}
    assert r["with_titles"]["model"]["n"] == 3
    assert r["with_titles"]["model"]["seniority"]["accuracy"] == 1.0  # title rules
    assert "cross-fitted: 3 folds" in format_report(r)
    conforms(r, Report)


def test_crossfit_with_a_seed_holds_each_employer_out_once(tiny_csv, tmp_path):
    from pmclassify.evaluate.crossfit import _employer_folds, crossfit

    groups = [f"e{i % 7}" for i in range(30)]
    for seed in (1, 2):
        folds = _employer_folds(groups, 3, seed)
        assert sorted(i for f in folds for i in f) == list(range(30))
        assert all(len({groups[i] for i in f} & {groups[i] for i in g}) == 0
                   for f in folds for g in folds if f is not g)
    assert _employer_folds(groups, 3, 1) == _employer_folds(groups, 3, 1)
    assert _employer_folds(groups, 3, 1) != _employer_folds(groups, 3, 2)
    gold = _gold(tmp_path, [("1", "True", "growth", "", "senior"),
                            ("2", "True", "pmm", "", "pm"), ("3", "True", "platform", "", "pm")])
    r = crossfit(gold, tiny_csv, folds=3, seed=4)
    assert r["crossfit"]["seed"] == 4 and r["with_titles"]["model"]["n"] == 3
    assert "dealt with seed 4" in format_report(r)


def test_crossfit_needs_enough_employers(tiny_csv, tmp_path):
    from pmclassify.evaluate.crossfit import crossfit

    gold = _gold(tmp_path, [("1", "True", "growth", "", "senior")])
    with pytest.raises(InputError, match="employers"):
        crossfit(gold, tiny_csv, folds=2)
    with pytest.raises(InputError, match="group employers"):
        crossfit(gold, tiny_csv, folds=2, group_column="employer")


@pytest.mark.shared
@pytest.mark.skipif(not GOLD.exists(), reason="needs ../shared/data")
def test_recipe_generalizes_across_employers():
    from pmclassify.evaluate.crossfit import crossfit

    r = crossfit(GOLD, POSTINGS, folds=5)
    nt = r["titles_withheld"]
    # On employers it never read, the learned body model still beats the keywords clearly.
    assert (nt["model"]["specialization"]["macro_f1"]
            > nt["keyword_baseline"]["specialization"]["macro_f1"] + 0.05)
    assert r["with_titles"]["model"]["seniority"]["accuracy"] >= 0.97


def test_gold_file_with_its_own_text_and_no_titles(clf, tmp_path):
    from .conftest import GROWTH, PMM

    gold = tmp_path / "mine.csv"
    with open(gold, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "is_pm", "specialization", "seniority"])
        w.writerows([(GROWTH, "yes", "Growth", "senior"), (PMM, "yes", "pmm", "pm")])
    r = evaluate(clf, gold, None, text_column="text", title_column="")
    assert "with_titles" not in r and "is_pm_f1" not in r
    assert r["titles_withheld"]["model"]["n"] == 2
    text = format_report(r)
    assert "titles withheld" in text and "with titles" not in text


def test_crossfit_needs_a_postings_file(tmp_path):
    from pmclassify.evaluate.crossfit import crossfit

    with pytest.raises(InputError, match="pass --postings"):
        crossfit(_gold(tmp_path, [("1", "True", "growth", "", "senior")]), None, folds=2)
    with pytest.raises(InputError, match="pass --title-column"):
        crossfit(_gold(tmp_path, [("1", "True", "growth", "", "senior")]), tmp_path / "p.csv",
                 folds=2, title_column="")


def test_gold_pm_answered_not_pm_is_counted():
    row = {"secondary": "", "seniority": "pm", "specialization": "core"}
    gold = [{**row, "is_pm": "True"}, {**row, "is_pm": "True"},
            {"is_pm": "False", "specialization": "", "secondary": "", "seniority": ""}]
    answers = [Answer(False, None, None), Answer(True, "core", "pm"), Answer(False, None, None)]
    s = _score(gold, answers)
    assert s["pm_answered_not_pm"] == 1  # the gold non-PM row answered not PM is right
    assert s["seniority"]["within_one_rung"] == 0.5
