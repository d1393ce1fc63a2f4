"""The coreference resolver on hand-made mentions: salience, binding, nominals, kinship through
the possessor, and the "I" / "you" of quotations once speakers are known."""
from collections import Counter
from types import SimpleNamespace

from personae.book import Book, Character, Mention, Quote
from personae.stages import coref, unnamed
from personae.stages.names import NameCluster


def make(text: str, specs, characters=(), clusters=(), quotes=()):
    """Mentions from (word, occurrence, sentence, kind, facts, character) specs placed on text."""
    mentions, seen = [], Counter()
    for word, sentence, kind, *rest in specs:
        facts = rest[0] if rest else ()
        character = rest[1] if len(rest) > 1 else None
        start = -1
        for _ in range(seen[word] + 1):
            start = text.index(word, start + 1)
        seen[word] += 1
        in_quote = any(s <= start < e for s, e in quotes)
        mentions.append(Mention(start, start + len(word), word, "PER", kind, character,
                                in_quote=in_quote, sentence=sentence, facts=tuple(facts)))
    mentions.sort(key=lambda m: (m.start, -m.end))
    book = Book(source=SimpleNamespace(text=text, body=(0, len(text)), paragraph_starts=()), mentions=mentions, characters=list(characters),
                name_clusters=list(clusters), quote_spans=list(quotes),
                quotes=[Quote(s, e) for s, e in quotes])
    return book


def by_text(book, word, occurrence=0):
    return [m for m in book.mentions if m.text == word][occurrence]


def test_coref_resolve_prefers_the_subject_and_binds_objects(monkeypatch):
    monkeypatch.setattr(coref, "PRONOUN_WEIGHTS", None)  # salience alone; the learnt choice below
    text = "Tom met Bob . He thanked him ."
    book = make(text, [("Tom", 0, "PROP", [("does", "meet", 4)], "K0"),
                       ("Bob", 0, "PROP", [("undergoes", "meet", 4)], "K1"),
                       ("He", 1, "PRON", [("does", "thank", 16)]),
                       ("him", 1, "PRON", [("undergoes", "thank", 16)])],
                [Character("K0", "Tom"), Character("K1", "Bob")])
    coref.resolve(book, {"K0": "M", "K1": "M"})
    # Bob is the latest man, but Tom was the subject; "him" cannot be the one who thanks
    assert by_text(book, "He").character == "K0"
    assert by_text(book, "him").character == "K1"
    monkeypatch.undo()
    for m in book.mentions:
        if m.kind == "PRON":
            m.character = None
    coref.resolve(book, {"K0": "M", "K1": "M"})
    he, him = by_text(book, "He").character, by_text(book, "him").character
    assert {he, him} == {"K0", "K1"}  # whichever "He" is, "him" is the other


def test_coref_resolve_pronouns_follow_nominals_and_heads_repeat():
    text = "A woman sat by a child . She sang . The woman smiled at the child . It slept ."
    book = make(text, [("A woman", 0, "NOM", [("does", "sit", 8)]), ("a child", 0, "NOM"),
                       ("She", 1, "PRON", [("does", "sing", 29)]),
                       ("The woman", 2, "NOM", [("does", "smile", 48)]), ("the child", 2, "NOM")])
    coref.resolve(book, {})
    woman, she, the_woman = by_text(book, "A woman"), by_text(book, "She"), by_text(book, "The woman")
    assert woman.entity is not None and woman.entity == she.entity == the_woman.entity
    assert by_text(book, "the child").entity == by_text(book, "a child").entity != woman.entity


def test_coref_resolve_a_new_indefinite_is_a_new_entity():
    text = "A man came . A man left ."
    book = make(text, [("A man", 0, "NOM"), ("A man", 1, "NOM")])
    coref.resolve(book, {})
    assert by_text(book, "A man", 0).entity != by_text(book, "A man", 1).entity


