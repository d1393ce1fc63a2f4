"""Unnamed speakers: a described person the speech tags name joins the cast ("the mariner"),
unless the description is everybody's ("the girl"), the book's word for many ("the painter"
of many passages), or a name stands beside it ("Mr. Sowerberry, the undertaker")."""
import re

from personae.book import Book, Character, Mention
from personae.sources import Chapter, Source
from personae.stages import quotes as quote_stage
from personae.stages import speakers, unnamed

HE = "he/him"


def _book(text: str, chains: dict[str, str], cast: dict[str, str] = {}) -> Book:
    """Mentions: each description in `chains` (text -> the coreference entity coref gave
    it, every occurrence) and each cast name (name -> character id); he/him pronouns go to
    the chain named just before them."""
    source = Source("t.txt", text, "txt", "utf-8", "", (0, len(text)), (Chapter("", 0, len(text)),))
    mentions = []
    for phrase, entity in chains.items():
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE):
            mentions.append(Mention(m.start(), m.end(), m.group(), "PER", "NOM", entity=entity))
    for name, cid in cast.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            mentions.append(Mention(m.start(), m.end(), name, "PER", "PROP", cid))
    mentions.sort(key=lambda m: m.start)
    for m in re.finditer(r"\b(?:he|He|him|his)\b", text):
        before = [x for x in mentions if x.end <= m.start() and x.kind == "NOM"]
        mentions.append(Mention(m.start(), m.end(), m.group(), "PER", "PRON",
                                entity=before[-1].entity if before else None))
    mentions.sort(key=lambda m: m.start)
    characters = [Character(cid, name, gender=HE) for name, cid in cast.items()]
    book = Book(source=source, mentions=mentions, characters=characters)
    book.quote_spans = quote_stage.find_quotes(text)
    quote_stage.mark_quoted(book)
    return book


SAILOR = """Mr. Marvel sat by the road. A mariner came by and looked at him.

"Fine day," said the mariner.

"Very," said Mr. Marvel.

"Going far?" the mariner asked, and he lit his pipe.

"To Port Stowe," said Mr. Marvel.
"""


def test_described_speaker_joins_the_cast_with_his_lines():
    book = _book(SAILOR, {"the mariner": "R1"}, {"Mr. Marvel": "K0"})
    added = unnamed.run(book)
    assert [(c.name, c.gender) for c in added] == [("the mariner", HE)]
    mariner = added[0].id
    assert {m.text for m in book.mentions if m.character == mariner} == {"the mariner", "he", "his"}
    speakers.attribute(book)
    said = {book.source.text[q.start:q.end]: q.speaker for q in book.quotes}
    assert said["Fine day,"] == mariner
    assert said["Going far?"] == mariner
    assert said["Very,"] == "K0"


def test_one_tag_is_enough_but_not_a_supposed_speaker_nor_a_word_that_describes_no_one():
    text = SAILOR.replace('"Going far?" the mariner asked', '"Going far?" he asked')
    assert [c.name for c in unnamed.run(_book(text, {"the mariner": "R1"}, {"Mr. Marvel": "K0"}))] == ["the mariner"]
    # "The merest acquaintance would have said something more emphatic than '...'"
    supposed = text.replace('"Fine day," said the mariner.', 'The mariner would have said "Fine day," then.')
    assert unnamed.run(_book(supposed, {"the mariner": "R1"}, {"Mr. Marvel": "K0"})) == []
    # an adjective the recogniser cut a description at ("said the ungraceful, awkward
    # princess"), an adverb it ran one on to ("said the March Hare meekly"), "the latter",
    # a body of people, one of several a passage counts ("said the third")
    for word in ("ungraceful", "meekly", "latter", "mob", "third"):
        book = _book(text.replace("mariner", word), {f"the {word}": "R1"}, {"Mr. Marvel": "K0"})
        assert unnamed.run(book) == [], word


def test_a_word_for_anybody_is_no_new_person():
    text = SAILOR.replace("mariner", "girl")
    assert unnamed.run(_book(text, {"the girl": "R1"}, {"Mr. Marvel": "K0"})) == []


