"""Characters stage: names cleaned and typed before clustering, on texts built here."""
import re
from collections import Counter
from types import SimpleNamespace

import personae
from personae.book import Mention
from personae.stages.characters import _settle_types


def analyse_text(tmp_path, text: str):
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return personae.analyse(path)


def test_characters_place_run_into_a_name_is_cut(tmp_path):
    text = ("The army marched to Knoxville. General Sherman rode ahead. In Knoxville the men "
            "rested. After the relief of Knoxville Sherman had proposed to go south. "
            "Sherman was pleased. Near Knoxville the river was high. ") * 3
    book = analyse_text(tmp_path, text)
    names = {c.name for c in book.characters} | {a for c in book.characters for a in c.aliases}
    assert "Knoxville Sherman" not in names
    assert any("Sherman" in c.name for c in book.characters)


def test_characters_a_title_taken_for_a_place_is_cut_but_not_an_emperors():
    # War and Peace: "Count Rostóv" is cut to "Rostóv" (clustering wants it), but "the
    # Emperor Alexander" keeps his title, or he is Prince Alexander Golítsyn's "Alexander"
    from personae.stages.characters import _trim_places
    mentions = [Mention(0, 17, "Emperor Alexander", "PER", "PROP"), Mention(30, 42, "Count Rostóv", "PER", "PROP")]
    book = SimpleNamespace(source=SimpleNamespace(text=" " * 100), mentions=mentions)
    _trim_places(book, {"Emperor": "GPE", "Count": "GPE", "Alexander": "PER", "Rostóv": "PER"})
    assert [m.text for m in book.mentions] == ["Emperor Alexander", "Rostóv"]


def test_characters_a_state_after_its_town_or_beside_a_place_is_a_place():
    # Grant's "Maysville, Kentucky", "Tennessee and Kentucky": the recogniser's person
    text = ("He was born at Maysville, Kentucky. Kentucky was loyal. Armies held Tennessee and "
            "Kentucky. At Maysville, Kentucky, he read. Kentucky voted. Kentucky wavered.")
    mentions = []
    for name, kind in (("Maysville", "GPE"), ("Tennessee", "GPE"), ("Kentucky", "PER")):
        mentions += [Mention(m.start(), m.end(), name, kind, "PROP", before=text[:m.start()].split()[-1])
                     for m in re.finditer(name, text)]
    book = SimpleNamespace(mentions=sorted(mentions, key=lambda m: m.start), source=SimpleNamespace(text=text))
    _settle_types(book)
    assert {m.type for m in book.mentions if m.text == "Kentucky"} == {"GPE"}


def test_characters_named_rivers_and_forts_are_places():
    # typed as persons by the recogniser; their last or first word says they are places
    book = SimpleNamespace(source=SimpleNamespace(text=" " * 1000), mentions=[Mention(0, 11, "James River", "PER", "PROP"),
                                     Mention(20, 34, "Fort Pemberton", "PER", "PROP"),
                                     Mention(100, 115, "Piazza Signoria", "PER", "PROP"),
                                     Mention(120, 143, "Investigation Department", "PER", "PROP"),
                                     Mention(150, 160, "Carra Head", "PER", "PROP"),
                                     Mention(170, 181, "Orrock Hall", "PER", "PROP"),
                                     Mention(190, 200, "Henry Hall", "PER", "PROP"),
                                     Mention(40, 48, "Mr. Hill", "PER", "PROP"),
                                     Mention(50, 59, "John Hale", "PER", "PROP")])
    _settle_types(book)
    assert [m.type for m in book.mentions] == ["LOC", "FAC", "FAC", "ORG", "LOC", "FAC", "PER", "PER", "PER"]


def test_characters_sentence_opening_word_is_cut_from_a_name(tmp_path):
    text = ("Aziz went to the club. He saw Fielding there with Aziz. Unluckily Aziz was late "
            "again. Then Aziz laughed. Fielding said nothing to Aziz. ") * 3
    book = analyse_text(tmp_path, text)
    names = {c.name for c in book.characters} | {a for c in book.characters for a in c.aliases}
    assert "Aziz" in names
    assert not any(n.startswith("Unluckily") for n in names)


def test_characters_full_name_the_recogniser_missed_is_found(tmp_path):
    text = ("Emma Woodhouse, handsome, clever, and rich, had lived nearly twenty-one years. "
            + "Emma smiled at her father. Mr. Woodhouse was nervous. Miss Woodhouse went out. " * 4)
    book = analyse_text(tmp_path, text)
    emma = next(c for c in book.characters if c.name == "Emma Woodhouse")
    assert "Miss Woodhouse" in emma.aliases
    assert not any(c.name == "Mr. Woodhouse" and "Emma" in c.aliases for c in book.characters)


def test_characters_a_first_name_never_used_alone_before_a_titled_surname_is_a_full_name():
    from collections import Counter

    from personae.book import Book
    from personae.sources import Chapter, Source
    from personae.stages import characters
    text = "It was Euphemia Dow who told me. Grace Dow laughed. Walter Barr came, and Agnes Barr."
    source = Source("x.txt", text, "txt", "utf-8", "0", (0, len(text)), (Chapter("", 0, len(text)),))
    # "grace" is a word of the book; Agnes is a woman's name, and the only Barr the book
    # titles is a man
    found = characters._unseen_full_names(Book(source=source), Counter({"Miss Dow": 3, "Mr. Barr": 2}),
                                          Counter({"grace": 2}))
    assert found == ["Euphemia Dow", "Walter Barr"]


def test_characters_a_proper_mention_that_is_only_a_possessive_ending_is_dropped():
    from personae.book import Book
    from personae.sources import Chapter, Source
    from personae.stages import characters
    text = "Sam\u2019s father came. Sam laughed. Sam ran."
    source = Source("x.txt", text, "txt", "utf-8", "0", (0, len(text)), (Chapter("", 0, len(text)),))
    book = Book(source=source, mentions=[Mention(3, 5, "\u2019s", "GPE", "PROP"),
                                         Mention(19, 22, "Sam", "PER", "PROP", sentence=1),
                                         Mention(32, 35, "Sam", "PER", "PROP", sentence=2)],
                sentences=[(0, 18), (19, 31), (32, 41)])
    characters.run(book)
    assert [m.text for m in book.mentions if m.kind == "PROP"][-2:] == ["Sam", "Sam"]
    assert all(m.text != "\u2019s" for m in book.mentions)


def test_characters_a_name_found_again_records_the_word_before_it():
    # "the Casino" the recogniser missed: the rules that read the word before a name
    # ("in", "to", "the") see it as they see the recogniser's own mentions
    from personae.book import Book
    from personae.sources import Chapter, Source
    from personae.stages.characters import _add_missed_names
    text = 'They went to the Casino. "Casino, Casino!" Near the\nCasino stood Polina.'
    source = Source("x.txt", text, "txt", "utf-8", "0", (0, len(text)), (Chapter("", 0, len(text)),))
    first = text.index("Casino")
    book = Book(source=source, mentions=[Mention(first, first + 6, "Casino", "PER", "PROP", before="the")],
                sentences=[(0, 24), (25, len(text))])
    _add_missed_names(book, Counter({"Casino": 2}), Counter())
    assert [m.before for m in book.mentions] == ["the", '"', ",", "the"]


def test_characters_given_name_the_recogniser_nearly_always_calls_a_place_stays_a_place():
    # "India" is a given name too; typed a place 20 times and a person once, it is a place,
    # while "Lydia", typed an organisation twice and a person once, is a person, and so is
    # "Rose", typed a building twenty times
    mentions = [Mention(i * 10, i * 10 + 5, "India", "GPE", "PROP") for i in range(20)]
    mentions += [Mention(300, 305, "India", "PER", "PROP")]
    mentions += [Mention(400 + i * 10, 405 + i * 10, "Lydia", t, "PROP") for i, t in enumerate(["ORG", "ORG", "PER"])]
    mentions += [Mention(600 + i * 10, 604 + i * 10, "Rose", "FAC", "PROP") for i in range(20)]
    book = SimpleNamespace(mentions=mentions, source=SimpleNamespace(text=" " * 1000))
    _settle_types(book)
    assert {m.type for m in book.mentions if m.text == "India"} == {"GPE"}
    assert {m.type for m in book.mentions if m.text == "Rose"} == {"PER"}
    assert {m.type for m in book.mentions if m.text == "Lydia"} == {"PER"}


