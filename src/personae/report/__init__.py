"""The report a reader opens: one self-contained, offline HTML file built from book.json.

`render(book, text)` aggregates book.json (a dict) and the text its offsets index into one
JSON blob — presence per chapter, capped quotations, a few sentences per character, places,
the network — and pours it with the vendored d3 and the app script into a jinja2 template.
The page makes no network request: everything is inline and a Content-Security-Policy
forbids any fetch. Book text reaches the page only as escaped JSON and is put into the
document with textContent, never as markup.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from personae.errors import InputError, OutputError
from personae.output import as_created
from personae.sources.paragraphs import find_paragraph_starts, paragraph_breaks

__all__ = ["render", "build_data", "load_text", "embed_json", "from_file", "save"]

POSITION_BINS = 50  # when a book has no chapters to bin by
MAX_CHAPTER_BINS = 400  # more chapters than this are binned by position instead
QUOTES_MAIN = 24  # quotations kept for each of the first MAIN characters
QUOTES_OTHER = 6
MAIN = 25
SNIPPET = 320  # longest sentence or quotation shown, characters
NETWORK_NODES = 60  # the network keeps the pairs among this many characters
NETWORK_EDGES = 250
PLACES = 40
TIMELINE = 400
PLACE_TYPES = ("LOC", "GPE", "FAC")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s|\n[ \t]*\n")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")


def render(book: dict[str, Any], text: str) -> str:
    """The whole report page for `book` (a book.json dict) over `text`, the text it indexes."""
    data = build_data(book, text)
    package = resources.files("personae.report")
    d3 = _script(package.joinpath("vendor/d3/d3.min.js").read_text(encoding="utf-8"))
    app = _script(package.joinpath("static/report.js").read_text(encoding="utf-8"))
    css = package.joinpath("static/report.css").read_text(encoding="utf-8")
    if "</style" in css.lower():
        raise ValueError("report.css must not contain '</style'")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             loader=jinja2.FunctionLoader(
                                 lambda name: package.joinpath(name).read_text(encoding="utf-8")))
    template = env.get_template("report.html.j2")
    return template.render(
        title=data["title"], author=data["author"], css=jinja2.filters.Markup(css),
        data=jinja2.filters.Markup(embed_json(data)),
        scripts=[jinja2.filters.Markup(d3), jinja2.filters.Markup(app)],
        script_hashes=" ".join(f"'sha256-{_sha256(s)}'" for s in (d3, app)),
    )


def embed_json(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>', '&' or line separators.

    Each is written as a \\u escape, which JSON.parse reads back unchanged; so no book text can
    close the script element or open a comment, whatever it contains."""
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        blob = blob.replace(char, escape)
    return blob


def load_text(book_json: str | Path, book: dict[str, Any]) -> str:
    """The text book.json's offsets index: text.txt beside it (EPUB/HTML), else the source file.

    Raises InputError when the text is missing or is not the one the book was read from."""
    book_json = Path(book_json)
    source = book.get("source") or {}
    beside = book_json.parent / "text.txt"
    if source.get("format") in ("epub", "html"):
        if not beside.is_file():
            raise InputError(beside, "is missing: an EPUB/HTML book's report needs the text.txt "
                                     "written beside book.json")
        return beside.read_text(encoding="utf-8")
    if not source.get("path"):
        raise InputError(book_json, "has no source.path: cannot find the book's text")
    from personae.sources import read_source

    path = Path(source["path"])
    if not path.is_file():
        raise InputError(path, f"is missing: {book_json.name}'s source.path names it as the book's text")
    src = read_source(path)
    if source.get("sha256") and src.sha256 != source["sha256"]:
        raise InputError(path, f"has changed since {book_json} was written (sha256 differs)")
    return src.text


