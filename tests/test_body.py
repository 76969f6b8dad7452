import pytest

from pmclassify.cues.body import (
    body_named_seniority,
    body_named_specializations,
    body_role_mentions,
    reports_to_top,
    role_sentence_specializations,
    rung_named,
    years_required,
    years_rung,
)


def test_years():
    assert years_required("3-5 years of experience and 8+ yrs leading") == 8
    assert years_required("no number here") is None
    assert [years_rung(y) for y in (1, 3, 6, 8, 12)] == ["apm", "pm", "senior", "group", "director"]


@pytest.mark.parametrize("text,hit", [
    ("Reporting directly to the CEO, you lead the PMs.", "Reporting directly to the CEO"),
    ("You will report to our co-founders.", "report to our co-founders"),
    ("You report into the Chief Executive Officer.", "report into the Chief Executive Officer"),
    # Someone else's line, or no line at all.
    ("You report to our VP, who reports to the CEO.", None),
    ("You will work closely with the CEO.", None),
])
def test_reports_to_top(text, hit):
    assert reports_to_top(text) == hit


@pytest.mark.parametrize("title,hit", [
    ("Sr. Product Manager", ("senior", "sr.")), ("Product Manager", ("pm", "product manager")),
    ("Senior/Staff Product Manager", ("senior", "senior")), ("Software Engineer", None),
    # The short forms: a plain "PM"/"PMM" is the pm rung, and a cue on it still decides.
    ("Growth PM", ("pm", "pm")), ("PMM, EMEA", ("pm", "pmm")), ("Senior PMM", ("senior", "senior")),
    ("APM", ("apm", "apm")), ("Technical Program Manager (TPM)", None),
    # A rung word inside the name of the product area after the role is not a rung (some of
    # these the lexicon's own lookaheads catch too; "Director Tools", "Client Group" and
    # "Staff Augmentation" only the masking of the area's part)...
    ("Product Manager, Staff Augmentation", ("pm", "product manager")),
    ("Product Manager (Lead Generation)", ("pm", "product manager")),
    ("Product Manager, Group Insurance", ("pm", "product manager")),
    ("Product Manager - Director Tools", ("pm", "product manager")),
    ("Product Manager, Head & Neck Devices", ("pm", "product manager")),
    ("Product Manager, Senior Living", ("pm", "product manager")),
    ("Director of Product - Client Group", ("director", "director")),
    # ... but a part that is a rung alone is, wherever it stands.
    ("Product Manager (Senior)", ("senior", "senior")),
    ("Product Manager - Lead", ("group", "lead")),
    ("Product Manager, Team Lead", ("group", "lead")),
    ("Product Manager - Senior Level", ("senior", "senior")),
    ("Product Manager (Associate Level)", ("apm", "associate")),
    ("Head of Product (VP)", ("vp", "vp")), ("VP, Head of Product", ("vp", "vp")),
    ("Senior Manager, Product Management", ("group", "manager, product management")),
    # Before the role too, a rung word that begins an area's name is none.
    ("Lead Generation Product Manager", ("pm", "product manager")),
    ("Group Insurance Product Manager", ("pm", "product manager")),
    ("Senior Living Product Manager", ("pm", "product manager")),
    ("Head & Neck Product Manager", ("pm", "product manager")),
    ("Senior Lead Gen Product Manager", ("senior", "senior")),
    # Latin America's "Semi Senior" is the mid-level rung between junior and senior.
    ("Semi Senior Product Owner - (Remote/LATAM)", ("pm", "product owner")),
    ("Semi-Senior Product Manager", ("pm", "product manager")),
    ("Product Manager Semisenior", ("pm", "product manager")),
    # Two titles offered at once hire at the lower one, like a range.
    ("Senior Product Manager / Product Lead", ("senior", "senior")),
])
def test_rung_named(env, title, hit):
    _, lex = env
    assert rung_named(lex, title) == hit


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


def test_role_sentence_specializations_reads_whole_role_sentences(env):
    pre, lex = env
    doc = pre.process("What you'll do\nAs a Product Manager you will own our billing platform.\n"
                      "Our platform team ships often.")
    assert role_sentence_specializations(lex, doc) == {"platform": 1}


def test_body_role_mentions_count_the_role_the_text_names_as_its_own(env):
    pre, lex = env
    assert body_role_mentions(lex, pre.process("We're hiring a Product Manager.\nWhat you'll do"
                                               "\nOwn the roadmap with designers.")) == {"pm": 1}
    assert body_role_mentions(lex, pre.process(
        "As our Product Designer you work with product managers.")) == {"not_pm": 1}
    assert body_role_mentions(lex, pre.process("As a Product Manager you hire a designer.")) == {
        "pm": 1, "not_pm": 1}


def test_body_named_seniority_reads_the_role_not_its_manager_nor_a_past_role(env):
    pre, lex = env
    doc = pre.process("We're looking for a Senior Product Manager.\nWhat you'll do\n"
                      "Report to the Director of Product.\nWork with our VP of Product.\n"
                      "Own the roadmap.\nWhat you bring\n"
                      "- 8+ years of experience as a Product Manager\n"
                      "- Background as Product Marketing Manager is a plus")
    assert body_named_seniority(lex, doc) == {"senior": 1}
    # A past role a requirement asks for still says what kind of role this is.
    assert body_role_mentions(lex, doc) == {"pm": 3}
    assert body_named_seniority(lex, pre.process("As a Product Manager you own it.")) == {"pm": 1}
    assert body_named_seniority(lex, pre.process("Join as our Head of Product.")) == {
        "director": 1}
    assert body_named_seniority(lex, pre.process("As the Product Director for Acme, you own it.")
                                ) == {"director": 1}
