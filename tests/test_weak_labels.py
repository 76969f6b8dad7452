import pytest

from pmclassify.lexicons import load_lexicons
from pmclassify.preprocess import Preprocessor
from pmclassify.weak_labels import (
    ROLE_LFS,
    SENIORITY_LFS,
    Vote,
    aggregate,
    body_named_seniority,
    body_named_specializations,
    body_role_mentions,
    lf_report,
    posting_specialization_label,
    role_sentence_specializations,
    sentence_label,
    title_area_specialization,
    title_role,
    title_seniority,
    title_specialization,
    years_required,
)

from .conftest import ENGINEER, GROWTH, PMM


@pytest.fixture(scope="module")
def env():
    pre = Preprocessor()
    return pre, load_lexicons(pre=pre)


@pytest.mark.parametrize("title,rung", [
    ("Associate Product Manager", "apm"), ("Product Manager Intern", "apm"),
    ("Product Marketing Manager I, Growth", "apm"), ("Product Manager II", "pm"),
    ("Product Owner", "pm"), ("Sr. Product Manager", "senior"), ("Snr Product Manager", "senior"),
    ("Senior/Staff Product Manager", "senior"), ("Staff Product Manager", "group"),
    ("Principal PM", "group"), ("Lead Product Manager", "group"), ("Product Lead", "group"),
    ("Manager, Product Management", "group"), ("Head of Product", "director"),
    ("Senior Director of Product", "director"), ("Associate Director, Product", "director"),
    ("VP of Product", "vp"), ("SVP Product", "vp"), ("Chief Product Officer", "cpo"),
])
def test_title_ladder(env, title, rung):
    pre, lex = env
    assert title_seniority(lex, pre.process("", title)).label == rung


@pytest.mark.parametrize("title,role", [
    ("Product Manager", "pm"), ("Head of Product", "pm"), ("Product Marketing Lead", "pm"),
    ("Product Designer", "not_pm"), ("Technical Program Manager", "not_pm"),
    ("Product Engineer", "not_pm"), ("Head of Product Design", "not_pm"),
])
def test_title_role(env, title, role):
    _, lex = env
    assert title_role(lex, title).label == role


def test_title_specialization_rule_one(env):
    pre, lex = env
    pmm = pre.process("", "Technical Product Marketing Manager")
    assert title_specialization(lex, pmm).label == "pmm"
    assert title_specialization(lex, pre.process("", "Technical PM, Platform")).label == "platform"
    assert title_specialization(lex, pre.process("", "Product Manager, Payments")) is None


def test_title_area_points_at_a_specialization_only_when_rule_one_is_silent(env):
    pre, lex = env

    def area(title):
        return title_area_specialization(lex, pre.process("", title))

    assert area("Senior Product Manager, API") == Vote("platform", 1.0, "api")
    assert area("Senior Product Manager | Activation & Expansion").label == "growth"
    assert area("Product Manager, Hardware").label == "technical"
    assert area("Growth Product Manager, API") is None  # rule 1 decides
    assert area("Product Manager, Payments") is None
    assert area("Product Manager, Cybersecurity") is None  # a weak entry: several labels
    assert area("") is None


def test_sentence_lfs_vote_or_abstain(env):
    pre, lex = env
    growth = pre.process("Responsibilities\nRun A/B tests on the activation funnel.")
    assert sentence_label(lex, growth.sentences[0])[0] == "growth"
    bland = pre.process("Responsibilities\nYou will join a great team.")
    assert sentence_label(lex, bland.sentences[0]) == (None, 0.0)


def test_posting_label_prefers_title_then_body(env):
    pre, lex = env
    assert posting_specialization_label(lex, pre.process(PMM, "Growth PM"))[0] == "growth"
    assert posting_specialization_label(lex, pre.process(PMM))[0] == "pmm"
    assert posting_specialization_label(lex, pre.process(ENGINEER)) == (None, 0.0)


def test_aggregate_ties_abstain():
    assert aggregate([Vote("a", 1, ""), Vote("b", 1, "")]) == (None, 0.0)
    assert aggregate([Vote("a", 3, ""), Vote("b", 1, "")]) == ("a", 0.75)


