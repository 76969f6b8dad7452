"""Report, b: charts as inline SVG — bars, stacked bars, a heatmap, columns — so the report is
one self-contained file that draws without a script or a request.

>>> "<svg" in bars([("core", 3), ("growth", 1)])
True
"""

from __future__ import annotations

from html import escape

# One colour per specialization, told apart by people with the common colour-vision deficits
# (the Okabe-Ito set).
PALETTE = {"core": "#0072B2", "growth": "#E69F00", "platform": "#009E73", "innovation": "#CC79A7",
           "technical": "#56B4E9", "pmm": "#D55E00"}
INK, MUTED, BAR = "#1d232a", "#56606b", "#0072B2"
_FONT = "font-family='system-ui, sans-serif' font-size='12'"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f"<svg viewBox='0 0 {width} {height}' "
            f"width='100%' style='max-width:{width}px' role='img' aria-label='{escape(label)}' "
            f"{_FONT}>" + "".join(body) + "</svg>")


def bars(items: list[tuple[str, int]], label: str = "bar chart", color: str = BAR,
         total: int | None = None, left: int = 170) -> str:
    """Horizontal bars, one per ``(name, count)``, each with its count (and share of
    ``total``); ``left`` is the room for the names."""
    if not items:
        return "<p class='none'>None.</p>"
    top = max(n for _, n in items) or 1
    row, width, room = 24, left + 390, left // 6
    body = []
    for i, (name, n) in enumerate(items):
        y = i * row
        w = round((width - left - 90) * n / top)
        share = f" ({100 * n / total:.1f}%)" if total else ""
        body += [f"<text x='{left - 8}' y='{y + 16}' text-anchor='end' fill='{INK}'>"
                 f"{escape(name[:room])}</text>",
                 f"<rect x='{left}' y='{y + 4}' width='{max(w, 1)}' height='{row - 8}' "
                 f"fill='{color}'><title>{escape(name)}: {n:,}{share}</title></rect>",
                 f"<text x='{left + w + 6}' y='{y + 16}' fill='{MUTED}'>{n:,}{share}</text>"]
    return _svg(width, row * len(items), body, label)


def stacked(items: list[tuple[str, dict[str, int]]], order: tuple[str, ...],
            label: str = "stacked bars") -> str:
    """Horizontal bars split by ``order``'s parts (an employer's PM postings by
    specialization), with a legend."""
    if not items:
        return "<p class='none'>None.</p>"
    top = max(sum(parts.values()) for _, parts in items) or 1
    row, left, width = 24, 190, 640
    body = _legend(order, 0)
    for i, (name, parts) in enumerate(items):
        y = 28 + i * row
        x = float(left)
        for part in order:
            n = parts.get(part, 0)
            if not n:
                continue
            w = (width - left - 60) * n / top
            body.append(f"<rect x='{x:.1f}' y='{y + 4}' width='{w:.1f}' height='{row - 8}' "
                        f"fill='{PALETTE.get(part, BAR)}'><title>{escape(name)}: {part} "
                        f"{n:,}</title></rect>")
            x += w
        body += [f"<text x='{left - 8}' y='{y + 16}' text-anchor='end' fill='{INK}'>"
                 f"{escape(name[:30])}</text>",
                 f"<text x='{x + 6:.1f}' y='{y + 16}' fill='{MUTED}'>"
                 f"{sum(parts.values()):,}</text>"]
    return _svg(width, 28 + row * len(items), body, label)


def _legend(order: tuple[str, ...], y: int) -> list[str]:
    out = []
    for i, part in enumerate(order):
        x = 10 + i * 100
        out += [f"<rect x='{x}' y='{y + 6}' width='12' height='12' "
                f"fill='{PALETTE.get(part, BAR)}'/>",
                f"<text x='{x + 16}' y='{y + 17}' fill='{INK}'>{escape(part)}</text>"]
    return out