def from_file(book_json: str | Path) -> str:
    """The report for a book.json file on disk. Raises InputError for a missing or bad file."""
    book_json = Path(book_json)
    if not book_json.is_file():
        raise InputError(book_json, "is not a file" if book_json.exists() else "does not exist")
    try:
        book = json.loads(book_json.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(book_json, f"is not readable JSON ({exc})") from None
    if not isinstance(book, dict) or not str(book.get("schema", "")).startswith("personae/"):
        raise InputError(book_json, "is not a personae book.json (no 'schema': 'personae/…')")
    text = load_text(book_json, book)
    try:
        return render(book, text)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(book_json, f"is malformed ({type(exc).__name__}: {exc})") from None


def save(html: str, path: str | Path) -> None:
    """Write the page atomically: a temporary file beside `path`, then a rename."""
    path = Path(path)
    try:
        if path.is_dir():
            raise OutputError(path, "is a directory; name the .html file to write")
        path.absolute().parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.absolute().parent,
                                         prefix=f".{path.name}.", delete=False) as tmp:
            tmp.write(html)
        as_created(Path(tmp.name))
        os.replace(tmp.name, path)
    except OSError as exc:
        if "tmp" in locals():
            Path(tmp.name).unlink(missing_ok=True)
        raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None


def _script(code: str) -> str:
    # an inline script ends at the first "</script"; vendored code must not contain one
    if "</script" in code.lower() or "<!--" in code:
        raise ValueError("an inline script contains '</script' or '<!--'")
    return code


def _sha256(code: str) -> str:
    return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


# ---------------------------------------------------------------------------------------------
# The data the page shows: aggregated, capped, every offset turned into a bin and a percentage.


class _Bins:
    """Chapters (or equal slices of the body when there are none) that positions fall into."""

    def __init__(self, source: dict[str, Any], text: str) -> None:
        length = len(text)
        body = source.get("body") or [0, length]
        self.body = (int(body[0]), int(body[1]) or length)
        chapters = [c for c in source.get("chapters") or [] if c.get("end", 0) > c.get("start", 0)]
        if 2 <= len(chapters) <= MAX_CHAPTER_BINS:
            self.kind = "chapter"
            self.items = [{"label": _clean(c.get("title") or f"Chapter {i + 1}", 60).rstrip(".:;,") or f"Chapter {i + 1}",
                           "start": c["start"], "end": c["end"]} for i, c in enumerate(chapters)]
        else:
            self.kind = "position"
            start, end = self.body
            step = max(1, (end - start) / POSITION_BINS)
            self.items = [{"label": f"{round(100 * i / POSITION_BINS)}–{round(100 * (i + 1) / POSITION_BINS)}%",
                           "start": int(start + i * step), "end": int(start + (i + 1) * step)}
                          for i in range(POSITION_BINS)]
        self._starts = [b["start"] for b in self.items]
        # words per bin: bars show mentions per word, so one long appendix does not dwarf the rest
        for b in self.items:
            b["words"] = len(_WORD.findall(text, b["start"], b["end"]))

    def of(self, offset: int) -> int:
        return max(0, min(len(self.items) - 1, bisect.bisect_right(self._starts, offset) - 1))

    def where(self, start: int) -> dict[str, Any]:
        """A place in the book: bin index and per cent of the body."""
        lo, hi = self.body
        pct = 100 * (start - lo) / max(1, hi - lo)
        return {"start": start, "bin": self.of(start), "pct": round(min(100.0, max(0.0, pct)), 1)}


