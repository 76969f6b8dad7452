from hypothesis import given, settings
from hypothesis import strategies as st

from pmclassify.text.clean import MAX_CHARS, OPENING_LINES, clean, reads_as_english, strip_code
from pmclassify.text.posting import Preprocessor


def test_clean_strips_html_markdown_and_controls():
    assert clean("<p>**Own** the&nbsp;roadmap</p>\x00") == "Own the roadmap"
    assert clean("## Heading\n- bullet one\n\n\n* bullet two") == "Heading\nbullet one\nbullet two"


def test_unheaded_posting_drops_boilerplate_sentences_only():
    pre = Preprocessor()
    doc = pre.process("Own the pricing roadmap. Run experiments on funnels. "
                      "We are an equal opportunity employer. Salary range $100k.")
    texts = [s.text for s in doc.role_sentences()]
    assert "Own the pricing roadmap." in texts
    assert not any("equal opportunity" in t for t in texts)


def test_text_outside_the_role_part_is_kept_as_context():
    pre = Preprocessor()
    doc = pre.process("We're hiring a Product Manager to join us.\nWhat you'll do\n"
                      "Own the roadmap.\nRun experiments.\nTalk to users.\nBenefits\nFree lunch.")
    assert [s.text for s in doc.role_sentences()] == [
        "Own the roadmap.", "Run experiments.", "Talk to users."]
    # The unheaded intro and the boilerplate are left out of the role, not thrown away.
    assert doc.context == ("We're hiring a Product Manager to join us.", "Free lunch.")
    assert doc.whole_text().splitlines() == [
        "Own the roadmap.", "Run experiments.", "Talk to users.",
        "We're hiring a Product Manager to join us.", "Free lunch."]


def test_lemmas_and_title():
    pre = Preprocessor()
    assert pre.lemmatize("Running A/B Tests for APIs") == "run a b test for api"
    doc = pre.process("Responsibilities\nLeading teams.", title="Sr. Product Manager")
    assert doc.title_lemmas == "senior product manager"
    # Gerund nouns keep their own sense instead of folding into an unrelated word.
    assert pre.lemmatize("Positioning, messaging and pricing for this position") == (
        "positioning messaging and pricing for this position")
    assert pre.lemmatize("Modeling for ML models") == "modeling for ml model"


def test_short_opening_lines_are_kept_as_possible_titles():
    pre = Preprocessor()
    doc = pre.process("<h1>Senior Product Manager – Remote</h1><p>About us</p><p>We sell.</p>")
    assert doc.opening_lines == ("Senior Product Manager – Remote", "About us", "We sell.")
    assert pre.process("- Senior PM\nOwn the roadmap.").opening_lines == (
        "Senior PM", "Own the roadmap.")
    # A sentence is not a title, but keeps its place: the evidence names a title's line.
    long = "We are a team of builders who care about our customers and ship every week."
    assert pre.process(long + "\nLead PM").opening_lines == ("", "Lead PM")
    assert len(pre.process("\n".join("abcdefgh")).opening_lines) == OPENING_LINES
    assert pre.process("").opening_lines == ()


def test_pipe_keeps_order_and_count():
    pre = Preprocessor()
    items = [(f"Own roadmap number {i}.", None) for i in range(130)]
    out = list(pre.pipe(iter(items), batch_size=16))
    assert [o.sentences[0].text for o in out] == [t for t, _ in items]


def test_huge_input_is_truncated():
    doc = Preprocessor().process("Own the roadmap. " * (MAX_CHARS // 10))
    assert doc.truncated


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=40)))
def test_process_never_raises(text, title):
    Preprocessor().process(text, title)


def test_role_sections_alone_are_kept_and_ai_is_not_a_verb():
    pre = Preprocessor()
    doc = pre.process("We sell shoes online.\nResponsibilities\nOwn the AI roadmap.\n"
                      "Run experiments.\nTalk to users.\nBenefits\nDental plan.")
    assert [s.text for s in doc.role_sentences()] == ["Own the AI roadmap.", "Run experiments.",
                                                      "Talk to users."]
    assert doc.role_sentences()[0].lemmas == "own the ai roadmap"