def test_coref_resolve_kinship_through_the_possessor():
    text = "Elizabeth Bennet sat with Mr. Bennet . Her father spoke . Her mother wept ."
    clusters = [NameCluster(Counter({"Elizabeth Bennet": 9}), {"elizabeth"}, Counter(), {"bennet"}),
                NameCluster(Counter({"Mr. Bennet": 5}), set(), Counter(), {"bennet"}, {"mr"}, {("mr", "bennet")}),
                NameCluster(Counter({"Mrs. Bennet": 5}), set(), Counter(), {"bennet"}, {"mrs"}, {("mrs", "bennet")})]
    cast = [Character("K0", "Elizabeth Bennet"), Character("K1", "Mr. Bennet"), Character("K2", "Mrs. Bennet")]
    book = make(text, [("Elizabeth Bennet", 0, "PROP", [("does", "sit", 17)], "K0"),
                       ("Mr. Bennet", 0, "PROP", (), "K1"),
                       ("Her father", 1, "NOM"), ("Her", 1, "PRON"),
                       ("Her mother", 2, "NOM"), ("Her", 2, "PRON")], cast, clusters)
    genders = {"K0": "F", "K1": "M", "K2": "F"}
    coref.resolve(book, genders)
    assert by_text(book, "Her father").character == "K1"
    assert by_text(book, "Her mother").character == "K2"
    assert coref.kin_character(book, genders, "K1", "wife") == "K2"
    assert coref.kin_character(book, genders, "K2", "husband") == "K1"
    assert coref.kin_character(book, genders, "K1", "daughter") == "K0"
    assert coref.kin_character(book, genders, "K2", "sister") is None  # born under another name
    assert coref.kin_character(book, genders, "K0", "husband") is None  # a Miss has none
    # with two men of the name equally named, "her father" is left to itself
    book.name_clusters.append(NameCluster(Counter({"Mr. Bennet": 5}), set(), Counter(), {"bennet"}, {"mr"}, {("mr", "bennet")}))
    assert coref.kin_character(book, {**genders, "K3": "M"}, "K0", "father") == "K1"
    book.characters.append(Character("K3", "Mr. Bennet"))
    assert coref.kin_character(book, {**genders, "K3": "M"}, "K0", "father") is None


def test_coref_resolve_vocative_name_does_not_take_the_pronoun():
    text = 'Tom saw the boat . " Come , Bob , " he said .'
    quote = (text.index('"'), text.rindex('"') + 1)
    book = make(text, [("Tom", 0, "PROP", [("does", "see", 4)], "K0"), ("Bob", 1, "PROP", (), "K1"),
                       ("he", 1, "PRON", [("does", "say", text.index("said"))])],
                [Character("K0", "Tom"), Character("K1", "Bob")], quotes=[quote])
    coref.resolve(book, {"K0": "M", "K1": "M"})
    assert by_text(book, "he").character == "K0"


def test_coref_after_speakers_i_is_the_tagged_nurse_and_you_the_other_speaker():
    text = '" I am going , " said Tom . " I will show you out , " said the nurse .'
    first = (text.index('"'), text.index('"', 2) + 1)
    second_start = text.index('"', first[1] + 1)
    second = (second_start, text.index('"', second_start + 1) + 1)
    book = make(text, [("I", 0, "PRON"), ("Tom", 0, "PROP", (), "K0"), ("I", 1, "PRON"),
                       ("you", 1, "PRON"), ("the nurse", 1, "NOM")],
                [Character("K0", "Tom")], quotes=[first, second])
    book.quotes[0].speaker = "K0"
    coref.resolve(book, {"K0": "M"})
    coref.after_speakers(book)
    nurse = by_text(book, "the nurse")
    assert nurse.entity is not None
    assert by_text(book, "I", 1).entity == nurse.entity and by_text(book, "I", 1).character is None
    assert by_text(book, "you").character == "K0"


def test_coref_the_latter_and_the_former_are_the_last_two_people_named():
    text = "Art met Tom . Quincey came too , and the latter said so , and the former laughed ."
    cast = [Character("K0", "Art"), Character("K1", "Tom"), Character("K2", "Quincey")]
    book = make(text, [("Art", 0, "PROP", (), "K0"), ("Tom", 0, "PROP", (), "K1"), ("Quincey", 1, "PROP", (), "K2"),
                       ("the latter", 1, "NOM"), ("the former", 1, "NOM")], cast)
    coref.resolve(book, {"K0": "M", "K1": "M", "K2": "M"})
    # "the latter" is Quincey, named last; then "the former" is Tom, named before him
    assert by_text(book, "the latter").character == "K2"
    assert by_text(book, "the former").character == "K1"


def test_coref_said_the_latter_is_a_person_mention_where_the_recogniser_saw_none():
    text = 'Quincey stood by Lord Godalming . " It smells , " said the latter . The latter part was dull .'
    cast = [Character("K0", "Quincey"), Character("K1", "Lord Godalming")]
    book = make(text, [("Quincey", 0, "PROP", (), "K0"), ("Lord Godalming", 0, "PROP", (), "K1")], cast,
                quotes=[(text.index('"'), text.index('"', text.index('"') + 1) + 1)])
    book.sentences = [(0, text.index('"')), (text.index('"'), text.index("The latter")),
                      (text.index("The latter"), len(text))]
    unnamed.add_latter_tags(book)
    # the speech tag's subject only: "The latter part" is no one
    assert [(m.text, m.sentence, m.in_quote) for m in book.mentions if "latter" in m.text] == [("the latter", 1, False)]
    coref.resolve(book, {"K0": "M", "K1": "M"})
    assert by_text(book, "the latter").character == "K1"


