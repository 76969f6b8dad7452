from hypothesis import given, settings
from hypothesis import strategies as st

from pmclassify.text.spans import locate, phrase_pattern


def test_a_phrase_is_found_as_written_or_inflected():
    text = "Run A/B tests, prototyping and pricing Strategies.\nSenior  Product Manager"
    for phrase, found in (("a/b test", "A/B tests"), ("prototype", "prototyping"),
                          ("strategy", "Strategies"), ("senior product manager",
                                                       "Senior  Product Manager")):
        span = locate(text, phrase)
        assert span is not None and text[span[0]:span[1]] == found


def test_a_phrase_is_not_found_inside_a_word_or_across_a_line():
    assert locate("We aim high.", "ai") is None  # "aim" is not an inflection of "ai"
    assert locate("rapid growth", "api") is None
    assert locate("senior\nproduct manager", "senior product manager") is None
    assert locate("anything", "") is None and locate("", "api") is None


def test_a_search_can_start_later():
    text = "API first; the API team"
    assert locate(text, "api") == (0, 3) and locate(text, "api", 4) == (15, 18)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab AB/-*\n\té<>&;.") + ["test", "tests", "api"]),
                max_size=40).map("".join),
       st.sampled_from(["a/b test", "api", "test", "b a"]))
def test_a_span_is_always_the_phrase(text, phrase):
    span = locate(text, phrase)
    if span is not None:
        start, end = span
        assert 0 <= start < end <= len(text)
        pattern = phrase_pattern(phrase)
        assert pattern is not None and pattern.fullmatch(text[start:end])


def test_windows_find_the_sentences_read_in_order():
    from pmclassify.text.spans import windows

    text = "Own it. About us. Own it."
    assert windows(text, ["Own it.", "Own it."]) == [(0, 7), (18, 25)]
    assert windows(text, ["<b>Own</b> it."]) == []
    assert locate("api then api", "api", 4, 12) == (9, 12) and locate("api", "api", 0, 2) is None
