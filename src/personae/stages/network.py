"""The interaction network: who speaks to whom, who acts on whom, who shares scenes.

Undirected, weighted pairs of cast members (book.network):
- speaks: one quotation answers another of a different speaker close by (a conversation
  turn), or a quotation names the person it is said to ("Lizzy, come here");
- acts: one is the subject and the other the object of the same verb ("Darcy loved
  Elizabeth", "Elizabeth was loved by Darcy"), from the facts of stages/portraits;
- scenes: both are mentioned in the same passage of SCENE sentences.
weight = SPEAK_WEIGHT * speaks + ACT_WEIGHT * acts + scenes; a pair whose weight is below
MIN_WEIGHT (one shared passage, no more) is left out. `to_gexf` writes it for Gephi.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from personae.book import Book

SCENE = 5  # sentences in a passage
TURN_GAP = 400  # characters of narration between two quotations of one conversation
SPEAK_WEIGHT = 2.0
ACT_WEIGHT = 2.0
MIN_WEIGHT = 2.0
GEXF_NS = "http://www.gexf.net/1.2draft"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def run(book: Book) -> None:
    order = {c.id: i for i, c in enumerate(book.characters)}
    speaks, acts, scenes = _speaks(book, order), _acts(book, order), _scenes(book, order)
    edges = []
    for pair in set(speaks) | set(acts) | set(scenes):
        weight = SPEAK_WEIGHT * speaks[pair] + ACT_WEIGHT * acts[pair] + scenes[pair]
        if weight >= MIN_WEIGHT:
            edges.append({"source": pair[0], "target": pair[1], "weight": weight,
                          "speaks": speaks[pair], "acts": acts[pair], "scenes": scenes[pair]})
    edges.sort(key=lambda e: (-e["weight"], order[e["source"]], order[e["target"]]))
    book.network = edges


def _pair(a: str, b: str, order: dict[str, int]) -> tuple[str, str] | None:
    if a == b or a not in order or b not in order:
        return None
    return (a, b) if order[a] < order[b] else (b, a)


def _speaks(book: Book, order: dict[str, int]) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    quotes = book.quotes
    text = book.source.text
    for q, r in zip(quotes, quotes[1:]):
        if q.speaker and r.speaker and r.start - q.end <= TURN_GAP:
            pair = _pair(q.speaker, r.speaker, order)
            if pair:
                found[pair] += 1
    # a name at the edge of a quotation, set off by a comma or "!", is the one spoken to
    starts = [m.start for m in book.mentions]
    for q in quotes:
        if not q.speaker:
            continue
        lo, hi = bisect_right(starts, q.start - 1), bisect_right(starts, q.end)
        for m in book.mentions[lo:hi]:
            if m.kind != "PROP" or not m.character or m.character == q.speaker:
                continue
            after = text[m.end:m.end + 1]
            before = text[max(m.start - 2, q.start):m.start]
            if (m.start - q.start <= 1 and after in ",!?") or (before.endswith(", ") and (
                    after in "!?" or m.end >= q.end - 1)):
                pair = _pair(q.speaker, m.character, order)
                if pair:
                    found[pair] += 1
    return found


def _acts(book: Book, order: dict[str, int]) -> Counter[tuple[str, str]]:
    agents: dict[int, set[str]] = defaultdict(set)
    patients: dict[int, set[str]] = defaultdict(set)
    for m in book.mentions:
        if m.character is None:
            continue
        for rel, _, anchor in m.facts:
            if anchor >= 0 and rel == "does":
                agents[anchor].add(m.character)
            elif anchor >= 0 and rel == "undergoes":
                patients[anchor].add(m.character)
    found: Counter[tuple[str, str]] = Counter()
    for anchor, doers in agents.items():
        for a in doers:
            for b in patients.get(anchor, ()):
                pair = _pair(a, b, order)
                if pair:
                    found[pair] += 1
    return found


def _scenes(book: Book, order: dict[str, int]) -> Counter[tuple[str, str]]:
    present: dict[int, set[str]] = defaultdict(set)
    for m in book.mentions:
        if m.character in order:
            present[m.sentence // SCENE].add(m.character)
    found: Counter[tuple[str, str]] = Counter()
    for people in present.values():
        for a, b in combinations(sorted(people, key=order.__getitem__), 2):
            found[(a, b)] += 1
    return found


def _clean(text: str) -> str:
    return _XML_BAD.sub("", text)


def to_gexf(book: Book) -> str:
    """The network as GEXF 1.2 (Gephi's format): every cast member a node, every pair an edge."""
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.2"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "personae"
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = _clean(book.source.path)
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph", {"defaultedgetype": "undirected", "mode": "static"})
    node_attrs = [("mentions", "integer"), ("gender", "string"), ("clarity", "double"),
                  ("narrator", "boolean"), ("protagonist", "boolean")]
    edge_attrs = [("speaks", "integer"), ("acts", "integer"), ("scenes", "integer")]
    for cls, attrs in (("node", node_attrs), ("edge", edge_attrs)):
        block = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": cls})
        for i, (title, kind) in enumerate(attrs):
            ET.SubElement(block, f"{{{GEXF_NS}}}attribute", {"id": str(i), "title": title, "type": kind})
    nodes = ET.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for c in book.characters:
        node = ET.SubElement(nodes, f"{{{GEXF_NS}}}node", {"id": c.id, "label": _clean(c.name)})
        values = [c.total, c.gender or "", c.clarity if c.clarity is not None else 0.0,
                  c.narrator, c.protagonist]
        _values(node, values)
    edges = ET.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for i, e in enumerate(book.network):
        edge = ET.SubElement(edges, f"{{{GEXF_NS}}}edge", {
            "id": str(i), "source": e["source"], "target": e["target"], "weight": repr(float(e["weight"]))})
        _values(edge, [e["speaks"], e["acts"], e["scenes"]])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _values(element: ET.Element, values: list[Any]) -> None:
    block = ET.SubElement(element, f"{{{GEXF_NS}}}attvalues")
    for i, value in enumerate(values):
        text = str(value).lower() if isinstance(value, bool) else str(value)
        ET.SubElement(block, f"{{{GEXF_NS}}}attvalue", {"for": str(i), "value": text})