def test_a_description_used_in_many_passages_is_an_epithet():
    def painter(later: str) -> Book:
        """The talk with the painter (entity R1), then other passages naming a painter (R2)."""
        text = SAILOR.replace("mariner", "painter") + later
        book = _book(text, {"the painter": "R1"}, {"Mr. Marvel": "K0"})
        for m in book.mentions:
            if m.text.lower() == "the painter" and m.start >= len(SAILOR):
                m.entity = "R2"
        return book

    # the talk holds 30% of the book's painters or more: one passer-by; fewer: the book's painter
    assert unnamed.run(painter("\nLater the painter went home. The painter slept.\n"))
    assert unnamed.run(painter("\nLater the painter went home. The painter slept. The painter woke.\n"))
    assert unnamed.run(painter("\nLater the painter went home. The painter slept. The painter woke. "
                               "The painter ate. The painter left.\n")) == []


def test_a_description_coreference_split_within_a_chapter_is_one_person():
    # the talk with the mariner, and a second talk with him a page later that coreference
    # made another entity: one person of this chapter, with both passages' mentions
    talk = SAILOR.split("\n\n", 1)[1]
    text = SAILOR + "\n" + talk + "\nThe mariner went on. The mariner sang. The mariner left.\n"
    book = _book(text, {"the mariner": "R1"}, {"Mr. Marvel": "K0"})
    for m in book.mentions:
        if m.entity == "R1" and m.start >= len(SAILOR):
            m.entity = "R2"
    added = unnamed.run(book)
    assert [c.name for c in added] == ["the mariner"]
    assert sum(m.character == added[0].id for m in book.mentions if m.kind == "NOM") == 7


def test_a_name_in_apposition_claims_the_description():
    text = "Mr. Sowerberry, the parochial undertaker, was a tall man.\n\n" + SAILOR.replace("mariner", "undertaker")
    book = _book(text, {"the undertaker": "R1"}, {"Mr. Marvel": "K0", "Mr. Sowerberry": "K1"})
    assert unnamed.run(book) == []
    assert {m.character for m in book.mentions if m.text.lower() == "the undertaker"} == {"K1"}


def test_a_name_in_apposition_claims_the_description_in_every_passage():
    # coreference made two people of the matron (one per talk); the name claims both, though
    # neither alone holds half the book's matrons
    talk = SAILOR.replace("mariner", "matron")
    text = "Mrs. Corney, the matron of the workhouse, sat down.\n\n" + talk + "\n" + talk
    book = _book(text, {"the matron": "R1"}, {"Mr. Marvel": "K0", "Mrs. Corney": "K1"})
    for m in book.mentions:
        if m.text.lower() == "the matron" and m.start > text.index(talk) + len(talk):
            m.entity = "R2"
    assert unnamed.run(book) == []
    assert {m.character for m in book.mentions if m.text.lower() == "the matron"} == {"K1"}


def test_plural_and_possessive_descriptions_are_left_alone():
    for phrase in ("the policemen", "his visitor"):
        text = SAILOR.replace("the mariner", phrase)
        assert unnamed.run(_book(text, {phrase: "R1"}, {"Mr. Marvel": "K0"})) == [], phrase


def test_a_titled_description_is_one_person_across_passages():
    text = SAILOR.replace("mariner", "Secretary") + '\n"Again?" said the Secretary.\n\n"Yes," said the Secretary.\n'
    book = _book(text, {"the Secretary": "R1"}, {"Mr. Marvel": "K0"})
    for m in book.mentions:
        if m.text == "the Secretary" and m.start > text.index("Again"):
            m.entity = "R2"
    added = unnamed.run(book)
    assert [c.name for c in added] == ["the Secretary"]
    assert {m.character for m in book.mentions if m.text == "the Secretary"} == {added[0].id}