def test_characters_a_title_the_book_calls_someone_by_is_one_of_their_names():
    from collections import Counter

    from personae.book import Book, Character
    from personae.stages import characters
    from personae.stages.names import NameCluster
    mentions = [Mention(0, 16, "General Perovski", "PER", "PROP", "K0")]
    mentions += [Mention(20 + i * 20, 31 + i * 20, "the General", "PER", "NOM", "K0") for i in range(5)]
    mentions += [Mention(200, 210, "the doctor", "PER", "NOM", "K0")]
    # "the lady", however often, is any woman: no name (The Secret Adversary's Tuppence)
    mentions += [Mention(300 + i * 20, 308 + i * 20, "the lady", "PER", "NOM", "K0") for i in range(8)]
    book = Book(source=None, mentions=mentions, characters=[Character("K0", "General Perovski")],
                name_clusters=[NameCluster(names=Counter({"General Perovski": 1}))])
    characters.finish(book)
    assert book.characters[0].aliases == ["the General"]  # not "the doctor": no capital, no name


def test_characters_a_word_too_rare_in_the_book_to_judge_is_judged_by_how_novels_write_it():
    # "Hither" and "Tobias" each open one sentence and are never written otherwise: novels
    # write "hither" in lower case, so it is no one's name; "Tobias" is one
    from collections import Counter

    from personae.stages.characters import _trim_common_words, ordinary_words
    text = "Hither came the boat. Tobias came at dawn. The mill was quiet."
    source = SimpleNamespace(text=text, body=(0, len(text)), paragraph_starts=())
    book = SimpleNamespace(source=source, mentions=[Mention(0, 6, "Hither", "PER", "PROP"),
                                                    Mention(22, 28, "Tobias", "PER", "PROP")])
    _trim_common_words(book, Counter(w.lower() for w in text.split() if w.islower()))
    assert [m.text for m in book.mentions] == ["Tobias"]
    assert "hither" in ordinary_words() and "tobias" not in ordinary_words()


def test_characters_a_one_word_name_after_the_that_no_one_calls_he_or_she_is_a_thing():
    from collections import Counter

    from personae.book import Book, Character, Quote
    from personae.stages import characters
    from personae.stages.names import NameCluster
    mentions = [Mention(i * 30, i * 30 + 9, "Kittiwake", "PER", "PROP", "K0", before="the") for i in range(4)]
    mentions += [Mention(200 + i * 30, 206 + i * 30, "Hatter", "PER", "PROP", "K1", before="the") for i in range(4)]
    book = Book(source=None, mentions=mentions,
                characters=[Character("K0", "Kittiwake"), Character("K1", "Hatter")],
                name_clusters=[NameCluster(names=Counter({"Kittiwake": 4})), NameCluster(names=Counter({"Hatter": 4}))],
                quotes=[Quote(300, 320, speaker="K1"), Quote(330, 340, speaker="K1"),
                        Quote(350, 360, speaker="K0")])
    characters.finish(book)
    assert [c.name for c in book.characters] == ["Hatter"]  # the Hatter talks
    assert [q.speaker for q in book.quotes] == ["C0", "C0", None]  # one line given to a ship is an error


def test_characters_a_name_said_mostly_after_of_the_is_a_thing_whatever_its_pronouns():
    # "the Army of the Potomac": coreference gave "the Potomac" a he now and then
    from collections import Counter

    from personae.book import Character
    from personae.stages import characters
    from personae.stages.names import NameCluster
    text = "In the Army of the Potomac he served. " * 4 + "General Hooker came to the Potomac. He saw General Hooker."
    mentions = [Mention(m.start(), m.end(), "the Potomac", "PER", "PROP", "K0", before="of")
                for m in re.finditer("the Potomac", text)]
    mentions += [Mention(m.start(), m.end(), m.group(), "PER", "PRON", "K0") for m in re.finditer(r"\b[Hh]e\b", text)]
    mentions += [Mention(m.start(), m.end(), "General Hooker", "PER", "PROP", "K1")
                 for m in re.finditer("General Hooker", text)]
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    book.characters = [Character("K0", "Potomac"), Character("K1", "General Hooker")]
    book.name_clusters = [NameCluster(names=Counter({"the Potomac": 5})),
                          NameCluster(names=Counter({"General Hooker": 2}), titles={"general"})]
    characters.finish(book)
    assert [c.name for c in book.characters] == ["General Hooker"]
    # its mentions stay one coreference chain, as coreference made them
    dropped = {m.entity for m in book.mentions if m.character is None}
    assert len(dropped) == 1 and None not in dropped


def test_characters_a_thing_given_a_few_lines_by_mistake_is_still_a_thing():
    # "the Casino", named twenty times, given three lines (and their "I") by the speakers
    # stage; the Hatter, named five times, speaks three
    from collections import Counter

    from personae.book import Book, Character, Quote
    from personae.stages import characters
    from personae.stages.names import NameCluster
    mentions = [Mention(i * 30, i * 30 + 6, "Casino", "PER", "PROP", "K0", before="the") for i in range(20)]
    mentions += [Mention(700 + i * 30, 706 + i * 30, "Hatter", "PER", "PROP", "K1", before="the") for i in range(5)]
    mentions += [Mention(900 + i * 30, 901 + i * 30, "I", "PER", "PRON", "K0", in_quote=True) for i in range(3)]
    quotes = [Quote(899 + i * 30, 910 + i * 30, speaker="K0") for i in range(3)]
    quotes += [Quote(1000 + i * 30, 1010 + i * 30, speaker="K1") for i in range(3)]
    book = Book(source=None, mentions=mentions, quotes=quotes,
                characters=[Character("K0", "Casino"), Character("K1", "Hatter")],
                name_clusters=[NameCluster(names=Counter({"Casino": 20})), NameCluster(names=Counter({"Hatter": 5}))])
    characters.finish(book)
    assert [c.name for c in book.characters] == ["Hatter"]


def _book_of(text: str, mentions: list[Mention]):
    from personae.book import Book
    from personae.sources import Chapter, Source
    source = Source("x.txt", text, "txt", "utf-8", "0", (0, len(text)), (Chapter("", 0, len(text)),))
    return Book(source=source, mentions=mentions, sentences=[(0, len(text))])


def test_characters_a_nationality_left_when_an_ordinary_word_is_cut_off_names_nobody():
    # Howards End's "so thoroughly Old English": "Old", an ordinary word, is cut off and
    # leaves "English", which named no one before and must not name anyone now
    from personae.stages import characters
    text = ("It is so thoroughly Old English. The old house, the old tree, the old wall, the old man, "
            "the old lane. Such Old English charm. Tom smiled. Tom went. English music, said Tom.")
    mentions = [Mention(m.start(), m.end(), m.group(), "PER", "PROP")
                for m in re.finditer(r"Old English|Tom", text)]
    book = _book_of(text, mentions)
    characters.run(book)
    assert [c.name for c in book.characters] == ["Tom"]
    assert not any(m.text == "English" and m.kind == "PROP" for m in book.mentions)


def test_characters_a_heading_numeral_and_an_exclaimed_word_name_nobody():
    from personae.stages import characters
    text = "XXII\n\nWhew! said Tom. Whew! Tom ran. Tom laughed. LIV came. \"Bath-\" she began."
    at = {w: [i for i in range(len(text)) if text.startswith(w, i)] for w in ("XXII", "Whew", "Tom", "LIV", "Bath-")}
    mentions = [Mention(at["XXII"][0], at["XXII"][0] + 4, "XXII", "PER", "PROP")]
    mentions += [Mention(at["Bath-"][0], at["Bath-"][0] + 5, "Bath-", "PER", "PROP")]  # a name broken off
    mentions += [Mention(s, s + 4, "Whew", "PER", "PROP") for s in at["Whew"]]
    mentions += [Mention(s, s + 3, "Tom", "PER", "PROP") for s in at["Tom"]]
    book = _book_of(text, mentions)
    characters.run(book)
    assert [c.name for c in book.characters] == ["Tom"]
    assert {m.text for m in book.mentions} == {"Tom"}


def test_characters_an_exclaimed_two_words_are_no_one_but_poor_jane_is_jane():
    from personae.stages import characters
    text = "Mein Gott! he cried. Mein Gott! Poor Jane! Jane wept. Jane slept."
    names = ["Mein Gott", "Poor Jane", "Jane"]
    mentions = sorted((Mention(m.start(), m.end(), m.group(), "PER", "PROP")
                       for m in re.finditer("|".join(names), text)), key=lambda m: m.start)
    book = _book_of(text, mentions)
    characters.run(book)
    assert "Mein Gott" not in {m.text for m in book.mentions}
    assert sum(m.character is not None for m in book.mentions if "Jane" in m.text) == 3


def test_characters_a_table_of_contents_line_in_title_case_names_nobody():
    # a contents line no chapter starts at: "Jonah Historically" is a heading's words; a
    # chapter line listing people in running case keeps its names
    from personae.stages import characters
    text = ("    CHAPTER 83. Jonah Historically Regarded.\n"
            "Chapter VI: The Reverend Arthur Beebe, the Reverend Cuthbert Eager\n\n"
            "Jonah prayed. Jonah slept. Jonah woke.")
    names = ["Jonah Historically", "Reverend Arthur Beebe", "Reverend Cuthbert Eager", "Jonah"]
    mentions = sorted((Mention(m.start(), m.end(), m.group(), "PER", "PROP")
                       for m in re.finditer("|".join(names), text)), key=lambda m: m.start)
    book = _book_of(text, mentions)
    characters.run(book)
    found = {m.text for m in book.mentions}
    assert "Jonah Historically" not in found and "Reverend Arthur Beebe" in found


