from pmclassify.preprocess import Preprocessor, clean
from pmclassify.sections import BOILER, ROLE, split_sections


def test_sections_separate_role_from_boilerplate():
    text = ("About us\nWe make shoes.\nWhat you'll do\nOwn the roadmap.\nRun experiments.\n"
            "Benefits\nFree lunch.\nWe are an equal opportunity employer.")
    kinds = dict((s, k) for k, s in split_sections(clean(text)))
    assert kinds["Own the roadmap."] == ROLE
    assert kinds["We make shoes."] == BOILER
    assert kinds["Free lunch."] == BOILER


def test_list_items_are_not_headings():
    # Short requirement items read like headings ("skills", "experience", "culture"); as list
    # items, in text or HTML, they stay in their section, and so does what follows them.
    text = ("Requirements\n- Strong communication skills\n- A culture of ownership\n"
            "- 7+ years of product experience\n- Benefits:\n- Dental plan")
    kinds = dict((s, k) for k, s in split_sections(clean(text, mark_items=True)))
    assert kinds["Strong communication skills"] == ROLE
    assert kinds["7+ years of product experience"] == ROLE
    assert kinds["Dental plan"] == BOILER  # an item ending in a colon still heads a section
    html = "<h3>Requirements</h3><ul><li>SQL experience</li><li>A culture of ownership</li></ul>"
    assert [k for k, _ in split_sections(clean(html, mark_items=True))] == [ROLE, ROLE]
    assert Preprocessor().process(text).role_sentences()[2].text.startswith("7+ years")
    assert "\ue000" not in clean("\ue000x", mark_items=True)


# One paragraph, as scraped job boards flatten a posting's HTML: its headings stand inline.
_FLAT = ("ABOUT US Acme sells shoes to millions of runners and ships them worldwide every day. "
         "THE ROLE As a Product Manager on our Checkout team, you will own pricing. "
         "What You'll Do - Run experiments on the funnel - Talk to users every week "
         "Requirements: 5+ years of product management experience. "
         "The benefits of working with us: Free lunch and a gym on site. "
         "Experience With SQL is a plus for this role and for the team we are building. "
         "Experience in Natural Language Processing helps too.")


def test_one_paragraph_posting_has_its_inline_headings_found():
    kinds = dict((s, k) for k, s in split_sections(clean(_FLAT)))
    assert kinds["Acme sells shoes to millions of runners and ships them worldwide every day."] \
        == BOILER
    assert kinds["As a Product Manager on our Checkout team, you will own pricing."] == ROLE
    assert kinds["5+ years of product management experience."] == ROLE
    assert kinds["Free lunch and a gym on site."] == BOILER
    # "Experience With SQL" is a sentence, not a heading: it ends in "with".
    assert not any(s.startswith(("SQL", "Processing")) for s in kinds)
    role = [s.text for s in Preprocessor().process(_FLAT).role_sentences()]
    assert role[0].startswith("As a Product Manager") and not any("lunch" in t for t in role)


def test_a_heading_and_its_text_on_one_line_are_cut_at_the_colon():
    text = ("About us: We make shoes.\nRequirements: 5+ years of experience\nSQL\n"
            "Note: we read every CV.\nBenefits: Free lunch.")
    assert split_sections(clean(text)) == [
        (BOILER, "We make shoes."), (ROLE, "5+ years of experience"), (ROLE, "SQL"),
        (ROLE, "Note: we read every CV."), (BOILER, "Free lunch.")]


def test_a_posting_with_lines_is_not_reflowed():
    # The same words with line breaks keep their line-by-line reading: a capitalized phrase
    # inside a line ("Requirements: 5+ years") is no heading there.
    text = _FLAT.replace(". ", ".\n")
    assert "\n" in text and not any(s == "5+ years of product management experience."
                                    for _, s in split_sections(clean(text)))