def test_coref_after_speakers_you_is_the_person_the_narration_just_named_not_a_town():
    text = 'Telegram , Tom , Antwerp . " Come to me , you , " said Tom .'
    quote = (text.index('"'), text.rindex('"') + 1)

    def you_of(antwerp_gender):
        cast = [Character("K0", "Tom", gender="he/him"), Character("K1", "Antwerp", gender=antwerp_gender)]
        book = make(text, [("Tom", 0, "PROP", (), "K0"), ("Antwerp", 0, "PROP", (), "K1"),
                           ("you", 1, "PRON"), ("Tom", 1, "PROP", (), "K0")], cast, quotes=[quote])
        book.quotes[0].speaker = "K0"
        coref.after_speakers(book)
        return by_text(book, "you").character
    # the last name before the speech that is not its speaker, if a he or she is said of it
    assert you_of("he/him") == "K1"
    assert you_of(None) is None


def test_coref_entity_chains_written_to_book_json():
    import json

    import personae

    book = personae.analyse(personae.sample_path())
    mentions = json.loads(book.dumps())["mentions"]
    assert all("entity" in m for m in mentions)
    chains = Counter(m["entity"] for m in mentions if m["entity"])
    assert chains and max(chains.values()) >= 2  # some chain outside the cast has several mentions
    # a mention belongs to a cast member or to a chain, never both
    assert not any(m["character"] and m["entity"] for m in mentions)
    assert {m.entity for m in book.mentions} - {None} == set(chains)


def test_coref_after_speakers_letter_you_and_vocative_nominal():
    text = ('Dear Judy : Your letter is here . I thank you .\n'
            '" Go to bed , " said Tom . " Good night , uncle , " said Bob .')
    first = (text.index('"'), text.index('"', text.index('"') + 1) + 1)
    second_start = text.index('"', first[1] + 1)
    second = (second_start, text.index('"', second_start + 1) + 1)
    cast = [Character("K0", "Judy"), Character("K1", "Tom"), Character("K2", "Bob")]
    book = make(text, [("Judy", 0, "PROP", (), "K0"), ("Your", 0, "PRON"), ("you", 1, "PRON"),
                       ("Tom", 2, "PROP", (), "K1"), ("uncle", 3, "NOM"), ("Bob", 3, "PROP", (), "K2")],
                cast, quotes=[first, second])
    book.quotes[0].speaker, book.quotes[1].speaker = "K1", "K2"
    coref.after_speakers(book)
    assert by_text(book, "Your").character == by_text(book, "you").character == "K0"
    assert by_text(book, "uncle").character == "K1"  # Bob says it to the other speaker
    # no salutation, no addressee
    plain = make(text.replace("Dear", "Near"), [("Judy", 0, "PROP", (), "K0"), ("Your", 0, "PRON")],
                 cast[:1])
    coref.after_speakers(plain)
    assert by_text(plain, "Your").character is None


def test_coref_head_word_and_plural():
    assert coref.head_word("the child 's nurse") == "nurse"
    assert coref.head_word("the old man with a stick") == "man"
    assert coref.head_word("Mr. Bennet's eldest daughter") == "daughter"
    assert coref.is_plural("men") and coref.is_plural("strangers")
    assert not coref.is_plural("mistress") and not coref.is_plural("man")


def test_coref_pronoun_weights_match_the_features():
    e = coref.Entity("K0", "M", character=True, sentence=0, salience=150.0, mentions=2, last_kind="PROP")
    m = Mention(10, 12, "he", "PER", "PRON", sentence=1, facts=(("does", "go", 13),))
    features = coref._candidate_features(e, m, 0)
    assert coref.PRONOUN_WEIGHTS is None or len(coref.PRONOUN_WEIGHTS) == len(features)
    assert features[1] == 1.0 and features[4] == 1.0  # one sentence back; a character


def test_coref_resolve_learnt_choice_can_be_turned_off(monkeypatch):
    # with the weights or with salience alone, a lone candidate is chosen
    for weights in (coref.PRONOUN_WEIGHTS, None):
        monkeypatch.setattr(coref, "PRONOUN_WEIGHTS", weights)
        text = "A woman sat . She sang ."
        book = make(text, [("A woman", 0, "NOM", [("does", "sit", 8)]), ("She", 1, "PRON")])
        coref.resolve(book, {})
        assert by_text(book, "She").entity == by_text(book, "A woman").entity is not None


