"""The interaction network: who speaks to, acts on and shares scenes with whom; GEXF."""
import xml.etree.ElementTree as ET

import pytest

import personae
from personae.book import Book, Character, Mention, Quote
from personae.sources import Chapter, Source
from personae.stages import network

GEXF = "{http://www.gexf.net/1.2draft}"

STORY = """Chapter 1

Margaret Hale met John Thornton at the mill. John Thornton greeted Margaret Hale coldly.

"You are late, Mr. Thornton," said Margaret Hale.

"I had business," said John Thornton.

"Business comes first with you," said Margaret Hale.

"It must," said John Thornton.

Later Margaret Hale walked home alone.
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("network") / "north.txt"
    path.write_text(STORY, encoding="utf-8")
    return personae.analyse(path)


def _edge(book, a, b):
    ids = {c.name: c.id for c in book.characters}
    pair = {ids[a], ids[b]}
    return next((e for e in book.network if {e["source"], e["target"]} == pair), None)


def test_network_speech_action_and_scenes(book):
    edge = _edge(book, "Margaret Hale", "John Thornton")
    assert edge is not None
    assert edge["speaks"] >= 3 and edge["acts"] >= 1 and edge["scenes"] >= 1
    assert edge["weight"] == (network.SPEAK_WEIGHT * edge["speaks"] + network.ACT_WEIGHT * edge["acts"]
                              + edge["scenes"])


def test_network_pairs_ordered_by_cast_and_weight(book):
    order = {c.id: i for i, c in enumerate(book.characters)}
    assert all(order[e["source"]] < order[e["target"]] for e in book.network)
    weights = [e["weight"] for e in book.network]
    assert weights == sorted(weights, reverse=True)


def _hand_book():
    text = "Tom & Jerry met <Anna>. They talked."
    source = Source(path="x&y.txt", text=text, format="txt", encoding="utf-8", sha256="0",
                    body=(0, len(text)), chapters=(Chapter("", 0, len(text)),))
    book = Book(source=source, sentences=[(0, 23), (24, len(text))] + [(len(text), len(text))] * 10)
    book.characters = [Character("C0", 'Tom & "Jerry"', proper=3), Character("C1", "<Anna>\x07", proper=2),
                       Character("C2", "Far Away", proper=1)]
    book.mentions = [Mention(0, 11, "Tom & Jerry", "PER", "PROP", "C0", sentence=0,
                             facts=(("does", "meet", 12),)),
                     Mention(17, 23, "<Anna>", "PER", "PROP", "C1", sentence=0,
                             facts=(("undergoes", "meet", 12),)),
                     Mention(24, 28, "They", "PER", "PRON", None, sentence=1),
                     Mention(len(text), len(text), "", "PER", "PROP", "C2", sentence=11)]
    book.quotes = [Quote(0, 5, "C0"), Quote(10, 14, "C1")]
    return book


def test_network_gexf_is_valid_xml_with_escaped_names():
    book = _hand_book()
    network.run(book)
    assert book.network == [{"source": "C0", "target": "C1", "weight": 5.0, "speaks": 1, "acts": 1,
                             "scenes": 1}]
    root = ET.fromstring(network.to_gexf(book))
    assert root.tag == f"{GEXF}gexf"
    labels = [n.get("label") for n in root.iter(f"{GEXF}node")]
    assert labels == ['Tom & "Jerry"', "<Anna>", "Far Away"]  # escaped; the control character dropped
    edges = list(root.iter(f"{GEXF}edge"))
    assert [(e.get("source"), e.get("target"), float(e.get("weight"))) for e in edges] == [("C0", "C1", 5.0)]


def test_network_written_with_the_analysis(tmp_path):
    from personae.cli import app
    from typer.testing import CliRunner
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyse", "--sample", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.parse(out / "network.gexf").getroot()
    assert len(list(root.iter(f"{GEXF}edge"))) > 0
    for name in ("places.tsv", "timeline.tsv"):
        lines = (out / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) > 1 and all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)
