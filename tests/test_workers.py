import pytest

from pmclassify import Classifier
from pmclassify.batch.workers import classify_chunk
from pmclassify.errors import InputError, ModelError
from pmclassify.predict.rows import NOTE_CODES, OUTPUT_COLUMNS, check_columns, classify_rows

from .conftest import GROWTH


def test_a_worker_with_another_model_version_is_refused():
    with pytest.raises(ModelError, match="install the same pmclassify"):
        classify_chunk([(GROWTH, None)], None, "0.0.0+other")


def test_rows_that_cannot_be_classified_keep_their_place_with_a_reason():
    rows = classify_rows(Classifier.load(), [(GROWTH, "Growth PM"), ("  ", None),
                                             (GROWTH + "x\udcff", None), ("", "Growth PM"),
                                             ("x" * 1_000_001, None)])
    assert [list(r) for r in rows] == [[*OUTPUT_COLUMNS, NOTE_CODES]] * 5
    assert rows[0]["error"] == "" and rows[0]["specialization"] == "growth"
    assert rows[0]["notes"] == ""
    assert rows[1]["error"] == "empty text and no title" and rows[1]["is_pm"] is None
    # Characters that are not Unicode are read as U+FFFD, with a note.
    assert rows[2]["error"] == "" and "not valid Unicode" in rows[2]["notes"]
    assert rows[3]["error"] == "" and rows[3]["specialization"] == "growth"
    assert "over the 1,000,000 limit" in rows[4]["error"]


def test_check_columns_names_the_missing_and_the_clashing():
    with pytest.raises(InputError, match="no column 'text'"):
        check_columns(["description"], ("text", None), "", "in.csv")
    with pytest.raises(InputError, match="clash"):
        check_columns(["description", "is_pm"], ("description",), "", "in.csv")
    check_columns(["description", "is_pm"], ("description",), "pmc_", "in.csv")


def test_a_weak_answer_says_why_in_notes():
    rows = classify_rows(Classifier.load(), [("Roadmap.", "Senior Product Manager")])
    assert rows[0]["is_pm"] and "too short" in rows[0]["notes"]


def test_a_secondary_comes_with_its_own_score():
    platform = ("You will run the payments platform group: the APIs and SDKs that our internal "
                "engineering teams and partners build on. Decide build vs buy, plan for "
                "scalability and service design, and serve the teams that depend on the platform.")
    clf = Classifier.load()
    rows = classify_rows(clf, [(platform, "Senior Growth Product Manager"), (GROWTH, "Growth PM")])
    p = clf.predict(platform, title="Senior Growth Product Manager")
    assert rows[0]["secondary_specialization"] == "platform"
    assert rows[0]["secondary_score"] == p.secondary_score is not None
    assert rows[1]["secondary_specialization"] is None and rows[1]["secondary_score"] is None
