"""The coreference stage: pronoun chains carried on from name to pronoun to pronoun, and the
groups of mentions that are no character's."""
import personae
from personae.book import Book, Mention
from personae.stages import coref


def _analysed(tmp_path, name, text):
    """The book personae makes of `text`, written to tmp_path / name."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return personae.analyse(path)


def test_coref_pronoun_chain_outlasts_the_lookback(tmp_path):
    sentences = ["Mr. John Carter walked into the empty hall."]
    sentences += ["He sat down by the fire."] * (coref.LOOKBACK_SENTENCES + 3)
    book = _analysed(tmp_path, "chain.txt", " ".join(sentences) + "\n")
    carter = next(c for c in book.characters if "Carter" in c.name)
    pronouns = [m for m in book.mentions if m.text == "He"]
    # the last "He" is further from the name than the lookback, but close to the previous "He"
    assert len(pronouns) == coref.LOOKBACK_SENTENCES + 3
    assert all(m.character == carter.id for m in pronouns)


def _mention(text, sentence, kind="PRON", type_="PER", start=None, in_quote=False):
    _mention.offset = getattr(_mention, "offset", 0) + 100
    start = _mention.offset if start is None else start
    return Mention(start, start + len(text), text, type_, kind, sentence=sentence, in_quote=in_quote)


def test_coref_group_others_names_nominals_and_they():
    london1, london2 = _mention("London", 0, "PROP", "GPE"), _mention("London", 90, "PROP", "GPE")
    river1, river2 = _mention("the river", 1, "NOM", "LOC"), _mention("this river", 2, "NOM", "LOC")
    river_far = _mention("the river", 2 + coref.NOMINAL_WINDOW + 1, "NOM", "LOC")
    a_man = _mention("a man", 3, "NOM")
    they1, they2 = _mention("they", 4), _mention("them", 5)
    they_far = _mention("their", 5 + coref.THEY_LOOKBACK + 1)
    mentions = [london1, river1, river2, a_man, they1, they2, they_far, river_far, london2]
    coref.group_others(Book(source=None, mentions=mentions))
    assert london1.entity == london2.entity is not None  # a name is one referent however far
    assert river1.entity == river2.entity != river_far.entity  # "this river" is "the river"; not pages on
    assert they1.entity == they2.entity != they_far.entity
    assert a_man.entity is None  # an indefinite noun introduces someone new
    assert len({london1.entity, river1.entity, river_far.entity, they1.entity, they_far.entity}) == 5


def test_coref_group_others_speech_persons_and_characters_untouched():
    book = Book(source=None, quote_spans=[(0, 50), (60, 120)])
    you1, you2 = _mention("you", 1, start=5, in_quote=True), _mention("your", 1, start=30, in_quote=True)
    i1, me = _mention("I", 1, start=10, in_quote=True), _mention("me", 1, start=40, in_quote=True)
    you_next = _mention("you", 2, start=70, in_quote=True)
    you_narration, we1, we2 = _mention("you", 3, start=200), _mention("we", 3, start=210), _mention("us", 90, start=900)
    named = _mention("him", 3, start=220)
    named.character = "K0"
    i_narration, my_narration = _mention("I", 4, start=300), _mention("my", 95, start=950)
    book.mentions = [you1, i1, you2, me, you_next, you_narration, we1, named, i_narration, we2, my_narration]
    coref.group_others(book)
    assert you1.entity == you2.entity != you_next.entity  # one speech, one addressee
    assert i1.entity == me.entity != you1.entity
    assert you_narration.entity is None  # the reader, not anyone in the story
    assert we1.entity == we2.entity is not None  # the narrator's party, all book long
    # the "I" of the narration (a narrator too rare for narrator.py) is one person, not a speaker
    assert i_narration.entity == my_narration.entity is not None
    assert i_narration.entity not in (we1.entity, i1.entity)
    assert named.entity is None and named.character == "K0"


def test_coref_gender_from_linked_pronouns_only_when_unknown_and_agreeing():
    from personae.book import Character
    tibby, kit, brett = Character("K0", "Tibby"), Character("K1", "Kit"), Character("K2", "Brett", gender="she/her")
    mentions = []
    for text, who in [("he", "K0"), ("his", "K0"), ("him", "K0"), ("she", "K1"), ("he", "K1"),
                      ("her", "K1"), ("he", "K2"), ("his", "K2"), ("him", "K2"), ("I", "K1")]:
        m = _mention(text, 0)
        m.character = who
        mentions.append(m)
    quoted = _mention("she", 1, in_quote=True)
    quoted.character = "K0"
    mentions.append(quoted)
    book = Book(source=None, mentions=mentions, characters=[tibby, kit, brett])
    coref.gender_from_links(book)
    assert tibby.gender == "he/him"
    assert kit.gender is None  # two against one: no 80% agreement
    assert brett.gender == "she/her"  # already gendered: untouched


def test_coref_gender_from_the_calls_of_others_only_when_unknown_and_agreeing():
    from personae.book import Character
    # a narrator no he or she names, called "sir"; a woman called "ma'am" once too few times;
    # a man already gendered whom a misread call names "madam"
    watson = Character("K0", "Watson", narrator=True)
    few, holmes = Character("K1", "Hudson"), Character("K2", "Holmes", gender="he/him")
    mentions = []
    for text, who, quoted in [("sir", "K0", True), ("Sir", "K0", True), ("sir", "K0", True),
                              ("ma\u2019am", "K1", True), ("madam", "K1", True),
                              ("madam", "K2", True), ("madam", "K2", True), ("madam", "K2", True),
                              ("miss", "K1", False)]:
        m = _mention(text, 0, kind="NOM", in_quote=quoted)
        m.character = who
        mentions.append(m)
    book = Book(source=None, mentions=mentions, characters=[watson, few, holmes])
    coref.gender_from_address(book)
    assert watson.gender == "he/him"
    assert few.gender is None  # two calls, and a "miss" in the narration is no call
    assert holmes.gender == "he/him"


def test_coref_pronoun_votes_skip_the_gender_of_someone_before_the_name():
    # "She gave Doctor Mandelet her hand, and he smiled": "her" is hers, not the doctor's
    doctor = [_mention("She", 0), _mention("Doctor Mandelet", 0, "PROP"), _mention("her", 0), _mention("he", 0)]
    doctor[1].character = "K1"
    # "Doctor Mandelet came in; he sat down, and his hat fell": all his
    doctor += [_mention("Doctor Mandelet", 1, "PROP"), _mention("he", 1), _mention("his", 1)]
    doctor[4].character = "K1"
    votes = coref._pronoun_votes(Book(source=None, mentions=doctor))
    assert votes["K1"] == {"M": 3}


def test_coref_the_stranger_is_not_the_man_just_named(tmp_path):
    # "the old man" may be the man just spoken of; "the stranger" is someone the scene does not know
    book = _analysed(tmp_path, "inn.txt",
                     "Mr. Hall stood at the bar of the inn. The stranger came in out of the snow. "
                     "Mr. Hall looked up. Mr. Hall was a careful man.\n")
    stranger = next(m for m in book.mentions if m.text.lower() == "the stranger")
    hall = next(c for c in book.characters if "Hall" in c.name)
    assert stranger.character != hall.id


def test_coref_the_narrations_he_is_never_its_narrator():
    # "I knocked at his door. He looked out." in a first-person book: "He" is not "I"
    from personae.book import Character
    def resolved(mentions):
        mentions[0].character = "K0"
        coref.resolve(Book(source=None, mentions=mentions, characters=[
            Character("K0", "Arthur Hastings", narrator=True, gender="he/him"),
            Character("K1", "Mina Harker", narrator=True, gender="she/her")]), {"K0": "M", "K1": "F"})
        return [m.character for m in mentions]

    assert resolved([_mention("I", 0), _mention("his", 0), _mention("He", 1)]) == ["K0", None, None]
    # a book of diaries: once Mina writes "I", the narration's "he" may be the earlier diarist
    diaries = [_mention("I", 0), _mention("I", 1), _mention("he", 2)]
    diaries[1].character = "K1"
    assert resolved(diaries) == ["K0", "K1", "K0"]
    # others may speak of the narrator as "he"
    assert resolved([_mention("I", 0), _mention("he", 1, in_quote=True)]) == ["K0", "K0"]


def test_coref_englishmen_are_many():
    assert coref.is_plural("englishmen") and coref.is_plural("workmen")
    assert not coref.is_plural("specimen") and not coref.is_plural("man")


def test_coref_hindus_and_the_community_are_many():
    # "-us" is mostly a Latin singular ("genius", "Brutus"), but a people's name in -u is many
    assert coref.is_plural("hindus") and coref.is_plural("zulus")
    assert not coref.is_plural("genius") and not coref.is_plural("status")
    assert coref.is_plural("community") and coref.is_plural("orchestra")


def test_coref_they_are_the_community_and_the_hindus(tmp_path):
    for text, group in [("Dr. Aziz walked to the mosque alone. The English community was playing "
                         "cards at the club. He did not envy them.", "The English community"),
                        ("Dr. Aziz sat in the mosque. Hindus had built the tank beside it. He loved them.", "Hindus")]:
        book = _analysed(tmp_path, "mosque.txt", text + "\n")
        aziz = next(c for c in book.characters if "Aziz" in c.name)
        by_text = {m.text: m for m in book.mentions}
        assert by_text["He"].character == aziz.id
        assert by_text["them"].entity == by_text[group].entity is not None


def test_coref_the_lady_is_not_the_one_lady_of_the_cast(tmp_path):
    # "Lady Mellanby" is the cast's one Lady, but "the lady" in lower case is any woman
    book = _analysed(tmp_path, "lady.txt",
                     "Lady Mellanby sat by the fire. Lady Mellanby was tired. "
                     "A lady came to the door, and the lady knocked twice.\n")
    lady = next(m for m in book.mentions if m.text == "the lady")
    mellanby = next(c for c in book.characters if "Mellanby" in c.name)
    assert lady.character != mellanby.id


def test_coref_a_kin_title_said_once_is_nobodys_mother(tmp_path):
    # "Mother Russia", named once, is not every "his mother" of the book
    book = _analysed(tmp_path, "russia.txt",
                     "He thought of Mother Russia. Rodion Raskolnikov walked home. "
                     "His mother was waiting for him, and his mother wept.\n")
    russia = next(c for c in book.characters if "Russia" in c.name)
    mothers = [m for m in book.mentions if m.text.lower() == "his mother"]
    assert mothers and all(m.character != russia.id for m in mothers)


def test_coref_her_father_is_the_fitting_relative_just_named(tmp_path):
    # two men may head the Elliot family, Sir Walter and the cousin Mr. Elliot, named about as
    # often: "her father" is the one named in the sentences just before
    cousin = "Mr. Elliot lived in London. Mr. Elliot wrote no letters. Mr. Elliot was rich. "
    filler = "The rain fell on the lawn. " * (coref.KIN_RECENT + 2)
    book = _analysed(tmp_path, "kellynch.txt",
                     cousin + filler + "Sir Walter Elliot sat by the fire. Sir Walter Elliot was vain. "
                     "Sir Walter Elliot read his book. Anne Elliot came in. Anne Elliot smiled at her father.\n")
    father = next(m for m in book.mentions if m.text == "her father")
    walter = next(c for c in book.characters if "Walter" in c.name)
    assert father.character == walter.id


def test_coref_the_title_is_the_one_the_book_sets_it_beside(tmp_path):
    # the book's one King is long-dead King Solomon; "the king" it keeps writing beside
    # Edmund's name is Edmund
    book = _analysed(tmp_path, "mines.txt",
                     "King Solomon built the mines long ago. King Solomon was wise. Edmund was a cruel man. "
                     "Edmund had one eye. Then Edmund the king sat on his throne. Then Edmund the king spoke "
                     "to the men. Then Edmund the king rose up. The king looked at the hunters. The king "
                     "laughed aloud.\n")
    edmund = next(c for c in book.characters if c.name == "Edmund")
    kings = [m for m in book.mentions if m.text.lower() == "the king"]
    assert len(kings) == 5 and all(m.character == edmund.id for m in kings)


def test_coref_a_voice_makes_its_speaker_the_narrations_she():
    # Frances speaks; Brett was named since (in the narration); "She looked up" after
    # Frances's speech is Frances once the second reading knows who spoke
    from personae.book import Character

    def resolved(voices):
        frances, brett, she = _mention("Frances", 0, "PROP"), _mention("Brett", 3, "PROP"), _mention("She", 6)
        frances.character, brett.character = "K0", "K1"
        cast = [Character("K0", "Frances Clyne", gender="she/her"), Character("K1", "Brett Ashley", gender="she/her")]
        coref.resolve(Book(source=None, mentions=[frances, brett, she], characters=cast),
                      {"K0": "F", "K1": "F"}, voices(she.start) if voices else None)
        return she.character

    assert resolved(None) == "K1"
    assert resolved(lambda before: [(before - 10, 5, "K0")]) == "K0"
    # a voice after the pronoun changes nothing
    assert resolved(lambda before: [(before + 10, 6, "K0")]) == "K1"


def test_coref_voices_sit_at_the_end_of_their_quotations(tmp_path):
    book = _analysed(tmp_path, "talk.txt",
                     'Mr. Hall stood at the bar.\n\n"Snow," he said. He went out.\n\nMr. Hall sat.\n')
    (quote,) = book.quotes
    assert quote.speaker is not None
    (offset, sentence, who), = coref.voices(book)
    assert (offset, who) == (quote.end, quote.speaker)
    assert book.sentences[sentence][0] <= quote.end - 1 < book.sentences[sentence][1]


def test_coref_trace_holds_the_latest_reading_only(monkeypatch):
    # the pipeline reads coref twice; learning the pronoun weights must see one reading's choices
    from personae.book import Character
    monkeypatch.setattr(coref, "TRACE", [])

    def read():
        frances, brett, she = _mention("Frances", 0, "PROP"), _mention("Brett", 1, "PROP"), _mention("She", 2)
        frances.character, brett.character = "K0", "K1"
        cast = [Character("K0", "Frances Clyne"), Character("K1", "Brett Ashley")]
        coref.resolve(Book(source=None, mentions=[frances, brett, she], characters=cast), {"K0": "F", "K1": "F"})

    read()
    read()
    assert len(coref.TRACE) == 1  # the one "She" with two candidates, once


def test_coref_a_doctor_leans_to_a_man_unless_the_pronouns_are_sure(tmp_path):
    # "Doctor Mandelet", near whom the heroine's "she" is read: a title of no stated sex that
    # the books' women seldom bore takes the surer share of pronouns a given name would
    def gender(she: int, he: int) -> str | None:
        path = tmp_path / f"doctor{she}{he}.txt"
        lines = ["Doctor Mandelet sat by the fire and she smiled at the room."] * she
        lines += ["Doctor Mandelet stood up and he walked to the door."] * he
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        book = personae.analyse(path)
        return next(c.gender for c in book.characters if "Mandelet" in c.name)

    assert gender(6, 2) == "he/him"  # 75% she: not sure enough
    assert gender(9, 0) == "she/her"


def test_narration_clock_stands_still_through_dialogue():
    # narration; two sentences of one speech; a speech with its tag; narration
    sentences = [(0, 30), (31, 50), (51, 70), (71, 100), (101, 130)]
    quotes = [(32, 69), (72, 80)]
    book = Book(source=None, sentences=sentences, quote_spans=quotes)
    assert coref.narration_clock(book) == [0, 1, 1, 1, 2]


def test_coref_a_long_dialogue_does_not_make_a_stranger_of_its_man():
    from personae.book import Character
    lines = coref.LOOKBACK_SENTENCES + 3

    def he_after(quoted: bool) -> str | None:
        carter, he = _mention("Carter", 0, "PROP", start=10), _mention("He", lines + 1, start=(lines + 1) * 100 + 5)
        carter.character = "K0"
        sentences = [(i * 100, i * 100 + 50) for i in range(lines + 2)]
        spans = [(i * 100 + 1, i * 100 + 49) for i in range(1, lines + 1)] if quoted else []
        book = Book(source=None, mentions=[carter, he], sentences=sentences, quote_spans=spans,
                    characters=[Character("K0", "Carter", gender="he/him")])
        coref.resolve(book, {"K0": "M"})
        return he.character

    assert he_after(quoted=True) == "K0"
    # the same distance in sentences of narration is past the lookback
    assert he_after(quoted=False) is None


def test_coref_a_list_of_peoples_is_no_one_a_pronoun_follows(tmp_path):
    book = _analysed(tmp_path, "mosque.txt",
                     "Dr. Aziz stood in the mosque. The arches pleased Aziz, and he tried to make a truth "
                     "of them. The temple of another creed, Hindu, Christian, or Greek, would have bored "
                     "him. Here was Islam, his own country. He sat down.\n")
    aziz = next(c for c in book.characters if "Aziz" in c.name)
    listed = [m for m in book.mentions if m.text in ("Hindu", "Christian", "Greek")]
    assert listed and all(m.entity is None and m.character is None for m in listed)
    assert all(m.character == aziz.id for m in book.mentions if m.text in ("him", "his", "He"))
    text = "both English and Indians; the Greek laughed"
    english, greek = text.index("English"), text.rindex("Greek")
    assert coref._listed_demonym(text, Mention(english, english + 7, "English", "PER", "NOM"))
    assert not coref._listed_demonym(text, Mention(greek, greek + 5, "Greek", "PER", "NOM"))


def test_coref_her_mother_is_not_the_voice_just_heard(tmp_path):
    # the first reading hears Mrs. Bennet say the line, so "her" of "said her mother" went to
    # her, and Mrs. Bennet's mother is no one: the "her" is the daughter who has a mother
    book = _analysed(tmp_path, "longbourn.txt",
                     "Mr. Bennet read his paper. Mrs. Bennet sat by the fire. Mrs. Bennet was sewing, and "
                     "Mr. Bennet was silent. Miss Jane Bennet played the piano. Miss Elizabeth Bennet came in "
                     "with a book. Miss Jane Bennet smiled. Miss Elizabeth Bennet looked at the window.\n\n"
                     "\"Have you heard the news?\" said Mrs. Bennet.\n\n"
                     "\"I shall walk to Netherfield,\" said Elizabeth.\n\n"
                     "\"You shall do nothing of the kind,\" said her mother.\n")
    cast = {c.name: c.id for c in book.characters}
    mother = next(m for m in book.mentions if m.text == "her mother")
    her = next(m for m in book.mentions if m.text == "her" and m.start == mother.start)
    assert mother.character == cast["Mrs. Bennet"]
    assert her.character == cast["Miss Elizabeth Bennet"]
    assert book.quotes[-1].speaker == cast["Mrs. Bennet"]


def test_coref_whom_she_hears_speak_is_not_she(tmp_path):
    # "Mary heard her say": the one heard is someone else than Mary (her mother, on the veranda)
    book = _analysed(tmp_path, "veranda.txt",
                     "Mrs. Lennox stood on the veranda. Mary Lennox watched from the hall. "
                     "Mary Lennox was a small girl.\n\n"
                     "\"Is it so very bad?\" Mary heard her say.\n")
    cast = {c.name: c.id for c in book.characters}
    her = next(m for m in book.mentions if m.text == "her")
    assert her.character != cast["Mary Lennox"]


def test_coref_a_generic_noun_is_the_one_called_so_before(tmp_path):
    # "the child" pages later, when the last child the book spoke of is long gone, is the one
    # it called so before, though Mrs. Lynde is the more salient
    rain = " ".join(["The rain fell on the fields."] * (coref.NOMINAL_WINDOW + 5))
    book = _analysed(tmp_path, "farm.txt",
                     "Anne Shirley came up the lane to the farm. The child looked about her. "
                     "A child sang in the road. Mrs. Rachel Lynde opened the gate. Mrs. Rachel Lynde took the bag. "
                     f"{rain} Anne Shirley sat by the stove. Mrs. Rachel Lynde watched the road. "
                     "Mrs. Rachel Lynde sighed. The child smiled.\n")
    anne = next(c for c in book.characters if "Anne" in c.name)
    assert any("Lynde" in c.name for c in book.characters)
    children = [m for m in book.mentions if m.text == "The child"]
    assert len(children) == 2
    assert [m.character for m in children] == [anne.id, anne.id]
