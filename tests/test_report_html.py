"""The report page: self-contained (no script, nothing fetched), every chart drawn, and what it
looks like in a real browser (Debian's chromium, as in test_page)."""

import re

import pytest

from pmclassify.errors import OutputError
from pmclassify.report.aggregate import aggregate_file
from pmclassify.report.html import render, write_report

from .test_aggregate import labeled  # noqa: F401  (the fixture)


def test_the_page_holds_every_chart_and_asks_for_nothing(labeled):  # noqa: F811
    html = render(aggregate_file(labeled, company_column="company", date_column="posted"))
    for heading in ("PM share", "Specialization × seniority", "Secondary specializations",
                    "Top employers by PM postings", "Postings by month", "Confidence",
                    "Why answers are flagged for review", "Notes and errors",
                    "measured accuracy"):
        assert heading in html
    assert html.count("<svg") >= 8
    assert not re.search(r"(?:src|href)\s*=|https?://|<script|@import|url\(", html)
    assert "2 rows had no date" in html


def test_names_from_the_file_are_escaped(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("company,is_pm,specialization,seniority,error\n"
                    "<script>x</script>,True,core,pm,\n", encoding="utf-8")
    html = render(aggregate_file(path, company_column="company"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_output_that_cannot_be_written_says_so(labeled, tmp_path):  # noqa: F811
    with pytest.raises(OutputError, match="cannot write"):
        write_report(aggregate_file(labeled), tmp_path / "missing" / "r.html")


def test_the_page_in_a_browser(labeled, tmp_path, browser, shots):  # noqa: F811
    out = write_report(aggregate_file(labeled, company_column="company", date_column="posted"),
                       tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    assert requests == [out.as_uri()]  # the page alone: no font, style or script fetched
    sizes = page.eval_on_selector_all("svg", "ss => ss.map(s => s.getBoundingClientRect())")
    assert len(sizes) >= 8 and all(s["width"] > 50 and s["height"] > 10 for s in sizes)
    assert page.inner_text(".card b >> nth=0") == "4"  # PM postings
    page.screenshot(path=str(shots / "report.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()
