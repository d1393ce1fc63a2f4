"""Quotation scoring on PDNC and QuoteLi3: reading both formats, matching predicted quotes to
gold ones by overlap, speaker accuracy through the gold alias lists, and the command."""
import csv

import pytest
from typer.testing import CliRunner

from personae.book import Book, Character, Quote
from personae.cli import app
from personae.errors import PersonaeError
from personae.eval.cast import GoldCharacter
from personae.eval.quotes import (GoldQuote, GoldText, assign, evaluate, gold_texts, match_spans,
                                  read_pdnc, read_quoteli3, score_quotes)
from personae.sources import Chapter, Source
from tests.conftest import SHARED, need_shared

TEXT = ('"Good morning, Mr. Darcy," said Elizabeth. "It is cold."\n\n'
        '"Very cold," he replied.\n\n'
        '"And wet."\n\n'
        'Nobody spoke. "Enough!" cried Mrs. Bennet.\n')


def span(text, words):
    start = text.index(words)
    return start, start + len(words)


def write_pdnc(root, name="Tiny"):
    folder = root / "pdnc" / "data" / name
    folder.mkdir(parents=True)
    (folder / "novel_text.txt").write_text(TEXT, encoding="utf-8")
    with (folder / "character_info.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Character ID", "Main Name", "Aliases", "Gender", "Category"])
        w.writerow([0, "Elizabeth Bennet", "{'Elizabeth', 'Lizzy', 'Elizabeth Bennet'}", "F", "major"])
        w.writerow([1, "Mr. Darcy", "{'Darcy', 'Mr. Darcy'}", "M", "major"])
        w.writerow([2, "Mrs. Bennet", "{'Mrs. Bennet'}", "F", "major"])
    rows = [  # (spans, speaker, type); the first quotation is interrupted by its tag
        ([span(TEXT, "Good morning, Mr. Darcy,"), span(TEXT, "It is cold.")], "Elizabeth Bennet", "Explicit"),
        ([span(TEXT, "Very cold,")], "Mr. Darcy", "Anaphoric"),
        ([span(TEXT, "And wet.")], "Lizzy", "Implicit"),  # an alias, not the main name
        ([span(TEXT, "Enough!")], "Mrs. Bennet", "Explicit"),
    ]
    with (folder / "quotation_info.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["quoteID", "quoteText", "subQuotationList", "quoteByteSpans", "speaker",
                    "addressees", "quoteType"])
        for i, (spans, speaker, kind) in enumerate(rows):
            parts = [TEXT[s:e] for s, e in spans]
            w.writerow([f"Q{i}", " ".join(parts), repr(parts), repr([list(s) for s in spans]),
                        speaker, "[]", kind])
    return folder


def fake_book(text, quotes, characters):
    source = Source("x.txt", text, "txt", "utf-8", "0", (0, len(text)), (Chapter("", 0, len(text)),))
    return Book(source=source, quotes=quotes, characters=characters)


def test_eval_quotes_match_needs_half_of_the_longer_span():
    gold = [(10, 20), (30, 40), (50, 60)]
    predicted = [(10, 20), (34, 40), (50, 90)]
    # exact; 6 of 10 overlap (enough); 10 overlap but the prediction is 40 long (too little)
    assert match_spans(predicted, gold) == {0: 0, 1: 1}


def test_eval_quotes_match_is_one_to_one_largest_overlap_first():
    # one long prediction covering two gold parts goes to the part it overlaps more
    assert match_spans([(0, 10)], [(0, 4), (4, 10)]) == {1: 0}
    assert match_spans([(0, 6), (0, 10)], [(0, 10)]) == {0: 1}


def test_eval_quotes_assign_ties_go_to_our_more_frequent_name():
    gold = [GoldCharacter("Jane", {"jane", "miss bennet"}, "F", "major"),
            GoldCharacter("Lydia", {"lydia", "mrs. wickham"}, "F", "major")]
    ours = [Character("C0", "Lydia Bennet", ["Lydia", "Miss Bennet"]),
            Character("C1", "Jane Bennet", ["Miss Bennet", "Jane"]),
            Character("C2", "Mr. Collins", [])]
    assert assign(fake_book("", [], ours), gold) == {"C0": 1, "C1": 0, "C2": None}


def test_eval_quotes_read_pdnc_spans_speakers_and_kinds(tmp_path):
    gold = read_pdnc(write_pdnc(tmp_path))
    assert [TEXT[s:e] for s, e in gold.quotes[0].spans] == ["Good morning, Mr. Darcy,", "It is cold."]
    assert [q.kind for q in gold.quotes] == ["explicit", "anaphoric", "implicit", "explicit"]
    names = [gold.characters[q.speaker].name for q in gold.quotes]
    assert names == ["Elizabeth Bennet", "Mr. Darcy", "Elizabeth Bennet", "Mrs. Bennet"]


