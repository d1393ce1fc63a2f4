from types import SimpleNamespace

from personae.book import Quote
from personae.stages.quotes import find_quotes, own_words, split_parts


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text)]


def test_quotes_curly_with_interrupting_tag():
    text = "\u201cWell,\u201d said he, \u201cI never.\u201d"
    assert quoted(text) == ["Well,", "I never."]


def test_quotes_straight_marks_pair_by_side():
    text = 'He said, "Straight," and she said "Yes."'
    assert quoted(text) == ["Straight,", "Yes."]


def test_quotes_run_across_paragraphs_as_one():
    text = "\u201cThis runs on\nover lines.\n\n\u201cAnd on.\u201d She smiled."
    assert quoted(text) == ["This runs on\nover lines.\n\n\u201cAnd on."]


def test_quotes_speech_over_paragraphs_is_a_record_per_paragraph_with_its_speaker():
    text = "\u201cThis runs on\nover lines.  \n\n\u201cAnd on.\u201d She smiled. \u201cOne.\u201d"
    (s, e), (s2, e2) = find_quotes(text)
    assert [text[a:b] for a, b in own_words(text, s, e)] == ["This runs on\nover lines.", "And on."]
    book = SimpleNamespace(source=SimpleNamespace(text=text, paragraph_starts=()), quotes=[Quote(s, e, "C1"), Quote(s2, e2, "C2")])
    split_parts(book)
    assert [(text[q.start:q.end], q.speaker) for q in book.quotes] == [
        ("This runs on\nover lines.", "C1"), ("And on.", "C1"), ("One.", "C2")]
    # the second paragraph continues the first one's speech; book.json says so
    assert [q.continued for q in book.quotes] == [False, True, False]
    assert book.quotes[1].to_json()["continued"] is True


def test_quotes_a_speech_is_cut_around_the_quotations_it_quotes():
    # Miss Bates reports what was said: her own words are the pieces between, one record
    # each, the later ones continuing her speech
    text = ('"And so she began, saying, \'I know you have not heard from Jane;\' and when I '
            'said, \'But indeed we have,\' I never saw any body more surprized. '
            '\'Have you?\' said she; \'well, that is unexpected.\'" Emma smiled.')
    (s, e), = find_quotes(text)
    assert [text[a:b] for a, b in own_words(text, s, e)] == [
        "And so she began, saying,", "and when I said,", "I never saw any body more surprized.", "said she;"]
    book = SimpleNamespace(source=SimpleNamespace(text=text, paragraph_starts=()), quotes=[Quote(s, e, "C1")])
    split_parts(book)
    assert [(q.speaker, q.continued) for q in book.quotes] == [
        ("C1", False), ("C1", True), ("C1", True), ("C1", True)]
    # in a book of single marks, the quoted speech is in double ones
    text = "\u2018He said, \u201cGo home.\u201d So I went.\u2019" + " \u2018Yes.\u2019" * 12
    (s, e), *_ = find_quotes(text)
    assert [text[a:b] for a, b in own_words(text, s, e)] == ["He said,", "So I went."]


def test_quotes_a_speech_is_cut_around_the_narrators_parentheses():
    # Austen's stage directions inside a speech are narration: the speaker's words either
    # side are two records of one speech; an aside of the speaker's own stays in
    text = ('"Yes, my dear, if there is time.--But--(in a very depressed tone)--she is coming '
            'for only one week. My dear Jane, (laughing affectedly) say no more about it."')
    (s, e), = find_quotes(text)
    assert [text[a:b] for a, b in own_words(text, s, e)] == [
        "Yes, my dear, if there is time.--But--", "--she is coming for only one week. My dear Jane,",
        "say no more about it."]
    book = SimpleNamespace(source=SimpleNamespace(text=text, paragraph_starts=()), quotes=[Quote(s, e, "C1")])
    split_parts(book)
    assert [(q.speaker, q.continued) for q in book.quotes] == [("C1", False), ("C1", True), ("C1", True)]
    for speech in ("Though you know (owing to me) your papa is so good.",
                   "But ah! united, (_courtship_, you know,) what reverse we have!"):
        text = f'"{speech}" she said.'
        (s, e), = find_quotes(text)
        assert [text[a:b] for a, b in own_words(text, s, e)] == [speech]
    # the gold of QuoteLi3 and LitBank keeps such a speech whole
    text = '"Yes--(rather hesitatingly)--I believe I do."'
    (s, e), = find_quotes(text)
    assert [text[a:b] for a, b in own_words(text, s, e, cut_quoted=False)] == [text[1:-1]]