def test_characters_a_title_used_alone_for_someone_never_named_is_a_character():
    # Alice's "the Duchess": a capitalised title, used again and again, no named Duchess;
    # "the Doctor" of a book with a Dr. Bull may be him, so it starts no one; "the Lord" is God
    from personae.stages import characters
    # nor "the Professor" of a book that once writes "Professor Van Helsing" (the recogniser
    # taking "Van Helsing" only)
    words = ["the Duchess"] * 8 + ["Dr. Bull"] * 3 + ["the Doctor"] * 8 + ["the Lord"] * 8 + ["the Professor"] * 8
    text, mentions = "Professor ", [Mention(10, 21, "Van Helsing", "PER", "PROP")]
    text += "Van Helsing came. "
    for w in words:
        kind = "PROP" if w == "Dr. Bull" else "NOM"
        mentions.append(Mention(len(text), len(text) + len(w), w, "PER", kind))
        text += w + " spoke. "
    book = _book_of(text, mentions)
    characters.run(book)
    characters.finish(book)
    names = [c.name for c in book.characters]
    # ("Van Helsing", named once and never a he here, is no one in this story)
    assert names[:2] == ["the Duchess", "Dr. Bull"]
    assert not {"the Doctor", "the Lord", "the Professor"} & set(names)
    duchess = book.characters[0]
    assert duchess.nominal == 8 and duchess.proper == 0
    assert book.name_clusters and book.characters[0].aliases == []


def test_characters_a_title_said_long_before_its_one_named_holder_is_someone_else():
    # Huckleberry Finn: "the king" of a hundred pages before the "King Lear" of his show
    # is a character of his own, as the book writes him; so is "the duke", in lower case
    # but a rank; "the Colonel" named after Colonel Grange comes in is Colonel Grange
    from personae.stages import characters
    # "the general" said six times before General Sapt is named, who is named more: he
    # "the lady", in lower case, is any woman (The Hound of the Baskervilles): no character
    words = (["the king"] * 6 + ["the duke"] * 8 + ["the lady"] * 9 + ["King Lear"] * 2 + ["the king"] * 3
             + ["Colonel Grange"] * 3 + ["the Colonel"] * 4 + ["the king"] * 2
             + ["the general"] * 6 + ["General Sapt"] * 8 + ["the general"] * 2)
    text, mentions = "", []
    for w in words:
        kind = "PROP" if w[0].isupper() else "NOM"
        mentions.append(Mention(len(text), len(text) + len(w), w, "PER", kind))
        text += w + " spoke. "
    book = _book_of(text, mentions)
    characters.run(book)
    characters.finish(book)
    chars = {c.name: c for c in book.characters}
    assert chars["the king"].nominal == 11 and chars["King Lear"].nominal == 0
    assert chars["the duke"].nominal == 8
    assert "the lady" not in chars
    assert chars["Colonel Grange"].nominal == 4
    assert chars["General Sapt"].nominal == 8


def test_characters_a_place_run_onto_the_end_of_a_name_is_cut():
    # "left Margaret Howards End": the book names Howards End often on its own; but
    # "Beachfield Bristol" keeps its "Bristol", "Beachfield" being no given name
    from personae.stages import characters
    text, mentions = "", []
    for name, kind in [("Margaret", "PER")] * 3 + [("Howards End", "FAC")] * 3 + [("Bristol", "GPE")] * 3 + [
            ("Margaret Howards End", "PER"), ("Beachfield Bristol", "PER"), ("Beachfield", "PER")]:
        mentions.append(Mention(len(text), len(text) + len(name), name, kind, "PROP"))
        text += name + " was there. "
    book = _book_of(text, mentions)
    characters.run(book)
    names = {n for c in book.name_clusters for n in c.names}
    assert names == {"Margaret", "Beachfield Bristol", "Beachfield"}


def _conversation(lines, narrated, names: list[str], sexes: str = "", unnamed=(), also=None, between=" "):
    """A book of quotations `lines` ((speaker id, words, the name in them or None, its id)),
    then narration naming each (name, id) of `narrated` once; characters K0, K1... are
    `names`, gendered by `sexes` ("MF.."), and U0, U1... the nameless speakers `unnamed`
    ((description, gender)), each described once in the narration; `also` maps a character's
    index to more names of theirs (name -> uses); the lines one paragraph each if `between`
    is "\n\n"; join_addressed_kin run on it."""
    from personae.book import Character, Quote
    from personae.stages import characters
    from personae.stages.names import NameCluster, parse
    text, mentions, quotes = "", [], []
    for speaker, words, name, who in lines:
        start = len(text) + 1
        if name:
            at = start + words.index(name)
            mentions.append(Mention(at, at + len(name), name, "PER", "PROP", who, in_quote=True))
        quotes.append(Quote(start, start + len(words), speaker))
        text += f'"{words}"' + between
    for name, who in narrated:
        mentions.append(Mention(len(text), len(text) + len(name), name, "PER", "PROP", who))
        text += name + " sat. "
    for i, (description, _) in enumerate(unnamed):
        mentions.append(Mention(len(text), len(text) + len(description), description, "PER", "NOM", f"U{i}"))
        text += description + " sat. "
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    book.quotes = quotes
    book.characters = [Character(f"K{i}", n) for i, n in enumerate(names)]
    book.characters += [Character(f"U{i}", d, gender=g) for i, (d, g) in enumerate(unnamed)]
    book.name_clusters = []
    for i, n in enumerate(names):
        cluster = NameCluster()
        cluster.add(n, parse(n), 3)
        for other, uses in (also or {}).get(i, {}).items():
            cluster.add(other, parse(other), uses)
        if i < len(sexes):
            cluster.gender_votes[sexes[i]] += 3
        book.name_clusters.append(cluster)
    characters.join_addressed_kin(book)
    return book


def _called_in_dialogue(narrator_name: str, called: str, answerer: str, other: str, narrated: bool = False):
    """K0 (`narrator_name`) calls `called` (K1) and `other` (K3) three times each; K2
    (`answerer`, named so in the narration) answers every call. Then join_addressed_kin."""
    lines = [("K0", f"Come here, {called}, now.", called, "K1"), ("K2", "I am coming.", None, None),
             ("K0", f"Hurry, {other}, hurry.", other, "K3"), ("K2", "He is asleep.", None, None)] * 3
    narration = [(narrator_name, "K0"), (answerer, "K2")] * 3 + [(called, "K1")] * (4 if narrated else 0)
    return _conversation(lines, narration, [narrator_name, called, answerer, other])


def test_characters_a_kin_name_said_in_dialogue_is_the_name_of_whoever_answers_it():
    # "Aunt Juley", as Margaret calls her, answers as "Mrs. Munt", as the narrator does;
    # "Uncle Tom", answered by Mrs. Munt, is not her: an uncle is a man
    book = _called_in_dialogue("Margaret", "Aunt Juley", "Mrs. Munt", "Uncle Tom")
    assert {m.character for m in book.mentions if m.text == "Aunt Juley"} == {"K2"}
    assert {m.character for m in book.mentions if m.text == "Uncle Tom"} == {"K3"}
    assert "Aunt Juley" in book.name_clusters[2].names


def test_characters_a_name_said_twice_in_one_call_is_one_call():
    # "Heaslop, Heaslop, next time...": two calls by name in one quotation are one call, so
    # two such quotations, answered, are too few to make "Aunt Juley" Mrs. Munt's
    lines = [("K0", "Aunt Juley, Aunt Juley, come.", "Aunt Juley", "K1"), ("K2", "I am coming.", None, None)] * 2
    book = _conversation(lines, [("Margaret", "K0"), ("Mrs. Munt", "K2")] * 3, ["Margaret", "Aunt Juley", "Mrs. Munt"])
    text = book.source.text
    for q in book.quotes:  # the second "Aunt Juley" of each call, a mention too
        at = text.find("Aunt Juley", text.find("Aunt Juley", q.start, q.end) + 1, q.end)
        if text.find("Aunt Juley", q.start, q.end) >= 0 and at >= 0:
            book.mentions.append(Mention(at, at + 10, "Aunt Juley", "PER", "PROP", "K1", in_quote=True))
    book.mentions.sort(key=lambda m: m.start)
    from personae.stages import characters
    characters.join_addressed_kin(book)
    assert {m.character for m in book.mentions if m.text == "Aunt Juley"} == {"K1"}


