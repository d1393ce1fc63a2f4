"""One catalogue of the errors personae raises for a user's mistake.

Library code raises these; the CLI turns each into one line on stderr and exit code 2.
"""
from __future__ import annotations


class PersonaeError(Exception):
    """Base class: something the user can fix (a bad file, a bad option)."""


class InputError(PersonaeError):
    """A book that cannot be read: missing, empty, binary, hostile, malformed."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class OutputError(PersonaeError):
    """An output location that cannot be written."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