def test_quotes_scare_quotes_and_dropped_letters_cut_no_speech():
    # a word in quotation marks ends on no punctuation of its own; a dialect's apostrophes
    # ("it 's", "befo'", "a-talkin'") open and close no quotation
    for speech in ("\'Miss Elliot\' was spoken of in the highest terms! Now Mary, I declare it was so.",
                   "It 's de p'opah thing fu' a man. I know 't ain't no use a-talkin' to you.",
                   "\'Tis a fine day, an' I'm goin' home, I am."):
        text = f'"{speech}" she said.'
        (s, e), = find_quotes(text)
        assert [text[a:b] for a, b in own_words(text, s, e)] == [speech]


def test_quotes_a_long_tale_told_in_quotes_is_one_speech():
    # an embedded narrative of twenty paragraphs, each opening a mark, the last closing it
    paragraphs = [f"\u201cI walked on to town number {i}." for i in range(20)]
    text = "\n\n".join(paragraphs) + "\u201d said he."
    (s, e), = find_quotes(text)
    assert len(own_words(text, s, e)) == 20


def test_quotes_one_paragraph_record_is_the_span_as_found():
    text = 'He said, " Spaced ." Then "?"'
    assert [text[a:b] for s, e in find_quotes(text) for a, b in own_words(text, s, e)] == [" Spaced .", "?"]


def test_quotes_unclosed_mark_ends_with_its_paragraph():
    text = "\u201cA stray mark.\n\nPlain narration here. \u201cNext.\u201d"
    assert quoted(text) == ["Next."]


def test_quotes_verse_set_in_inside_a_speech_does_not_end_it():
    # a speech quotes lines of verse, indented, and goes on after them with no mark of its own
    text = ("\u201cCan it be woman?\n\n      And woman, lovely woman, reigns alone.\n\n"
            "Can it be Neptune?\n\n      Behold him there!\n\nOr a shark?\u201d\n\nShe laughed.")
    (s, e), = find_quotes(text)
    assert [text[a:b] for a, b in own_words(text, s, e)] == [
        "Can it be woman?", "Can it be Neptune?", "Or a shark?"]


def test_quotes_set_in_is_measured_from_the_first_line_of_the_speech_paragraph():
    # paragraphs whose first lines are indented: the speech opens on a wrapped line, and
    # its paragraph after the verse, indented as every first line is, is its words
    text = ("    She looked up, and said at length,\n\u201cCan it be woman?\n\n"
            "          And woman reigns.\n\n    Can it be Neptune?\u201d\n\n    No.")
    (s, e), = find_quotes(text)
    assert [text[a:b] for a, b in own_words(text, s, e)] == ["Can it be woman?", "Can it be Neptune?"]


def test_quotes_unclosed_mark_before_flush_narration_is_still_stray():
    # only a set-in paragraph keeps a quotation open; flush narration after it does not
    text = ("\u201cA stray mark.\n\n      A set-in line.\n\nPlain narration.\n\n"
            "More narration. \u201cNext.\u201d")
    assert quoted(text) == ["Next."]


def test_quotes_british_single_marks_with_apostrophes():
    text = "\u2018Nonsense,\u2019 said Kate. \u2018It isn\u2019t so.\u2019 The boys\u2019 coats."
    assert quoted(text) == ["Nonsense,", "It isn\u2019t so."]