def heatmap(rows: tuple[str, ...], cols: tuple[str, ...], counts: dict[str, dict[str, int]],
            label: str = "heatmap") -> str:
    """A grid of counts, each cell shaded by its share of the largest."""
    top = max((counts[r][c] for r in rows for c in cols), default=0) or 1
    cell_w, cell_h, left, head = 74, 30, 100, 26
    body = [f"<text x='{left + i * cell_w + cell_w / 2}' y='{head - 8}' text-anchor='middle' "
            f"fill='{INK}'>{escape(c)}</text>" for i, c in enumerate(cols)]
    for j, r in enumerate(rows):
        y = head + j * cell_h
        body.append(f"<text x='{left - 8}' y='{y + 20}' text-anchor='end' fill='{INK}'>"
                    f"{escape(r)}</text>")
        for i, c in enumerate(cols):
            n = counts[r][c]
            shade = n / top
            fill = f"rgba(0,114,178,{0.08 + 0.92 * shade:.3f})" if n else "#f3f5f7"
            ink = "#fff" if shade > 0.5 else INK
            x = left + i * cell_w
            body += [f"<rect x='{x}' y='{y}' width='{cell_w - 2}' height='{cell_h - 2}' "
                     f"fill='{fill}'><title>{escape(r)} × {escape(c)}: {n:,}</title></rect>",
                     f"<text x='{x + cell_w / 2 - 1}' y='{y + 19}' text-anchor='middle' "
                     f"fill='{ink}'>{n:,}</text>"]
    return _svg(left + cell_w * len(cols), head + cell_h * len(rows), body, label)


def columns(items: list[tuple[str, int, int]], label: str = "columns") -> str:
    """Vertical columns per ``(name, all, part)``: all rows, with the part (the PM postings)
    shaded inside."""
    if not items:
        return "<p class='none'>None.</p>"
    top = max(n for _, n, _ in items) or 1
    col = max(12, min(48, 720 // len(items)))
    height, base = 180, 200
    body = []
    for i, (name, n, part) in enumerate(items):
        x = 40 + i * col
        h, hp = height * n / top, height * part / top
        body += [f"<rect x='{x}' y='{base - h:.1f}' width='{col - 4}' height='{h:.1f}' "
                 f"fill='#c9d8e6'><title>{escape(name)}: {n:,} postings, {part:,} PM"
                 f"</title></rect>",
                 f"<rect x='{x}' y='{base - hp:.1f}' width='{col - 4}' height='{hp:.1f}' "
                 f"fill='{BAR}'/>"]
        if len(items) <= 24 or i % (len(items) // 12 + 1) == 0:
            body.append(f"<text x='{x + (col - 4) / 2}' y='{base + 14}' text-anchor='middle' "
                        f"font-size='10' fill='{MUTED}'>{escape(name)}</text>")
    return _svg(40 + col * len(items) + 20, base + 22, body, label)


def histogram(counts: list[int], label: str = "histogram") -> str:
    """Vertical columns, one per bin of [0, 1], each with its count."""
    top = max(counts, default=0) or 1
    col, height, base = 30, 120, 140
    body = []
    for i, n in enumerate(counts):
        x = 10 + i * col
        h = height * n / top
        body += [f"<rect x='{x}' y='{base - h:.1f}' width='{col - 3}' height='{max(h, 0.5):.1f}' "
                 f"fill='{BAR}'><title>{i / len(counts):.1f}-{(i + 1) / len(counts):.1f}: "
                 f"{n:,}</title></rect>",
                 f"<text x='{x + (col - 3) / 2}' y='{base - h - 4:.1f}' text-anchor='middle' "
                 f"font-size='10' fill='{MUTED}'>{n:,}</text>"]
    body += [f"<text x='10' y='{base + 14}' font-size='10' fill='{MUTED}'>0</text>",
             f"<text x='{10 + col * len(counts) - 3}' y='{base + 14}' text-anchor='end' "
             f"font-size='10' fill='{MUTED}'>1</text>"]
    return _svg(20 + col * len(counts), base + 20, body, label)
