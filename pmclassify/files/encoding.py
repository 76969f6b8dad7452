"""What a file's bytes are: the first that an encoding cannot decode, the encoding a file or a
byte string is most likely in."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from pmclassify.errors import InputError


def codec_name(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise InputError(f"unknown encoding {encoding!r}; pass a Python codec name, or "
                         "--encoding auto") from exc
    return "utf-8-sig" if name == "utf-8" else name  # a BOM is not part of the first column


def first_undecodable(path: str | Path, encoding: str = "utf-8") -> tuple[int, int, int] | None:
    """``(line, byte offset, byte value)`` of the first byte of ``path`` that ``encoding``
    cannot decode, or None when the whole file decodes. Reads in blocks: flat memory."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 20)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                # exc.start counts from the bytes held over from the previous block, if any.
                pending = len(decoder.getstate()[0])
                return _locate(path, max(offset - pending + exc.start, 0))
            if not block:
                return None
            offset += len(block)


def _locate(path: str | Path, pos: int) -> tuple[int, int, int]:
    line = 1
    with open(path, "rb") as f:
        done = 0
        while done < pos:
            block = f.read(min(1 << 20, pos - done))
            line += block.count(b"\n")
            done += len(block)
        byte = f.read(1)
    return line, pos, byte[0] if byte else 0


# Code pages charset-normalizer cannot tell apart on short Latin-script text (a latin-1 "ó" reads
# the same in cp1250, cp775 and cp852, and it guesses among them): Windows-1252 is what such
# exports are written in, when it decodes the file.
_LATIN_GUESS = re.compile(
    r"^(?:cp(?:125\d|437|775|8[5-6]\d)|iso8859_\d+|latin_1|mac_\w+|hp_roman8)$")


def _latin_default(guess: str, cp1252_decodes: Callable[[], bool]) -> str:
    """``guess``, or Windows-1252 for a Latin-script code page when that decodes the text."""
    return "cp1252" if _LATIN_GUESS.match(guess) and cp1252_decodes() else guess


def detect_encoding(path: str | Path) -> str:
    """The encoding the whole of a text file decodes in: UTF-8 when it does, else
    charset-normalizer's best guess (:func:`_latin_default`); an :class:`InputError` when
    nothing fits."""
    if first_undecodable(path, "utf-8") is None:
        return "utf-8"
    from charset_normalizer import from_path

    best = from_path(path).best()
    guess = _latin_default(str(best.encoding), lambda: first_undecodable(path, "cp1252") is None
                           ) if best is not None else None
    # charset-normalizer reads samples of a large file: the guess must decode all of it.
    if guess is None or (guess != "cp1252" and first_undecodable(path, guess) is not None):
        raise InputError(f"cannot tell the encoding of {path}: it may not be text; pass "
                         "--encoding NAME")
    return guess


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of bytes: UTF-8 when they all decode so, else charset-normalizer's
    best guess (Windows-1252 for a Latin-script code page that decodes them), else UTF-8 with
    U+FFFD for what does not decode.

    >>> decode_bytes("Gestión".encode("utf-8")), decode_bytes(b"")
    (('Gestión', 'utf-8'), ('', 'utf-8'))
    """
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or not best.encoding:
        return raw.decode("utf-8", errors="replace"), "utf-8 (with replacements)"

    def cp1252_decodes() -> bool:
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            return False
        return True

    enc = _latin_default(str(best.encoding), cp1252_decodes)
    return (raw.decode(enc) if enc == "cp1252" else str(best)), enc