def test_coref_resolve_titled_nominals_find_the_one_holder_of_the_title():
    text = "Uncle William met Philip . Philip thanked his uncle . The doctor came ."
    clusters = [NameCluster(Counter({"Uncle William": 3}), {"william"}, Counter(), set(), {"uncle"}),
                NameCluster(Counter({"Philip": 3}), {"philip"}, Counter(), set()),
                NameCluster(Counter({"Dr. Keats": 1}), set(), Counter(), {"keats"}, {"dr"})]
    cast = [Character("K0", "Uncle William"), Character("K1", "Philip"), Character("K2", "Dr. Keats")]
    book = make(text, [("Uncle William", 0, "PROP", [("does", "meet", 14)], "K0"),
                       ("Philip", 0, "PROP", (), "K1"), ("Philip", 1, "PROP", [("does", "thank", 34)], "K1"),
                       ("his uncle", 1, "NOM"), ("his", 1, "PRON"), ("The doctor", 2, "NOM")],
                cast, clusters)
    coref.resolve(book, {"K0": "M", "K1": "M", "K2": "M"})
    assert by_text(book, "his").character == "K1"
    assert by_text(book, "his uncle").character == "K0"
    # the one doctor of the cast, but not named yet: someone new rather than a guess
    assert by_text(book, "The doctor").character is None


def test_coref_resolve_a_doctor_chain_begun_before_the_name_joins_the_named_doctor():
    text = "The doctor came . Dr. Keats bowed . The doctor smiled ."
    clusters = [NameCluster(Counter({"Dr. Keats": 1}), set(), Counter(), {"keats"}, {"dr"})]
    book = make(text, [("The doctor", 0, "NOM"), ("Dr. Keats", 1, "PROP", (), "K0"),
                       ("The doctor", 2, "NOM")],
                [Character("K0", "Dr. Keats")], clusters)
    coref.resolve(book, {"K0": "M"})
    # before the name, someone new; once the cast's one doctor is named, "the doctor" is he,
    # though an earlier "the doctor" of no one is nearer
    assert by_text(book, "The doctor", 0).character is None
    assert by_text(book, "The doctor", 1).character == "K0"


def test_coref_resolve_a_quoted_he_is_seldom_whom_the_narration_just_named():
    # the speech's "He" is the Bob asked about, not Dick whom the narration has just named
    text = '" Where is Bob ? " Tom asked . Dick shook his head . " He is always late . "'
    quotes = [(0, text.index("Tom") - 1), (text.index('" He'), len(text))]
    book = make(text, [("Bob", 0, "PROP", [("does", "be", 9)], "K1"),
                       ("Tom", 0, "PROP", [("does", "ask", 22)], "K0"),
                       ("Dick", 1, "PROP", [("does", "shake", 36)], "K2"), ("his", 1, "PRON"),
                       ("He", 2, "PRON", [("does", "be", 57)])],
                [Character("K0", "Tom"), Character("K1", "Bob"), Character("K2", "Dick")], quotes=quotes)
    coref.resolve(book, {"K0": "M", "K1": "M", "K2": "M"})
    assert by_text(book, "He").character == "K1"


def test_coref_after_speakers_a_tag_s_she_is_the_speaker_of_her_gender():
    text = ('Jane danced with Bingley .\n\n" Books ? " said Darcy .\n\n" Yes , always , " she replied .\n\n'
            '" No , " he said .')
    quotes = []
    for start in (text.index('" Books'), text.index('" Yes'), text.index('" No')):
        quotes.append((start, text.index('"', start + 1) + 1))
    cast = [Character("K0", "Jane", gender="she/her"), Character("K1", "Bingley", gender="he/him"),
            Character("K2", "Darcy", gender="he/him"), Character("K3", "Elizabeth", gender="she/her")]
    book = make(text, [("Jane", 0, "PROP", [("does", "dance", 5)], "K0"), ("Bingley", 0, "PROP", (), "K1"),
                       ("Darcy", 1, "PROP", (), "K2"), ("she", 2, "PRON"), ("he", 3, "PRON")],
                cast, quotes=quotes)
    coref.resolve(book, {"K0": "F", "K1": "M", "K2": "M", "K3": "F"})
    assert by_text(book, "she").character == "K0"  # salience alone: the last woman named
    book.quotes[1].speaker = "K3"  # the speakers stage, reading the conversation
    book.quotes[2].speaker = "K3"  # wrongly: "he" is no woman's, and stays as resolved
    coref.after_speakers(book)
    assert by_text(book, "she").character == "K3"
    assert by_text(book, "he").character != "K3"