def test_characters_a_nameless_speaker_who_answers_to_a_name_is_its_bearer():
    # "the Jew", as the narrator calls him, answers every call to "Fagin": he is Fagin, and
    # the narration's "the Jew" with him; "the girl" answers the calls to "Bill", but a
    # girl is no man
    lines = ([("K0", "Come here, Fagin, now.", "Fagin", "K1"), ("U0", "I am coming.", None, None)] * 3
             + [("K0", "Wake up, Bill, now.", "Bill", "K2"), ("U1", "He is asleep.", None, None)] * 3)
    narration = [("Oliver", "K0"), ("Fagin", "K1"), ("Bill", "K2")]
    book = _conversation(lines, narration, ["Oliver", "Fagin", "Bill"], "MMM",
                         unnamed=[("the Jew", "he/him"), ("the girl", "she/her")])
    text = book.source.text
    assert {q.speaker for q in book.quotes if text[q.start:q.end].startswith("I am")} == {"K1"}
    assert {m.character for m in book.mentions if m.text == "the Jew"} == {"K1"}
    assert book.name_clusters[1].epithets == {"the Jew": 1}
    assert {m.character for m in book.mentions if m.text == "the girl"} == {"U1"}
    assert [c.id for c in book.characters] == ["K0", "K1", "K2", "U1"]


def test_characters_a_given_name_said_in_dialogue_is_his_whom_the_narration_calls_by_surname():
    # "Charles", as his sisters call him, answered by Mr. Bingley, whom the narration calls
    # "Mr. Bingley" and "Bingley": a bare surname is no given name he goes by
    lines = [("K0", "My dear Charles, what do you mean?", "Charles", "K1"), ("K2", "I mean it.", None, None)] * 3
    narration = [("Caroline", "K0"), ("Mr. Bingley", "K2")] * 3
    book = _conversation(lines, narration, ["Caroline", "Charles", "Mr. Bingley"], "FMM",
                         also={2: {"Bingley": 40}})
    assert {m.character for m in book.mentions if m.text == "Charles"} == {"K2"}


def test_characters_a_pet_name_said_only_in_dialogue_is_the_name_it_comes_from():
    # "Faguey", as the Dodger calls him, answered by Fagin, is Fagin's; "Bill", answered by
    # him too, begins like no name of his
    book = _called_in_dialogue("Dodger", "Faguey", "Fagin", "Bill")
    assert {m.character for m in book.mentions if m.text == "Faguey"} == {"K2"}
    assert {m.character for m in book.mentions if m.text == "Bill"} == {"K3"}
    # said in the narration too, it is someone's own name
    book = _called_in_dialogue("Dodger", "Faguey", "Fagin", "Bill", narrated=True)
    assert {m.character for m in book.mentions if m.text == "Faguey"} == {"K1"}
    # a call that is no first name ("Work'us", as Noah calls Oliver) needs no common start
    book = _called_in_dialogue("Noah", "Work'us", "Oliver", "Bill")
    assert {m.character for m in book.mentions if m.text == "Work'us"} == {"K2"}
    # the narration may say a pet name once in ten calls ("Incubu, as the natives called Sir
    # Henry"), not more
    calls = [("K0", "Come here, Incubu, now.", "Incubu", "K1"), ("K2", "I am coming.", None, None)] * 10
    for narrated, joined in ((1, "K2"), (2, "K1")):
        book = _conversation(calls, [("Quatermain", "K0"), ("Henry", "K2")] * 3 + [("Incubu", "K1")] * narrated,
                             ["Quatermain", "Incubu", "Henry"])
        assert {m.character for m in book.mentions if m.text == "Incubu"} == {joined}


def test_characters_a_bare_given_name_said_only_in_dialogue_is_the_name_of_whoever_answers_it():
    # "Mary", as Mr. Turton calls his wife, is "Mrs. Turton"; "John", answered by her too, is not
    book = _called_in_dialogue("Mr. Turton", "Mary", "Mrs. Turton", "John")
    assert {m.character for m in book.mentions if m.text == "Mary"} == {"K2"}
    assert {m.character for m in book.mentions if m.text == "John"} == {"K3"}


def test_characters_a_titled_surname_said_in_dialogue_is_the_name_of_whoever_answers_it():
    # "Mr. Vyse", as the others call him, is "Cecil", as the narrator does; "Mrs. Vyse",
    # answered by him too, is not: he is a man
    book = _called_in_dialogue("Lucy", "Mr. Vyse", "Cecil", "Mrs. Vyse")
    assert {m.character for m in book.mentions if m.text == "Mr. Vyse"} == {"K2"}
    assert {m.character for m in book.mentions if m.text == "Mrs. Vyse"} == {"K3"}
    assert "Mr. Vyse" in book.name_clusters[2].names
    # one whom the narration calls so too is somebody else
    book = _called_in_dialogue("Lucy", "Mr. Vyse", "Cecil", "Mrs. Vyse", narrated=True)
    assert {m.character for m in book.mentions if m.text == "Mr. Vyse"} == {"K1"}
    # one who bears that surname in full answers to it too ("Mr. Hersheimmer" is Julius P.
    # Hersheimmer); one who bears another does not
    book = _called_in_dialogue("Tommy", "Mr. Hersheimmer", "Julius P. Hersheimmer", "Mrs. Vyse")
    assert {m.character for m in book.mentions if m.text == "Mr. Hersheimmer"} == {"K2"}
    book = _called_in_dialogue("Tommy", "Mr. Hersheimmer", "Julius P. Carter", "Mrs. Vyse")
    assert {m.character for m in book.mentions if m.text == "Mr. Hersheimmer"} == {"K1"}



def _self_named(lines, names, unnamed=(), genders=None):
    """_conversation's book of `lines`, a paragraph each, then join_self_named on it."""
    from personae.stages import characters
    book = _conversation(lines, [(n, f"K{i}") for i, n in enumerate(names)], names, unnamed=unnamed, between="\n\n")
    for c in book.characters:
        c.gender = (genders or {}).get(c.id, c.gender)
    characters.join_self_named(book)
    return book


def test_characters_a_name_a_speaker_gives_as_their_own_is_theirs():
    # "I am Inspector Ratcliffe," says the man the book has called the Marquis: the epithet
    # and his lines become Ratcliffe's
    book = _self_named([("K0", "Who are you?", None, None),
                        ("U0", "I am Inspector Ratcliffe, of the police.", "Inspector Ratcliffe", "K1")],
                       ["Syme", "Inspector Ratcliffe"], unnamed=[("the Marquis", "he/him")])
    assert [q.speaker for q in book.quotes] == ["K0", "K1"]
    assert {m.character for m in book.mentions if m.text == "the Marquis"} == {"K1"}
    assert book.name_clusters[1].epithets == {"the Marquis": 1}
    assert [c.id for c in book.characters] == ["K0", "K1"]
    # "My name is Hobin," says Georgette: Hobin is one of her names
    book = _self_named([("K1", "Who are you?", None, None), ("K0", "Not at all. My name is Hobin.", "Hobin", "K2")],
                       ["Georgette", "Jake", "Hobin"])
    assert {m.character for m in book.mentions if m.text == "Hobin"} == {"K0"}
    assert "Hobin" in book.name_clusters[0].names
    # a call may stand in the statement: "my name, sir, is Brownlow"
    book = _self_named([("K1", "Who are you?", None, None), ("K0", "My name, sir, is Hobin.", "Hobin", "K2")],
                       ["Georgette", "Jake", "Hobin"])
    assert {m.character for m in book.mentions if m.text == "Hobin"} == {"K0"}


def _stated_alias(sentence: str, people: dict[str, tuple[str, int, str]], join: str = "join_stated_aliases",
                  last: bool = False):
    """A book of `sentence` then (or, if `last`, after), for each name (id, times, gender) of
    `people`, that many sentences naming it; `join` (join_stated_aliases) run on it."""
    from personae.book import Character
    from personae.stages import characters
    from personae.stages.names import NameCluster, parse
    text, mentions = "", []
    named = [f"{name} sat." for name, (_, times, _) in people.items() for _ in range(times)]
    for part in named + [sentence] if last else [sentence] + named:
        for name, (who, _, _) in people.items():
            for found in re.finditer(re.escape(name), part):
                mentions.append(Mention(len(text) + found.start(), len(text) + found.end(), name, "PER", "PROP", who))
        text += part + " "
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    ids = sorted({who for who, _, _ in people.values()})
    genders = {who: g for who, _, g in people.values()}
    book.characters = [Character(who, next(n for n, p in people.items() if p[0] == who), gender=genders[who]) for who in ids]
    book.name_clusters = []
    for who in ids:
        cluster = NameCluster()
        for name, (owner, times, _) in people.items():
            if owner == who:
                cluster.add(name, parse(name), times)
        book.name_clusters.append(cluster)
    getattr(characters, join)(book)
    return book


