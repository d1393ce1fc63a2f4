"""Readers: a book file in, a `Source` out.

Every offset personae reports indexes `Source.text`: for .txt the whole decoded file
(BOM removed, nothing else changed); for EPUB/HTML the extracted plain text.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    path: str
    text: str
    format: str  # "txt" | "gutenberg" | "epub" | "html"
    encoding: str
    sha256: str  # of the file's bytes
    body: tuple[int, int]  # the book proper (Gutenberg header/footer excluded)
    chapters: tuple[Chapter, ...]  # within body, in order; at least one
    # lines that start a paragraph with no blank line before them (sources/paragraphs.py)
    paragraph_starts: tuple[int, ...] = ()


from personae.sources.read import read_source  # noqa: E402

__all__ = ["Chapter", "Source", "read_source"]
