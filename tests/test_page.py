"""The page of `pmclassify serve` in a real browser (the `browser` fixture: Debian's chromium).
Screenshots go to the `shots` folder, to be looked at."""

import httpx

from .conftest import GROWTH

TITLE = "Senior Growth Product Manager"
TEXT = "About us\nWe build payments software.\n\n" + GROWTH + "\n- Own the public API & SDKs."


def test_a_pasted_posting_shows_its_labels_and_marks_its_evidence(browser, served, shots):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served + "/")
    # The keyboard alone: the title, Tab to the posting, Ctrl+Enter to classify.
    page.focus("#title")
    page.keyboard.type(TITLE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "text"
    page.keyboard.insert_text(TEXT)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#result:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "result-heading"

    answers = page.inner_text("#answers")
    assert "Growth PM [growth]" in answers and "Senior PM [senior]" in answers
    want = httpx.post(served + "/v1/classify", json={"text": TEXT, "title": TITLE}).json()
    spans = {(e["where"] == "title" and e["title_line"] == 0, e["start"], e["end"])
             for items in want["evidence"].values() for e in items if e["start"] is not None}
    marks = page.eval_on_selector_all(
        "mark[data-start]", "ms => ms.map(m => [m.parentElement.id, +m.dataset.start, "
                            "+m.dataset.end, m.textContent])")
    assert marks
    for box, start, end, text in marks:
        in_title = box == "shown-title"
        assert (in_title, start, end) in spans  # each mark is an evidence span...
        assert text == (TITLE if in_title else TEXT)[start:end]  # ...showing its phrase
    for in_title, start, end in spans:  # and every span is shown, alone or inside another
        assert any((box == "shown-title") == in_title and s <= start and end <= e
                   for box, s, e, _ in marks)
    assert "Growth" in [t for box, _, _, t in marks if box == "shown-title"]
    assert "A/B tests" in [t for box, _, _, t in marks if box == "shown-text"]
    assert "Growth PM [growth]" in page.text_content("#definitions")  # the labels, defined
    page.screenshot(path=str(shots / "page-wide.png"), full_page=True)
    assert all(u.startswith(served) for u in requests), requests  # nothing from elsewhere

    # On a narrow screen nothing runs off the side.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(shots / "page-narrow.png"), full_page=True)
    page.close()


def test_an_empty_form_says_what_is_missing(browser, served):
    page = browser.new_page()
    page.goto(served + "/")
    page.click("#submit")
    assert "Paste a posting" in page.inner_text("#status")
    assert page.evaluate("document.activeElement.id") == "text"
    page.close()