def test_characters_two_names_the_book_gives_as_one_persons_are_one_character():
    # "Mr. John Dawkins, otherwise the Artful Dodger": the less named joins the more named
    people = {"John Dawkins": ("K0", 2, "he/him"), "Artful Dodger": ("K1", 9, "he/him")}
    book = _stated_alias("Then came Mr. John Dawkins, otherwise the Artful Dodger, grinning.", people)
    assert {m.character for m in book.mentions} == {"K1"}
    assert "John Dawkins" in book.name_clusters[1].names
    assert [c.id for c in book.characters] == ["K1"]
    book = _stated_alias("She told him of Mr. Wilcox, or, as I must now call him, Henry.",
                         {"Mr. Wilcox": ("K0", 9, "he/him"), "Henry": ("K1", 4, "he/him")})
    assert {m.character for m in book.mentions} == {"K0"}
    # a list, or a man and a woman, are not one person
    book = _stated_alias("Then came John Dawkins, and the Artful Dodger.", people)
    assert {m.character for m in book.mentions if m.text == "John Dawkins"} == {"K0"}
    book = _stated_alias("Then came John Dawkins, otherwise Nancy.",
                         {"John Dawkins": ("K0", 2, "he/him"), "Nancy": ("K1", 9, "she/her")})
    assert {m.character for m in book.mentions if m.text == "John Dawkins"} == {"K0"}


def test_characters_a_maiden_name_and_a_married_one_are_one_woman():
    def bumbles(sentence: str, last: bool = False, mrs_bumble: int = 3):
        people = {"Mrs. Bumble": ("K2", mrs_bumble, "she/her"), "Mr. Bumble": ("K0", 9, "he/him"),
                  "Mrs. Corney": ("K1", 6, "she/her")}
        book = _stated_alias(sentence, people, "join_married_names", last)
        return {m.character for m in book.mentions if m.text in ("Mrs. Corney", "Mrs. Bumble")}
    # the narration says so: she is the one "Mrs." of the husband's surname
    assert len(bumbles("Mr. Bumble had married Mrs. Corney, and was master of the house.")) == 1
    # not a wish, nor a mother of his the book named before the bride came into it
    assert len(bumbles("If only Mr. Bumble had married Mrs. Corney!")) == 2
    assert len(bumbles("Mr. Bumble had married Mrs. Corney.", last=True, mrs_bumble=6)) == 2
    # a wife may be "Mrs." and his given name
    people = {"Mrs. Charles": ("K2", 3, "she/her"), "Charles Wilcox": ("K0", 9, "he/him"), "Dolly": ("K1", 6, "she/her")}
    book = _stated_alias("Charles Wilcox had married Dolly.", people, "join_married_names")
    assert {m.character for m in book.mentions if m.text in ("Dolly", "Mrs. Charles")} == {"K1"}
    # "Mrs. Weston (poor Miss Taylor that was)"
    people = {"Mrs. Weston": ("K0", 9, "she/her"), "Miss Taylor": ("K1", 4, "she/her")}
    book = _stated_alias("Nor Mrs. Weston (poor Miss Taylor that was) would suffer it.", people, "join_married_names")
    assert {m.character for m in book.mentions} == {"K0"}
    book = _stated_alias("Nor Mrs. Weston, Miss Taylor that lived here, would suffer it.", people, "join_married_names")
    assert {m.character for m in book.mentions} == {"K0", "K1"}
    # "Miss Hamilton, now Mrs Smith, had been kind"; not a name with no married title
    people = {"Mrs Smith": ("K0", 9, "she/her"), "Miss Hamilton": ("K1", 4, "she/her")}
    book = _stated_alias("Miss Hamilton, now Mrs Smith, had been kind.", people, "join_married_names")
    assert {m.character for m in book.mentions} == {"K0"}
    book = _stated_alias("Miss Hamilton, now Mr Smith, had been kind.",
                         {"Mr Smith": ("K0", 9, "she/her"), "Miss Hamilton": ("K1", 4, "she/her")}, "join_married_names")
    assert {m.character for m in book.mentions} == {"K0", "K1"}


def test_characters_a_name_is_not_a_speakers_own_when_said_otherwise():
    def hobin_after(line: str, name: str = "Hobin", genders=None, first=("K1", "Who are you?", None, None)):
        book = _self_named([first, ("K0", line, name, "K2")], ["Georgette", "Jake", name], genders=genders)
        return {m.character for m in book.mentions if m.text == name}

    assert hobin_after("As sure as I am Hobin, you will pay.") == {"K2"}  # an oath
    assert hobin_after("If I am Hobin, who are you?") == {"K2"}  # a supposition
    assert hobin_after("I am Miss Hobin's aunt.", "Miss Hobin") == {"K2"}  # someone else's
    assert hobin_after("Don't call me Hobin.") == {"K2"}
    assert hobin_after("My name is Hobin.", genders={"K0": "she/her", "K2": "he/him"}) == {"K2"}
    # one who has spoken straight after the speaker is someone else: the speaker is misread
    assert hobin_after("My name is Hobin.", first=("K2", "Who are you?", None, None)) == {"K2"}
    # so is one who names themselves after their own line: one answers "Who are you?"
    assert hobin_after("My name is Hobin.", first=("K0", "Who are you?", None, None)) == {"K2"}
    # a name the book has long used is not a new one the speaker takes: "I'm Anne," said,
    # as the book has it, by Miss Barry
    padding = [("K1", "Nothing to say here at all, nothing whatever. " * 4, None, None)] * 20
    book = _self_named([("K1", "Where is Anne?", "Anne", "K2"), *padding, ("K0", "I'm Anne, you see.", "Anne", "K2")],
                       ["Miss Barry", "Marilla", "Anne"])
    assert {m.character for m in book.mentions if m.text == "Anne"} == {"K2"}

def test_characters_a_word_capitalised_outside_names_is_cut_from_a_rare_name():
    # "Lucy Italian", "Colonel Brandon Monday": words the book writes capitalised for other
    # things, run onto a name it uses on its own; "Lucy Honeychurch" keeps its surname
    from personae.stages import characters
    text, mentions = "", []
    for name, kind in ([("Lucy", "PER")] * 3 + [("Colonel Brandon", "PER")] * 2
                       + [("Lucy Italian", "PER"), ("Colonel Brandon Monday", "PER"),
                          ("Lucy Honeychurch", "PER")]):
        mentions.append(Mention(len(text), len(text) + len(name), name, kind, "PROP"))
        text += name + " was there. "
    text += "An Italian came on Monday. The Italian left on Monday. Italian skies, Monday again. "
    book = _book_of(text, mentions)
    characters.run(book)
    names = {n for c in book.name_clusters for n in c.names}
    assert names == {"Lucy", "Colonel Brandon", "Lucy Honeychurch"}


def test_characters_a_full_name_the_book_repeats_keeps_a_last_word_that_is_also_a_common_word():
    # "Harvey Stone", five times, though the book writes "stone" in lower case often; the
    # one-off "Harvey Sunday" loses its ordinary word
    from personae.stages import characters
    text, mentions = "", []
    for name in ["Harvey Stone"] * 5 + ["Harvey"] * 3 + ["Jake Sunday"] + ["Jake"] * 3:
        mentions.append(Mention(len(text), len(text) + len(name), name, "PER", "PROP"))
        text += name + " was there. "
    text += "a stone, the stone, stone walls, one stone, a sunday, each sunday, every sunday. " * 2
    book = _book_of(text, mentions)
    characters.run(book)
    names = {n for c in book.name_clusters for n in c.names}
    assert names == {"Harvey Stone", "Harvey", "Jake"}


def test_characters_a_name_after_to_at_from_is_a_place_and_a_person_called_a_town_is_a_person():
    # "Atlanta" (a city of the world) mostly after "to", "of", "from": a place, whatever the
    # recogniser said; "Sonia", called a town most of the time but seldom after such words,
    # and no place of the world, a person
    mentions = []
    for i, (name, kind, before) in enumerate(
            [("Atlanta", "PER", b) for b in ["to", "of", "from", "and", "to", "hold"]]
            + [("Sonia", "GPE", b) for b in ["said", "and", "to", ",", "with", "saw", "that"]]
            + [("Sonia", "PER", "said")] * 2
            + [("Ohio", "PER", b) for b in ["the", "the", "the", "and", "the", ","]]):
        mentions.append(Mention(10 * i, 10 * i + len(name), name, kind, "PROP", before=before))
    book = SimpleNamespace(mentions=mentions, source=SimpleNamespace(text=" " * 1000))
    _settle_types(book)
    # and "the Ohio", a place of the world after "the", is a river
    assert {m.text: m.type for m in book.mentions} == {"Atlanta": "GPE", "Sonia": "PER", "Ohio": "GPE"}


def test_characters_said_to_is_before_a_person_not_a_place():
    # "Perfetta", a town to the recogniser, nearly always after "to" or "from"; but "to"
    # after a speech verb is before someone spoken to
    text = "She said to Perfetta. He called to Perfetta. They went to Perfetta. Perfetta came. "
    mentions = [Mention(m.start(), m.end(), "Perfetta", "GPE", "PROP", before=text[:m.start()].split()[-1] if m.start() else "")
                for m in re.finditer("Perfetta", text)]
    mentions[-1].type = "PER"
    book = SimpleNamespace(mentions=mentions, source=SimpleNamespace(text=text))
    _settle_types(book)
    assert {m.type for m in book.mentions} == {"PER"}