MARINER = """Mr. Thomas Marvel sat by the roadside with his feet in a ditch. Mr. Thomas Marvel \
was a stout man. After a while a mariner came along the road, carrying a bundle, and sat \
down beside him.

"Fine day," said the mariner.

"Very," said Mr. Marvel.

"Going far?" the mariner asked, and he lit his pipe.

"To Port Stowe," said Mr. Marvel. "Are you?"

"I am," said the mariner. "There's a ship there."

Mr. Marvel looked at the sky and said nothing.
"""


def test_analyse_gives_the_unnamed_speaker_his_lines(tmp_path):
    import personae
    path = tmp_path / "mariner.txt"
    path.write_text(MARINER, encoding="utf-8")
    book = personae.analyse(path)
    names = {c.id: c.name for c in book.characters}
    assert "the mariner" in names.values()
    said = {book.source.text[q.start:q.end]: names.get(q.speaker) for q in book.quotes}
    assert said["Fine day,"] == said["I am,"] == "the mariner"
    assert said["Very,"] == "Mr. Thomas Marvel"


def test_a_titled_description_of_a_cast_name_is_that_character():
    # the recogniser took "Hatter" for a name once; "the Hatter" elsewhere is the same one
    text = "Hatter bowed.\n\n" + SAILOR.replace("mariner", "Hatter")
    book = _book(text, {"the Hatter": "R1"}, {"Mr. Marvel": "K0", "Hatter": "K1"})
    for m in book.mentions:  # the cast name is the bare word at the start only
        if m.kind == "PROP" and m.text == "Hatter" and m.start > 0:
            m.kind, m.character = "NOM", None
    book.mentions = [m for m in book.mentions if not (m.kind == "NOM" and m.text == "Hatter")]
    assert unnamed.run(book) == []
    assert {m.character for m in book.mentions if m.text == "the Hatter"} == {"K1"}


def test_a_description_with_no_pronoun_is_gendered_by_its_noun():
    for noun, gender in (("barman", HE), ("washerwoman", "she/her"), ("actress", "she/her"), ("officer", None)):
        text = SAILOR.replace("mariner", noun).replace(", and he lit his pipe", "")
        added = unnamed.run(_book(text, {f"the {noun}": "R1"}, {"Mr. Marvel": "K0"}))
        assert [c.gender for c in added] == [gender], noun


def test_another_description_is_not_the_unnamed_speaker():
    # "said the man with the basket" is not the mariner, whoever else it may be
    text = SAILOR.replace('"Very," said Mr. Marvel.', '"Very," said the man with the basket.')
    book = _book(text, {"the mariner": "R1", "the man with the basket": "R2"}, {"Mr. Marvel": "K0"})
    mariner = unnamed.run(book)[0].id
    from personae.stages import speaker_features
    notes: dict = {}
    rules = speakers.attribute(book, notes)
    cands = speaker_features.extract(book, rules, notes)
    of_quote = {book.source.text[q.start:q.end]: cands.ids[cands.rows[i]:cands.rows[i + 1]]
                for i, q in enumerate(book.quotes)}
    assert mariner not in of_quote["Very,"] and "K0" in of_quote["Very,"]
    assert mariner in of_quote["Fine day,"]


def test_occurrences_of_a_titled_description_the_recogniser_missed_are_added():
    text = SAILOR.replace("mariner", "Secretary") + '\n"So," said the Secretary in a deep voice.\n'
    book = _book(text, {"the Secretary": "R1"}, {"Mr. Marvel": "K0"})
    missed = text.rindex("the Secretary")
    book.mentions = [m for m in book.mentions if m.start != missed]
    secretary = unnamed.run(book)[0].id
    added = [m for m in book.mentions if m.start == missed]
    assert [(m.text, m.kind, m.character) for m in added] == [("the Secretary", "NOM", secretary)]
    assert book.mentions == sorted(book.mentions, key=lambda m: (m.start, -m.end))
    said = dict(zip([book.source.text[q.start:q.end] for q in book.quotes], speakers.speech_tags(book)))
    assert said["So,"].character == secretary


