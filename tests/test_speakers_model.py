"""The learned speaker model: candidates and features on a tiny hand-made conversation, the
shipped weights ranking a tagged speaker first, and the rules alone when there is no model."""
import json
import re

import numpy as np
import pytest

from personae.book import Book, Character, Mention
from personae.sources import Chapter, Source
from personae.stages import quotes as quote_stage
from personae.stages import speaker_features, speaker_model, speakers

HE, SHE = "he/him", "she/her"
CAST = {"Elizabeth": ("K0", SHE), "Mr. Darcy": ("K1", HE), "Jane": ("K2", SHE)}
TEXT = ('Elizabeth met Mr. Darcy in the garden. Jane was in the house.\n\n'
        '"Good morning, Mr. Darcy," said Elizabeth.\n\n'
        '"Good morning," he replied.\n\n'
        '"Is it not a fine day?"\n\n'
        '"It is very fine."\n')


def _book(text: str = TEXT, cast=CAST) -> Book:
    """A Book whose mentions are the cast's names and he/she (unlinked), as the parse gives."""
    source = Source("t.txt", text, "txt", "utf-8", "", (0, len(text)), (Chapter("", 0, len(text)),))
    mentions = [Mention(m.start(), m.end(), name, "PER", "PROP", cid)
                for name, (cid, _) in cast.items() for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    mentions += [Mention(m.start(), m.end(), m.group(), "PER", "PRON")
                 for m in re.finditer(r"\b(?:he|she)\b", text)]
    mentions.sort(key=lambda m: (m.start, -m.end))
    book = Book(source=source, mentions=mentions,
                characters=[Character(cid, name, gender=g) for name, (cid, g) in cast.items()])
    book.quote_spans = quote_stage.find_quotes(text)
    quote_stage.mark_quoted(book)
    return book


def _features(book: Book):
    notes: dict = {}
    rules = speakers.attribute(book, notes)
    cands = speaker_features.extract(book, rules, notes)
    text = book.source.text
    table = {}
    for i, q in enumerate(book.quotes):
        lo, hi = cands.rows[i], cands.rows[i + 1]
        table[text[q.start:q.end]] = {cands.ids[r]: dict(zip(speaker_features.FEATURES, cands.X[r])) for r in range(lo, hi)}
    return table, cands


def test_speakers_model_features_of_a_tagged_turn():
    table, _ = _features(_book())
    tagged = table["Good morning, Mr. Darcy,"]
    assert set(tagged) >= {"K0", "K1"}  # both named in the narration before
    assert tagged["K0"]["tag"] == 1 and tagged["K0"]["tag:PROP"] == 1 and tagged["K0"]["rule_pick"] == 1
    assert tagged["K1"]["tag"] == 0
    # Mr. Darcy is addressed inside the quotation: a feature of his, not hers
    assert tagged["K1"]["addresses_self"] == 1 and tagged["K0"]["addresses_self"] == 0


def test_speakers_model_features_of_the_turns_that_follow():
    table, _ = _features(_book())
    he = table["Good morning,"]
    assert he["K1"]["gender_match"] == 1 and he["K0"]["gender_mismatch"] == 1
    assert he["K0"]["turn-1"] == 1 and he["K1"]["addressed_by_turn-1"] == 1
    untagged = table["Is it not a fine day?"]
    assert untagged["K0"]["turn-2"] == 1 and untagged["K1"]["turn-1"] == 1
    # the last name the narration gives before the conversation, for its first turn only
    assert table["Good morning, Mr. Darcy,"]["K2"]["first_turn_last_before"] == 1
    assert untagged["K2"]["first_turn"] == 0


def test_speakers_model_context_features_read_the_first_pass():
    _, cands = _features(_book())
    picks = ["K0", "K1", "K0", "K1"]
    X = speaker_features.add_context(cands, picks).X
    col = speaker_features.INDEX["pick_alternate"]
    # the third quotation: K0 spoke two turns before, K1 one turn before
    rows = range(cands.rows[2], cands.rows[3])
    assert {cands.ids[r]: X[r, col] for r in rows}["K0"] == 1
    assert cands.X[:, col].sum() == 0  # the first pass's matrix is left alone


def test_speakers_model_shipped_weights_rank_a_tagged_speaker_first():
    model = speaker_model.load()
    if model is None:
        pytest.skip("no models/speakers.json")
    assert set(model["features"]) <= set(speaker_features.FEATURES)
    assert model["trained_on"] and not set(model["trained_on"]) & set(model["held_out"])
    text = ('Jane sat with Mr. Darcy and Elizabeth.\n\n"I cannot stay long," said Elizabeth.\n\n'
            'Mr. Darcy looked at Jane.\n\n"Then go," said Jane.\n')
    book = _book(text)
    speakers.run(book, model=model)
    said = {text[q.start:q.end]: q.speaker for q in book.quotes}
    assert said == {"I cannot stay long,": "K0", "Then go,": "K2"}


def test_speakers_model_a_tag_outweighs_the_last_name_before():
    w = {"features": list(speaker_features.FEATURES), "weights": [0.0] * len(speaker_features.FEATURES)}
    w["weights"][speaker_features.INDEX["tag"]] = 3.0
    w["weights"][speaker_features.INDEX["last_before"]] = 1.0
    _, cands = _features(_book())
    picks = speaker_model.predict(cands, w)
    assert picks[0] == "K0"  # said Elizabeth, though Mr. Darcy was named last


def test_speakers_model_missing_file_leaves_the_rules(tmp_path, monkeypatch):
    assert speaker_model.load(tmp_path / "none.json") is None
    monkeypatch.setattr(speaker_model, "MODEL_PATH", tmp_path / "none.json")
    ruled, modelless = _book(), _book()
    speakers.attribute(ruled)
    speakers.run(modelless)
    assert [q.speaker for q in modelless.quotes] == [q.speaker for q in ruled.quotes]
    assert modelless.quotes[0].speaker == "K0"


def test_speakers_model_a_quotation_without_candidates_keeps_the_rules_speaker():
    text = '"Who goes there?"\n'
    book = _book(text, {})
    rules = speakers.attribute(book, notes := {})
    cands = speaker_features.extract(book, rules, notes)
    assert cands.rows == [0, 0] and speaker_model.choose(cands, np.zeros(len(speaker_features.FEATURES))) == [None]


def test_speakers_model_file_with_unknown_or_missing_features(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"features": ["tag", "no such feature"], "weights": [2.0, 5.0]}))
    w = speaker_model.weight_vector(speaker_model.load(path))
    assert w[speaker_features.INDEX["tag"]] == 2.0 and w.sum() == 2.0