def build_data(book: dict[str, Any], text: str) -> dict[str, Any]:
    """The JSON the page renders: everything it needs, nothing per mention."""
    source = book.get("source") or {}
    bins = _Bins(source, text)
    title, author = _title_author(text, source, bins.body)
    characters = list(book.get("characters") or [])
    mentions = list(book.get("mentions") or [])
    quotes = list(book.get("quotes") or [])
    # where each paragraph after the first starts (as the reader finds them: sources/paragraphs.py)
    starts = find_paragraph_starts(text, *bins.body)
    paragraphs = [b + 1 for b in paragraph_breaks(text, 0, len(text), starts)]

    presence: dict[str, Counter[int]] = defaultdict(Counter)
    named: dict[str, list[dict[str, Any]]] = defaultdict(list)  # proper-name mentions per character
    for m in mentions:
        cid = m.get("character")
        if cid is None:
            continue
        presence[cid][bins.of(m["start"])] += 1
        if m.get("kind") == "PROP":
            named[cid].append(m)
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        if q.get("speaker") is not None:
            by_speaker[q["speaker"]].append(q)

    network = _network(book, mentions, characters, paragraphs)
    neighbours: dict[str, list[list[Any]]] = defaultdict(list)
    if network:
        for e in network["edges"]:
            neighbours[e["source"]].append([e["target"], e["weight"]])
            neighbours[e["target"]].append([e["source"], e["weight"]])

    cast = []
    for rank, c in enumerate(characters):
        cid = c["id"]
        portrait = c.get("portrait") or {}
        evidence_spans = [tuple(s) for s in portrait.get("evidence") or [] if len(s) == 2]
        evidence_kind = "evidence" if evidence_spans else "appearance"
        if not evidence_spans:  # until portraits exist: sentences naming them, across the book
            evidence_spans = [(m["start"], m["end"]) for m in _spread(named[cid], 5)]
        said = [q for q in by_speaker.get(cid, []) if len(text[q["start"]:q["end"]].strip()) >= 12]
        cap = QUOTES_MAIN if rank < MAIN else QUOTES_OTHER
        cast.append({
            "id": cid, "name": c.get("name") or cid, "aliases": list(c.get("aliases") or []),
            "mentions": c.get("mentions") or {}, "narrator": bool(c.get("narrator")),
            "protagonist": bool(c.get("protagonist")), "gender": c.get("gender"),
            "clarity": c.get("clarity"),
            "first": bins.where(c["first"]) if isinstance(c.get("first"), int) and c["first"] >= 0 else None,
            "presence": sorted([b, n] for b, n in presence.get(cid, Counter()).items()),
            "portrait": {k: [[_clean(str(w), 80), n] for w, n in portrait.get(k) or []][:15]
                         for k in ("does", "undergoes", "described", "owns") if portrait.get(k)} or None,
            "evidence": [dict(bins.where(s), text=_sentence(text, s, e)) for s, e in evidence_spans[:5]],
            "evidenceKind": evidence_kind,
            "quotes": [dict(bins.where(q["start"]), text=_clean(text[q["start"]:q["end"]], SNIPPET))
                       for q in _spread(said, cap)],
            "quoteCount": len(by_speaker.get(cid, [])),
            "neighbours": sorted(neighbours.get(cid, []), key=lambda p: -p[1])[:10],
        })

    return {
        "generator": "personae",
        "schema": book.get("schema"),
        "title": title, "author": author, "format": source.get("format"),
        "words": source.get("words"), "length": len(text),
        "binKind": bins.kind, "bins": bins.items,
        "characters": cast,
        "quoteTotal": len(quotes),
        "network": network,
        "places": _places(book, "places", PLACE_TYPES, mentions, bins, paragraphs),
        "organisations": _places(book, "organisations", ("ORG",), mentions, bins, paragraphs),
        "timeline": _timeline(book, text, bins),
        "timelineTotal": len(book.get("timeline") or []),
    }


def _network(book: dict[str, Any], mentions: list[dict[str, Any]], characters: list[dict[str, Any]],
             paragraphs: list[int]) -> dict[str, Any] | None:
    """book.json's network when it has one; else who is mentioned in the same paragraph."""
    keep = {c["id"] for c in characters[:NETWORK_NODES]}
    if book.get("network"):
        edges = [{"source": e["source"], "target": e["target"], "weight": float(e.get("weight") or 0),
                  **{k: e[k] for k in ("speaks", "acts", "scenes") if k in e}}
                 for e in book["network"] if e.get("source") in keep and e.get("target") in keep]
        kind = "interactions"
    else:
        together: dict[int, set[str]] = defaultdict(set)
        for m in mentions:
            if m.get("character") in keep:
                together[bisect.bisect_right(paragraphs, m["start"])].add(m["character"])
        order = {c["id"]: i for i, c in enumerate(characters)}
        pairs: Counter[tuple[str, str]] = Counter()
        for ids in together.values():
            ranked = sorted(ids, key=order.__getitem__)
            for i, a in enumerate(ranked):
                for b in ranked[i + 1:]:
                    pairs[a, b] += 1
        edges = [{"source": a, "target": b, "weight": float(n), "scenes": n}
                 for (a, b), n in pairs.items() if n >= 2]
        kind = "paragraphs"
    edges.sort(key=lambda e: -e["weight"])
    return {"kind": kind, "edges": edges[:NETWORK_EDGES]} if edges else None