def test_years():
    assert years_required("3-5 years of experience and 8+ yrs leading") == 8
    assert years_required("no number here") is None


def test_report_counts(env):
    pre, lex = env
    docs = [pre.process(GROWTH, "Growth PM"), pre.process(PMM, "Product Marketing Manager"),
            pre.process(ENGINEER, "Software Engineer")]
    stats = {s.name: s for s in lf_report(lex, docs)}
    assert stats["title_growth"].coverage == pytest.approx(1 / 3)
    assert stats["title_role"].coverage == 1.0
    assert stats["body_lexicon_pmm"].labels == {"pmm": stats["body_lexicon_pmm"].labels["pmm"]}
    for s in stats.values():
        assert 0 <= s.conflict <= s.overlap <= s.coverage <= 1


def test_body_named_specializations_reads_the_role_not_colleagues(env):
    pre, lex = env
    doc = pre.process("What you'll do\nAs our Platform Product Manager you own the APIs.\n"
                      "Work with growth PMs and the infrastructure team.\nShip often.")
    assert body_named_specializations(lex, doc) == {"platform": 1}
    assert body_named_specializations(lex, pre.process("Own the roadmap.")) == {}
    # The words around the role, not the rest of its sentence or a career named in it.
    doc = pre.process("What you'll do\nAs a Product Manager you will own our billing platform.\n"
                      "You have 5 years of technical product management experience.\n"
                      "Product Manager, Growth: run the onboarding funnel.")
    assert body_named_specializations(lex, doc) == {"growth": 1}


def test_body_named_specializations_reads_the_intro_outside_the_role_sections(env):
    pre, lex = env
    doc = pre.process("We're hiring a Technical Product Manager for our data products.\n"
                      "What you'll do\nOwn the roadmap.\nTalk to users.\nShip often.")
    assert "Technical Product Manager" in doc.context[0]
    assert body_named_specializations(lex, doc) == {"technical": 1}


def test_body_role_mentions_and_their_labeling_function(env):
    pre, lex = env
    lf = next(f for f in ROLE_LFS if f.name == "body_names_role")
    pm = pre.process("We're hiring a Product Manager.\nWhat you'll do\nOwn the roadmap.\n"
                     "Work with designers.\nTalk to users.")
    assert body_role_mentions(lex, pm) == {"pm": 1}
    assert lf(lex, pm) == Vote("pm", 1.0, "Product Manager")
    designer = pre.process("As our Product Designer you work with product managers.")
    assert body_role_mentions(lex, designer) == {"not_pm": 1}
    assert lf(lex, designer).label == "not_pm"
    # Both or neither: the function abstains.
    both = pre.process("As a Product Manager you hire a designer.")
    assert body_role_mentions(lex, both) == {"pm": 1, "not_pm": 1}
    assert lf(lex, both) is None
    assert lf(lex, pre.process("Own the roadmap with product managers.")) is None


def test_body_named_seniority_reads_the_role_not_its_manager(env):
    pre, lex = env
    lf = next(f for f in SENIORITY_LFS if f.name == "body_names_rung")
    doc = pre.process("We're looking for a Senior Product Manager.\nWhat you'll do\n"
                      "Report to the Director of Product.\nWork with our VP of Product.\n"
                      "Own the roadmap.")
    assert body_named_seniority(lex, doc) == {"senior": 1}
    assert lf(lex, doc).label == "senior"
    assert body_named_seniority(lex, pre.process("As a Product Manager you own it.")) == {"pm": 1}
    assert body_named_seniority(lex, pre.process("Join as our Head of Product.")) == {
        "director": 1}
    assert lf(lex, pre.process("Own the roadmap with the team.")) is None


def test_role_sentence_specializations_reads_whole_role_sentences(env):
    pre, lex = env
    doc = pre.process("What you'll do\nAs a Product Manager you will own our billing platform.\n"
                      "Our platform team ships often.")
    assert role_sentence_specializations(lex, doc) == {"platform": 1}