def test_speakers_model_joint_decoding_makes_turns_alternate():
    # four turns of one conversation, candidates A and B; the scores lean to A in turns 2-4
    ids = ["A", "B"] * 4
    scores = np.array([5.0, 0.0, 0.2, 0.0, 0.2, 0.0, 0.2, 0.0])
    cands = speaker_features.Candidates(ids, [0, 2, 4, 6, 8], np.zeros((8, len(speaker_features.FEATURES))),
                                        [[0], [1], [2], [3]], [0, 1, 2, 3], [0, 0, 0, 0], [True] + [False] * 3,
                                        [False] * 4)
    assert speaker_model.decode(cands, scores, 0.0, 0.0) == ["A", "A", "A", "A"]
    assert speaker_model.decode(cands, scores, -1.0, 0.5) == ["A", "B", "A", "B"]
    # a new conversation starts afresh
    cands.conversation[:] = [0, 0, 1, 1]
    assert speaker_model.decode(cands, scores, -1.0, 0.5)[2] == "A"


WIDE_CAST = {**CAST, "Mr. Bingley": ("K3", HE), "Kitty": ("K4", SHE)}


def test_speakers_model_candidates_reach_a_name_far_back():
    # Kitty is named once, six paragraphs before the conversation: beyond the narrow window,
    # not among the three most mentioned, yet a candidate (a far one, with its distance)
    text = ('Kitty went out.\n\n' + 'Elizabeth met Mr. Darcy and Jane and Mr. Bingley.\n\n' * 6
            + '"Good morning, Mr. Darcy," said Elizabeth.\n\n"Good morning," he replied.\n')
    table, _ = _features(_book(text, WIDE_CAST))
    first = table["Good morning, Mr. Darcy,"]
    assert "K4" in first and first["K4"]["far_named"] == 1 and first["K4"]["near"] == 0
    assert first["K4"]["far_para_dist"] > 0
    assert first["K0"]["near"] == 1 and first["K0"]["far_named"] == 0


