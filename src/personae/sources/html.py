"""HTML/XHTML to plain text with paragraph structure, via selectolax (lexbor)."""
from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser

from personae.sources.chapters import Heading
from personae.sources.text import decode_text

_INVISIBLE = ["script", "style", "head", "template", "noscript"]
_BLOCKS = (
    "p, div, h1, h2, h3, h4, h5, h6, li, blockquote, br, tr, section, article, "
    "ul, ol, dl, dt, dd, table, pre, hr, header, footer, nav, aside, figure, figcaption"
)
_CELLS = "td, th"
# Private-use characters marking block boundaries and heading starts in the extracted
# text; removed from the input first so a book cannot forge them.
_BLOCK = "\ue000"
_HEAD = "\ue001"
_WHITESPACE = re.compile(r"\s+")  # includes &nbsp;: books use it for indentation
# XHTML self-closing non-void tags (<title/>, <a id="x"/>) confuse an HTML parser:
# <title/> would swallow the whole document as title text.
_SELF_CLOSING = re.compile(r"<([A-Za-z][\w:.-]*)((?:\s[^<>]*?)?)/>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# WHATWG: a declared Latin-1/ASCII page is really windows-1252; a declared UTF-16 in
# bytes we could read as ASCII is a lie.
_DECLARED_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def decode_markup(data: bytes) -> tuple[str, str]:
    """Decode HTML bytes: BOM, then the declared charset if it fits, then detection."""
    declared = _declared_encoding(data[:4096])
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if declared and not has_bom:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies (or names a non-text codec); detect instead
    return decode_text(data)


def html_to_text(
    markup: str, heading_tags: tuple[str, ...] = ("h1", "h2"), xhtml: bool = False
) -> tuple[str, list[Heading]]:
    """Visible text, blocks separated by blank lines; plus the given headings' offsets."""
    markup = markup.replace(_BLOCK, "").replace(_HEAD, "")
    if xhtml:
        markup = _SELF_CLOSING.sub(_open_close, markup)
    tree = LexborHTMLParser(markup)
    tree.strip_tags(_INVISIBLE, recursive=True)
    heads = {node.mem_id for node in tree.css(", ".join(heading_tags))} if heading_tags else set()
    for node in tree.css(_BLOCKS):
        node.insert_before(_BLOCK + _HEAD if node.mem_id in heads else _BLOCK)
        node.insert_after(_BLOCK)
    for node in tree.css(_CELLS):
        node.insert_after(" ")
    root = tree.root
    return _paragraphs(root.text() if root is not None else "")


def _paragraphs(raw: str) -> tuple[str, list[Heading]]:
    paragraphs: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for piece in raw.split(_BLOCK):
        clean = _WHITESPACE.sub(" ", piece.replace(_HEAD, "")).strip()
        if not clean:
            continue
        if piece.startswith(_HEAD):
            headings.append(Heading(offset, offset + len(clean), clean))
        paragraphs.append(clean)
        offset += len(clean) + 2
    return "\n\n".join(paragraphs), headings


def _declared_encoding(head: bytes) -> str | None:
    match = _DECLARED.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return None
    return _DECLARED_ALIASES.get(name, name)


def _open_close(match: re.Match[str]) -> str:
    tag = match.group(1)
    if tag.lower() in _VOID:
        return match.group(0)
    return f"<{tag}{match.group(2)}></{tag}>"