def _places(book: dict[str, Any], key: str, types: tuple[str, ...], mentions: list[dict[str, Any]],
            bins: _Bins, paragraphs: list[int]) -> dict[str, Any] | None:
    """Places (or organisations) from book.json, else from the named entity mentions, with where
    in the book each is named."""
    spots: dict[str, Counter[int]] = defaultdict(Counter)
    firsts: dict[str, int] = {}
    names_by_par: dict[str, Counter[int]] = defaultdict(Counter)
    for m in mentions:
        if m.get("type") in types and m.get("kind") == "PROP":
            name = _clean(m.get("text") or "", 80)
            spots[name.lower()][bins.of(m["start"])] += 1
            firsts.setdefault(name, m["start"])
            names_by_par[name.lower()][bisect.bisect_right(paragraphs, m["start"])] += 1
    if book.get(key):
        rows = [{"name": _clean(str(p.get("name") or ""), 80), "type": p.get("type"),
                 "mentions": int(p.get("mentions") or 0), "first": p.get("first"),
                 "people": [list(x) for x in p.get("people") or []][:8]} for p in book[key]]
        kind = "book"
    else:
        counts = Counter({name: sum(spots[name.lower()].values()) for name in firsts})
        people_by_par: dict[int, Counter[str]] = defaultdict(Counter)
        for m in mentions:
            if m.get("character") and m.get("kind") == "PROP":
                people_by_par[bisect.bisect_right(paragraphs, m["start"])][m["character"]] += 1
        rows = []
        for name, n in counts.most_common(PLACES):
            people: Counter[str] = Counter()
            for par in names_by_par[name.lower()]:
                people.update(people_by_par.get(par, {}))
            rows.append({"name": name, "type": None, "mentions": n, "first": firsts[name],
                         "people": [[cid, k] for cid, k in people.most_common(6)]})
        kind = "mentions"
    rows = [r for r in rows if r["name"]][:PLACES]
    for r in rows:
        r["presence"] = sorted([b, n] for b, n in spots.get(r["name"].lower(), Counter()).items())
        r["first"] = bins.where(r["first"]) if isinstance(r["first"], int) and r["first"] >= 0 else None
    return {"kind": kind, "items": rows} if rows else None


def _timeline(book: dict[str, Any], text: str, bins: _Bins) -> list[dict[str, Any]] | None:
    entries = [e for e in book.get("timeline") or [] if isinstance(e.get("start"), int)]
    if not entries:
        return None
    dated = [e for e in entries if e.get("date")]
    # keep every dated entry we can, then undated ones, in book order, up to the cap
    chosen = (_spread(dated, TIMELINE) if len(dated) >= TIMELINE else
              sorted(dated + _spread([e for e in entries if not e.get("date")], TIMELINE - len(dated)),
                     key=lambda e: e["start"]))
    return [dict(bins.where(e["start"]), text=_clean(str(e.get("text") or text[e["start"]:e.get("end", e["start"])]), 80),
                 date=e.get("date"), relative=bool(e.get("relative")),
                 people=list(e.get("people") or [])[:8], places=[_clean(str(p), 60) for p in e.get("places") or []][:5],
                 context=_sentence(text, e["start"], e.get("end", e["start"])))
            for e in chosen]


def _spread(items: list[Any], n: int) -> list[Any]:
    """Up to n items evenly spread over the list (which is in book order), in order."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], whitespace collapsed, cut to SNIPPET characters."""
    lo = max(0, start - 600)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    left = before[-1] if before else lo
    after = _SENTENCE_END.search(text, end, min(len(text), end + 600))
    right = after.start() + 1 if after else min(len(text), end + 600)
    sentence = _clean(text[left:right], 10 ** 6)
    if len(sentence) <= SNIPPET:
        return sentence
    # too long: keep a window around the span itself
    word = _clean(text[start:end], 200)
    at = max(0, sentence.find(word))
    cut = max(0, min(at - SNIPPET // 3, len(sentence) - SNIPPET))
    piece = sentence[cut:cut + SNIPPET]
    return ("…" if cut else "") + piece + ("…" if cut + SNIPPET < len(sentence) else "")


def _clean(text: str, limit: int) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _title_author(text: str, source: dict[str, Any], body: tuple[int, int]) -> tuple[str, str | None]:
    """Title and author from a Gutenberg header when there is one, else the file's name."""
    head = text[:body[0]] if body[0] > 0 else text[:3000]
    title = re.search(r"^Title:[ \t]*(.+)$", head, re.MULTILINE)
    author = re.search(r"^Author:[ \t]*(.+)$", head, re.MULTILINE)
    name = Path(str(source.get("path") or "book")).stem.replace("_", " ")
    return (_clean(title.group(1), 200) if title else name,
            _clean(author.group(1), 200) if author else None)