def test_characters_a_country_that_is_a_given_name_too_is_a_place_when_always_gone_to():
    # "France" (a given name too) twice, after "to" and "from", typed a person: a country;
    # "Virginia", opening a sentence and after "spoke to", stays a person
    text = "He went to France. He came from France. Virginia came. He spoke to Virginia and she left."
    mentions = []
    for name in ("France", "Virginia"):
        for m in re.finditer(name, text):
            mentions.append(Mention(m.start(), m.end(), name, "PER", "PROP", before=text[:m.start()].split()[-1]
                                    if m.start() else ""))
    book = SimpleNamespace(mentions=mentions, source=SimpleNamespace(text=text))
    _settle_types(book)
    assert {m.text: m.type for m in book.mentions} == {"France": "GPE", "Virginia": "PER"}


def test_characters_a_name_with_no_title_no_given_name_no_pronoun_and_no_word_is_no_one():
    # "Kellynch", "Mayflowers": never a he or she, never speaking; "Harville", as bare, is
    # referred to as he, and "Mrs. Clay" has a title
    from personae.book import Character
    from personae.stages.characters import _unpersoned
    from personae.stages.names import NameCluster
    cluster = lambda *names: NameCluster(names=Counter(dict.fromkeys(names, 5)))
    assert _unpersoned(Character("K0", "Kellynch", proper=48, pronoun=3), cluster("Kellynch"), False)
    assert not _unpersoned(Character("K1", "Harville", proper=20, pronoun=9), cluster("Harville"), False)
    assert not _unpersoned(Character("K2", "Mrs. Clay", proper=20), cluster("Mrs. Clay"), False)
    assert not _unpersoned(Character("K3", "Phaethon", proper=10), cluster("Phaethon"), True)


def test_characters_a_saint_who_says_nothing_is_a_church_a_place_or_a_legend():
    # "the ball of St. Paul's", "Styles St. Mary", "martyrs, among whom was St. Sebastian"
    # (whom coreference gave Dorian's pronouns); but a St. Clare who speaks is in the story
    from personae.book import Character
    from personae.stages.characters import _unpersoned
    from personae.stages.names import NameCluster
    cluster = lambda *names: NameCluster(names=Counter(dict.fromkeys(names, 2)))
    assert _unpersoned(Character("K0", "St. Paul", proper=4), cluster("St. Paul"), False)
    assert _unpersoned(Character("K1", "St. Sebastian", proper=1, pronoun=74), cluster("St. Sebastian"), False)
    assert not _unpersoned(Character("K2", "St. Clare", proper=300, pronoun=500), cluster("St. Clare"), True)
    assert not _unpersoned(Character("K3", "St. John Rivers", proper=90, pronoun=80),
                           cluster("St. John Rivers", "St. John"), False)


def test_characters_a_name_in_a_chapter_heading_is_no_mention():
    from personae.book import Book
    from personae.sources import Chapter, Source
    from personae.stages import characters
    heading = "CHAPTER 83. Jonah Historically Regarded."
    body = "\n\nJonah went to sea. Jonah prayed. Jonah slept."
    text = heading + body
    starts = [i for i in range(len(text)) if text.startswith("Jonah", i)]
    mentions = [Mention(starts[0], starts[0] + len("Jonah Historically"), "Jonah Historically", "PER", "PROP")]
    mentions += [Mention(s, s + 5, "Jonah", "PER", "PROP", sentence=1) for s in starts[1:]]
    source = Source("x.txt", text, "txt", "utf-8", "0", (0, len(text)), (Chapter(heading, 0, len(text)),))
    book = Book(source=source, mentions=mentions, sentences=[(0, len(heading)), (len(heading), len(text))])
    characters.run(book)
    assert {n for c in book.name_clusters for n in c.names} == {"Jonah"}


def test_characters_a_bare_surname_after_aunt_is_the_woman_of_that_surname():
    # the bare "Norris" is her late husband's, but "her aunt Norris" is Mrs. Norris
    from personae.stages import characters
    text = ("Mr. Norris died. Norris was buried. Norris had been kind. Mrs. Norris wept. "
            "Mrs. Norris sent for Fanny. Fanny went to her aunt Norris. Mrs. Norris scolded. "
            "Fanny feared her aunt Norris. Fanny sat.")
    mentions = []
    for name in ("Mrs. Norris", "Mr. Norris", "Fanny"):
        mentions += [Mention(m.start(), m.end(), name, "PER", "PROP") for m in re.finditer(re.escape(name), text)]
    taken = {(m.start, m.end) for m in mentions} | {(m.start + 4, m.end) for m in mentions if m.text.startswith("Mr")}
    taken |= {(m.start + 5, m.end) for m in mentions if m.text.startswith("Mrs")}
    mentions += [Mention(m.start(), m.end(), "Norris", "PER", "PROP", before=text[:m.start()].split()[-1].lower())
                 for m in re.finditer(r"\bNorris\b", text) if (m.start(), m.end()) not in taken]
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    characters.run(book)
    wife = next(c for c in book.characters if c.name == "Mrs. Norris")
    after_aunt = [m for m in book.mentions if m.before == "aunt"]
    assert len(after_aunt) == 2 and all(m.character == wife.id for m in after_aunt)
    husband = next(c for c in book.characters if c.name == "Mr. Norris")
    assert sum(m.character == husband.id for m in book.mentions if m.text == "Norris") == 2


def test_characters_a_bare_surname_after_aunt_is_the_married_woman_named_most():
    # "Lady Bertram" ("Lady" before a lone word takes it for a given name), her daughter Maria
    # Bertram, and a stray "Mrs. Rushworth Maria Bertram": "aunt Bertram" is Lady Bertram,
    # not her son, Mr. Bertram, whose the bare "Bertram" is
    from personae.stages import characters
    text = ("Lady Bertram sat. " * 4 + "Mr. Bertram rode. " * 2 + "Bertram laughed. Maria Bertram sang. "
            "Mrs. Rushworth Maria Bertram wrote. Fanny loved her aunt Bertram. Fanny sat.")
    mentions = []
    for m in re.finditer(r"Mrs\. Rushworth Maria Bertram|Lady Bertram|Mr\. Bertram|Maria Bertram|Fanny|Bertram", text):
        before = text[:m.start()].split()[-1].lower() if m.start() else ""
        mentions.append(Mention(m.start(), m.end(), m.group(), "PER", "PROP", before=before))
    book = _book_of(text, mentions)
    characters.run(book)
    lady = next(c for c in book.characters if c.name == "Lady Bertram")
    assert next(m for m in book.mentions if m.before == "aunt").character == lady.id


def test_characters_the_title_alone_is_the_one_the_narration_names_so():
    # Admiral Croft is most of the narration's admirals; Admiral Baldwin, named in one
    # speech only, is no rival for the narration's "the Admiral"
    from personae.stages import characters
    text = ("Admiral Croft came. Admiral Croft sat. Admiral Croft laughed. "
            '"Admiral Baldwin is ugly, Admiral Baldwin is old, and Admiral Baldwin is red," said Sir Walter. '
            "The Admiral smiled.")
    mentions = [Mention(m.start(), m.end(), m.group(), "PER", "PROP")
                for m in re.finditer(r"Admiral Croft|Admiral Baldwin|Sir Walter", text)]
    at = text.index("The Admiral")
    mentions.append(Mention(at, at + 11, "The Admiral", "PER", "NOM"))
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    book.quote_spans = [(text.index('"') + 1, text.index('," said'))]
    characters.run(book)
    croft = next(c for c in book.characters if c.name == "Admiral Croft")
    assert book.mentions[-1].text == "The Admiral" and book.mentions[-1].character == croft.id


def test_characters_the_lady_in_lower_case_is_any_woman():
    from personae.stages import characters
    text = "Lady Mellanby wrote. Lady Mellanby sent word. Lady Mellanby came. The Lady smiled, and the lady bowed."
    mentions = [Mention(m.start(), m.end(), m.group(), "PER", "PROP") for m in re.finditer("Lady Mellanby", text)]
    mentions += [Mention(m.start(), m.end(), m.group(), "PER", "NOM") for m in re.finditer("(?i)the lady", text)]
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    characters.run(book)
    mellanby = next(c for c in book.characters if c.name == "Lady Mellanby")
    assert [m.character for m in book.mentions if m.kind == "NOM"] == [mellanby.id, None]


