"""Bytes to str: binary sniffing and text-encoding detection."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from personae.sources.common import Refusal

# Signatures of files people commonly mistake for books, checked before any decoding.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh91AY&SY", "bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
)

# Longest first, so a UTF-32 LE BOM (FF FE 00 00) is not taken for UTF-16 LE (FF FE).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0/C1 control characters that never occur in real prose (tab, newlines, form feed excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\x80-\x9f]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_SAMPLE_CHARS = 100_000
_SAMPLE_BYTES = 3 * 1024 * 1024
_MAX_CONTROL_RATIO = 0.01
# cp1252 wins when its mess score is this close to charset-normalizer's favourite: the
# detector often prefers cp1250/cp1257 on Western text, which garbles ñ, ã, ý and friends.
_WESTERN_TOLERANCE = 0.02
_NO_ENCODING = "looks like a binary file (no text encoding fits its bytes), not a book"


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format `data` starts with, or None if it is not a known one."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[60:68] == b"BOOKMOBI":
        return "MOBI e-book"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode book bytes; returns (text without BOM, codec name). Refuses binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break  # a stray BOM-like prefix: let detection decide
    if b"\x00" in data:
        raise Refusal("looks like a binary file (it contains NUL bytes), not a book")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"  # fast path: most books are UTF-8
    except UnicodeDecodeError:
        text, encoding = _detect(data)
    check_textlike(text)
    return text, encoding


def check_textlike(text: str) -> None:
    """Refuse decoded text whose start is full of control characters (binary in disguise)."""
    sample = text[:_SAMPLE_CHARS]
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        raise Refusal("looks like a binary file (mostly non-text bytes), not a book")


def _detect(data: bytes) -> tuple[str, str]:
    if len(data) > _SAMPLE_BYTES:
        # Detection is slow on whole books: guess from a sample, then confirm by decoding
        # everything strictly; only if that fails pay for the full analysis.
        try:
            return _detect_in(_sample(data), data)
        except Refusal:
            pass
    return _detect_in(data, data)


def _sample(data: bytes) -> bytes:
    """Slices from the start, middle and end, cut at line breaks (never mid-character)."""
    size = _SAMPLE_BYTES // 3
    pieces = []
    for offset in (0, len(data) // 2, len(data) - size):
        start = 0 if offset == 0 else data.find(b"\n", offset) + 1
        stop = data.rfind(b"\n", start, start + size) + 1 or start + size
        pieces.append(data[start:stop])
    return b"".join(pieces)


def _detect_in(sample: bytes, data: bytes) -> tuple[str, str]:
    best = from_bytes(sample).best()
    western = from_bytes(sample, cp_isolation=["cp1252"]).best()
    if western is not None and (best is None or western.chaos <= best.chaos + _WESTERN_TOLERANCE):
        # Without 0x80-0x9F bytes the file is equally Latin-1; name it that way.
        encoding = "cp1252" if _C1_BYTES.search(data) else "latin-1"
    elif best is not None:
        encoding = best.encoding
    else:
        raise Refusal(_NO_ENCODING)
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise Refusal(_NO_ENCODING) from None
