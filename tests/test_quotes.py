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
    book = SimpleNamespace(source=SimpleNamespace(text=text), quotes=[Quote(s, e, "C1"), Quote(s2, e2, "C2")])
    split_parts(book)
    assert [(text[q.start:q.end], q.speaker) for q in book.quotes] == [
        ("This runs on\nover lines.", "C1"), ("And on.", "C1"), ("One.", "C2")]
    # the second paragraph continues the first one's speech; book.json says so
    assert [q.continued for q in book.quotes] == [False, True, False]
    assert book.quotes[1].to_json()["continued"] is True


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


def test_quotes_british_single_marks_with_apostrophes():
    text = "\u2018Nonsense,\u2019 said Kate. \u2018It isn\u2019t so.\u2019 The boys\u2019 coats."
    assert quoted(text) == ["Nonsense,", "It isn\u2019t so."]


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
