"""Report, c: the figures of :func:`~pmclassify.report.aggregate.aggregate_file` as one
self-contained HTML page: charts as inline SVG (:mod:`pmclassify.report.svg`), styles inline, no
script and nothing fetched when it is opened.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from pmclassify.errors import OutputError
from pmclassify.labels import SENIORITIES, SPECIALIZATIONS
from pmclassify.report.svg import bars, columns, heatmap, histogram, stacked

_STYLE = """
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;
background:#fbfcfd}main{max-width:60rem;margin:0 auto;padding:0 1rem 2rem}
h1{font-size:1.6rem;margin:1.25rem 0 .25rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem;
border-top:1px solid #d5dbe1;padding-top:1rem}.muted,.none{color:#56606b}
.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}.card{background:#fff;border:1px solid
#d5dbe1;border-radius:8px;padding:.6rem .9rem;min-width:9rem}.card b{display:block;
font-size:1.35rem}table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .7rem;
border-bottom:1px solid #e3e7eb;text-align:left}td.n{text-align:right;
font-variant-numeric:tabular-nums}.charts{display:flex;flex-wrap:wrap;gap:1rem}
.charts>div{flex:1 1 16rem}h3{font-size:1rem;margin:.5rem 0}
"""


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _table(rows: list[tuple[str, Any]], head: tuple[str, str] = ("", "rows")) -> str:
    if not rows:
        return "<p class='none'>None.</p>"
    body = "".join(f"<tr><td>{escape(str(k))}</td><td class='n'>{v:,}</td></tr>"
                   if isinstance(v, int) else f"<tr><td>{escape(str(k))}</td>"
                   f"<td class='n'>{escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table><tr><th>{escape(head[0])}</th><th>{escape(head[1])}</th></tr>{body}</table>"


def _histogram(counts: list[int], name: str) -> str:
    return f"<div><h3>{escape(name)}</h3>{histogram(counts, f'{name} histogram')}</div>"


def _measured(m: dict[str, Any] | None) -> str:
    if not m:
        return ("<p class='muted'>The file was labeled by another model than the one installed: "
                "its measured accuracy is in that model's metadata.</p>")
    cf = m["metrics"].get("crossfit", {})
    rows = []
    for mode, name in (("with_titles", "with titles"), ("titles_withheld", "without titles")):
        if mode in cf:
            f = cf[mode]
            rows += [(f"specialization macro-F1, {name}", f"{f['specialization_macro_f1']:.3f}"),
                     (f"seniority exact, {name}", f"{f['seniority_accuracy']:.3f}"),
                     (f"seniority within one rung, {name}",
                      f"{f['seniority_within_one_rung']:.3f}")]
    review = m.get("review_figures", {}).get("with_titles")
    if review:
        rows.append(("unflagged PM answers, with titles: share / specialization right",
                     f"{_pct(review['unflagged_share'])} / "
                     f"{review['unflagged_specialization_accuracy']}"))
    gold = m["metrics"].get("gold", {}).get("file", "its gold file")
    employers = f" of {cf['employers']} employers" if "employers" in cf else ""
    return (f"<p class='muted'>Measured on the labeled postings of {escape(gold)}, each scored "
            f"by a model trained without its employer (cross-fitted over the postings"
            f"{employers}):</p>" + _table(rows, ("figure", "value")))


def render(f: dict[str, Any]) -> str:
    """The page for the figures ``f``."""
    answered = f["answered"]
    parts = [f"<h1>The labeled market: {escape(f['source'])}</h1>",
             f"<p class='muted'>{f['rows']:,} rows; model "
             f"{escape(', '.join(f['model_versions']) or 'unknown')}</p>",
             "<div class='cards'>",
             f"<div class='card'>PM postings<b>{f['pm']:,}</b>{_pct(f['pm_share'])} of "
             f"{answered:,} answered</div>",
             f"<div class='card'>To double-check<b>{f['needs_review']['pm_rows']:,}</b>"
             f"{_pct(f['needs_review']['share_of_pm'])} of the PM postings</div>",
             f"<div class='card'>Error rows<b>{f['errors']:,}</b>not classified</div></div>",
             "<h2>PM share</h2>",
             bars([("PM", f["pm"]), ("not PM", answered - f["pm"]), ("error", f["errors"])],
                  "PM share", total=f["rows"]),
             "<h2>Specialization × seniority (PM postings)</h2>",
             heatmap(SPECIALIZATIONS, SENIORITIES, f["matrix"], "specialization by seniority"),
             "<h2>Secondary specializations</h2>",
             bars([(f"{p} + {s}", n) for p, by in f["secondary"].items() for s, n in by.items()],
                  "secondary specializations", total=f["pm"])]
    if "employers" in f:
        e = f["employers"]
        parts += [f"<h2>Top employers by PM postings ({e['distinct']:,} in "
                  f"<code>{escape(e['column'])}</code>)</h2>",
                  stacked([(t["name"], t["mix"]) for t in e["top"]], SPECIALIZATIONS,
                          "top employers by PM postings, by specialization")]
    if "months" in f:
        mo = f["months"]
        parts += [f"<h2>Postings by month (<code>{escape(mo['column'])}</code>)</h2>",
                  columns([(m, c["rows"], c["pm"]) for m, c in mo["by_month"].items()],
                          "postings by month, PM shaded"),
                  f"<p class='muted'>Dark: PM postings; light: all. {mo['undated']:,} rows had "
                  "no date that could be read.</p>"]
    conf = f["confidence"]
    parts += ["<h2>Confidence</h2><div class='charts'>",
              _histogram(conf["pm_score"], "PM score (all answered rows)"),
              _histogram(conf["specialization_score"], "specialization score (PM)"),
              _histogram(conf["seniority_score"], "seniority score (PM)"), "</div>",
              "<h2>Why answers are flagged for review</h2>",
              bars(list(f["needs_review"]["reasons"].items())[:12], "review reasons",
                   color="#c77700", left=380),
              "<h2>Notes and errors</h2><div class='charts'><div>",
              _table(list(f["notes"].items())[:15], ("note", "rows")), "</div><div>",
              _table(list(f["error_kinds"].items())[:15], ("error", "rows")), "</div></div>",
              "<h2>The model and its measured accuracy</h2>", _measured(f.get("measured"))]
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' "
            "content='width=device-width, initial-scale=1'><meta http-equiv='Content-Security-"
            "Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>pmclassify report: {escape(f['source'])}</title><style>{_STYLE}</style>"
            "</head><body><main>" + "".join(parts) + "</main></body></html>")


def write_report(figures: dict[str, Any], output: str | Path, as_json: bool = False) -> Path:
    """Write the page to ``output`` (or, ``as_json``, the figures as JSON)."""
    out = Path(output)
    text = json.dumps(figures, indent=1, ensure_ascii=False) + "\n" if as_json else render(figures)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror}; check the folder exists and "
                          "is writable") from None
    return out