def test_eval_quotes_scores_detection_and_speakers_by_kind(tmp_path):
    gold = read_pdnc(write_pdnc(tmp_path))
    characters = [Character("C0", "Elizabeth", ["Lizzy"]), Character("C1", "Darcy", ["Mr. Darcy"]),
                  Character("C2", "Jane", [])]
    quotes = [Quote(*span(TEXT, "Good morning, Mr. Darcy,"), speaker="C0"),
              Quote(*span(TEXT, "It is cold."), speaker="C1"),   # second part: the first decides
              Quote(*span(TEXT, "Very cold,"), speaker="C0"),    # wrong
              Quote(*span(TEXT, "And wet."), speaker="C0"),      # right through the alias Lizzy
              Quote(*span(TEXT, "Nobody spoke."), speaker="C2")]  # not a quote; "Enough!" missed
    score = score_quotes("Tiny", fake_book(TEXT, quotes, characters), gold)
    assert (score.predicted, score.gold_parts, score.matched) == (5, 5, 4)
    assert score.precision == pytest.approx(0.8) and score.recall == pytest.approx(0.8)
    assert score.speakers["all"] == [2, 4]
    assert score.speakers["explicit"] == [1, 2] and score.speakers["anaphoric"] == [0, 1]
    assert score.accuracy("implicit") == 1.0
    assert score.attributed == [2, 3]  # the missed "Enough!" has no speaker of ours
    assert len(score.misses) == 2 and any("not found" in m for m in score.misses)


def test_eval_quotes_a_speech_cut_around_a_quoted_one_is_whole_where_the_gold_keeps_it(tmp_path):
    # our records hold a speaker's own words: "She said" and "to me," around the 'no' she
    # quotes; PDNC cuts so too, QuoteLi3 scores the speech whole, quoted words and all
    text = "\"She said 'no' to me,\" Darcy said.\n\n\"Quite so.\"\n"
    characters = [Character("C0", "Darcy", ["Mr. Darcy"])]
    gold_characters = [GoldCharacter("Mr. Darcy", {"darcy", "mr. darcy"}, "M", "")]
    quotes = [Quote(*span(text, "She said"), speaker="C0"),
              Quote(*span(text, "to me,"), speaker="C0", continued=True),
              Quote(*span(text, "Quite so."), speaker="C0", continued=True)]  # a paragraph of its own
    whole = GoldQuote([span(text, "She said 'no' to me,")], 0)
    gold = GoldText("QuoteLi3-tiny", tmp_path / "x.txt", [whole, GoldQuote([span(text, "Quite so.")], 0)],
                    gold_characters, cuts_quoted_within=False)
    book = fake_book(text, quotes, characters)
    book.quote_spans = [span(text, "She said 'no' to me,"), span(text, "Quite so.")]  # the speeches
    score = score_quotes("QuoteLi3-tiny", book, gold)
    assert (score.predicted, score.matched) == (2, 2) and score.speakers["all"] == [2, 2]
    cut = GoldText("Tiny", tmp_path / "x.txt", [GoldQuote([span(text, "She said")], 0),
                                                GoldQuote([span(text, "to me,")], 0)], gold_characters)
    score = score_quotes("Tiny", book, cut)
    assert (score.predicted, score.matched) == (3, 2) and score.speakers["all"] == [2, 2]


def test_eval_quotes_read_quoteli3_top_level_quotes_without_marks(tmp_path):
    xml = ('<?xml version="1.0" encoding="utf-8"?><doc><characters>'
           '<character aliases="Mr. Darcy;Darcy" gender="male" id="0" name="Mr_Darcy"/>'
           '<character aliases="Elizabeth;Lizzy" gender="female" id="1" name="Elizabeth_Bennet"/>'
           '</characters><text><chapter>Chapter 1\n\n'
           '<quote id="q0" speaker="Mr_Darcy">"She said <quote id="q1" speaker="Elizabeth_Bennet">'
           '\'no\'</quote> to me,"</quote> <mention id="m0" speaker="Mr_Darcy">Darcy</mention> said.'
           '\n\n<quote id="q2" speaker="Elizabeth_Bennet">"Quite so."</quote></chapter></text></doc>')
    path = tmp_path / "tiny.xml"
    path.write_text(xml, encoding="utf-8")
    text, quotes, characters = read_quoteli3(path)
    assert text.startswith("Chapter 1\n\n\"She said 'no' to me,\" Darcy said.")
    assert [text[s:e] for q in quotes for s, e in q.spans] == ["She said 'no' to me,", "Quite so."]
    assert [characters[q.speaker].name for q in quotes] == ["Mr Darcy", "Elizabeth Bennet"]


