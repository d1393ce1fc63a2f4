"""EPUB reading, in memory and defensively: the archive is vetted before anything is inflated."""
from __future__ import annotations

import io
import posixpath
import re
import zlib
import zipfile
from urllib.parse import unquote

from lxml import etree

from personae.sources import Chapter
from personae.sources.common import MB, Refusal
from personae.sources.html import decode_markup, html_to_text
from personae.sources.text import sniff_binary

# Module constants so tests can lower them instead of building real bombs.
MAX_TOTAL_BYTES = 500 * MB  # sum of declared uncompressed sizes
MAX_RATIO = 200  # uncompressed:compressed, checked on members bigger than RATIO_MIN_BYTES
RATIO_MIN_BYTES = 4 * MB
MAX_MEMBERS = 20_000
READ_MARGIN = 64 * 1024  # bytes tolerated past a member's declared size before giving up
_CHUNK = 64 * 1024

_CONTAINER = "META-INF/container.xml"
_ENCRYPTION = "META-INF/encryption.xml"
_DOC_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml", "text/xml"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_DRIVE = re.compile(r"^[A-Za-z]:")
# Parsing failures of a damaged archive surface as any of these; all mean "corrupted".
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,  # an encrypted member
    NotImplementedError,  # an unsupported compression method
    zlib.error,
    KeyError,
)


def read_epub(data: bytes) -> tuple[str, tuple[Chapter, ...]]:
    """Text of the spine documents in reading order, one chapter per document with text."""
    archive = _open_zip(data)
    try:
        with archive:
            _vet_members(archive)
            return _read_spine(archive)
    except Refusal:
        raise
    except _ZIP_ERRORS as error:
        raise Refusal(f"is a corrupted EPUB ({error})") from None


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data.startswith(b"PK"):
        what = sniff_binary(data)
        raise Refusal(f"is not an EPUB ({'it is a ' + what if what else 'not a zip archive'})")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise Refusal("is not a readable EPUB: the zip archive is truncated or corrupted") from None


def _vet_members(archive: zipfile.ZipFile) -> None:
    """Refuse hostile archives from the central directory alone, before inflating anything."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refusal(f"refused: the EPUB has {len(members)} files (more than {MAX_MEMBERS})")
    total = 0
    for info in members:
        if _unsafe_name(info.filename):
            raise Refusal(f"refused: the EPUB contains an unsafe file path {info.filename!r}")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise Refusal(
                f"refused: the EPUB would expand to more than {MAX_TOTAL_BYTES // MB} MB "
                "(possible zip bomb)"
            )
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise Refusal(
                f"refused: {info.filename!r} in the EPUB is compressed {ratio}:1 "
                "(possible zip bomb)"
            )


def _unsafe_name(name: str) -> bool:
    absolute = name.startswith(("/", "\\")) or _DRIVE.match(name) is not None
    return absolute or ".." in re.split(r"[/\\]", name) or "\x00" in name


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, read in chunks and cut off if it outgrows its declared size."""
    info = archive.getinfo(name)
    limit = info.file_size + READ_MARGIN
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise Refusal(f"refused: {name!r} in the EPUB is larger than its header says")
            chunks.append(chunk)
    return b"".join(chunks)


def _read_spine(archive: zipfile.ZipFile) -> tuple[str, tuple[Chapter, ...]]:
    documents = _spine_documents(archive)
    _refuse_drm(archive, documents)
    parts: list[tuple[str, str]] = []
    for name in documents:
        markup, _ = decode_markup(_read_member(archive, name))
        text, headings = html_to_text(markup, _HEADINGS, xhtml=True)
        if text:
            parts.append((headings[0].title if headings else "", text))
    if not parts:
        raise Refusal("is an EPUB without any readable text")
    return _join(parts)


def _join(parts: list[tuple[str, str]]) -> tuple[str, tuple[Chapter, ...]]:
    """Join documents with blank lines; each chapter runs up to the next (they tile the text)."""
    starts: list[int] = []
    offset = 0
    for _, text in parts:
        starts.append(offset)
        offset += len(text) + 2
    full = "\n\n".join(text for _, text in parts)
    ends = starts[1:] + [len(full)]
    return full, tuple(Chapter(title, s, e) for (title, _), s, e in zip(parts, starts, ends))


def _spine_documents(archive: zipfile.ZipFile) -> list[str]:
    """Archive paths of the spine's (X)HTML documents, in reading order."""
    opf_path = _package_path(archive)
    opf = _parse(archive, opf_path)
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str]] = {}
    for item in _elements(opf, "item"):
        href = item.get("href")
        # The EPUB 3 navigation document is a table of contents, not book text.
        is_nav = "nav" in item.get("properties", "").split()
        if item.get("id") and href and not is_nav:
            manifest[item.get("id", "")] = (href, item.get("media-type", ""))
    names = set(archive.namelist())
    documents: list[str] = []
    for ref in _elements(opf, "itemref"):
        href, media_type = manifest.get(ref.get("idref", ""), ("", ""))
        path = posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))
        if href and media_type in _DOC_TYPES and path in names:
            documents.append(path)
    return documents


def _package_path(archive: zipfile.ZipFile) -> str:
    if _CONTAINER not in archive.namelist():
        raise Refusal(f"is a zip archive but not an EPUB ({_CONTAINER} is missing)")
    container = _parse(archive, _CONTAINER)
    for rootfile in _elements(container, "rootfile"):
        path = rootfile.get("full-path")
        if path:
            if path not in archive.namelist():
                raise Refusal(f"is not a valid EPUB (its package file {path!r} is missing)")
            return path
    raise Refusal(f"is not a valid EPUB ({_CONTAINER} names no package file)")


def _refuse_drm(archive: zipfile.ZipFile, documents: list[str]) -> None:
    """Font obfuscation is harmless, but encrypted text documents cannot be read."""
    if _ENCRYPTION not in archive.namelist():
        return
    references = _elements(_parse(archive, _ENCRYPTION), "CipherReference")
    encrypted = {unquote(ref.get("URI", "")) for ref in references}
    if encrypted.intersection(documents):
        raise Refusal("is a DRM-protected EPUB (its text is encrypted); personae cannot read it")


def _parse(archive: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        # No entities, DTDs or network: the XML is the book author's, not ours to trust.
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, recover=True
        )
        root = etree.fromstring(_read_member(archive, name), parser)
    except (etree.Error, ValueError):
        root = None
    if root is None:
        raise Refusal(f"is not a valid EPUB (cannot parse {name})")
    return root


def _elements(root: etree._Element, local_name: str) -> list[etree._Element]:
    """Elements by local name, whatever namespace (prefix) the producer used."""
    return [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname == local_name
    ]
