"""Quotation scoring on LitBank's annotated openings: tokens aligned to the original text,
gold speakers as coreference entities, our characters assigned to them by shared mentions."""
import gzip

import pytest
from typer.testing import CliRunner

from personae.book import Book, Character, Mention, Quote
from personae.cli import app
from personae.errors import PersonaeError
from personae.eval.litbank_quotes import align_tokens, books, evaluate, read_book
from personae.sources import Chapter, Source
from tests.conftest import SHARED, need_shared

ORIGINAL = ("Chapter 1\n\n\n\u2014Back to barracks! said Buck Mulligan.\n\n"
            "Stephen looked at him.\n\n\u2014I won't, Stephen said.\n\nLater text, unannotated.\n")
# LitBank's tokenisation of the opening: a sentence a line, tokens between spaces
TOKENS = ["Chapter 1", "\u2014 Back to barracks !", "said Buck Mulligan .", "Stephen looked at him .",
          "\u2014 I wo n't , Stephen said ."]


def offset(line: int, token: int) -> int:
    """The character offset of a token in the tokenised text."""
    return sum(len(t) + 1 for t in TOKENS[:line]) + sum(len(w) + 1 for w in TOKENS[line].split(" ")[:token])


def write_litbank(root, name="1_tower"):
    quotations, coref, original = root / "quotations" / "tsv", root / "coref" / "brat", root / "original"
    for folder in (quotations, coref, original):
        folder.mkdir(parents=True)
    (quotations / f"{name}_brat.txt").write_text("\n".join(TOKENS), encoding="utf-8")
    (coref / f"{name}_brat.txt").write_text("\n".join(TOKENS), encoding="utf-8")
    (quotations / f"{name}_brat.ann").write_text(
        "QUOTE\tQ1\t1\t0\t1\t4\t\u2014 Back to barracks !\n"
        "QUOTE\tQ2\t4\t0\t4\t4\t\u2014 I wo n't ,\n"
        "ATTRIB\tQ1\tBuck_Mulligan-0\nATTRIB\tQ2\tStephen-1\n", encoding="utf-8")
    buck, stephen, stephen2 = offset(2, 1), offset(3, 0), offset(4, 5)
    (coref / f"{name}_brat.ann").write_text(
        f"T1\tBuck_Mulligan-0 {buck} {buck + len('Buck Mulligan')}\tBuck Mulligan\n"
        f"T2\tStephen-1 {stephen} {stephen + len('Stephen')}\tStephen\n"
        f"T3\tStephen-1 {stephen2} {stephen2 + len('Stephen')}\tStephen\n", encoding="utf-8")
    with gzip.open(original / f"{name}.txt.gz", "wt", encoding="utf-8") as f:
        f.write(ORIGINAL)
    return root


def test_litbank_quotes_tokens_align_to_the_original_in_order():
    spans = align_tokens("a bb a cc", [["a", "cc"], ["zz", "a"]])
    assert spans == [[(0, 1), (7, 9)], [None, None]]  # "a" after "cc": none left


def test_litbank_quotes_reads_quotes_speakers_and_mentions_in_original_offsets(tmp_path):
    gold = read_book(write_litbank(tmp_path), "1_tower")
    assert [(gold.text[s:e], who) for s, e, who in gold.quotes] == [
        ("\u2014Back to barracks!", "Buck_Mulligan-0"), ("\u2014I won't,", "Stephen-1")]
    assert sorted((gold.text[s:e], who) for (s, e), who in gold.entity_mentions.items()) == [
        ("Buck Mulligan", "Buck_Mulligan-0"), ("Stephen", "Stephen-1"), ("Stephen", "Stephen-1")]
    assert gold.text.endswith("Stephen said.")  # the opening's last paragraph, no further
    assert gold.unaligned == 0


def fake_analyse(path):
    """Our analysis of the opening: both quotes found, the second given to Buck Mulligan."""
    text = path.read_text(encoding="utf-8")
    book = Book(source=Source(path=str(path), text=text, format="text", encoding="utf-8",
                              body=(0, len(text)), chapters=(Chapter("", 0, len(text)),), sha256=""))

    def at(words, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        return start, start + len(words)

    book.characters = [Character("C0", "Buck Mulligan"), Character("C1", "Stephen")]
    book.mentions = [Mention(*at("Buck Mulligan"), "Buck Mulligan", "PER", "PROP", "C0"),
                     Mention(*at("Stephen"), "Stephen", "PER", "PROP", "C1"),
                     Mention(*at("Stephen", 1), "Stephen", "PER", "PROP", "C1")]
    book.quotes = [Quote(*at("Back to barracks!"), "C0"), Quote(*at("I won't,"), "C0")]
    book.quote_spans = [(q.start, q.end) for q in book.quotes]
    return book


def test_litbank_quotes_scores_detection_and_speakers_by_shared_mentions(tmp_path):
    (score,) = evaluate(write_litbank(tmp_path), fake_analyse)
    assert (score.predicted, score.gold_parts, score.matched) == (2, 2, 2)
    assert score.speakers["all"] == [1, 2]  # Stephen's line given to Buck Mulligan


def test_litbank_quotes_counts_tokens_not_found_in_the_original(tmp_path):
    root = write_litbank(tmp_path)
    tokens = root / "quotations" / "tsv" / "1_tower_brat.txt"
    tokens.write_text(tokens.read_text(encoding="utf-8").replace("looked", "glared"), encoding="utf-8")
    (score,) = evaluate(root, fake_analyse)
    assert score.unaligned == 1
    assert score.speakers["all"] == [1, 2]  # the rest still aligned


def test_litbank_quotes_missing_data_is_an_error(tmp_path):
    with pytest.raises(PersonaeError, match="quotations"):
        books(tmp_path)
    (write_litbank(tmp_path) / "quotations" / "tsv" / "1_tower_brat.txt").unlink()
    with pytest.raises(PersonaeError, match="tokenised text"):
        read_book(tmp_path, "1_tower")


def test_litbank_quotes_command_on_shared_data():
    need_shared(SHARED / "litbank" / "quotations")
    result = CliRunner().invoke(app, ["eval", "litbank-quotes", "ulysses", "--data", str(SHARED)])
    assert result.exit_code == 0, result.output
    assert "4300_ulysses" not in result.output and "all (1)" in result.output
    assert "tokens not found in the original" in result.output