def test_reads_as_english():
    assert reads_as_english("Own the roadmap for our payments platform and work with engineers "
                            "to ship what customers need, from discovery to launch.")
    # A terse list of keywords, and text too short to tell, are given the benefit of the doubt.
    assert reads_as_english("Roadmap. Discovery. SQL. Stakeholders. Jira. Figma. APIs. Agile. "
                            "Scrum. B2B SaaS. Remote.")
    assert reads_as_english("Senior PM") and reads_as_english("")
    assert not reads_as_english("Buscamos un gerente de producto para la plataforma de pagos, "
                                "que trabaje con los equipos de ingeniería y diseño en el roadmap.")
    chinese = "这是一个产品经理职位，负责产品路线图和用户研究，与工程团队合作。"
    assert not reads_as_english(chinese * 3)
    assert not reads_as_english(bytes(range(256)).decode("latin-1") * 8)


def test_other_line_breaks_and_escaped_text_keep_their_lines():
    lines = ["About us", "We sell shoes.", "What you'll do", "Own the roadmap."]
    for sep in ("\u2028", "\u2029", "\x0c", "\x0b", "\x85", "\r\n", "\r"):
        assert clean(sep.join(lines)).split("\n") == lines, repr(sep)
    # Text stored JSON-escaped: its escapes are its line breaks, quotes and slashes.
    assert clean("About us\\nWe sell \\\"shoes\\\".\\r\\nRun A\\/B tests.\\tDaily.").split(
        "\n") == ["About us", 'We sell "shoes".', "Run A/B tests. Daily."]
    # One backslash-n in a text with real lines is left alone.
    assert clean("Paths like C:\\new\nare kept.") == "Paths like C:\\new\nare kept."
    doc = Preprocessor().process("\\n".join(lines + ["Run A/B tests.", "Ship weekly."]))
    assert [s.text for s in doc.role_sentences()] == ["Own the roadmap.", "Run A/B tests.",
                                                      "Ship weekly."]


def test_a_saved_job_page_is_read_without_its_scripts_and_styles():
    script = "<script>var x = {\"growth\": true, \"funnel\": \"activation\"};</script>" * 1500
    page = ("<html><head><title>Platform PM</title><style>h2 { color: red; }</style>" + script
            + "<!-- tracking: growth funnel --></head><body><h2>What you'll do</h2><ul>"
            "<li>Own the internal developer platform</li><li>Set the API roadmap</li>"
            "<li>Talk to the teams who build on it</li></ul></body></html>")
    assert len(page) > 90_000  # the scripts alone are past the cut (60,000)
    doc = Preprocessor().process(page)
    assert [s.text for s in doc.role_sentences()] == [
        "Own the internal developer platform", "Set the API roadmap",
        "Talk to the teams who build on it"]
    assert not doc.truncated and "growth" not in doc.whole_text()
    # An element left open ends the stripping, and what follows stays: a wild text of unclosed
    # tags is scanned once, not once per tag.
    wild = "<script>" * 200_000 + "Own the roadmap."
    assert strip_code(wild) == wild
    assert strip_code("a<SCRIPT type='x'>b</Script >c<!-- d") == "a\nc<!-- d"


@given(st.lists(st.sampled_from(["<script>", "</script>", "<SCRIPT a=1>", "</script >", "<!--",
                                 "-->", "<style>", "</style>", "<svg>", "</svg>", "x", "<p>", " "]),
                max_size=40))
def test_strip_code_never_raises_and_keeps_plain_text(parts):
    text = "".join(parts)
    out = strip_code(text)
    assert len(out) <= len(text) + text.count("<")
    if "<s" not in text.lower() and "<!--" not in text:
        assert out == text


def test_html_is_read_by_a_parser_and_plain_text_is_left_whole():
    from pmclassify.text.clean import clean, clean_lines
    from pmclassify.text.sections import Line

    style = "font-family: Arial, Helvetica; " * 12  # a Workday-style tag of 400+ characters
    html = (f'<div style="{style}"><p>Own the <strong>payments</strong> roadmap and ship it.</p>'
            f'<ul><li>Run A/B tests</li><li>Talk to users</li></ul></div>')
    assert clean_lines(html) == [Line("Own the payments roadmap and ship it."),
                                 Line("Run A/B tests", item=True), Line("Talk to users", item=True)]
    plain = "Requirements: < 5 years of PM work, and > 2 years in fintech."
    assert clean(plain) == plain
    assert clean("Sales <> Product alignment") == "Sales <> Product alignment"
