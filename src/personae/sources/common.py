"""Shared bits of the readers: the refusal type and size units."""
from __future__ import annotations

MB = 1024 * 1024


class Refusal(Exception):
    """A problem with the input, in plain words; `read_source` adds the path.

    Helpers raise this instead of `InputError` so they need not carry the path around.
    """
