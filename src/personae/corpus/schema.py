"""The corpus store's tables: one explicit Arrow schema each, and their rows from book.json.

Every table but `books` and `failures` has a `book` column, the sha256 of the book file
(`books.sha256`), so tables join on it. Offsets (`start`, `end`) index the decoded source text,
as in book.json.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

STORE_FORMAT = "personae-corpus/1"

_TERMS = pa.list_(pa.struct([("term", pa.string()), ("count", pa.int32())]))
_PEOPLE = pa.list_(pa.struct([("character", pa.string()), ("count", pa.int32())]))

BOOKS = pa.schema([
    pa.field("sha256", pa.string(), nullable=False),
    ("path", pa.string()),  # as given to the run
    ("name", pa.string()),  # file name
    ("format", pa.string()),  # txt | gutenberg | epub | html
    ("encoding", pa.string()),
    ("body_start", pa.int64()), ("body_end", pa.int64()),
    ("chapters", pa.int32()),
    ("words", pa.int64()),
    ("characters", pa.int32()), ("mentions", pa.int32()), ("quotes", pa.int32()),
    ("personae_version", pa.string()),
    ("seconds", pa.float64()),  # analysis time in the worker (wall clock)
    ("cpu_seconds", pa.float64()),  # CPU time of that analysis: below `seconds` on a busy machine
])

CHARACTERS = pa.schema([
    pa.field("book", pa.string(), nullable=False),
    ("id", pa.string()),
    ("rank", pa.int32()),  # 0 = most mentioned
    ("name", pa.string()),
    ("aliases", pa.list_(pa.string())),
    ("proper", pa.int32()), ("nominal", pa.int32()), ("pronoun", pa.int32()), ("total", pa.int32()),
    ("narrator", pa.bool_()),
    ("gender", pa.string()),
    ("first", pa.int64()),
    ("clarity", pa.float64()),  # null until the clarity stage gives one
    ("protagonist", pa.bool_()),
    ("does", _TERMS), ("undergoes", _TERMS), ("described", _TERMS), ("owns", _TERMS),
])

MENTIONS = pa.schema([
    pa.field("book", pa.string(), nullable=False),
    ("start", pa.int64()), ("end", pa.int64()),
    ("text", pa.string()),
    ("type", pa.string()),  # PER LOC GPE FAC ORG VEH
    ("kind", pa.string()),  # PROP NOM PRON
    ("character", pa.string()),
])

QUOTES = pa.schema([
    pa.field("book", pa.string(), nullable=False),
    ("start", pa.int64()), ("end", pa.int64()),
    ("speaker", pa.string()),
    ("text", pa.string()),  # the quoted words, without the marks
])

EDGES = pa.schema([  # book.json `network`: undirected, source before target in the cast list
    pa.field("book", pa.string(), nullable=False),
    ("source", pa.string()), ("target", pa.string()),
    ("weight", pa.float64()),
    ("speaks", pa.int32()), ("acts", pa.int32()), ("scenes", pa.int32()),
])

TIMELINE = pa.schema([  # book.json `timeline`, in book order
    pa.field("book", pa.string(), nullable=False),
    ("position", pa.int32()),
    ("start", pa.int64()), ("end", pa.int64()),
    ("text", pa.string()),
    ("date", pa.string()),  # ISO prefix ("1864", "1864-05") or null
    ("relative", pa.bool_()),
    ("people", pa.list_(pa.string())),
    ("places", pa.list_(pa.string())),
])

PLACES = pa.schema([  # book.json `places` and `organisations` together; `type` tells them apart
    pa.field("book", pa.string(), nullable=False),
    ("name", pa.string()),
    ("type", pa.string()),  # LOC GPE FAC | ORG
    ("mentions", pa.int32()),
    ("first", pa.int64()),
    ("people", _PEOPLE),
])

FAILURES = pa.schema([
    pa.field("sha256", pa.string(), nullable=False),
    ("path", pa.string()),
    ("error", pa.string()),
    ("failed_at", pa.timestamp("s", tz="UTC")),
])

# per-book tables, written before the `books` row that commits them
DETAIL_TABLES: dict[str, pa.Schema] = {
    "characters": CHARACTERS, "mentions": MENTIONS, "quotes": QUOTES,
    "edges": EDGES, "timeline": TIMELINE, "places": PLACES,
}
TABLES: dict[str, pa.Schema] = {"books": BOOKS, **DETAIL_TABLES, "failures": FAILURES}


def _terms(pairs: Any) -> list[dict[str, Any]]:
    return [{"term": str(p[0]), "count": int(p[1])} for p in pairs or ()]


def _people(pairs: Any) -> list[dict[str, Any]]:
    return [{"character": str(p[0]), "count": int(p[1])} for p in pairs or ()]


def tables_from_json(data: dict[str, Any], *, text: str | None = None, path: str | None = None,
                     version: str = "", seconds: float | None = None,
                     cpu_seconds: float | None = None) -> dict[str, pa.Table]:
    """All per-book tables from one book.json dict (`text`: the decoded source, for quote text).

    Fields added to book.json after personae/1 began (network, timeline, places, portraits,
    clarity) may be absent: their tables are then empty and their columns null."""
    src = data["source"]
    sha = src["sha256"]
    characters = [{
        "book": sha, "id": c["id"], "rank": rank, "name": c["name"], "aliases": list(c.get("aliases") or ()),
        **{k: int(c["mentions"].get(k, 0)) for k in ("proper", "nominal", "pronoun", "total")},
        "narrator": bool(c.get("narrator")), "gender": c.get("gender"), "first": c.get("first"),
        "clarity": None if c.get("clarity") is None else float(c["clarity"]),
        "protagonist": bool(c.get("protagonist")),
        **{k: _terms((c.get("portrait") or {}).get(k)) for k in ("does", "undergoes", "described", "owns")},
    } for rank, c in enumerate(data.get("characters") or ())]
    mentions = {
        "book": [sha] * len(data.get("mentions") or ()),
        **{k: [m[k] for m in data.get("mentions") or ()]
           for k in ("start", "end", "text", "type", "kind", "character")},
    }
    quotes = [{"book": sha, "start": q["start"], "end": q["end"], "speaker": q.get("speaker"),
               "text": None if text is None else text[q["start"]:q["end"]]}
              for q in data.get("quotes") or ()]
    edges = [{"book": sha, "source": e["source"], "target": e["target"], "weight": float(e.get("weight") or 0),
              **{k: int(e.get(k) or 0) for k in ("speaks", "acts", "scenes")}}
             for e in data.get("network") or ()]
    timeline = [{"book": sha, "position": i, "start": t["start"], "end": t["end"], "text": t.get("text"),
                 "date": t.get("date"), "relative": bool(t.get("relative")),
                 "people": list(t.get("people") or ()), "places": list(t.get("places") or ())}
                for i, t in enumerate(data.get("timeline") or ())]
    places = [{"book": sha, "name": p["name"], "type": p.get("type"), "mentions": int(p.get("mentions") or 0),
               "first": p.get("first"), "people": _people(p.get("people"))}
              for p in [*(data.get("places") or ()), *(data.get("organisations") or ())]]
    body = src.get("body") or (None, None)
    book = {"sha256": sha, "path": path or src.get("path"), "name": _file_name(path or src.get("path") or ""),
            "format": src.get("format"), "encoding": src.get("encoding"),
            "body_start": body[0], "body_end": body[1], "chapters": len(src.get("chapters") or ()),
            "words": src.get("words"), "characters": len(characters), "mentions": len(mentions["book"]),
            "quotes": len(quotes), "personae_version": version, "seconds": seconds,
            "cpu_seconds": cpu_seconds}
    return {
        "books": pa.Table.from_pylist([book], schema=BOOKS),
        "characters": pa.Table.from_pylist(characters, schema=CHARACTERS),
        "mentions": pa.Table.from_pydict(mentions, schema=MENTIONS),
        "quotes": pa.Table.from_pylist(quotes, schema=QUOTES),
        "edges": pa.Table.from_pylist(edges, schema=EDGES),
        "timeline": pa.Table.from_pylist(timeline, schema=TIMELINE),
        "places": pa.Table.from_pylist(places, schema=PLACES),
    }


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
