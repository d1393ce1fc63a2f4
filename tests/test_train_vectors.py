"""The word-vector script's choice of novels (dev-split novels never trained on) and the
vectors the shipped model carries."""
import gzip
from pathlib import Path

import pytest

from tests.conftest import load_script

from personae import nlp as shipped


@pytest.fixture(scope="module")
def train_vectors():
    return load_script("train_vectors")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def data(tmp_path):
    _write(tmp_path / "litbank" / "splits" / "dev.ids",
           "1023_bleak_house_brat.tsv\n12677_personality_plus_emma_mcchesney_brat.tsv\n")
    for stem in ("1023_bleak_house", "12677_personality_plus_emma_mcchesney", "158_emma", "105_persuasion"):
        _write(tmp_path / "litbank" / "original" / f"{stem}.txt.gz", "Some text.\n")
    _write(tmp_path / "books" / "bleak_house_pg1023.txt", "A copy of a dev novel.\n")
    _write(tmp_path / "books" / "dracula_pg345.txt", "Jonathan Harker's journal.\n")
    _write(tmp_path / "pdnc" / "data" / "BleakHouse" / "novel_text.txt", "Another copy.\n")
    _write(tmp_path / "pdnc" / "data" / "Emma" / "novel_text.txt", "Emma Woodhouse.\n")
    return tmp_path


def test_train_vectors_leaves_out_dev_novels_in_every_corpus(train_vectors, data):
    names = {p.relative_to(data).as_posix() for p in train_vectors.sources(data)}
    assert not any("bleak" in n.lower() for n in names)
    assert not any("personality" in n for n in names)
    # a dev title that merely contains another novel's name ("... emma mcchesney") keeps it
    assert {"litbank/original/158_emma.txt.gz", "litbank/original/105_persuasion.txt.gz",
            "books/dracula_pg345.txt", "pdnc/data/Emma/novel_text.txt"} == names


def test_train_vectors_tokens_lower_cased_with_wraps_and_italics_undone(train_vectors, tmp_path):
    book = tmp_path / "book.txt"
    book.write_text("Mr. Darcy looked at _her_ and\nsmiled.\n\nElizabeth laughed.\n", encoding="utf-8")
    paragraphs = list(train_vectors.Sentences([book]))
    assert paragraphs == [["mr.", "darcy", "looked", "at", "her", "and", "smiled", "."],
                          ["elizabeth", "laughed", "."]]


def test_train_vectors_hash_is_stable(train_vectors):
    # gensim seeds each vector from this hash: it must not change between interpreter runs
    assert train_vectors.stable_hash("darcy") == 427227956


def test_train_vectors_every_casing_finds_the_row_and_survives_disk(train_vectors, tmp_path):
    import numpy as np
    import spacy
    nlp = spacy.blank("en")
    data = np.arange(6, dtype="float32").reshape(3, 2)
    nlp.vocab.vectors = train_vectors.cased_vectors(nlp.vocab.strings, ["carriage", "may", "."], data)
    nlp.to_disk(tmp_path / "v")
    vectors = spacy.load(tmp_path / "v").vocab.vectors
    doc = nlp.make_doc("The carriage . Carriage CARRIAGE may May MAY")
    rows = vectors.find(keys=doc.to_array(vectors.attr)).tolist()
    assert rows == [-1, 0, 2, 0, 0, 1, 1, 1]
    assert vectors.shape == (3, 2)  # the casings share rows: no more memory


def test_train_vectors_shipped_model_carries_them():
    nlp = shipped.load()
    vectors = nlp.vocab.vectors  # the span model's encoder reads them from the doc's vocab
    assert 10_000 <= vectors.shape[0] and vectors.shape[1] >= 50
    doc = nlp.make_doc("the carriage stopped")
    rows = vectors.find(keys=doc.to_array(vectors.attr))
    assert (rows >= 0).all()


def test_train_vectors_shipped_model_under_50_mb():
    size = sum(p.stat().st_size for p in shipped.LITERARY_MODEL.rglob("*") if p.is_file())
    assert size < 50 * 1024 * 1024