def test_characters_a_name_a_speech_tag_says_speaks_is_a_person():
    # "the March Hare", a place or a vehicle to the recogniser, is said to say things; a town
    # a sentence runs on from ("to Paris, said he") is not
    text = ('"No room!" said the March Hare. "Have some wine," the March Hare said. '
            '"Take some more tea," said the March Hare. Alice looked at the March Hare. '
            'They went to Paris, said he. They went to Paris. They left Paris. Paris was hot.')
    mentions = [Mention(m.start(), m.end(), m.group(), "LOC", "PROP", before=text[:m.start()].split()[-1].lower())
                for m in re.finditer(r"the March Hare|Paris", text)]
    book = SimpleNamespace(mentions=mentions, source=SimpleNamespace(text=text))
    _settle_types(book)
    assert {m.text: m.type for m in book.mentions} == {"the March Hare": "PER", "Paris": "LOC"}


def test_characters_a_title_alone_is_whoever_the_book_gives_it_in_apposition():
    # "Superintendent", said again and again, is Mr. McBryde, "the District Superintendent"
    from personae.stages import characters
    text = "Mr. McBryde, the District Superintendent of Police, came. " + "The Superintendent frowned. " * 8
    mentions = [Mention(0, 11, "Mr. McBryde", "PER", "PROP")]
    mentions += [Mention(m.start() + 4, m.end(), "Superintendent", "PER", "PROP", before="the")
                 for m in re.finditer("The Superintendent", text)]
    book = _book_of(text, mentions)
    characters.run(book)
    mcbryde = next(c for c in book.characters if c.name == "Mr. McBryde")
    assert {m.character for m in book.mentions} == {mcbryde.id}


def test_characters_a_title_alone_is_whoever_the_book_names_after_it_between_commas():
    # "the Collector, Mr. Turton, with whom they had dined": "Collector Sahib" is he too; but
    # "the Army of the Tennessee, General McPherson commanding" makes no one the Tennessee
    from personae.stages import characters
    text = ("They knew who it was: the Collector, Mr. Turton, with whom they had dined. "
            + "The Collector frowned. " * 4 + '"Collector Sahib!" they cried. '
            + "The Army of the Tennessee, General McPherson commanding, moved. " + "Tennessee was far. " * 5)
    mentions = [Mention(text.index("Mr. Turton"), text.index("Mr. Turton") + 10, "Mr. Turton", "PER", "PROP")]
    mentions += [Mention(m.start() + 4, m.end(), "Collector", "PER", "PROP", before="the")
                 for m in re.finditer("The Collector", text)]
    mentions.append(Mention(text.index("Collector Sahib"), text.index("Collector Sahib") + 15, "Collector Sahib",
                            "PER", "PROP", in_quote=True))
    start = text.index("General McPherson")
    mentions.append(Mention(start, start + 17, "General McPherson", "PER", "PROP"))
    mentions += [Mention(m.start(), m.end(), "Tennessee", "PER", "PROP") for m in re.finditer("Tennessee(?= was)", text)]
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    characters.run(book)
    of = {}
    for m in book.mentions:
        of.setdefault(m.text, set()).add(m.character)
    assert of["Collector"] == of["Collector Sahib"] == of["Mr. Turton"]
    assert of["Tennessee"] != of["General McPherson"]


def test_characters_a_full_name_the_recogniser_cut_in_two_is_one_name():
    # "Rodion Romanovitch" + "Raskolnikov", tagged apart: the given name and patronymic
    # join the surname's man; "Razumihin, Dounia" (a comma apart) and "On seeing Natasha
    # Pierre grew animated" (one word before) stay two people
    from personae.stages import characters
    text = ('"I am Rodion Romanovitch Raskolnikov," he said. Raskolnikov sat. Raskolnikov rose. '
            '"Rodion Romanovitch!" cried Razumihin, Dounia and all. On seeing Natasha Pierre grew animated.')
    names = ["Rodion Romanovitch", "Raskolnikov", "Razumihin", "Dounia", "Natasha", "Pierre"]
    mentions = sorted((Mention(m.start(), m.end(), m.group(), "PER", "PROP")
                       for m in re.finditer("|".join(names), text)), key=lambda m: m.start)
    book = _book_of(text, mentions)
    characters.run(book)
    of = {}
    for m in book.mentions:
        of.setdefault(m.text, set()).add(m.character)
    assert of["Rodion Romanovitch"] == of["Raskolnikov"] and len(of["Raskolnikov"]) == 1
    assert of["Razumihin"] != of["Dounia"] and of["Natasha"] != of["Pierre"]
    # nor is a second part of two words, a line break inside it ("Mrs. Rushworth Maria\nBertram")
    text = "Mrs. Rushworth came. Mrs. Rushworth sat. Mrs. Rushworth Maria\nBertram. Maria Bertram rose. Maria Bertram ran."
    mentions = sorted((Mention(m.start(), m.end(), m.group(), "PER", "PROP")
                       for m in re.finditer(r"Mrs\. Rushworth|Maria\sBertram", text)), key=lambda m: m.start)
    book = _book_of(text, mentions)
    characters.run(book)
    assert {n for c in book.name_clusters for n in c.names} == {"Mrs. Rushworth", "Maria Bertram"}


def test_characters_two_names_run_into_one_are_the_first():
    # "show Rodya Pyotr Petrovitch's letter": Rodya, and then Pyotr Petrovitch; but
    # "Elizabeth Bennet" is one woman however often "Elizabeth" and "Bennet" stand alone
    from personae.stages.characters import _part_run_together

    names = ["Rodya", "Pyotr Petrovitch", "Rodya Pyotr Petrovitch\u2019s", "Rodya", "Pyotr Petrovitch",
             "Elizabeth", "Bennet", "Elizabeth Bennet", "Elizabeth", "Bennet", "Anna Pavlovna Scherer",
             "Anna", "Anna Pavlovna", "Anna", "Anna Pavlovna", "Mary", "Alice Bell", "Mary Alice Bell", "Mary",
             "Alice Bell", "Emma", "Mr. Knightley", "Emma Mr. Knightley", "Emma", "Mr. Knightley",
             "Mrs. Rushworth", "Maria Bertram", "Mrs. Rushworth Maria Bertram", "Mrs. Rushworth", "Maria Bertram",
             "Beth", "Frank Vaughn", "Frank", "Beth Frank", "Beth", "Frank",
             "Joyce", "Richard Joyce", "Joyce", "Richard", "Richard Hunter", "Darcy 's"]
    mentions, at = [], 0
    for name in names:
        mentions.append(Mention(at, at + len(name), name, "PER", "PROP"))
        at += len(name) + 10
    book = SimpleNamespace(source=SimpleNamespace(text=" " * at), mentions=mentions)
    _part_run_together(book)
    texts = [m.text for m in book.mentions]
    assert texts[2] == "Rodya" and book.mentions[2].end == book.mentions[2].start + 5
    assert texts[7] == "Elizabeth Bennet"
    assert texts[10] == "Anna Pavlovna Scherer"  # no part of two words stands on its own
    assert texts[names.index("Mary Alice Bell")] == "Mary Alice Bell"  # a girl of two given names
    assert texts[names.index("Emma Mr. Knightley")] == "Emma"
    assert texts[names.index("Mrs. Rushworth Maria Bertram")] == "Mrs. Rushworth"
    # "Tell Beth Frank asked for her": Frank is Frank Vaughn's given name, no one's surname;
    # Joyce, though said alone, ends a full name
    assert texts[names.index("Beth Frank")] == "Beth"
    assert texts[names.index("Richard Joyce")] == "Richard Joyce"


def test_characters_a_name_said_often_keeps_a_first_word_once_taken_for_a_place():
    # "from Amalia" made "Amalia" a town; "Amalia Ivanovna", said again and again, is a
    # woman's name all the same, while "Knoxville Sherman", once, is a place run into a name
    from personae.stages.characters import _trim_places

    names = ["Amalia Ivanovna"] * 5 + ["Amalia", "Knoxville Sherman", "Knoxville", "Knoxville", "Sherman"]
    mentions, at = [], 0
    for name in names:
        kind = "GPE" if name in ("Amalia", "Knoxville") else "PER"
        mentions.append(Mention(at, at + len(name), name, kind, "PROP"))
        at += len(name) + 10
    book = SimpleNamespace(source=SimpleNamespace(text=" " * at), mentions=mentions)
    _trim_places(book, {"Amalia": "GPE", "Knoxville": "GPE", "Ivanovna": "PER", "Sherman": "PER",
                        "Amalia Ivanovna": "PER", "Knoxville Sherman": "PER"})
    assert [m.text for m in book.mentions[:5]] == ["Amalia Ivanovna"] * 5
    assert book.mentions[6].text == "Sherman"