def test_eval_quotes_read_quoteli3_alias_goes_where_its_gold_mentions_say(tmp_path):
    # QuoteLi3's Emma lists "Mr. Knightley" among John Knightley's aliases while its own
    # annotated mentions of that name are George's 37 times in 39: the mentions win
    mention = '<mention id="m{}" speaker="{}">Mr. Knightley</mention> said. '
    mentions = "".join(mention.format(i, "George_Knightley" if i < 5 else "John_Knightley")
                       for i in range(6))
    xml = ('<?xml version="1.0" encoding="utf-8"?><doc><characters>'
           '<character aliases="Mr. John Knightley;Mr. Knightley;John" gender="male" id="0" name="John_Knightley"/>'
           '<character aliases="Mr. George Knightley;George" gender="male" id="1" name="George_Knightley"/>'
           '</characters><text><chapter>' + mentions + '</chapter></text></doc>')
    path = tmp_path / "tiny.xml"
    path.write_text(xml, encoding="utf-8")
    _, _, characters = read_quoteli3(path)
    john, george = characters
    assert "mr. knightley" in george.aliases and "mr. knightley" not in john.aliases
    assert "mr. john knightley" in john.aliases and "john" in john.aliases


def test_eval_quotes_unknown_novel_is_a_clear_error(tmp_path):
    write_pdnc(tmp_path)
    with pytest.raises(PersonaeError, match="unknown novel Nope"):
        gold_texts(tmp_path, ["Nope"])
    with pytest.raises(PersonaeError, match="neither pdnc"):
        gold_texts(tmp_path / "missing")


def test_eval_quotes_end_to_end_on_a_fixture(tmp_path):
    write_pdnc(tmp_path)
    import personae
    scores = evaluate(tmp_path, personae.analyse)
    assert [s.novel for s in scores] == ["Tiny"]
    # the quote finder finds all five parts of this simple text
    assert scores[0].matched == 5 and scores[0].predicted == 5


def test_eval_quotes_command_prints_a_table(tmp_path):
    write_pdnc(tmp_path)
    result = CliRunner().invoke(app, ["eval", "quotes", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Tiny" in result.output and "overall" in result.output


def test_eval_quotes_command_unknown_novel_exits_2(tmp_path):
    write_pdnc(tmp_path)
    result = CliRunner().invoke(app, ["eval", "quotes", "Nope", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "unknown novel Nope" in result.output


def test_eval_quotes_pdnc_offsets_are_the_quotes():
    folder = need_shared(SHARED / "pdnc" / "data" / "Persuasion")
    gold = read_pdnc(folder)
    text = gold.path.read_text(encoding="utf-8")
    # PDNC spans exclude the marks: most parts sit right between two double quotes
    parts = [(s, e) for q in gold.quotes for s, e in q.spans]
    marked = sum(text[s - 1] == '"' and text[e] == '"' for s, e in parts)
    assert marked >= 0.9 * len(parts)


def test_eval_quotes_smoke_on_a_real_novel():
    need_shared(SHARED / "pdnc" / "data" / "DaisyMiller")
    import personae
    [score] = evaluate(SHARED, personae.analyse, ["DaisyMiller"])
    assert score.f1 > 0.8
    assert score.accuracy() > 0.3


def test_eval_quotes_seen_by_model_marks_trained_novels_and_their_quoteli3_twins():
    from personae.eval.quotes import seen_by_model
    model = {"trained_on": ["Emma", "Persuasion"], "held_out": ["PrideAndPrejudice"]}
    names = ["Emma", "Persuasion", "PrideAndPrejudice", "QuoteLi3-emma", "QuoteLi3-pp", "QuoteLi3-steppe"]
    assert seen_by_model(names, model) == {"Emma", "Persuasion", "QuoteLi3-emma"}
    assert seen_by_model(names, {}) == set()


def test_eval_quotes_command_marks_novels_the_speaker_model_saw(tmp_path, monkeypatch):
    import json

    from personae.stages import speaker_model
    write_pdnc(tmp_path)
    path = tmp_path / "speakers.json"
    path.write_text(json.dumps({**json.loads(speaker_model.MODEL_PATH.read_text()), "trained_on": ["Tiny"]}))
    monkeypatch.setattr(speaker_model, "MODEL_PATH", path)
    result = CliRunner().invoke(app, ["eval", "quotes", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Tiny *" in result.output and "trained on" in result.output