def test_quotes_british_straight_single_marks():
    # Wuthering Heights as Gutenberg prints it: straight single marks, no double ones; the
    # apostrophes of "Lockwood's", "dogs'" and "'tis" open and close nothing
    text = ("'Mr. Heathcliff?' I said.\n\nA nod was the answer.\n\n'Joseph, take Mr. Lockwood's horse,' "
            "he said. The dogs' kennel was empty; 'tis a cold house.\n\n'Thank you, sir.'")
    assert quoted(text) == ["Mr. Heathcliff?", "Joseph, take Mr. Lockwood's horse,", "Thank you, sir."]


def test_quotes_offsets_respect_range():
    text = "\u201cout\u201d body: \u201cin\u201d"
    assert [text[s:e] for s, e in find_quotes(text, 6)] == ["in"]


def test_quotes_bare_straight_mark_closes_an_open_quote():
    # a dash lost to a space: the mark after "that" closes the quotation, the next one opens
    text = 'She began, "that " and stopped.\n\n"Thank you," he said.'
    assert quoted(text) == ["that ", "Thank you,"]


def test_quotes_titles_and_scare_quotes_are_not_speech():
    text = ('People called it "the house," and she read "Zampa" aloud. He said "Yes." '
            'The word "Help!" rang out. They cried "No!"')
    assert quoted(text) == ["Yes.", "Help!", "No!"]
    # a word at a line's end before the mark, LF or CRLF: a term ("By a "gentleman of fortune"")
    for newline in ("\n", "\r\n"):
        assert quoted(f'By a{newline}"gentleman of fortune" they meant pirates.') == []


def test_quotes_after_a_heading_are_speech():
    # the heading's last word ends in lower case ("Barrel"), and a blank line parts it from
    # the mark: no term run into a sentence
    for newline in ("\n", "\r\n"):
        text = f'What I Heard in the Apple Barrel{newline}{newline}"NO, not I," said Silver.'
        assert quoted(text) == ["NO, not I,"]


# --- dash dialogue -----------------------------------------------------------------------

def dash_book(*speeches: str, narration: str = "The sea lay grey and still under the morning.") -> str:
    """A text written as dash dialogue: the speeches given, each a paragraph, between
    paragraphs of narration, and enough speeches for the book to read as dash dialogue."""
    filler = [f"\u2014Line number {i} of the talk." for i in range(10)]
    return "\n\n".join([narration, *speeches, narration, *filler])


def test_quotes_dash_paragraphs_are_speeches_less_their_bare_tags():
    text = dash_book("\u2014Back to barracks! he said sternly.",
                     "\u2014Thanks, old chap, he cried briskly. That will do nicely. Switch off\nthe current, will you?",
                     "\u2014Tell me, Mulligan, Stephen said quietly.",
                     "\u2014Come here, said the old man, smiling. Now.")
    assert quoted(text)[:6] == ["Back to barracks!", "Thanks, old chap,",
                                "That will do nicely. Switch off\nthe current, will you?",
                                "Tell me, Mulligan,", "Come here,", "Now."]


def test_quotes_dash_speech_keeps_words_that_only_look_like_a_tag():
    # "he told me so" is said, not a tag; a spaced dash before a lower-case word with no
    # speech verb is a break in the speech; "I said" inside a speech is the speaker's own
    text = dash_book("\u2014Yes, he told me so. I went.", "\u2014I was going to \u2014 well, never mind.",
                     "\u2014No. I said I would come.")
    assert quoted(text)[:3] == ["Yes, he told me so. I went.", "I was going to \u2014 well, never mind.",
                                "No. I said I would come."]


def test_quotes_dash_tag_set_off_by_dashes_and_double_hyphens():
    text = dash_book("\u2014Hello \u2014he said\u2014. How are you?",
                     "--O, if not, the eagles will come and pull out his eyes.--")
    assert quoted(text)[:3] == ["Hello", "How are you?", "O, if not, the eagles will come and pull out his eyes."]


