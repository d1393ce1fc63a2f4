"""Book readers: encodings, Gutenberg bodies, chapters, HTML, EPUB, and every bad input."""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personae.errors import InputError
from personae.sources import Chapter, Source, read_source
from personae.sources import epub as epub_module
from personae.sources import read as read_module

BOOKS = Path(__file__).resolve().parents[2] / "shared" / "data" / "books"
MB = 1024 * 1024

PARAGRAPH = (
    "It was a bright cold day in April, and the clocks were striking thirteen. "
    "Winston Smith, his chin nuzzled into his breast, slipped quickly through the "
    "glass doors of Victory Mansions.\n\n"
)
WESTERN = (
    "\u201cWell,\u201d said Se\u00f1or Mu\u00f1oz to Zo\u00eb Bront\u00eb \u2014 the caf\u00e9 owner "
    "from S\u00e3o Paulo \u2014 \u201cI\u2019d rather not.\u201d Ren\u00e9e smiled at Fran\u00e7ois.\n"
)
LATIN1 = "\u00abBonjour\u00bb, dit Ren\u00e9e \u00e0 Fran\u00e7ois; Se\u00f1or Mu\u00f1oz et Zo\u00eb Bront\u00eb sourient. \u00c5ngstr\u00f6m!\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refusal(path: Path) -> str:
    """The problem part of the InputError raised for `path`."""
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value).startswith(str(path) + ": ")
    return caught.value.problem


def body_text(source: Source) -> str:
    return source.text[source.body[0] : source.body[1]]


def assert_tiles(source: Source) -> None:
    """Chapters cover the body contiguously, in order."""
    chapters = source.chapters
    assert chapters, "at least one chapter"
    assert chapters[0].start == source.body[0]
    assert chapters[-1].end == source.body[1]
    for before, after in zip(chapters, chapters[1:]):
        assert before.end == after.start
        assert before.start < before.end


# --- encodings -------------------------------------------------------------------------


def test_sources_utf8_round_trip(tmp_path: Path) -> None:
    text = WESTERN * 3
    source = read_source(write(tmp_path, "book.txt", text.encode("utf-8")))
    assert source.text == text
    assert source.encoding == "utf-8"
    assert source.format == "txt"


