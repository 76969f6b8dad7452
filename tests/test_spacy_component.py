"""The spaCy component: found through the entry point, sets doc._.pm and evidence spans, and
works across processes."""

import subprocess
import sys

import spacy
from spacy import displacy

from pmclassify import Classifier
from pmclassify.serve.spacy_component import SPANS_KEY

from .conftest import ENGINEER, GROWTH, PMM


def test_the_factory_is_found_without_importing_pmclassify():
    code = ("import spacy, sys; nlp = spacy.blank('en'); nlp.add_pipe('pmclassify'); "
            "doc = nlp('Own positioning and messaging for launches, with sales enablement.'); "
            "print(doc._.pm.is_pm)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "True"


def test_the_prediction_and_its_spans_match_the_classifier():
    nlp = spacy.blank("en")
    nlp.add_pipe("pmclassify")
    doc = nlp.make_doc(GROWTH)
    doc._.pm_title = "Growth Product Manager"
    doc = nlp(doc)
    want = Classifier.load().predict(GROWTH, title="Growth Product Manager")
    assert doc._.pm == want
    spans = doc.spans[SPANS_KEY]
    assert spans and all(s.label_ in ("pm", "specialization", "seniority") for s in spans)
    placed = {(e.start, e.end) for items in want.evidence.values() for e in items
              if e.start is not None and e.where != "title"}
    assert {(s.start_char, s.end_char) for s in spans} <= placed
    assert "A/B tests" in [s.text for s in spans]
    html = displacy.render(doc, style="span", options={"spans_key": SPANS_KEY})
    assert "onboarding" in html and "specialization" in html  # the spans drawn, labelled


def test_it_runs_under_two_processes():
    nlp = spacy.blank("en")
    nlp.add_pipe("pmclassify")
    docs = list(nlp.pipe([GROWTH, PMM, ENGINEER], n_process=2, batch_size=1))
    assert [d._.pm.is_pm for d in docs] == [True, True, False]
    assert docs[1]._.pm.specialization == "pmm" and docs[1].spans[SPANS_KEY]
