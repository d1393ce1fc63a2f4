"""Narrator and coreference stages on small texts built here."""
import pytest

import personae


def analyse_text(tmp_path, text: str):
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return personae.analyse(path)


FIRST_PERSON = (
    "I was born in a small town by the sea, and I remember the harbour best of all. "
    "My father kept the lamp there, and my mother kept the house. "
    "When I was ten, Mr. Henry Oakes came to teach at the school. He was a tall man. "
    "I liked him at once, and he liked me, I think. "
) * 6


def test_narrator_found_when_i_is_frequent_outside_quotes(tmp_path):
    book = analyse_text(tmp_path, FIRST_PERSON)
    narrator = [c for c in book.characters if c.narrator]
    assert len(narrator) == 1 and narrator[0].name == "the narrator"
    assert narrator[0] is book.characters[0]


def test_narrator_named_by_call_me(tmp_path):
    book = analyse_text(tmp_path, "Call me Tobias. " + FIRST_PERSON)
    assert [c.name for c in book.characters if c.narrator] == ["Tobias"]


def test_no_narrator_in_third_person_with_quoted_i(tmp_path):
    text = ("Mr. Henry Oakes walked to the harbour. \u201cI shall stay,\u201d he said. "
            "\u201cI know it,\u201d said Mrs. Oakes. She smiled at him. ") * 10
    book = analyse_text(tmp_path, text)
    assert not any(c.narrator for c in book.characters)
    names = {c.name.removeprefix("Mr. "): c for c in book.characters}
    assert names["Henry Oakes"].gender == "he/him"
    assert names["Mrs. Oakes"].gender == "she/her"


def test_pronouns_link_to_the_last_named_person_of_their_gender(tmp_path):
    text = ("Mr. Henry Oakes walked to the harbour. He looked at the sea. "
            "Mrs. Mary Oakes followed him. She carried a basket. ") * 5
    book = analyse_text(tmp_path, text)
    text_of = book.source.text
    for m in book.mentions:
        if m.kind == "PRON" and text_of[m.start:m.end] in ("He", "She"):
            character = next(c for c in book.characters if c.id == m.character)
            assert character.name.endswith("Henry Oakes" if m.text == "He" else "Mary Oakes")


def test_narrator_is_not_the_person_they_address(tmp_path):
    # the narrator speaks to Lavelle; the others call the narrator Walter
    scene = ('"Lavelle," I said, "you are late." '
             '"Walter, forgive me," said he. '
             '"Lavelle, sit down," I said. ')
    book = analyse_text(tmp_path, (scene + FIRST_PERSON) * 2)
    assert [c.name for c in book.characters if c.narrator] == ["Walter"]


def test_narrator_nationalities_are_nobody_in_particular(tmp_path):
    text = ("The Russian came in. The Englishman bowed to the Russian. Mr. Henry Oakes laughed. "
            "The Russian sat down.") * 4
    book = analyse_text(tmp_path, text)
    assert "Russian" not in {c.name for c in book.characters}


