"""What a file's bytes are: the first that an encoding cannot decode, the encoding a file or a
byte string is most likely in."""

from __future__ import annotations

import codecs
import re
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


def detect_encoding(path: str | Path) -> str:
    """The encoding of a text file: UTF-8 when it all decodes so, else charset-normalizer's
    best guess (Windows-1252 for a Latin-script code page it decodes); an :class:`InputError`
    when nothing fits."""
    if first_undecodable(path, "utf-8") is None:
        return "utf-8"
    from charset_normalizer import from_path

    best = from_path(path).best()
    if best is None:
        raise InputError(f"cannot tell the encoding of {path}: it may not be text; pass "
                         "--encoding NAME")
    guess = str(best.encoding)
    if _LATIN_GUESS.match(guess) and first_undecodable(path, "cp1252") is None:
        return "cp1252"
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
    if _LATIN_GUESS.match(str(best.encoding)):
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), str(best.encoding)
