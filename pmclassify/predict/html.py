"""Stage 5g: a prediction as HTML, for a notebook (``Prediction._repr_html_``): the answers with
their confidence, the review flag, and the evidence; given the posting's text and title
(:func:`prediction_html`), the evidence is marked in them, as the page of ``pmclassify serve``
marks it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from pmclassify.labels import SENIORITY_NAMES, SPECIALIZATION_NAMES

_COLORS = {"pm": "#fff1b8", "specialization": "#cde8ff", "seniority": "#d9f5d0"}


def _marked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` escaped, each span in a ``<mark>``; a span inside one already marked is left
    to it."""
    out, pos = [], 0
    for start, end, answer in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos:
            continue
        out += [escape(text[pos:start]),
                f'<mark style="background:{_COLORS.get(answer, "#eee")}" title="{answer}">'
                f"{escape(text[start:end])}</mark>"]
        pos = end
    return "".join(out) + escape(text[pos:])


# ``p`` is a Prediction (typed Any: prediction.py imports this module for its _repr_html_).
def prediction_html(p: Any, text: str | None = None, title: str | None = None) -> str:
    """The prediction as an HTML fragment; with ``text`` (and ``title``), its evidence marked in
    them.

    >>> from pmclassify.predict.prediction import Prediction
    >>> from pmclassify.text.notes import Evidence
    >>> p = Prediction(True, 0.98, "growth", None, "pm", {"growth": 0.9}, {"pm": 0.8},
    ...                {"specialization": [Evidence("body", "a/b test", start=4, end=13)]})
    >>> "<mark" in prediction_html(p, "Run A/B tests <now>")
    True
    """
    rows = [("PM role", f"{'yes' if p.is_pm else 'no'} ({p.pm_score:.2f})")]
    if p.is_pm and p.specialization and p.seniority:
        rows.append(("Specialization", f"{SPECIALIZATION_NAMES[p.specialization]} "
                                       f"[{p.specialization}] ({p.specialization_score:.2f})"))
        if p.secondary_specialization:
            rows.append(("Secondary", f"{SPECIALIZATION_NAMES[p.secondary_specialization]} "
                                      f"[{p.secondary_specialization}]"))
        rows.append(("Seniority", f"{SENIORITY_NAMES[p.seniority]} [{p.seniority}] "
                                  f"({p.seniority_score:.2f})"))
    rows.append(("Review", "yes: " + "; ".join(p.review_reasons) if p.needs_review else "no"))
    parts = ["<div>", "<table>"]
    parts += [f"<tr><th style='text-align:left'>{escape(k)}</th><td>{escape(v)}</td></tr>"
              for k, v in rows]
    parts.append("</table>")
    for given, in_title in ((title, True), (text, False)):
        if given:
            spans = [(e.start, e.end, answer) for answer, items in p.evidence.items()
                     for e in items if e.start is not None and e.end is not None
                     and (e.where == "title" and not e.title_line) == in_title]
            parts.append("<div style='white-space:pre-wrap;border:1px solid #ccc;padding:6px;"
                         f"margin:4px 0'>{_marked(given, spans)}</div>")
    for answer, items in p.evidence.items():
        if items:
            parts.append(f"<p><b>{escape(answer)}</b>: "
                         + "; ".join(escape(str(e)) for e in items) + "</p>")
    parts += [f"<p><i>Note: {escape(w.message)}</i></p>" for w in p.warnings]
    parts.append("</div>")
    return "".join(parts)
