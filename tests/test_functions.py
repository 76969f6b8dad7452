import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmclassify.cues.title import (
    Vote,
    first_named_role,
    title_area_specialization,
    title_from_opening_lines,
    title_role,
    title_seniority,
    title_specialization,
)
from pmclassify.text.clean import OPENING_LINES
from pmclassify.weak.functions import (
    ROLE_LFS,
    SENIORITY_LFS,
    aggregate,
    posting_specialization_label,
    sentence_label,
)

from .conftest import ENGINEER, PMM


@pytest.mark.parametrize("title,rung", [
    ("Associate Product Manager", "apm"), ("Product Manager Intern", "apm"),
    ("Product Marketing Manager I, Growth", "apm"), ("Product Manager II", "pm"),
    ("Product Owner", "pm"), ("Sr. Product Manager", "senior"), ("Snr Product Manager", "senior"),
    ("Senior/Staff Product Manager", "senior"), ("Staff Product Manager", "group"),
    ("Principal PM", "group"), ("Lead Product Manager", "group"), ("Product Lead", "group"),
    ("Manager, Product Management", "group"), ("Head of Product", "director"),
    ("Senior Director of Product", "director"), ("Associate Director, Product", "director"),
    ("VP of Product", "vp"), ("SVP Product", "vp"), ("Chief Product Officer", "cpo"),
    ("Sr. Manager, Product", "senior"), ("Manager, Product - Payments", "pm"),
    ("Manager, Product Marketing", "pm"), ("Product Manager, Technical", "pm"),
    # The ladder's numbers written as digits mean what the roman ones do.
    ("Product Manager 1", "apm"), ("Product Marketer I", "apm"), ("Product Manager 2", "pm"),
    ("Product Manager 3", "senior"), ("PM 3, Payments", "senior"),
    ("Product Manager 2.0 Platform", "pm"), ("Product Manager, 2 roles", "pm"),
    ("Senior Produktmanager (w/m/d)", "senior"), ("Junior Produktmanager", "apm"),
    ("Produktmanagerin", "pm"), ("Chef de produit senior H/F", "senior"),
    ("Sr. Product Mgr.", "senior"),
])
def test_title_ladder(env, title, rung):
    pre, lex = env
    assert title_seniority(lex, pre.process("", title)).label == rung


@pytest.mark.parametrize("title,role", [
    ("Product Manager", "pm"), ("Head of Product", "pm"), ("Product Marketing Lead", "pm"),
    ("Product Designer", "not_pm"), ("Technical Program Manager", "not_pm"),
    ("Product Engineer", "not_pm"), ("Head of Product Design", "not_pm"),
    ("Sr. Manager, Product", "pm"), ("Manager, Product Design", "not_pm"),
    ("Hiring Manager, Product and Design", "not_pm"),
    # "Manager, Product" is the inverted "Product Manager" only when no other function owns the
    # manager: an engineering or design manager in a product group is not a PM.
    ("Engineering Manager, Product", "not_pm"), ("Design Manager, Product", "not_pm"),
    ("Program Manager, Product", "not_pm"), ("[Remote] Manager, Product", "pm"),
    ("Group Manager, Product", "pm"),
    # A short form yields to a neighbour role the title spells out, not to a product area.
    ("Project Manager (PM)", "not_pm"), ("Chief People Officer (CPO)", "not_pm"),
    ("CPO - Chief Privacy Officer", "not_pm"), ("Chief Product Officer (CPO)", "pm"),
    ("CPO", "pm"), ("Chief Technology & Product Officer", "pm"),
    ("PM, Engineering Tools", "pm"), ("Senior PM, Design Systems", "pm"),
    # Spellings job boards carry: hyphenated, "Mgr", and the title in other languages.
    ("Product-Manager", "pm"), ("Sr. Product Mgr.", "pm"), ("Project Mgr", "not_pm"),
    ("Produktmanager*in Payments (m/w/d)", "pm"), ("Productowner", "pm"),
    ("Chef de produit H/F", "pm"), ("Gerente de Producto", "pm"),
    ("Produktionsleiter", "not_pm"), ("Product Development Manager", "not_pm"),
])
def test_title_role(env, title, role):
    _, lex = env
    assert title_role(lex, title).label == role


def test_first_named_role(env):
    _, lex = env
    assert first_named_role(lex, "You will be our Product Owner and pair with a designer.") == \
        ("pm", "Product Owner")
    assert first_named_role(lex, "As a Designer you will work with our Product Manager.")[0] == \
        "not_pm"
    assert first_named_role(lex, "Build the roadmap with the team.") is None


