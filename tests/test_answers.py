from collections import Counter

import numpy as np
import pytest

from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.predict.answers import (
    RULE5_SCORES,
    TITLE_SHARE,
    _clear_top,
    _pull,
    seniority_answer,
    specialization_answer,
)
from pmclassify.predict.classifier import Classifier

from .conftest import GROWTH


@pytest.fixture(scope="module")
def model():
    return Classifier.load().model


def _even(classes):
    return np.full(len(classes), 1 / len(classes))


def test_pull_moves_a_share_of_the_mass_and_keeps_the_sum():
    pulled = _pull({"a": 0.6, "b": 0.4}, "b", 0.5)
    assert pulled == pytest.approx({"a": 0.3, "b": 0.7}) and sum(pulled.values()) == 1.0
    assert _pull({"a": 1.0}, None, 0.9) == {"a": 1.0}


def test_clear_top_needs_a_winner():
    assert _clear_top(Counter({"growth": 2, "platform": 1})) == "growth"
    assert _clear_top(Counter({"growth": 1, "platform": 1})) is None
    assert _clear_top(Counter()) is None


def test_a_title_that_names_the_specialization_decides_it(model):
    p = model.preprocessor.process(GROWTH, title="Product Marketing Manager")
    row = _even(model.specialization.classes_)
    spec, primary, _, ev = specialization_answer(model, p, row, Counter(), True)
    assert primary == "pmm" and spec["pmm"] >= TITLE_SHARE
    assert str(ev[0]) == 'title: "product marketing"'
    assert (ev[0].where, ev[0].phrase) == ("title", "product marketing")
    assert set(spec) == set(SPECIALIZATIONS)


def test_without_a_body_core_is_rule_5s_default(model):
    p = model.preprocessor.process("", title="Product Manager")
    row = _even(model.specialization.classes_)
    spec, primary, (secondary, _), ev = specialization_answer(model, p, row, Counter(), False)
    assert (spec, primary, secondary) == (RULE5_SCORES, "core", None)
    assert "TAXONOMY rule 5" in str(ev[0])


def test_a_body_naming_its_role_pulls_the_answer(model):
    p = model.preprocessor.process(GROWTH)
    row = _even(model.specialization.classes_)
    spec, primary, _, ev = specialization_answer(model, p, row, Counter({"platform": 2}), True)
    assert primary == "platform" and "body: names the role as platform" in map(str, ev)


def test_a_head_of_product_reporting_to_the_ceo_is_a_vp(model):
    text = ("You will report to the CEO and lead the whole product organization: every product "
            "manager and designer, the roadmap of all our products and the product strategy.")
    p = model.preprocessor.process(text, title="Head of Product")
    row = _even(model.seniority.classes_)
    sen, rung, ev = seniority_answer(model, p, row, True, "core")
    assert rung == "vp" and set(sen) == set(SENIORITIES)
    assert [str(e) for e in ev[:2]] == ['title: "head of"',
                      'body: "report to the CEO" (a head of product over the whole function)']
    q = model.preprocessor.process(text, title="Head of Product Marketing")
    assert seniority_answer(model, q, row, True, "pmm")[1] == "director"


def test_a_primary_with_no_cue_of_its_own_is_called_a_guess(model, monkeypatch):
    # The body has cues (GROWTH's phrases), but none is shown for the primary: the answer
    # stands and its evidence says it is the model's guess (rule 5 is only for cue-less bodies).
    import pmclassify.predict.answers as answers

    monkeypatch.setattr(answers, "phrases", lambda *a, **k: [])
    monkeypatch.setattr(answers, "top_sentence_terms", lambda *a, **k: [])
    p = Classifier(model).predict(GROWTH)
    assert p.specialization == "growth"
    ev = p.evidence_text()["specialization"]
    assert ev[0] == ("body: no cue for growth (the cues found speak for other labels); the "
                     "model's best guess")


def test_a_leader_over_the_whole_organization_is_core_when_no_specialization_stands_out(model):
    from pmclassify.predict.answers import leader_default

    pre = model.preprocessor
    spread = {"core": 0.2, "growth": 0.35, "platform": 0.15, "innovation": 0.1,
              "technical": 0.1, "pmm": 0.1}
    vp = pre.process("Lead the product organization.", title="VP of Product")
    scores, ev = leader_default(model, vp, spread, "growth", "vp")
    assert max(scores, key=scores.get) == "core" and "TAXONOMY rule 5" in str(ev[0])
    assert ev[0].where == "rule" and ev[0].kind == "finding"
    # Not when one label stands out, the rung is below director, or the title names an area.
    assert leader_default(model, vp, {**spread, "growth": 0.6}, "growth", "vp") is None
    assert leader_default(model, vp, spread, "growth", "senior") is None
    ads = pre.process("Lead the ads product.", title="Director, Product Management - Ads")
    assert leader_default(model, ads, spread, "growth", "director") is None
    # Without a title, only a body that puts the role over the whole organization.
    whole = pre.process("You will lead the entire product organization and report to the CEO.")
    part = pre.process("You will lead the ads product area.")
    assert leader_default(model, whole, spread, "growth", "director") is not None
    assert leader_default(model, part, spread, "growth", "director") is None
