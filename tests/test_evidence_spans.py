"""Evidence spans through the whole predictor: each points at the phrase in the text the
caller gave, whatever shape that text had."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmclassify import Classifier
from pmclassify.predict.prediction import Prediction
from pmclassify.predict.spans import with_spans
from pmclassify.text.notes import Evidence
from pmclassify.text.spans import phrase_pattern

from .conftest import GROWTH


@pytest.fixture(scope="module")
def clf():
    return Classifier.load()


def _check(p, text, title):
    placed = 0
    for items in p.evidence.values():
        for e in items:
            if e.start is None:
                assert e.end is None
                continue
            source = title if e.where == "title" and not e.title_line else text
            assert 0 <= e.start < e.end <= len(source)
            pattern = phrase_pattern(e.phrase)
            assert pattern is not None and pattern.fullmatch(source[e.start:e.end]), e
            placed += 1
    return placed


def test_evidence_points_into_the_title_and_the_text(clf):
    text = "What you'll do\n- Run **A/B tests** on our onboarding funnel to lift activation."
    p = clf.predict(text, title="Senior Growth Product Manager")
    title = "Senior Growth Product Manager"
    spec = {e.phrase: e for e in p.evidence["specialization"]}
    assert title[spec["growth"].start:spec["growth"].end] == "Growth"
    assert text[spec["a/b test"].start:spec["a/b test"].end] == "A/B tests"
    sen = p.evidence["seniority"][0]
    assert (sen.where, title[sen.start:sen.end]) == ("title", "Senior")
    assert p.to_dict()["evidence"]["specialization"][0]["start"] == 7


def test_a_title_read_from_the_first_line_points_into_the_text(clf):
    text = "Senior Platform Product Manager\n" + GROWTH
    p = clf.predict(text)
    first = p.evidence["pm"][0]
    assert first.title_line == 1 and text[first.start:first.end] == "Product Manager"


def test_findings_and_unfound_phrases_have_no_span():
    p = Prediction(True, 0.9, "core", None, "pm", evidence={"seniority": [
        Evidence("body", note="at least 5 years of experience asked", kind="finding"),
        Evidence("body", "roadmap")]})
    placed = with_spans(p, "We plan the road map.", None)
    assert all(e.start is None for e in placed.evidence["seniority"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "Run A/B tests on the onboarding funnel.", "<li>Own the <b>public API</b> &amp; SDKs</li>",
    "**Positioning** and messaging for launches", "  Senior\tProduct   Manager  ",
    "Kundenforschung und Roadmap ✨", "\u00a0pricing experiments\u2028retention",
    "### What you'll do", "- Partner with engineering on platform reliability", "\r\n",
    "<p>Discovery with customers: interviews, prototypes.</p>", "Go-to-market 🚀 plans"]),
    min_size=1, max_size=8),
    st.sampled_from([None, "Product Manager", "Sr. Growth PM", "<b>Technical</b> PM", "PMM"]))
def test_every_span_is_its_phrase_on_wild_texts(clf, parts, title):
    text = " ".join(parts)
    p = clf.predict(text, title=title)
    _check(p, text, title or "")


def test_most_evidence_of_plain_postings_is_placed(clf):
    text = GROWTH
    p = clf.predict(text, title="Growth Product Manager")
    assert _check(p, text, "Growth Product Manager") >= 3


def test_spans_can_be_left_out_and_nothing_else_changes(clf):
    with_spans, = clf.predict_many([GROWTH], ["Growth PM"])
    without, = clf.predict_many([GROWTH], ["Growth PM"], spans=False)
    assert all(e.start is None for v in without.evidence.values() for e in v)
    assert without.evidence_text() == with_spans.evidence_text()
    assert without.specialization == with_spans.specialization


def test_a_body_cue_points_where_it_was_read_not_at_an_earlier_mention(clf):
    text = ("About us\nOur founders ran A/B tests at their last company.\n\nWhat you'll do\n"
            "Run A/B tests on the onboarding funnel to lift activation and retention.\n"
            "Partner with data on pricing experiments.")
    p = clf.predict(text, title="Product Manager")
    ab = next(e for e in p.evidence["specialization"] if e.phrase == "a/b test")
    assert text[ab.start:ab.end] == "A/B tests" and ab.start > text.index("What you'll do")