def test_no_narrator_when_the_i_tells_one_tale_inside_the_book(tmp_path):
    third = ("Mr. Kemp walked to the window and looked at the road. The doctor was a careful "
             "man, and he kept his notes in order. Mrs. Hall watched him from the inn. ") * 16
    book = analyse_text(tmp_path, third + FIRST_PERSON[:len(FIRST_PERSON) // 3] + third)
    assert not any(c.narrator for c in book.characters)
    book = analyse_text(tmp_path, FIRST_PERSON * 2)
    assert any(c.narrator for c in book.characters)


def test_narrator_is_not_named_by_a_line_of_a_play_nor_by_a_word(tmp_path):
    book = analyse_text(tmp_path, "VIRAG: (Bows.) My name is Virag Lipoti, of Szombathely.\n\n" + FIRST_PERSON
                        + "Excuse me, my name is So and So, I said. ")
    assert [c.name for c in book.characters if c.narrator] == ["the narrator"]


def test_narrator_is_not_named_by_what_others_call_someone_else(tmp_path):
    # Ulysses: an "I" in the narration, and Mulligan calling Stephen "Kinch", Stephen (not
    # "I") answering: Kinch is not the narrator
    scene = ('"Kinch, come up, you fearful jesuit," said Mulligan.\n\n"I will," Stephen said.\n\n'
             '"Kinch, the knife," said Mulligan. Stephen gave it.\n\n')
    book = analyse_text(tmp_path, (scene + FIRST_PERSON + "\n\n") * 2)
    assert [c.name for c in book.characters if c.narrator] == ["the narrator"]


def test_narrator_named_by_many_calls_among_many_mentions_in_dialogue(tmp_path):
    # the Hound of the Baskervilles: others talk of "Dr. Watson" far more than they call
    # him so, but the narration never names him; called ten times, he is the narrator
    scene = ('"Dr. Watson, come here," said Holmes, and I went to him.\n\n'
             '"I told Mr. Oakes that Dr. Watson would come. Dr. Watson knows the moor, and Mr. Oakes '
             'trusts Dr. Watson," said Holmes.\n\n')
    book = analyse_text(tmp_path, (scene + FIRST_PERSON[:len(FIRST_PERSON) // 3] + "\n\n") * 10)
    assert [c.name for c in book.characters if c.narrator] == ["Dr. Watson"]
    # called fewer times, with the same share of calls, the name is nobody's in particular
    book = analyse_text(tmp_path, (scene + FIRST_PERSON[:len(FIRST_PERSON) // 3] + "\n\n") * 4)
    assert [c.name for c in book.characters if c.narrator] == ["the narrator"]


def test_narrator_named_by_an_i_in_apposition(tmp_path):
    # The Prisoner of Zenda: "it was only I, Rudolf Rassendyll, an English gentleman"; a
    # list ("I, Tobias, and Jane") or a speech ('"Not I, Colonel Sapt; ..."') names nobody
    named = "It was only I, Rudolf Rassendyll, an English gentleman, who came. "
    book = analyse_text(tmp_path, FIRST_PERSON + named + FIRST_PERSON)
    assert [c.name for c in book.characters if c.narrator] == ["Rudolf Rassendyll"]
    book = analyse_text(tmp_path, FIRST_PERSON + "Then I, Tobias, and Jane went out. "
                        + '"Not I, Colonel Sapt, not I," said he. ' + FIRST_PERSON)
    assert [c.name for c in book.characters if c.narrator] == ["the narrator"]


def test_narrator_named_by_many_calls_though_the_narration_says_the_name_now_and_then(tmp_path):
    # Huckleberry Finn: "Huck" said 54 times in dialogue, 16 of them calls, 5 times in the
    # narration; not "Mars Sid", the name he goes by for a few chapters
    scene = ('"Huck, come here," said Jim, and I went to him.\n\n'
             '"Tom told Jim that Huck would come. Huck knows the river, and Jim trusts Huck," said Tom.\n\n')
    aside = "The widow spoke of Huck Finn to the neighbours, and I listened.\n\n"
    text = "".join(scene + FIRST_PERSON[:len(FIRST_PERSON) // 3] + "\n\n" + (aside if i % 2 else "")
                   for i in range(10))
    text += '"Mars Sid, come in," said Nat, and I went.\n\n"Yes, Mars Sid," said Nat to me.\n\n'
    book = analyse_text(tmp_path, text)
    assert [c.name for c in book.characters if c.narrator] == ["Huck Finn"]


def test_narrator_of_a_memoir_is_its_author_not_his_wife(tmp_path):
    # Grant's memoirs: the header's author is the General Grant of the others' letters; Mrs.
    # Grant, who shares the surname (and no given name with him), is his wife
    body = ("I went to the front in the spring, and I remember the rain best of all. "
            "Mrs. Grant stayed at home with the children. I wrote to her every week. "
            "The President wrote to General Grant that the army had done well. I thanked him. "
            "Grant was a name the newspapers liked, and I did not mind it. ") * 6
    text = ("The Project Gutenberg eBook of Memoirs\n\nTitle: Memoirs\n\nAuthor: Ulysses S. Grant\n\n"
            "*** START OF THE PROJECT GUTENBERG EBOOK MEMOIRS ***\n\n" + body +
            "\n\n*** END OF THE PROJECT GUTENBERG EBOOK MEMOIRS ***\n")
    book = analyse_text(tmp_path, text)
    (narrator,) = [c for c in book.characters if c.narrator]
    names = {narrator.name, *narrator.aliases}
    assert "General Grant" in names and "Mrs. Grant" not in names
