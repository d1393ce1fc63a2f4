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

__all__ = ["analyse", "sample_path", "Book", "Character", "Mention", "Quote",
           "PersonaeError", "InputError", "OutputError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # spaCy takes a second to import: load the pipeline only when analyse is first used,
    # so commands that never parse (query, version) start fast
    if name == "analyse":
        from personae.pipeline import analyse
        globals()["analyse"] = analyse
        return analyse
    raise AttributeError(f"module 'personae' has no attribute {name!r}")


def sample_path() -> Path:
    """The short sample book shipped with personae (original prose, written for it)."""
    return Path(str(resources.files("personae.data").joinpath("sample_book.txt")))