def test_sources_utf8_bom_removed_and_offsets_right(tmp_path: Path) -> None:
    text = "CHAPTER I\n\n" + WESTERN * 3 + "\nCHAPTER II\n\n" + WESTERN * 3
    source = read_source(write(tmp_path, "book.txt", b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert source.text == text
    assert not source.text.startswith("\ufeff")
    assert source.encoding == "utf-8-sig"
    assert [c.title for c in source.chapters] == ["CHAPTER I", "CHAPTER II"]
    assert source.text[source.chapters[1].start :].startswith("CHAPTER II")


def test_sources_cp1252_round_trip(tmp_path: Path) -> None:
    text = WESTERN * 3
    source = read_source(write(tmp_path, "book.txt", text.encode("cp1252")))
    assert source.text == text
    assert source.encoding == "cp1252"


def test_sources_latin1_round_trip(tmp_path: Path) -> None:
    text = LATIN1 * 3
    source = read_source(write(tmp_path, "book.txt", text.encode("latin-1")))
    assert source.text == text
    assert source.encoding in {"latin-1", "cp1252"}  # identical for these bytes


def test_sources_one_line_cp1252(tmp_path: Path) -> None:
    # Detection needs some text: a dozen characters could be Cyrillic as well.
    assert read_source(write(tmp_path, "book.txt", WESTERN.encode("cp1252"))).text == WESTERN


def test_sources_large_cp1252_detected_from_a_sample(tmp_path: Path) -> None:
    text = (WESTERN + PARAGRAPH) * 20_000  # > 4 MB: detection looks at slices only
    source = read_source(write(tmp_path, "book.txt", text.encode("cp1252")))
    assert source.text == text
    assert source.encoding == "cp1252"


def test_sources_utf16_with_bom(tmp_path: Path) -> None:
    text = WESTERN * 2
    source = read_source(write(tmp_path, "book.txt", text.encode("utf-16")))
    assert source.text == text


def test_sources_crlf_and_everything_else_untouched(tmp_path: Path) -> None:
    text = "  Title\r\n\r\nCHAPTER I\r\n\r\n" + PARAGRAPH.replace("\n", "\r\n") * 3 + "\t\r\n"
    source = read_source(write(tmp_path, "book", text))
    assert source.text == text
    assert "\r\n" in source.text
    assert source.chapters[0].title == "CHAPTER I"
    assert body_text(source) == text.strip()


def test_sources_sha256_of_raw_bytes(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + PARAGRAPH.encode()
    source = read_source(write(tmp_path, "book.text", data))
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.path == str(tmp_path / "book.text")


def test_sources_gzip_text(tmp_path: Path) -> None:
    text = WESTERN * 20
    data = gzip.compress(text.encode("cp1252"))
    source = read_source(write(tmp_path, "book.txt.gz", data))
    assert source.text == text
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_sources_gzip_bomb_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_module, "MAX_GUNZIP_BYTES", 1 * MB)
    path = write(tmp_path, "book.txt.gz", gzip.compress(b"a" * (3 * MB)))
    assert "gzip bomb" in refusal(path)


def test_sources_corrupt_gzip_refused(tmp_path: Path) -> None:
    data = gzip.compress(PARAGRAPH.encode() * 50)
    assert "not a valid gzip" in refusal(write(tmp_path, "book.txt.gz", data[: len(data) // 2]))


# --- Project Gutenberg -----------------------------------------------------------------

LICENSE = (
    "Section 1. General Terms of Use and Redistributing Project Gutenberg-tm\n"
    "electronic works\n\n1.A. By reading or using any part of this Project Gutenberg-tm\n"
)


def gutenberg_book(start_line: str, end_lines: str) -> str:
    header = (
        "The Project Gutenberg EBook of Fake Book, by A. Writer\n\n"
        "This eBook is for the use of anyone anywhere at no cost.\n\n"
        "Title: Fake Book\n\n"
    )
    story = "CHAPTER I\n\n" + PARAGRAPH * 3 + "CHAPTER II\n\n" + PARAGRAPH * 2 + "The end of the story."
    return header + start_line + "\n\n\n" + story + "\n\n\n" + end_lines + "\n\n" + LICENSE


@pytest.mark.parametrize(
    ("start_line", "end_lines"),
    [
        (
            "*** START OF THIS PROJECT GUTENBERG EBOOK FAKE BOOK ***",
            "End of the Project Gutenberg EBook of Fake Book, by A. Writer\n\n"
            "*** END OF THIS PROJECT GUTENBERG EBOOK FAKE BOOK ***",
        ),
        (
            "*** START OF THE PROJECT GUTENBERG EBOOK FAKE BOOK ***",
            "*** END OF THE PROJECT GUTENBERG EBOOK FAKE BOOK ***",
        ),
        ("***START OF THE PROJECT GUTENBERG EBOOK FAKE BOOK***", "***END OF THE PROJECT GUTENBERG EBOOK FAKE BOOK***"),
        (
            "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*",
            "End of Project Gutenberg's Fake Book, by A. Writer",
        ),
    ],
)
def test_sources_gutenberg_body_range(tmp_path: Path, start_line: str, end_lines: str) -> None:
    text = gutenberg_book(start_line, end_lines)
    source = read_source(write(tmp_path, "pg.txt", text))
    assert source.format == "gutenberg"
    assert source.text == text  # offsets index the whole file
    body = body_text(source)
    assert body.startswith("CHAPTER I\n")
    assert body.endswith("The end of the story.")
    assert "Gutenberg" not in body
    assert [c.title for c in source.chapters] == ["CHAPTER I", "CHAPTER II"]
    assert_tiles(source)


def test_sources_plain_text_body_is_trimmed_whole_text(tmp_path: Path) -> None:
    text = "\n\n  " + PARAGRAPH * 2 + "\n\n"
    source = read_source(write(tmp_path, "book.txt", text))
    assert source.format == "txt"
    assert body_text(source) == text.strip()
    assert source.chapters == (Chapter("", source.body[0], source.body[1]),)


# --- chapters --------------------------------------------------------------------------


def test_sources_chapter_heading_forms(tmp_path: Path) -> None:
    headings = [
        "BOOK ONE: 1805",
        "CHAPTER I",
        "Chapter 12",
        "CHAPTER XIV. The Title",
        "PART II",
        "VOLUME I",
        "CHAPTER 3",
        "FIRST EPILOGUE: 1813 - 20",
    ]
    text = "A Title Page\n\n" + "".join(f"{h}\n\n{PARAGRAPH * 2}" for h in headings)
    source = read_source(write(tmp_path, "book.txt", text))
    assert [c.title for c in source.chapters] == headings
    for chapter in source.chapters[1:]:
        assert source.text[chapter.start :].startswith(chapter.title)
    assert source.chapters[0].start == source.body[0]  # front matter joins chapter one
    assert_tiles(source)


def test_sources_prose_lines_are_not_headings(tmp_path: Path) -> None:
    text = (
        "CHAPTER I\n\n" + PARAGRAPH * 2
        + "Part of the reason was the rain, and\nthe rest was the wind.\n\n"
        + "chapter 3 of the act says nothing\nabout it.\n\n"
        + "Book in hand, she left.\n\n"
        + "BOOK I. (Folio), CHAPTER I. (Sperm Whale).\u2014This whale, among the\n"
        + "English of old vaguely known as the Trumpa whale, and the Physeter\n"
        + "whale, and the Anvil Headed whale, is the present Cachalot.\n\n"
        + PARAGRAPH * 2
    )
    source = read_source(write(tmp_path, "book.txt", text))
    assert [c.title for c in source.chapters] == ["CHAPTER I"]


def test_sources_wrapped_long_title_is_a_heading(tmp_path: Path) -> None:
    text = (
        "CHAPTER 55. Of the Monstrous Pictures of Whales.\n\n" + PARAGRAPH * 2
        + "CHAPTER 56. Of the Less Erroneous Pictures of Whales, and the True\n"
        + "Pictures of Whaling Scenes.\n\n" + PARAGRAPH * 2
    )
    source = read_source(write(tmp_path, "book.txt", text))
    assert len(source.chapters) == 2
    assert source.chapters[1].title.startswith("CHAPTER 56.")


def test_sources_table_of_contents_is_merged(tmp_path: Path) -> None:
    toc = "CONTENTS\n\n" + "".join(f"    CHAPTER {n}. Title {n}.\n\n" for n in range(1, 31)) + "    Epilogue\n\n"
    front = "ETYMOLOGY.\n\n" + PARAGRAPH * 5
    chapters = "".join(f"CHAPTER {n}. Title {n}.\n\n{PARAGRAPH * 3}" for n in range(1, 31))
    text = "MOBY\n\n" + toc + front + chapters + "Epilogue\n\n" + PARAGRAPH * 2
    source = read_source(write(tmp_path, "book.txt", text))
    titles = [c.title for c in source.chapters]
    assert titles == [f"CHAPTER {n}. Title {n}." for n in range(1, 31)] + ["Epilogue"]
    first = source.chapters[0]
    assert source.text[first.start : first.end].count("CHAPTER 1. Title 1.") == 2  # TOC + real
    assert_tiles(source)


def test_sources_part_heading_merges_into_its_first_chapter(tmp_path: Path) -> None:
    text = "PART I\n\n\nCHAPTER I\n\n" + PARAGRAPH * 3 + "PART II\n\nCHAPTER I\n\n" + PARAGRAPH * 3
    source = read_source(write(tmp_path, "book.txt", text))
    assert [c.title for c in source.chapters] == ["CHAPTER I", "CHAPTER I"]
    assert source.text[source.chapters[1].start :].startswith("PART II")
    assert_tiles(source)


def test_sources_roman_numeral_fallback(tmp_path: Path) -> None:
    text = "Title\n\nI.\n\n" + PARAGRAPH * 2 + "II.\n\n" + PARAGRAPH * 2 + "XIV.\n\n" + PARAGRAPH * 2
    source = read_source(write(tmp_path, "book.txt", text))
    assert [c.title for c in source.chapters] == ["I.", "II.", "XIV."]
    assert_tiles(source)


def test_sources_roman_lines_out_of_order_are_no_chapters(tmp_path: Path) -> None:
    # a speaker's initial alone on a line ("M.") and an "I." far after it number nothing
    text = "Title\n\n" + PARAGRAPH * 2 + "M.\n\n" + PARAGRAPH * 2 + "I.\n\n" + PARAGRAPH * 2
    source = read_source(write(tmp_path, "book.txt", text))
    assert source.chapters == (Chapter("", *source.body),)


def test_sources_no_headings_one_chapter(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "book.txt", PARAGRAPH * 4))
    assert source.chapters == (Chapter("", *source.body),)


# --- HTML ------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>HEAD TITLE</title><style>.x {{ color: red }}</style>
<script>var hidden = "SCRIPT HEAD";</script></head>
<body>
<h1>My   Book</h1>
<p>First   paragraph
   with <em>emphasis</em> &amp; an entity &mdash; here.</p>
<script>alert("SCRIPT BODY")</script><noscript>NOSCRIPT</noscript>
<template><p>TEMPLATE</p></template><!-- COMMENT -->
<div>Line one<br>Line two</div>
<h2>Chapter One</h2>
<p>{para}</p>
<ul><li>item a</li><li>item b</li></ul>
<h2>Chapter Two</h2>
<blockquote>{para}</blockquote>
</body></html>
"""


def html_book() -> str:
    return HTML.format(para=PARAGRAPH.strip() + " " + PARAGRAPH.strip())


def test_sources_html_visible_text_only(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "book.html", html_book()))
    assert source.format == "html"
    for hidden in ("HEAD TITLE", "color", "SCRIPT", "NOSCRIPT", "TEMPLATE", "COMMENT", "<", "&amp;"):
        assert hidden not in source.text


def test_sources_html_paragraph_structure(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "book.htm", html_book()))
    paragraphs = source.text.split("\n\n")
    assert paragraphs[:6] == [
        "My Book",
        "First paragraph with emphasis & an entity \u2014 here.",
        "Line one",
        "Line two",
        "Chapter One",
        PARAGRAPH.strip() + " " + PARAGRAPH.strip(),
    ]
    assert "item a" in paragraphs and "item b" in paragraphs
    assert "\n\n\n" not in source.text


def test_sources_html_chapters_from_headings(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "book.xhtml", html_book()))
    # The short "My Book" front matter joins the first real chapter.
    assert [c.title for c in source.chapters] == ["Chapter One", "Chapter Two"]
    assert source.text[source.chapters[1].start :].startswith("Chapter Two")
    assert_tiles(source)


def test_sources_html_declared_charset(tmp_path: Path) -> None:
    markup = f'<html><head><meta charset="windows-1252"></head><body><p>{WESTERN}</p></body></html>'
    source = read_source(write(tmp_path, "book.html", markup.encode("cp1252")))
    assert source.text == WESTERN.strip()
    assert source.encoding == "cp1252"


def test_sources_html_without_text_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "book.html", "<html><head><title>x</title></head><body><script>1</script></body></html>")
    assert "is empty" in refusal(path)


# --- EPUB ------------------------------------------------------------------------------

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Tiny</dc:title></metadata>
  <manifest>
    <item id="a" href="Text/a_second.xhtml" media-type="application/xhtml+xml"/>
    <item id="z" href="Text/z_first.xhtml" media-type="application/xhtml+xml"/>
    <item id="img" href="cover.png" media-type="image/png"/>
    <item id="blank" href="Text/blank.xhtml" media-type="application/xhtml+xml"/>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  </manifest>
  <spine><itemref idref="nav"/><itemref idref="z"/><itemref idref="blank"/><itemref idref="a"/></spine>
</package>"""


def xhtml(heading: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title/><style>p {{ margin: 0 }}</style></head><body><h2>{heading}</h2>"
        f"<p>{body}</p><p>More &amp; more.</p></body></html>"
    )


def epub_members() -> dict[str, bytes]:
    return {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": CONTAINER.encode(),
        "OEBPS/content.opf": OPF.encode(),
        "OEBPS/Text/a_second.xhtml": xhtml("The Second", "Zo\u00eb came back.").encode(),
        "OEBPS/Text/z_first.xhtml": xhtml("The First", "It began \u2014 quietly.").encode(),
        "OEBPS/Text/blank.xhtml": xhtml("", "").replace("<p>More &amp; more.</p>", "").encode(),
        "OEBPS/nav.xhtml": xhtml("Contents", "The First, The Second").encode(),
        "OEBPS/cover.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    }


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else compression)
    return buffer.getvalue()


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Patch a member's uncompressed size in its central-directory and local headers."""
    patched = bytearray(data)
    name = member.encode()
    central = patched.find(b"PK\x01\x02")
    while central >= 0:
        name_length = int.from_bytes(patched[central + 28 : central + 30], "little")
        if patched[central + 46 : central + 46 + name_length] == name:
            patched[central + 24 : central + 28] = size.to_bytes(4, "little")
            local = int.from_bytes(patched[central + 42 : central + 46], "little")
            patched[local + 22 : local + 26] = size.to_bytes(4, "little")
            return bytes(patched)
        central = patched.find(b"PK\x01\x02", central + 4)
    raise AssertionError(f"{member} not in the archive")


def test_sources_epub_spine_order(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "tiny.epub", zip_bytes(epub_members())))
    assert source.format == "epub"
    assert source.encoding == "utf-8"
    assert source.text == (
        "The First\n\nIt began \u2014 quietly.\n\nMore & more.\n\n"
        "The Second\n\nZo\u00eb came back.\n\nMore & more."
    )
    # The nav document (a TOC) and the document without text give no chapter.
    assert [c.title for c in source.chapters] == ["The First", "The Second"]
    assert source.text[source.chapters[1].start :].startswith("The Second")
    assert source.body == (0, len(source.text))
    assert_tiles(source)


def test_sources_epub_with_encrypted_text_refused(tmp_path: Path) -> None:
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData>'
        '<enc:CipherReference URI="OEBPS/Text/z_first.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    members = epub_members() | {"META-INF/encryption.xml": encryption.encode()}
    assert "DRM-protected" in refusal(write(tmp_path, "drm.epub", zip_bytes(members)))


def test_sources_epub_truncated_refused(tmp_path: Path) -> None:
    data = zip_bytes(epub_members())
    assert "truncated or corrupted" in refusal(write(tmp_path, "cut.epub", data[: len(data) // 2]))


def test_sources_epub_that_is_a_plain_zip_refused(tmp_path: Path) -> None:
    data = zip_bytes({"notes.txt": b"hello", "photo.jpg": b"\xff\xd8\xff"})
    assert "not an EPUB" in refusal(write(tmp_path, "fake.epub", data))


def test_sources_epub_that_is_not_a_zip_refused(tmp_path: Path) -> None:
    assert "not an EPUB" in refusal(write(tmp_path, "fake.epub", PARAGRAPH))


def test_sources_epub_missing_package_file_refused(tmp_path: Path) -> None:
    members = epub_members()
    del members["OEBPS/content.opf"]
    assert "package file" in refusal(write(tmp_path, "broken.epub", zip_bytes(members)))


@pytest.mark.parametrize("member", ["../../x", "OEBPS/../../x.xhtml", "/etc/passwd", "C:/x.txt", "a\\..\\..\\x"])
def test_sources_epub_unsafe_member_path_refused(tmp_path: Path, member: str) -> None:
    members = epub_members() | {member: b"evil"}
    problem = refusal(write(tmp_path, "evil.epub", zip_bytes(members)))
    assert "unsafe file path" in problem


def test_sources_epub_zip_bomb_declared_size_refused(tmp_path: Path) -> None:
    # A member claiming 4 GB: refused from the central directory, nothing is inflated.
    members = epub_members() | {"OEBPS/bomb.bin": b"0" * 1000}
    data = with_declared_size(zip_bytes(members), "OEBPS/bomb.bin", 0xFFFF_FF00)
    assert "zip bomb" in refusal(write(tmp_path, "bomb.epub", data))


def test_sources_epub_zip_bomb_compression_ratio_refused(tmp_path: Path) -> None:
    members = epub_members() | {"OEBPS/zeros.bin": bytes(5 * MB)}  # ~1000:1 deflated
    assert "zip bomb" in refusal(write(tmp_path, "bomb.epub", zip_bytes(members)))


def test_sources_epub_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub_module, "MAX_TOTAL_BYTES", 64 * 1024)
    members = epub_members() | {"OEBPS/big.bin": os.urandom(100 * 1024)}
    assert "zip bomb" in refusal(write(tmp_path, "big.epub", zip_bytes(members)))


def test_sources_epub_lying_size_header_refused(tmp_path: Path) -> None:
    # The header claims 10 bytes for a bigger document: reading stops, nothing escapes.
    data = with_declared_size(zip_bytes(epub_members()), "OEBPS/Text/z_first.xhtml", 10)
    assert "corrupted" in refusal(write(tmp_path, "liar.epub", data))


def test_sources_epub_member_read_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub_module, "READ_MARGIN", -5)  # pretend members outgrow their headers
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(epub_members())))
    with pytest.raises(epub_module.Refusal, match="larger than its header says"):
        epub_module._read_member(archive, "OEBPS/content.opf")


# --- bad input -------------------------------------------------------------------------


def test_sources_missing_file(tmp_path: Path) -> None:
    assert refusal(tmp_path / "nope.txt") == "no such file"


def test_sources_directory(tmp_path: Path) -> None:
    folder = tmp_path / "book.txt"
    folder.mkdir()
    assert refusal(folder) == "is a directory, not a book file"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n\n"])
def test_sources_empty_file(tmp_path: Path, content: bytes) -> None:
    assert refusal(write(tmp_path, "empty.txt", content)).startswith("is empty")


@pytest.mark.parametrize(
    ("magic", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
        (gzip.compress(b"hello"), "gzip archive"),
    ],
)
def test_sources_binary_file(tmp_path: Path, magic: bytes, kind: str) -> None:
    problem = refusal(write(tmp_path, "book.txt", magic + os.urandom(64)))
    assert problem == f"looks like a binary file ({kind}), not a book"


def test_sources_zip_that_is_not_epub(tmp_path: Path) -> None:
    data = zip_bytes({"notes.txt": b"hello"})
    assert refusal(write(tmp_path, "book.txt", data)) == "looks like a binary file (ZIP archive), not a book"


def test_sources_nul_bytes_are_binary(tmp_path: Path) -> None:
    assert "binary" in refusal(write(tmp_path, "book.txt", b"text\x00\x01\x02more text"))


def test_sources_control_garbage_is_binary(tmp_path: Path) -> None:
    garbage = bytes(range(1, 32)) * 40 + b"\xff\xfe\x90" * 20
    assert "binary" in refusal(write(tmp_path, "book.txt", garbage))


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".mobi", ".zip", ".tar.gz"])
def test_sources_unknown_extension(tmp_path: Path, suffix: str) -> None:
    problem = refusal(write(tmp_path, "book" + suffix, PARAGRAPH))
    assert problem == f"unsupported file type '{suffix}'; personae reads .txt, .epub, .html/.htm (and .txt.gz)"