def test_title_from_opening_lines(env):
    pre, lex = env
    body = "\nAbout us\nWe build tools.\nWhat you'll do\nOwn the roadmap."

    def read(text: str, title: str | None = None) -> tuple[int, str] | None:
        return title_from_opening_lines(lex, pre.process(text, title=title))

    assert read("Senior Product Manager - Remote" + body) == (1, "Senior Product Manager - Remote")
    # A given title wins; a neighbour role's name or a department on the first line is left to
    # the body; so is a text whose opening lines name no role.
    assert read("Senior Product Manager" + body, title="Growth PM") is None
    for first in ("Engineering", "Senior Product Designer", "About us"):
        assert read(first + body) is None
    # A page copied whole: the company's name, an "about us" paragraph, then the title.
    about = "\nWe are a team of builders who care about our customers and ship every week.\n"
    assert read("Northwind\nLead Product Manager, Carriers\nBerlin" + body) == (
        2, "Lead Product Manager, Carriers")
    assert read("ABOUT US" + about + "SENIOR PRODUCT MANAGER, AI" + body) == (
        3, "SENIOR PRODUCT MANAGER, AI")
    assert read("Job title: Principal PM, Platform" + body) == (1, "Principal PM, Platform")
    assert read("JOIN US" + about + "THE OPPORTUNITY: LEAD PRODUCT MANAGER" + body) == (
        3, "LEAD PRODUCT MANAGER")
    # Someone else's title: a field other than the job's, a sentence, a neighbour role first.
    for lines in ("Northwind\nReports to: VP of Product", "Northwind\nReporting to VP Product",
                  "Northwind\nWork with our Head of Product", "Data Analyst\nHead of Product"):
        assert read(lines + body) is None, lines
    # Past the opening lines a title-like line is a heading of the body, not read.
    assert read("Northwind\nBerlin\nHybrid\nFull time\nApply now\nSenior PM" + body) is None


_LINE_PARTS = st.sampled_from([
    "Senior Product Manager", "Reports to: VP of Product", "Job title: Lead PM", "Acme",
    "Work with our Head of Product", "Product Designer", "ABOUT US", "Role:", ": ", "PM",
    "Location: Berlin", "We build tools for builders and their teams across the world today.",
    "Head of Product, Platform", "—", "", "Product Manager: Growth", "join the team as a PM",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_LINE_PARTS, st.text(max_size=40)), max_size=9))
def test_a_title_read_from_the_opening_lines_is_a_pm_title_there(env, lines):
    pre, lex = env
    doc = pre.process("\n".join(lines))
    found = title_from_opening_lines(lex, doc)
    if found is not None:
        n, line = found
        assert 1 <= n <= OPENING_LINES and line.strip() in doc.opening_lines[n - 1]
        assert title_role(lex, line).label == "pm"


def test_title_specialization_rule_one(env):
    pre, lex = env
    pmm = pre.process("", "Technical Product Marketing Manager")
    assert title_specialization(lex, pmm).label == "pmm"
    assert title_specialization(lex, pre.process("", "Technical PM, Platform")).label == "platform"
    assert title_specialization(lex, pre.process("", "Product Manager, Payments")) is None
    for title in ("Produktmarketing Manager (m/w/d)", "Product-Marketing-Manager"):
        assert title_specialization(lex, pre.process("", title)).label == "pmm"
    for title in ("Product Manager - Technical", "Product Manager (Technical)", "Sr. PM-T",
                  "Product Manager, Technical (Remote)", "Product Manager - Technical, Payments"):
        assert title_specialization(lex, pre.process("", title)).label == "technical"
    # "Technical" there names the product area, not the kind of PM.
    for title in ("Product Manager, Technical Support", "Product Manager, Technical Documentation",
                  "Product Manager - Technical Onboarding Tools"):
        assert title_specialization(lex, pre.process("", title)) is None


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


def test_body_names_role_lf_votes_only_for_one_role(env):
    pre, lex = env
    lf = next(f for f in ROLE_LFS if f.name == "body_names_role")
    pm = pre.process("We're hiring a Product Manager.\nWhat you'll do\nOwn the roadmap.\n"
                     "Work with designers.\nTalk to users.")
    assert lf(lex, pm) == Vote("pm", 1.0, "Product Manager")
    designer = pre.process("As our Product Designer you work with product managers.")
    assert lf(lex, designer).label == "not_pm"
    # Both or neither: the function abstains.
    assert lf(lex, pre.process("As a Product Manager you hire a designer.")) is None
    assert lf(lex, pre.process("Own the roadmap with product managers.")) is None


def test_body_names_rung_lf(env):
    pre, lex = env
    lf = next(f for f in SENIORITY_LFS if f.name == "body_names_rung")
    doc = pre.process("We're looking for a Senior Product Manager.\nWhat you'll do\n"
                      "Report to the Director of Product.\nOwn the roadmap.")
    assert lf(lex, doc).label == "senior"
    assert lf(lex, pre.process("Own the roadmap with the team.")) is None


def test_the_first_named_role_is_the_postings_own(env):
    from pmclassify.cues.title import first_named_role

    _, lex = env
    assert first_named_role(lex, "As our Product Manager for onboarding, you own it.") == \
        ("pm", "Product Manager")
    # A past role, someone else's, or an aside is not the posting's own role.
    assert first_named_role(lex, "Our founder was previously a product manager at a bank.\n"
                            "You will advise clients on tax.") is None
    assert first_named_role(lex, "Join our legal team (as a Product Manager would say, "
                            "the core of it).") is None
    assert first_named_role(lex, "Formerly a product manager, our CEO built it. We are hiring "
                            "an accountant.") == ("not_pm", "accountant")
