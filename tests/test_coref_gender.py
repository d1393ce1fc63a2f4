"""Gender from pronouns against gender from names, the titles nested in names, and a he/she
with no one to refer to."""
from collections import Counter

from personae.book import Book, Character, Mention
from personae.stages import coref
from personae.stages.names import NameCluster


def _book(pronouns: list[str], name_votes: Counter, titles=()) -> Book:
    """One character, named once in each sentence and followed by one pronoun."""
    mentions, offset = [], 0
    for sentence, word in enumerate(pronouns):
        mentions.append(Mention(offset, offset + 5, "Brett", "PER", "PROP", "K0", sentence=sentence))
        mentions.append(Mention(offset + 10, offset + 10 + len(word), word, "PER", "PRON", sentence=sentence))
        offset += 100
    cluster = NameCluster(names=Counter({"Brett": len(pronouns)}), gender_votes=name_votes, titles=set(titles))
    return Book(source=None, mentions=mentions, characters=[Character("K0", "Brett")], name_clusters=[cluster])


def test_coref_gender_pronouns_outvote_a_given_name():
    many = _book(["she"] * 14 + ["he"] * 5, Counter({"M": 1}))  # 74 %, 9 more: a woman called Brett
    assert coref.assign_gender(many)["K0"] == "F"
    assert many.characters[0].gender == "she/her"
    few = _book(["she"] * 6 + ["he"] * 2, Counter({"M": 1}))  # 75 % but only 4 more: the name holds
    assert coref.assign_gender(few)["K0"] == "M"
    even = _book(["she"] * 21 + ["he"] * 16, Counter({"M": 1}))  # 57 %: a man near the heroine
    assert coref.assign_gender(even)["K0"] == "M"
    titled = _book(["she"] * 19, Counter({"M": 1}), titles={"mr"})  # "Mr." is surer than any count
    assert coref.assign_gender(titled)["K0"] == "M"
    doctor = _book(["he"] * 13, Counter({"F": 18}), titles={"dr"})  # "Dr." says nothing: Dr. Panna Lal is he
    assert coref.assign_gender(doctor)["K0"] == "M"


def test_coref_gender_unnamed_character_needs_a_smaller_share():
    tibby = _book(["he"] * 6 + ["she"] * 4, Counter())  # no given name: 60 % is enough
    assert coref.assign_gender(tibby)["K0"] == "M"
    unsure = _book(["he"] * 11 + ["she"] * 9, Counter())
    assert coref.assign_gender(unsure)["K0"] == ""
    assert unsure.characters[0].gender is None


def test_coref_nested_titles_are_the_title_inside_a_name_not_a_title_alone():
    name = Mention(0, 10, "Mr. Bennet", "PER", "PROP")
    title = Mention(0, 3, "Mr.", "PER", "NOM")
    vocative = Mention(20, 23, "Sir", "PER", "NOM")  # "Yes, Sir": the title is the mention
    noun = Mention(30, 38, "the lady", "PER", "NOM")
    assert coref.nested_titles([name, title, vocative, noun]) == [title]


def test_coref_resolve_he_with_no_one_before_starts_a_chain():
    first = Mention(0, 2, "He", "PER", "PRON", sentence=0)  # "He came in . He sat down . She ..."
    second = Mention(13, 15, "He", "PER", "PRON", sentence=1)
    she = Mention(26, 29, "She", "PER", "PRON", sentence=2)
    book = Book(source=None, mentions=[first, second, she])
    coref.resolve(book, {})
    assert first.entity is not None and first.entity == second.entity
    assert she.entity is not None and she.entity != first.entity


def test_coref_resolve_a_place_named_like_one_person_is_that_person():
    from types import SimpleNamespace
    text = "Jack Durbeyfield walked home . Durbeyfield sat down . Boston was far ."
    jack = Mention(0, 16, "Jack Durbeyfield", "PER", "PROP", "K0", sentence=0)
    place = Mention(30, 41, "Durbeyfield", "GPE", "PROP", sentence=1)
    boston = Mention(54, 60, "Boston", "GPE", "PROP", sentence=2)
    book = Book(source=SimpleNamespace(text=text), mentions=[jack, place, boston],
                characters=[Character("K0", "Jack Durbeyfield"), Character("K1", "Boston Contralto")])
    coref.resolve(book, {"K0": "M"})
    assert place.character == "K0" and place.type == "PER"
    assert boston.character is None and boston.type == "GPE"  # no gendered person of that name


def test_coref_head_word_stops_at_a_preposition_of_place():
    assert coref.head_word("the hill field beyond the barn") == "field"
    assert coref.head_word("the parlour next the fire") == "parlour"


def test_coref_resolve_a_place_word_of_a_longer_place_name_stays_a_place():
    from types import SimpleNamespace
    text = "John Barton came to Barton Park . Barton was green ."
    john = Mention(0, 11, "John Barton", "PER", "PROP", "K0", sentence=0)
    park = Mention(20, 31, "Barton Park", "FAC", "PROP", sentence=0)
    barton = Mention(34, 40, "Barton", "GPE", "PROP", sentence=1)
    book = Book(source=SimpleNamespace(text=text), mentions=[john, park, barton],
                characters=[Character("K0", "John Barton")])
    coref.resolve(book, {"K0": "M"})
    assert barton.character is None and park.character is None


def test_coref_gender_a_character_known_by_a_title_is_gendered_by_the_pronouns_after_it():
    # "the President", a character the characters stage made of a title with no sex
    mentions = []
    for sentence in range(10):
        mentions.append(Mention(sentence * 100, sentence * 100 + 13, "the President", "PER", "NOM", "K0",
                                sentence=sentence))
        mentions.append(Mention(sentence * 100 + 20, sentence * 100 + 22, "he", "PER", "PRON", sentence=sentence))
    book = Book(source=None, mentions=mentions, characters=[Character("K0", "the President")],
                name_clusters=[NameCluster(names=Counter({"the President": 10}), titles={"president"})])
    assert coref.assign_gender(book)["K0"] == "M"


def test_coref_gender_a_character_s_names_are_its_own_cluster_whoever_left_the_cast():
    # K0 was joined into someone else and left the cast: K1 ("Mrs. Jennings") keeps her own
    # cluster's title, not the cluster at her new place in the list
    from personae.stages.names import NameCluster
    man = NameCluster(names=Counter({"Mr. Palmer": 5}), titles={"mr"}, title_votes=Counter({"M": 5}))
    woman = NameCluster(names=Counter({"Mrs. Jennings": 5}), titles={"mrs"}, title_votes=Counter({"F": 5}))
    book = Book(source=None, mentions=[], characters=[Character("K1", "Mrs. Jennings")], name_clusters=[man, woman])
    assert coref.assign_gender(book)["K1"] == "F"
    assert coref.name_cluster(book, "K1") is woman and coref.name_cluster(book, "U0") is None