def test_sources_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(201 * MB)  # sparse: costs no disk and no time
    assert "is too large" in refusal(path)


def test_sources_fifty_megabytes_reads_fast(tmp_path: Path) -> None:
    chapter = "CHAPTER {n}\n\n" + (WESTERN + PARAGRAPH) * 200
    text = "".join(chapter.format(n=n) for n in range(1, 400))
    data = text.encode("utf-8")
    data = data * (50 * MB // len(data) + 1)
    path = write(tmp_path, "big.txt", data)
    started = time.perf_counter()
    source = read_source(path)
    elapsed = time.perf_counter() - started
    assert len(source.text.encode("utf-8")) == len(data) >= 50 * MB
    assert elapsed < 15, f"reading 50 MB took {elapsed:.1f}s"


def test_sources_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", PARAGRAPH)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: simulate the denial instead

        def denied(*args: object, **kwargs: object) -> object:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(read_module, "open", denied, raising=False)
    try:
        assert refusal(path).startswith("permission denied")
    finally:
        path.chmod(0o644)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".epub", ".txt.gz", ""]))
def test_sources_random_bytes_only_raise_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path, "fuzz" + suffix, data)
    try:
        source = read_source(path)
    except InputError:
        return
    assert source.chapters


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(patches=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8))
def test_sources_damaged_epub_only_raises_input_error(tmp_path: Path, patches: list[tuple[int, int]]) -> None:
    data = bytearray(zip_bytes(epub_members()))
    for index, value in patches:
        data[index % len(data)] = value
    path = write(tmp_path, "damaged.epub", bytes(data))
    try:
        read_source(path)
    except InputError:
        pass


# --- the real books --------------------------------------------------------------------


@pytest.mark.skipif(not BOOKS.is_dir(), reason=f"real books not available at {BOOKS}")
def test_sources_real_pride_and_prejudice() -> None:
    source = read_source(BOOKS / "pride_and_prejudice_pg1342.txt")
    assert source.format == "gutenberg"
    body = body_text(source)
    assert body.lstrip().startswith("Produced by") or "PRIDE AND PREJUDICE" in body[:500]
    assert "It is a truth universally acknowledged" in body
    assert "START OF THIS PROJECT GUTENBERG" not in body
    assert "Project Gutenberg-tm" not in body and "License" not in body
    assert body.endswith("uniting them.")
    assert 59 <= len(source.chapters) <= 63
    assert source.chapters[0].title == "Chapter 1"
    assert_tiles(source)
