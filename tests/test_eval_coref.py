"""LitBank coreference scoring: reading CoNLL chains, placing them on the text, clustering
personae's mentions by character, and the command."""
import pytest
from typer.testing import CliRunner

from personae.book import Book, Mention
from personae.cli import app
from personae.errors import PersonaeError
from personae.eval.coref import (evaluate, gold_document, predicted_clusters, read_conll,
                                 token_spans)
from tests.conftest import SHARED, need_shared

TEXT = "Mr. Darcy saw his sister .\nShe smiled at him in London .\n"
# chains: 0 = Mr. Darcy / his / him; 1 = his sister / She (nested in "his sister"); 2 = London
CONLL_ROWS = [
    [("Mr.", "(0"), ("Darcy", "0)"), ("saw", ""), ("his", "(1|(0)"), ("sister", "1)"), (".", "")],
    [("She", "(1)"), ("smiled", ""), ("at", ""), ("him", "(0)"), ("in", ""), ("London", "(2)"), (".", "")],
]


def write_litbank(root, stem="1_tiny", text=TEXT, rows=CONLL_ROWS):
    (root / "splits").mkdir(parents=True, exist_ok=True)
    (root / "splits" / "dev.ids").write_text(f"{stem}_brat.tsv\n")
    for folder in ("conll", "brat"):
        (root / "coref" / folder).mkdir(parents=True, exist_ok=True)
    (root / "coref" / "brat" / f"{stem}_brat.txt").write_text(text, encoding="utf-8")
    lines = [f"#begin document ({stem}_brat); part 0"]
    for sentence in rows:
        for i, (word, label) in enumerate(sentence):
            lines.append("\t".join([f"{stem}_brat", "0", str(i), word, *["_"] * 8, label]))
        lines.append("")
    lines.append("#end document")
    (root / "coref" / "conll" / f"{stem}_brat.conll").write_text("\n".join(lines), encoding="utf-8")
    return root


def mention(text, word, occurrence=0, character=None, kind="PROP"):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return Mention(start, start + len(word), word, "PER", kind, character)


def test_eval_coref_reads_conll_chains_nested_and_stacked(tmp_path):
    root = write_litbank(tmp_path)
    sentences, chains = read_conll(root / "coref" / "conll" / "1_tiny_brat.conll")
    assert sentences[0] == ["Mr.", "Darcy", "saw", "his", "sister", "."] and len(sentences) == 2
    assert sorted(map(sorted, chains)) == [[(0, 0, 1), (0, 3, 3), (1, 3, 3)], [(0, 3, 4), (1, 0, 0)], [(1, 5, 5)]]


def test_eval_coref_gold_spans_are_character_offsets(tmp_path):
    gold = gold_document(write_litbank(tmp_path), "1_tiny")
    texts = sorted(sorted(gold.text[s:e] for s, e in cluster) for cluster in gold.clusters)
    assert texts == [["London"], ["Mr. Darcy", "him", "his"], ["She", "his sister"]]
    assert token_spans("a bc\n\nd\n") == [[(0, 1), (2, 4)], [(6, 7)]]


def test_eval_coref_tokens_must_match_the_text(tmp_path):
    root = write_litbank(tmp_path, text=TEXT.replace("Darcy", "Bingley"))
    with pytest.raises(PersonaeError, match="tokens differ"):
        gold_document(root, "1_tiny")


def test_eval_coref_predicted_clusters_by_character():
    book = Book(source=None, mentions=[
        mention(TEXT, "Mr. Darcy", character="C0"), mention(TEXT, "him", character="C0", kind="PRON"),
        mention(TEXT, "She", kind="PRON"), mention(TEXT, "She", kind="PRON", character="C1"),
        mention(TEXT, "London")])
    clusters = sorted(map(sorted, predicted_clusters(book)))
    assert len(clusters) == 3  # C0's two mentions, She (one span, kept with its character), London
    assert [len(c) for c in clusters].count(2) == 1
    # mentions of no character but of one coreference group (Mention.entity) are one cluster
    his, sister = mention(TEXT, "his", kind="PRON"), mention(TEXT, "his sister", kind="NOM")
    his.entity = sister.entity = "E0"
    book.mentions += [his, sister]
    assert sorted(map(len, predicted_clusters(book))) == [1, 1, 2, 2]


def test_eval_coref_perfect_and_partial_predictions(tmp_path):
    root = write_litbank(tmp_path)
    gold = gold_document(root, "1_tiny")

    def perfect(path):
        text = path.read_text(encoding="utf-8")
        assert text == TEXT  # the pipeline is run on the document's own text
        return Book(source=None, mentions=[Mention(s, e, text[s:e], "PER", "PROP", f"C{i}")
                                           for i, cluster in enumerate(gold.clusters) for s, e in cluster])

    [result] = evaluate(root, perfect, "dev")
    assert result.scores.average_f1 == pytest.approx(1.0)
    assert result.matched_mentions == result.gold_mentions == 6

    def names_only(path):  # Darcy found but not linked to his pronouns; "Darcy" alone is a span miss
        return Book(source=None, mentions=[mention(TEXT, "Darcy", character="C0"), mention(TEXT, "London")])

    [result] = evaluate(root, names_only, "dev")
    assert result.matched_mentions == 1 and result.predicted_mentions == 2
    assert result.scores.muc.recall == 0.0
    assert 0 < result.scores.b_cubed.recall < 0.5
    assert result.scores_no_singletons.average_f1 == 0.0


def test_eval_coref_command_bad_data_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["eval", "coref", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "no LitBank split" in result.output and len(result.output.strip().splitlines()) == 1


def test_eval_coref_dev_document_is_scored():
    litbank = need_shared(SHARED / "litbank")
    import personae
    [result] = evaluate(litbank, personae.analyse, stems=["1023_bleak_house"])
    assert result.gold_mentions == 256  # every mention of the CoNLL chains, singletons included
    assert result.matched_mentions / result.gold_mentions > 0.4
    assert result.scores.average_f1 > 0.3