def test_speakers_model_she_continued_is_the_last_woman_to_speak():
    text = ('Elizabeth met Mr. Darcy in the garden.\n\n'
            '"Good morning, Mr. Darcy," said Elizabeth.\n\n'
            '"Good morning," said Mr. Darcy.\n\n'
            '"It is a fine day," she continued.\n')
    table, cands = _features(_book(text))
    she = table["It is a fine day,"]
    assert she["K0"]["last_speaker_of_gender"] == 1 and she["K1"]["last_speaker_of_gender"] == 0
    assert she["K0"]["verb:continue"] == 1 and she["K0"]["verb:continue&last_speaker_of_gender"] == 1
    assert she["K0"]["regime:pronoun"] == 1 and she["K0"]["pronoun*turn-2"] == 1
    assert she["K0"]["none*turn-2"] == 0
    # the tagged turns are in no regime; the same pair read from a first pass's picks
    assert table["Good morning,"]["K1"]["regime:pronoun"] == 0
    X = speaker_features.add_context(cands, ["K0", "K1", "K1"]).X
    rows = dict(zip(cands.ids[cands.rows[2]:cands.rows[3]], range(cands.rows[2], cands.rows[3])))
    col = speaker_features.INDEX["pick_last_speaker_of_gender"]
    assert X[rows["K0"], col] == 1 and X[rows["K1"], col] == 0


def test_speakers_model_tagless_turns_alternate_from_the_tags_at_either_end():
    # a tagged turn at each end of a run of tagless ones: A B (A B) A
    text = ('Elizabeth met Mr. Darcy in the garden.\n\n'
            '"Good morning," said Elizabeth.\n\n'
            '"Good morning," said Mr. Darcy.\n\n'
            '"Is it not a fine day?"\n\n'
            '"It is very fine."\n\n'
            '"Then let us walk," said Elizabeth.\n')
    table, cands = _features(_book(text))
    third, fourth = table["Is it not a fine day?"], table["It is very fine."]
    # one turn after Darcy's tag (who answered Elizabeth's), two before her closing tag: hers
    assert third["K1"]["anchor_odd"] == 1 and third["K0"]["anchor_odd"] == 0
    assert third["K0"]["parity_before"] == 1 and third["K1"]["parity_before"] == 0
    assert third["K0"]["anchor_after_even"] == 1 and third["K0"]["parity_both"] == 1
    # two turns after Darcy's: his; one before Elizabeth's closing tag, nobody beyond it
    # to say who alternates with her there
    assert fourth["K1"]["anchor_even"] == 1 and fourth["K1"]["parity_before"] == 1
    assert fourth["K0"]["anchor_after_odd"] == 1 and fourth["K0"]["parity_after"] == 0
    assert fourth["K1"]["parity_after"] == 0 and fourth["K1"]["parity_both"] == 0
    # the same read from a first pass's picks of the tagged turns
    X = speaker_features.add_context(cands, ["K0", "K1", "K1", "K1", "K0"]).X
    rows = dict(zip(cands.ids[cands.rows[2]:cands.rows[3]], range(cands.rows[2], cands.rows[3])))
    assert X[rows["K0"], speaker_features.INDEX["pick_parity_both"]] == 1
    assert X[rows["K1"], speaker_features.INDEX["pick_parity_before"]] == 0


def test_speakers_model_idiolect_prefers_whoever_talks_like_the_quotation():
    # K0 says "pshaw" and "fiddlesticks"; K1 says "indeed" and "madam": an untagged line of
    # pshaw sounds like K0; a tagged line is scored without itself; a short line not at all
    k0 = ["Pshaw, fiddlesticks, my boy, pshaw and fiddlesticks again"] * 20
    k1 = ["Indeed, madam, indeed it is so, madam, quite so indeed"] * 20
    speeches = k0 + k1 + ["Pshaw! fiddlesticks, I say, pshaw", "Yes."]
    idiolects = speaker_features.Idiolects(speeches, ["K0"] * 20 + ["K1"] * 20 + [None, None])
    untagged = len(speeches) - 2
    assert idiolects.score(untagged, "K0") > 0 > idiolects.score(untagged, "K1")
    assert idiolects.score(untagged + 1, "K0") is None  # one word: nothing to judge by
    assert idiolects.score(untagged, "K2") is None  # no profile
    alone = speaker_features.Idiolects(k0[:1] + k1, ["K0"] + ["K1"] * 20)
    assert alone.score(0, "K0") is None  # its only tagged line, left out of its own profile
    # a turn's quotations are judged together: two short lines of pshaw make one to judge
    turn = speaker_features.Idiolects(k0 + k1 + ["Pshaw!", "Fiddlesticks, boy, pshaw"], ["K0"] * 20 + ["K1"] * 20 + [None, None])
    assert turn.score(40, "K0") is None and turn.score([40, 41], "K0") > turn.score([40, 41], "K1")