def test_missed_occurrences_of_a_cast_members_title_alias_are_added():
    # "President Sunday" ... "the President" (names stage linked them); the recogniser
    # missed one "said the President", which is his too
    text = SAILOR.replace("mariner", "President") + '\n"So," said the President in a deep voice.\n'
    book = _book(text, {}, {"Mr. Marvel": "K0"})
    book.mentions += [Mention(m.start(), m.end(), m.group(), "PER", "NOM", "K1")
                      for m in re.finditer("the President", text)][:-1]
    book.mentions.sort(key=lambda m: (m.start, -m.end))
    missed = text.rindex("the President")
    assert unnamed.run(book) == []
    added = [m for m in book.mentions if m.start == missed]
    assert [(m.text, m.kind, m.character) for m in added] == [("the President", "NOM", "K1")]


def test_a_title_before_another_capitalised_word_is_no_missed_occurrence():
    # "the President" is the cast's; "the President Hotel" names something else
    text = SAILOR.replace("mariner", "President") + '\n"So," said the President.\nThey met at the President Hotel.\n'
    book = _book(text, {}, {"Mr. Marvel": "K0"})
    book.mentions += [Mention(m.start(), m.end(), m.group(), "PER", "NOM", "K1")
                      for m in re.finditer("the President", text)][:2]
    book.mentions.sort(key=lambda m: (m.start, -m.end))
    unnamed.run(book)
    hotel = text.index("the President Hotel")
    tagged = text.rindex("the President.")
    assert [m.character for m in book.mentions if m.start == tagged] == ["K1"]
    assert not [m for m in book.mentions if m.start == hotel]


def test_a_list_or_a_call_is_no_apposition():
    # "Captain Smollett, the squire, and Dr. Livesey" lists three men; "your squire, Jim,"
    # calls Jim; neither makes a name of the squire's, who joins the cast on his own
    lead = ('Captain Smollett, the squire, and Dr. Livesey went below.\n\n'
            '"Tell your squire, Jim," said Mr. Marvel.\n\n')
    text = lead + SAILOR.replace("mariner", "squire")
    book = _book(text, {"the squire": "R1"}, {"Mr. Marvel": "K0", "Captain Smollett": "K1", "Jim": "K2",
                                              "Dr. Livesey": "K3"})
    assert [c.name for c in unnamed.run(book)] == ["the squire"]
    # an apposition may go on to others: "to Mr. Sowerberry, the undertaker, and the other two"
    text = "One was to Mr. Sowerberry, the undertaker, and the other two.\n\n" + SAILOR.replace("mariner", "undertaker")
    book = _book(text, {"the undertaker": "R1"}, {"Mr. Marvel": "K0", "Mr. Sowerberry": "K1"})
    assert unnamed.run(book) == []


def test_a_name_the_description_stands_beside_without_a_comma_or_as_someones_claims_it():
    # "Barrymore the butler", "Barrymore, Sir Charles's butler": the butler has a name
    for intro in ("Barrymore the butler opened the door.", "Barrymore, Sir Charles's butler, opened the door."):
        text = intro + "\n\n" + SAILOR.replace("mariner", "butler")
        book = _book(text, {"the butler": "R1"}, {"Mr. Marvel": "K0", "Barrymore": "K1"})
        assert unnamed.run(book) == [], intro
        assert {m.character for m in book.mentions if m.text.lower() == "the butler"} == {"K1"}, intro


def test_an_owner_in_apposition_is_not_the_name_s_description():
    # "Sir Geoffrey Clouston, the duchess s brother" (the text lost its apostrophe) is her
    # brother, not the duchess, who joins the cast on her own
    text = "Sir Geoffrey Clouston, the duchess s brother, came in.\n\n" + SAILOR.replace("mariner", "duchess")
    book = _book(text, {"the duchess": "R1"}, {"Mr. Marvel": "K0", "Sir Geoffrey Clouston": "K1"})
    assert [c.name for c in unnamed.run(book)] == ["the duchess"]