def test_quotes_dash_part_number_is_no_speech():
    assert "I" not in quoted(dash_book("\u2014 I \u2014"))


def test_quotes_a_few_dashes_in_a_book_of_quotation_marks_are_no_dialogue():
    # a book of quotation marks with a dozen dash-led paragraphs (lists, asides) keeps its marks
    marks = "\n\n".join(f"\u201cSpeech {i}.\u201d said he." for i in range(20))
    text = dash_book("\u2014An aside, not speech.") + "\n\n" + marks
    assert quoted(text) == [f"Speech {i}." for i in range(20)]


def test_quotes_guillemets():
    text = "\u00abWell,\u00bb said he, \u00abI never.\u00bb\n\n\u00abIt runs on.\n\n\u00abAnd on.\u00bb"
    assert quoted(text) == ["Well,", "I never.", "It runs on.\n\n\u00abAnd on."]


def test_quotes_dash_paragraph_ending_in_narration_that_introduces_the_next_speech():
    text = dash_book("--Haven't I? he cried. Mrs Riordan, pity the poor blind. Dante covered\n"
                     "her plate with her hands and said:", "--No, thanks.",
                     "--Come here: all of you. Stand in a line: now say it:")
    assert quoted(text)[:4] == ["Haven't I?", "Mrs Riordan, pity the poor blind.", "No, thanks.",
                                "Come here: all of you. Stand in a line: now say it:"]


def play(*lines: str) -> str:
    """A scene of a play: the lines given, then enough of Hamlet's and Horatio's for the
    text to read as one."""
    filler = [f"{'HAMLET' if i % 2 else 'HORATIO'}. Line number {i} of the scene." for i in range(10)]
    return "\n\n".join(["ACT I. SCENE I. Elsinore.", "(Enter HAMLET and HORATIO.)", *lines, *filler])


def test_quotes_lines_of_a_play_are_speeches_less_names_and_stage_directions():
    text = play("HAMLET. Who is there? Speak, I say.",
                "HORATIO: (Bowing.) A friend to this ground, my lord.",
                "HAMLET.\n    Welcome, good friend.\n    Stay a while.",
                "MRS BREEN: I thank you. (She sits.) The night is cold. [Exit.]")
    assert quoted(text)[:5] == ["Who is there? Speak, I say.", "A friend to this ground, my lord.",
                                "Welcome, good friend.\n    Stay a while.", "I thank you.", "The night is cold."]
    assert "ACT I" not in " ".join(quoted(text)) and "Enter" not in " ".join(quoted(text))
    # the same play in a CRLF file: the name on a line of its own still opens a speech
    crlf = text.replace("\n", "\r\n")
    assert [q.replace("\r\n", "\n") for q in quoted(crlf)] == quoted(text)


def test_quotes_capitals_that_open_no_play_line():
    # a letter's salutation, a signature's initials, headings, a rank run into a name: not
    # speakers; and nine lines of a play are too few to read a book as one
    from personae.stages.quotes import script_lines
    text = "\n\n".join(["SIR:--I have the honour to report.", "U. S. GRANT, Lieut.-General.",
                        "CHAPTER I. The beginning.", "MAJ.-GEN. U. S. GRANT, Fort Henry:",
                        "DR. SEWARD'S DIARY. 25 April."] * 3)
    assert script_lines(text, 0, len(text)) == []
    few = "\n\n".join(f"{'ANNA' if i % 2 else 'BORIS'}. Line {i}." for i in range(9))
    assert script_lines(few, 0, len(few)) == []
    # a diary's days, however many
    diary = "\n\n".join(f"{'MONDAY' if i % 2 else 'SUNDAY'}. We walked out {i} times." for i in range(20))
    assert script_lines(diary, 0, len(diary)) == []