def test_speakers_model_second_pass_reads_how_the_first_pass_s_speakers_talk():
    # the first pass gave K0 twenty lines of "pshaw": a last untagged line of pshaw fits K0
    k0, k1 = "Pshaw, fiddlesticks, my boy, pshaw and fiddlesticks again", "Indeed, madam, indeed it is so, madam, quite so"
    n = 41
    ids = ["K0", "K1"] * n
    cands = speaker_features.Candidates(ids, list(range(0, 2 * n + 1, 2)), np.zeros((2 * n, len(speaker_features.FEATURES))),
                                        [[i] for i in range(n)], list(range(n)), [0] * n, [False] * n, [False] * n,
                                        speeches=[k0] * 20 + [k1] * 20 + ["Pshaw! fiddlesticks, I say"])
    X = speaker_features.add_context(cands, ["K0"] * 20 + ["K1"] * 20 + [None]).X
    fit, best = speaker_features.INDEX["pick_idiolect"], speaker_features.INDEX["pick_idiolect_best"]
    last = {cands.ids[r]: (X[r, fit], X[r, best]) for r in range(cands.rows[n - 1], cands.rows[n])}
    assert last["K0"][0] > last["K1"][0] and last["K0"][1] == 1 and last["K1"][1] == 0


def test_speakers_model_no_one_speaks_a_turn_that_calls_them_by_name():
    # a model that likes whoever the quotation names: still not the one it calls by name
    text = ('Elizabeth met Mr. Darcy in the garden.\n\n'
            '"How goes it, Elizabeth?"\n\n'
            '"Very well."\n')
    book = _book(text)
    table, cands = _features(book)
    assert table["How goes it, Elizabeth?"]["K0"]["addresses_self"] == 1.0
    weights = {f: 0.0 for f in speaker_features.FEATURES}
    weights["in_quote"] = weights["addresses_self"] = 5.0
    model = {"features": list(weights), "weights": list(weights.values())}
    picks = speaker_model.predict(cands, model)
    assert picks[0] is not None and picks[0] != "K0"


def test_speakers_model_no_woman_speaks_a_line_tagged_he():
    # a model that likes whoever was named last before a quotation: Elizabeth, but the tag
    # says "he", and the only man about is Mr. Darcy
    text = ('Mr. Darcy came in. Elizabeth looked up.\n\n'
            '"It is a fine day," he said.\n')
    book = _book(text)
    table, cands = _features(book)
    line = table["It is a fine day,"]
    assert line["K0"]["gender_mismatch"] == 1.0 and line["K0"]["regime:pronoun"] == 1.0
    weights = {f: 0.0 for f in speaker_features.FEATURES}
    weights["last_before"] = 5.0
    model = {"features": list(weights), "weights": list(weights.values())}
    assert speaker_model.choose(cands, speaker_model.scorer(model, "weights")) == ["K0"]  # unconstrained
    assert speaker_model.predict(cands, model) == ["K1"]


def test_speakers_model_a_line_whose_tag_names_someone_is_theirs():
    # a model that likes whoever was named last before a quotation: Elizabeth; the tag names
    # Mr. Darcy
    text = ('Mr. Darcy met Elizabeth in the garden.\n\n'
            '"It is a fine day," said Mr. Darcy.\n')
    book = _book(text)
    table, cands = _features(book)
    assert table["It is a fine day,"]["K1"]["tag:PROP"] == 1.0
    weights = {f: 0.0 for f in speaker_features.FEATURES}
    weights["last_before"] = 5.0
    model = {"features": list(weights), "weights": list(weights.values())}
    assert speaker_model.choose(cands, speaker_model.scorer(model, "weights")) == ["K0"]  # unconstrained
    assert speaker_model.predict(cands, model) == ["K1"]


