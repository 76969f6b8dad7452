from pmclassify.text.clean import clean, clean_lines
from pmclassify.text.posting import Preprocessor
from pmclassify.text.sections import BOILER, ROLE, Line, role_part, split_sections


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
    kinds = dict((s, k) for k, s in split_sections(clean_lines(text)))
    assert kinds["Strong communication skills"] == ROLE
    assert kinds["7+ years of product experience"] == ROLE
    assert kinds["Dental plan"] == BOILER  # an item ending in a colon still heads a section
    html = "<h3>Requirements</h3><ul><li>SQL experience</li><li>A culture of ownership</li></ul>"
    assert [k for k, _ in split_sections(clean_lines(html))] == [ROLE, ROLE]
    assert Preprocessor().process(text).role_sentences()[2].text.startswith("7+ years")
    # The input's own private-use characters mark nothing.
    assert clean_lines("\ue000x") == [Line("x")] and clean("\ue000x") == "x"


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


def test_a_name_in_a_flattened_sentence_is_no_heading():
    # After "our", "an", "the" a capitalized run is a name ("Tasks Manager", "Equal Opportunity
    # Employer"), not a heading that would cut the sentence in two.
    flat = ("About the role You will own our Tasks Manager app and its roadmap across web and "
            "mobile. Responsibilities - Talk to customers every week. Acme is an Equal "
            "Opportunity Employer and values every voice. " + "Ship small things often. " * 12)
    lines = [ln for _, ln in split_sections(clean(flat))]
    assert "You will own our Tasks Manager app and its roadmap across web and mobile." in lines
    assert any(ln.startswith("Acme is an Equal Opportunity Employer and") for ln in lines)


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


def test_a_field_labels_its_value_only():
    # "Location: ..." and "Salary: ..." label one value; the text after it is not theirs.
    text = "Location: London, hybrid\nWe are hiring a Product Manager.\nYou own the roadmap."
    assert split_sections(clean(text)) == [
        (BOILER, "London, hybrid"), ("other", "We are hiring a Product Manager."),
        ("other", "You own the roadmap.")]
    flat = ("Product Manager Checkout Location: London Salary: 60k to 70k a year. We are hiring "
            "a Product Manager to own our checkout funnel and its experiments. You will work "
            "with engineering and design every day on pricing and conversion. " * 3)
    kinds = dict((s, k) for k, s in split_sections(clean(flat)))
    assert kinds["60k to 70k a year."] == BOILER
    assert kinds["You will work with engineering and design every day on pricing and "
                 "conversion."] != BOILER
    # A section heading is still one: "Compensation" on its own line opens a section.
    assert split_sections("Compensation\nA bonus every year.") == [(BOILER, "A bonus every year.")]


def test_a_posting_of_only_boilerplate_sections_keeps_what_is_not_boilerplate_in_itself():
    # "ABOUT ACME" over a role whose own heading is unknown: reading nothing would be worse.
    text = ("ABOUT ACME\nAcme builds tools for translators.\nVoice Artist Wanted\n"
            "You will record scripts in your native language for our speech models.\n"
            "We are an equal opportunity employer.")
    role = [s for _, s in role_part(split_sections(clean(text)))]
    assert "You will record scripts in your native language for our speech models." in role
    assert "We are an equal opportunity employer." not in role
    # With a role described outside them, boilerplate sections stay out.
    more = text + "\nThe role\nYou own the roadmap.\nYou talk to users.\nYou ship features."
    assert [s for _, s in role_part(split_sections(clean(more)))] == [
        "You own the roadmap.", "You talk to users.", "You ship features."]


def test_headings_read_from_real_postings_open_their_sections():
    text = ("Why Acme?\nWe grow fast and our customers love us.\n"
            "What the candidate will do\nOwn the roadmap for our billing platform.\n"
            "Is this you?\nYou have shipped developer products.\n"
            "Why you'll love working here\nA four-day week.\n"
            "The team\nTwelve engineers build the billing APIs.\n"
            "Additional information\nWe review applications weekly.")
    kinds = dict((s, k) for k, s in split_sections(clean(text)))
    assert kinds["We grow fast and our customers love us."] == BOILER
    assert kinds["Own the roadmap for our billing platform."] == ROLE
    assert kinds["You have shipped developer products."] == ROLE
    assert kinds["A four-day week."] == BOILER  # it speaks to the reader, yet is boilerplate
    assert kinds["Twelve engineers build the billing APIs."] == ROLE
    assert kinds["We review applications weekly."] == BOILER