def test_characters_a_plural_after_the_is_a_body_of_people_whatever_its_pronouns():
    # "the Guards", "his Guards": coreference gave it he and him; "the Marquis" is a man
    from collections import Counter

    from personae.book import Book, Character
    from personae.stages import characters
    from personae.stages.names import NameCluster
    mentions, at = [], 0
    for k, name in (("K0", "Guards"), ("K1", "Marquis")):
        for before in ("the", "the", "his", "their"):
            mentions.append(Mention(at, at + len(name), name, "PER", "PROP", k, before=before))
            mentions.append(Mention(at + 20, at + 22, "he", "PER", "PRON", k))
            at += 40
    book = Book(source=None, mentions=mentions,
                characters=[Character("K0", "Guards"), Character("K1", "Marquis")],
                name_clusters=[NameCluster(names=Counter({"Guards": 4})), NameCluster(names=Counter({"Marquis": 4}))])
    characters.finish(book)
    assert [c.name for c in book.characters] == ["Marquis"]


def test_characters_aunt_with_a_surname_is_the_lady_of_that_name():
    # "aunt Bertram" is Lady Bertram ("Bertram", a man's given name too, is her surname), not
    # her son Tom Bertram, though the bare "Bertram" is his
    from personae.stages import characters
    text = ("Lady Bertram sat. Lady Bertram slept. Lady Bertram woke. Tom Bertram rode. Tom Bertram ran. "
            "Bertram laughed. Fanny went to her aunt Bertram. Miss Bertram sang. Miss Bertram danced. "
            "Maria Bertram smiled.")
    mentions = sorted((Mention(m.start(), m.end(), m.group(), "PER", "PROP",
                               before=text[:m.start()].split()[-1].lower() if m.start() else "")
                       for m in re.finditer(r"(?:Lady|Tom|Miss|Maria) Bertram|(?<=\. )Bertram|(?<=aunt )Bertram|Fanny",
                                            text)), key=lambda m: m.start)
    book = _book_of(text, mentions)
    characters.run(book)
    who = {m.start: m.character for m in book.mentions}
    lady = who[text.index("Lady Bertram")]
    assert who[text.index("aunt Bertram") + 5] == lady
    assert who[text.index("Bertram laughed")] == who[text.index("Tom Bertram")] != lady


def test_characters_a_weekday_a_speech_tag_says_speaks_is_a_name_with_its_title():
    # The Man Who Was Thursday's "President Sunday": "said Sunday" makes the weekday a name,
    # the title the recogniser left off is part of it, and "the President" is him; a plain
    # day of the week ("on Monday") stays no one
    from personae.stages import characters
    text = ('"Sit down," said Sunday. "You are late," said Sunday. "Go," said Sunday. '
            'It was President Sunday who rose. On Monday the President smiled. Monday came. '
            'The President laughed. Syme looked at President\nSunday. Monday passed.')
    mentions = [Mention(m.start(), m.end(), m.group(), "PER", "PROP", before=text[:m.start()].split()[-1].lower())
                for m in re.finditer(r"Sunday|Monday", text)]
    mentions += [Mention(m.start(), m.end(), m.group(), "PER", "NOM") for m in re.finditer(r"(?i)the President", text)]
    book = _book_of(text, sorted(mentions, key=lambda m: m.start))
    characters.run(book)
    sunday = next(m.character for m in book.mentions if m.text == "Sunday")
    assert {m.text for m in book.mentions if m.character == sunday} == {"Sunday", "President Sunday",
                                                                       "President\nSunday", "the President",
                                                                       "The President"}
    assert not any(m.character for m in book.mentions if m.text == "Monday")


def test_characters_a_weekday_no_speech_tag_says_speaks_names_no_one():
    from personae.stages import characters
    text = 'It was Sunday. "Go," said Tom. On Sunday Tom rested. Sunday came. Tom went out on Sunday.'
    mentions = [Mention(m.start(), m.end(), m.group(), "PER", "PROP", before=text[:m.start()].split()[-1].lower())
                for m in re.finditer(r"Sunday|Tom", text)]
    book = _book_of(text, mentions)
    characters.run(book)
    assert [c.name for c in book.characters] == ["Tom"]


def test_characters_a_titled_surname_is_answered_by_one_of_the_titles_sex():
    # Passage to India: "Mr. Heaslop", as Aziz and the others call him, is "Ronny", as the
    # narrator does; Adela, who speaks beside those calls nearly as often, is no Mr. Heaslop
    lines = [("K3", "It is so hot.", None, None), ("K0", "Good morning, Mr. Heaslop, sir.", "Mr. Heaslop", "K1"),
             ("K2", "Good morning.", None, None)] * 4
    narration = [("Aziz", "K0"), ("Ronny", "K2"), ("Adela", "K3")] * 3
    book = _conversation(lines, narration, ["Aziz", "Mr. Heaslop", "Ronny", "Adela"], "MMMF")
    assert {m.character for m in book.mentions if m.text == "Mr. Heaslop"} == {"K2"}


def test_characters_a_titled_name_after_in_is_no_place():
    # "met Squire Trelawney", "in Squire Trelawney's letter": after "in" half the time, but
    # a person's title makes no place of it; "in Lucas Lodge" stays one
    mentions = [Mention(0, 16, "Squire Trelawney", "PER", "PROP", before="met"),
                Mention(30, 46, "Squire Trelawney", "PER", "PROP", before="in"),
                Mention(60, 71, "Barton Park", "PER", "PROP", before="in"),
                Mention(80, 91, "Barton Park", "GPE", "PROP", before="at")]
    book = SimpleNamespace(mentions=mentions, source=SimpleNamespace(text=" " * 100))
    _settle_types(book)
    assert [m.type for m in book.mentions] == ["PER", "PER", "GPE", "GPE"]


def test_characters_a_title_the_narration_writes_alone_is_its_one_holder():
    # "answered Mademoiselle": Mademoiselle Reisz, the one the narration gives the title; not
    # the title inside her name, nor a call in a quotation, which may be to any young woman
    from personae.stages import characters
    text = ("Mademoiselle Reisz played. Mademoiselle Reisz rose. Mademoiselle Reisz left. "
            '"Thank you," answered Mademoiselle. "Good night, Mademoiselle," said Edna.')
    mentions = [Mention(m.start(), m.end(), m.group(), "PER", "PROP") for m in re.finditer("Mademoiselle Reisz|Edna", text)]
    mentions += [Mention(m.start(), m.start() + 12, "Mademoiselle", "PER", "NOM") for m in re.finditer("Mademoiselle", text)]
    book = _book_of(text, sorted(mentions, key=lambda m: (m.start, -m.end)))
    book.quote_spans = [(m.start() + 1, m.end() - 1) for m in re.finditer('"[^"]*"', text)]
    characters.run(book)
    reisz = next(c for c in book.characters if c.name == "Mademoiselle Reisz")
    alone = [m.character for m in book.mentions if m.text == "Mademoiselle"]
    assert alone == [None, None, None, reisz.id, None]


def test_characters_a_title_before_a_name_the_recogniser_missed_is_not_the_titles_holder():
    # "Dr. Blimber", its name unseen: not the book's one Doctor
    from personae.stages import characters
    text = "Dr. Bangs came. Dr. Bangs sat. Dr. Bangs spoke. He had no more talent than Dr. Blimber, they said."
    mentions = [Mention(m.start(), m.end(), m.group(), "PER", "PROP") for m in re.finditer("Dr. Bangs", text)]
    mentions += [Mention(m.start(), m.start() + 3, "Dr.", "PER", "NOM") for m in re.finditer(r"Dr\.", text)]
    book = _book_of(text, sorted(mentions, key=lambda m: (m.start, -m.end)))
    characters.run(book)
    assert [m.character for m in book.mentions if m.text == "Dr."][-1] is None


def test_characters_the_name_a_him_is_called_is_his(tmp_path):
    text = ("Captain Elias Barr kept the light at Skerry Head. Captain Barr was a tall man. "
            "He watched the ships every day from the gallery. The fishermen called him Old Eli, "
            "though never to his face. Captain Barr did not mind. Elias Barr slept little.\n")
    book = analyse_text(tmp_path, text)
    barr = next(c for c in book.characters if c.name == "Elias Barr")
    assert "Eli" in barr.aliases
    assert not any(c.name == "Eli" for c in book.characters)


def test_characters_a_stranger_who_says_her_name_is_that_person(tmp_path):
    # the book's other woman, named just before, is who the speakers stage would pick
    text = ("Mr. Hall had quarrelled with Miss Derek at the club. Miss Derek had laughed at him. "
            "Mr. Hall sat alone in the dark chapel. A woman stepped out from behind a pillar.\n\n"
            "\"Madam!\" he cried.\n\n"
            "\"Oh! Oh!\" the woman gasped.\n\n"
            "\"May I know your name?\"\n\n"
            "She was now in the shadow of the gate, and she said, \"Mrs. Moore.\"\n\n"
            "Mrs. Moore went home. Mrs. Moore wrote to her son. Mr. Hall went home too.\n")
    book = analyse_text(tmp_path, text)
    moore = next(c for c in book.characters if c.name == "Mrs. Moore")
    gasp = next(q for q in book.quotes if text[q.start:q.end].startswith("Oh!"))
    assert gasp.speaker == moore.id
