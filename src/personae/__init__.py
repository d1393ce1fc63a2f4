"""personae: a book in, its cast of characters out.

    >>> import personae
    >>> book = personae.analyse("pride_and_prejudice.txt")
    >>> [c.name for c in book.characters[:3]]
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from personae.book import Book, Character, Mention, Quote
from personae.errors import InputError, OutputError, PersonaeError
from personae.pipeline import analyse

__all__ = ["analyse", "sample_path", "Book", "Character", "Mention", "Quote",
           "PersonaeError", "InputError", "OutputError"]
__version__ = "0.1.0"


def sample_path() -> Path:
    """The short sample book shipped with personae (original prose, written for it)."""
    return Path(str(resources.files("personae.data").joinpath("sample_book.txt")))
