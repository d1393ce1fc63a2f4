"""`read_source`: a book file in, a `Source` out, or an `InputError` saying why not."""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import stat
import zlib
from dataclasses import replace
from pathlib import Path, PurePath

from personae.errors import InputError
from personae.sources import Source
from personae.sources.chapters import chapters_from_headings, find_chapters, gutenberg_body, trim
from personae.sources.common import MB, Refusal
from personae.sources.epub import read_epub
from personae.sources.html import decode_markup, html_to_text
from personae.sources.paragraphs import find_paragraph_starts
from personae.sources.text import check_textlike, decode_text, sniff_binary

# Module constants so tests can lower them.
MAX_FILE_BYTES = 200 * MB
MAX_GUNZIP_BYTES = 300 * MB  # decompressed size of a .gz, against gzip bombs
_GUNZIP_CHUNK = 1 * MB

_KINDS = {"": "txt", ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html",
          ".xhtml": "html", ".epub": "epub"}
_SUPPORTED = "personae reads .txt, .epub, .html/.htm (and .txt.gz)"
_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")  # "Mr. Smith" has no extension, ". smith"
_NON_SPACE = re.compile(r"\S")


def read_source(path: str | os.PathLike[str]) -> Source:
    """Read a book file (.txt, .epub, .html/.htm, .txt.gz). Raises InputError for bad input."""
    try:
        source = _read(Path(path))
    except Refusal as problem:
        raise InputError(path, str(problem)) from None
    return replace(source, paragraph_starts=find_paragraph_starts(source.text, *source.body))


def _read(path: Path) -> Source:
    _check_file(path)
    kind, compressed = _kind_of(path)
    raw = _load(path)
    digest = hashlib.sha256(raw).hexdigest()
    data = _gunzip(raw) if compressed else raw
    if not data.strip():
        raise Refusal("is empty" + (" (0 bytes)" if not data else " (only whitespace)"))
    if kind == "epub":
        text, chapters = read_epub(data)
        return Source(str(path), text, "epub", "utf-8", digest, (0, len(text)), chapters)
    what = sniff_binary(data)
    if what is not None:
        raise Refusal(f"looks like a binary file ({what}), not a book")
    if kind == "html":
        return _read_html(path, data, digest)
    return _read_txt(path, data, digest)


def _read_txt(path: Path, data: bytes, digest: str) -> Source:
    text, encoding = decode_text(data)
    _require_text(text)
    gutenberg = gutenberg_body(text)
    body = gutenberg or trim(text, 0, len(text))
    fmt = "gutenberg" if gutenberg else "txt"
    return Source(str(path), text, fmt, encoding, digest, body, find_chapters(text, body))


def _read_html(path: Path, data: bytes, digest: str) -> Source:
    markup, encoding = decode_markup(data)
    text, headings = html_to_text(markup, ("h1", "h2"), xhtml=path.suffix.lower() == ".xhtml")
    if not text:
        raise Refusal("is empty (no visible text in the HTML)")
    check_textlike(text)
    body = gutenberg_body(text) or (0, len(text))
    in_body = [h for h in headings if body[0] <= h.start < body[1]]
    chapters = chapters_from_headings(text, in_body, body) if in_body else find_chapters(text, body)
    return Source(str(path), text, "html", encoding, digest, body, chapters)


def _check_file(path: Path) -> None:
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise Refusal("no such file") from None
    except PermissionError:
        raise Refusal("permission denied (cannot reach the file)") from None
    except (OSError, ValueError) as error:
        raise Refusal(f"cannot be read ({_reason(error)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise Refusal("is a directory, not a book file")
    if not stat.S_ISREG(info.st_mode):
        raise Refusal("is not a regular file (a device, pipe or socket), not a book file")
    if info.st_size > MAX_FILE_BYTES:
        raise Refusal(_too_large(info.st_size))


def _kind_of(path: Path) -> tuple[str, bool]:
    """Reader kind from the file name, and whether it is gzip-compressed."""
    name = path.name.lower()
    compressed = name.endswith(".gz")
    if compressed:
        name = name[: -len(".gz")]
    suffix = PurePath(name).suffix
    if not _EXTENSION.fullmatch(suffix):
        suffix = ""
    kind = _KINDS.get(suffix)
    if kind is None:
        shown = suffix + (".gz" if compressed else "")
        raise Refusal(f"unsupported file type '{shown}'; {_SUPPORTED}")
    return kind, compressed


def _load(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # +1: notice a file that grew since stat
    except PermissionError:
        raise Refusal("permission denied (cannot read the file)") from None
    except OSError as error:
        raise Refusal(f"cannot be read ({_reason(error)})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise Refusal(_too_large(len(raw)))
    return raw


def _gunzip(raw: bytes) -> bytes:
    """Decompress in memory, in chunks, stopping as soon as the output passes the cap."""
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            while chunk := stream.read(_GUNZIP_CHUNK):
                total += len(chunk)
                if total > MAX_GUNZIP_BYTES:
                    raise Refusal(
                        f"decompresses to more than {MAX_GUNZIP_BYTES // MB} MB "
                        "(possible gzip bomb); refused"
                    )
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error):
        raise Refusal("is not a valid gzip file (truncated or corrupted)") from None
    return b"".join(chunks)


def _require_text(text: str) -> None:
    if _NON_SPACE.search(text) is None:
        raise Refusal("is empty (only whitespace)")


def _too_large(size: int) -> str:
    limit = MAX_FILE_BYTES // MB
    return f"is too large ({size / MB:.0f} MB; personae reads books up to {limit} MB)"


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