def test_speakers_model_re_reading_the_turns_around_leaves_a_tagged_turn_as_first_read(monkeypatch):
    # one tagged turn (A tagged) and one tagless; later rounds' context would favour B in both
    X = np.zeros((4, len(speaker_features.FEATURES)))
    X[0, speaker_features.INDEX["tag"]] = 1.0
    cands = speaker_features.Candidates(["A", "B", "A", "B"], [0, 2, 4], X, [[0], [1]], [0, 1], [0, 0],
                                        [True, False], [False, False])
    rounds = []

    def context(c, picks):
        rounds.append(picks)
        Y = c.X.copy()
        if len(rounds) > 1:
            Y[[1, 3], speaker_features.INDEX["tag"]] = 10.0
        return speaker_features.Candidates(c.ids, c.rows, Y, c.turns, c.turn_of, c.conversation, c.tagged,
                                           c.pronoun_tagged)

    monkeypatch.setattr(speaker_model, "add_context", context)
    weights = [1.0 if f == "tag" else 0.0 for f in speaker_features.FEATURES]
    model = {"features": list(speaker_features.FEATURES), "weights": weights, "weights2": weights,
             "decode": {"same": 0.0, "skip": 0.0}}
    picks = speaker_model.predict(cands, model)
    assert len(rounds) == speaker_model.DECODE_ROUNDS
    assert picks == ["A", "B"]  # the tagless turn re-read, the tagged one not


def test_speakers_model_decode_a_second_speaker_tagged_in_the_same_paragraph():
    # one turn (paragraph) of two quotations: the first A's, the second tagged as B's own
    ids = ["A", "B", "A", "B"]
    X = np.zeros((4, len(speaker_features.FEATURES)))
    X[3, speaker_features.INDEX["tag"]] = 1.0
    scores = np.array([2.0, 0.0, 1.0, 1.5])
    cands = speaker_features.Candidates(ids, [0, 2, 4], X, [[0, 1]], [0, 0], [0], [True], [False])
    assert speaker_model.decode(cands, scores, 0.0, 0.0) == ["A", "B"]
    # untagged, the second quotation keeps the turn's speaker
    X[3, speaker_features.INDEX["tag"]] = 0.0
    assert speaker_model.decode(cands, scores, 0.0, 0.0) == ["A", "A"]


def test_speakers_model_a_call_in_someone_elses_tagged_quotation_of_the_turn_is_no_self_call():
    # one paragraph, two speakers each tagged: Elizabeth's call to Jane does not rule Jane out
    # of the second quotation, which the paragraph's second tag gives her
    text = ('Elizabeth met Jane in the garden.\n\n'
            '"Well, Jane, whenever you marry," said Elizabeth, and she heard Jane say, "I shall never marry."\n')
    table, _ = _features(_book(text))
    assert table["Well, Jane, whenever you marry,"]["K2"]["addresses_self"] == 1.0
    assert table["I shall never marry."]["K2"]["addresses_self"] == 0.0


def test_speakers_model_a_pause_in_the_narration_lets_the_same_voice_go_on():
    # turn 1 leans to A, who spoke turn 0; turns 0 and 2 are A's. Straight after A's
    # speech the decoder has B answer; after a pause in the narration A may go on
    ids = [["A", "B"]] * 3
    e = [np.array([0.0, -3.0]), np.array([-0.1, -0.3]), np.array([0.0, -3.0])]
    assert speaker_model._viterbi(ids, e, [0.0, -0.5, -0.5], 0.5) == ["A", "B", "A"]
    assert speaker_model._viterbi(ids, e, [0.0, -0.5 + speaker_model.PAUSE_SAME, -0.5], 0.5) == ["A", "A", "A"]


@pytest.mark.parametrize("tail, pause", [
    ('," he replied.\n\n', False),  # a tag: the other answers
    ('," said Mr. Fielding, who had come in quietly from the garden.', False),
    ('"\n\nAziz shook his head distastefully. The question reminded him.\n\n', True),
    ('," he replied. Then he sat down by the fire and waited.', True),
])
def test_speakers_model_a_pause_is_narration_beyond_the_speech_tag(tail, pause):
    assert speaker_features._pause(tail) is pause


def test_speakers_model_features_mark_the_turns_after_a_pause():
    text = ('Elizabeth met Mr. Darcy in the garden.\n\n'
            '"Good morning, Mr. Darcy," said Elizabeth.\n\n'
            '"Good morning." Mr. Darcy looked at the roses for a long while.\n\n'
            '"They are fine roses."\n\n'
            '"They are."\n')
    _, cands = _features(_book(text))
    assert cands.pause == [False, False, True, False]
