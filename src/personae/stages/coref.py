"""Coreference: each character's gender, then every person pronoun and common noun linked to a
character or to an entity of its own, and coreference groups for the other mentions.

Gender comes first from titles and given names (the name clusters), then from the pronouns
near a character's name where that character is the only one named. `resolve` then reads the
mentions in order, keeping each entity's salience (mentions, more as subject, halving with
each sentence): a he/she goes to the most salient entity of its gender a few sentences back,
never the subject of its own verb unless reflexive; "the woman" to the latest entity called
a woman, "the doctor" to the cast's one Doctor; "her father" to the possessor's relative
in the cast (`kin_character`) or to the one "her father" of that possessor. After the
speakers stage, `after_speakers` gives a quotation's "I" and "you" their speaker and
addressee where the speakers stage named none, and a letter's "you" its addressee. Mentions
still alone are grouped by `group_others`. Scored with `personae eval coref` (LitBank);
`scripts/coref_diag.py` tallies its errors by mention form.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from personae.book import Book, Mention
from personae.speech_verbs import SPEECH_VERB
from personae.stages.names import (DEMONYMS, GENDER_LABEL, LIST_JOINT, MENS_OFFICES, TITLE_GENDER, TITLES,
                                   any_woman_or_man, fold, noun_gender)
from personae.stages.quotes import QuotedBySpeakers

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
LOOKBACK_SENTENCES = 12  # since the entity's latest mention
MIN_PRONOUN_VOTES = 5
MANS_TITLES = MENS_OFFICES | {"dr", "doctor", "professor", "prof"}
MIN_PRONOUN_SHARE = 0.8  # the narration's main character skews the counts of everyone near her
# no given name to go by ("Tibby", "the Grandmother", "Minty Brown", "Perfetta"): pronouns
# alone, and a woman's name is said near the heroine's "she" too (11 she to 5 he for Minty)
UNNAMED_PRONOUN_SHARE = 0.6
# a given name's gender ("Brett", "Kit", "Jacky") gives way to the pronouns when they outvote
# it by this many and make this share: a nickname or a woman with a man's name
OUTVOTE_MARGIN = 8
OUTVOTE_SHARE = 0.6
MIN_LINK_VOTES = 2
MIN_LINKED_PRONOUNS = 3  # he/she the resolver gave a character, to gender it by
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
# pronouns whose referent holds for one speech: its speaker (when speakers.py finds none),
# its addressee, the group the speaker belongs to
SPEECH_PERSONS = {**dict.fromkeys("i me my mine myself".split(), "I"),
                  **dict.fromkeys("we us our ours ourselves".split(), "we"),
                  **dict.fromkeys("you your yours yourself yourselves thou thee thy thine thyself".split(), "you")}
NOMINAL_WINDOW = 40  # sentences within which "the doctor" is still the same doctor
DEFINITE = ("the ", "this ", "that ")
THEY_LOOKBACK = 3


def _pronoun_gender(text: str) -> str:
    word = text.lower()
    return "M" if word in MASCULINE else "F" if word in FEMININE else ""


def _pronoun_votes(book: Book) -> dict[str, Counter[str]]:
    """he/she counts where one character alone is named in a sentence: the pronouns after
    the name in that sentence, and the next sentence's first person mention if a pronoun.
    A title the characters stage gave someone ("the President", "the General") names them
    too: before resolving, only those common-noun mentions have a character."""
    by_sentence: dict[int, list] = defaultdict(list)
    for m in book.mentions:
        if not m.in_quote and m.type == "PER" and (m.kind == "PRON" or m.character):
            by_sentence[m.sentence].append(m)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence, found in by_sentence.items():
        named = {m.character for m in found if m.kind != "PRON"}
        if len(named) != 1:
            continue
        character = next(iter(named))
        first_name = next(i for i, m in enumerate(found) if m.kind != "PRON")
        # "She gave the Doctor her hand": a he or she before the name is someone else, whose
        # pronouns after it go on being hers
        taken = {_pronoun_gender(m.text) for m in found[:first_name]}
        for m in found[first_name + 1:]:
            gender = _pronoun_gender(m.text) if m.kind == "PRON" else ""
            if gender and gender not in taken:
                votes[character][gender] += 1
        following = by_sentence.get(sentence + 1)
        if following and following[0].kind == "PRON":
            gender = _pronoun_gender(following[0].text)
            if gender:
                votes[character][gender] += 1
    return votes


def name_cluster(book: Book, character_id: str):
    """The NameCluster of a named cast member ("K3": the book's fourth cluster), by its id, not
    its place in book.characters (a join may have taken someone out); None for the others."""
    i = int(character_id[1:]) if character_id[:1] == "K" and character_id[1:].isdigit() else -1
    return book.name_clusters[i] if 0 <= i < len(book.name_clusters) else None


def assign_gender(book: Book) -> dict[str, str]:
    genders: dict[str, str] = {}
    votes = _pronoun_votes(book)
    for character in book.characters:
        cluster = name_cluster(book, character.id)
        from_names = cluster.gender if cluster is not None else ""
        # "Doctor Mandelet": a title of no stated sex that the books' women seldom bore leans
        # to a man, as a given name does, unless the pronouns say otherwise as surely
        leaning = "M" if not from_names and cluster is not None and set(cluster.titles) & MANS_TITLES else ""
        prior = from_names or leaning
        pronoun_votes = votes.get(character.id, Counter())
        total = pronoun_votes["M"] + pronoun_votes["F"]
        from_pronouns = ""
        if total >= MIN_PRONOUN_VOTES:
            top, n = pronoun_votes.most_common(1)[0]
            if n / total >= (MIN_PRONOUN_SHARE if prior else UNNAMED_PRONOUN_SHARE):
                from_pronouns = top
            elif prior and top != prior and n - (total - n) >= OUTVOTE_MARGIN \
                    and n / total >= OUTVOTE_SHARE:
                from_pronouns = top
        # a title ("Mrs."; not "Dr.") is surer than pronoun statistics, which are surer than a first name
        titled = cluster is not None and from_names and (any(TITLE_GENDER.get(t, "") for t in cluster.titles)
                                                          or cluster.russian)  # a patronymic says it too
        gender = from_names if titled else (from_pronouns or prior)
        genders[character.id] = gender
        character.gender = GENDER_LABEL.get(gender)
    return genders


def link_genders(book: Book, genders: dict[str, str]) -> dict[str, str]:
    """The gender each character is linked by: the reported one, else (for linking only)
    the pronouns near its name when few but unanimous: a short text gives few votes."""
    votes = _pronoun_votes(book)
    linking = dict(genders)
    for character in book.characters:
        if linking.get(character.id):
            continue
        counts = votes.get(character.id, Counter())
        if counts and len(counts) == 1 and sum(counts.values()) >= MIN_LINK_VOTES:
            linking[character.id] = next(iter(counts))
    return linking


def nested_titles(mentions: list[Mention]) -> list[Mention]:
    """The span model also tags the title of a name on its own ("Mr." inside "Mr. Bennet") as
    a common-noun person, as LitBank's entities do; it refers to no one by itself (LitBank's
    coreference never marks it): book.json lists it, coreference leaves it alone, or every
    "Mr. X" would add a one-mention entity."""
    names = defaultdict(list)
    for m in mentions:
        if m.kind == "PROP":
            names[m.start].append(m.end)
    return [m for m in mentions if m.kind == "NOM" and m.text.rstrip(".").lower() in TITLES
            and any(end > m.end for end in names.get(m.start, ()))]


def set_aside_nested_titles(book: Book) -> list[Mention]:
    """Take the `nested_titles` out of `book.mentions` for the stages that link and count
    mentions; `put_back` returns them for book.json."""
    titles = nested_titles(book.mentions)
    set_aside = {id(m) for m in titles}
    book.mentions = [m for m in book.mentions if id(m) not in set_aside]
    return titles


def put_back(book: Book, titles: list[Mention]) -> None:
    book.mentions = sorted([*book.mentions, *titles], key=lambda m: (m.start, -m.end))


def run(book: Book, voices: list[tuple[int, int, str]] | None = None) -> None:
    genders = link_genders(book, assign_gender(book))
    resolve(book, genders, voices)
    gender_from_links(book)
    group_others(book)


def voices(book: Book) -> list[tuple[int, int, str]]:
    """(end, sentence, speaker) of each quotation with a speaker, for `run`'s second reading.
    (Placed at the end of the quotation's paragraph instead, beyond the he or she of its own
    tag, the speaker model's cross-validation fell 81.7% -> 81.5%.)"""
    starts = [s for s, _ in book.sentences]
    return [(q.end, max(0, bisect_right(starts, q.end - 1) - 1), q.speaker)
            for q in book.quotes if q.speaker]


def gender_from_links(book: Book) -> None:
    """A character neither name nor nearby pronouns could gender ("Tibby", "Poirot", "the
    Grandmother") takes the gender of the he/she the resolver linked to them, when those
    mostly agree."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in book.mentions:
        if m.kind == "PRON" and m.character and not m.in_quote:
            gender = _pronoun_gender(m.text)
            if gender:
                votes[m.character][gender] += 1
    _gender_ungendered(book, votes, MIN_LINKED_PRONOUNS)


def _gender_ungendered(book: Book, votes: dict[str, Counter[str]], minimum: int) -> None:
    """Give each character with no gender yet the one its votes ("M"/"F") name, when it has
    `minimum` votes or more and MIN_PRONOUN_SHARE of them."""
    for character in book.characters:
        counts = votes.get(character.id)
        if character.gender is not None or not counts:
            continue
        top, n = counts.most_common(1)[0]
        if n >= minimum and n / sum(counts.values()) >= MIN_PRONOUN_SHARE:
            character.gender = GENDER_LABEL[top]


def _quote_index(book: Book) -> Callable[[Mention], int | None]:
    starts = [s for s, _ in book.quote_spans]

    def quote_of(m: Mention) -> int | None:
        i = bisect_right(starts, m.start) - 1
        return i if i >= 0 and m.start < book.quote_spans[i][1] else None
    return quote_of


def group_others(book: Book) -> None:
    """Coreference groups for the mentions no character took (`Mention.entity`): a name
    repeated (places, organisations, persons outside the cast), a definite common noun
    repeated within a few pages ("the river"), a chain of "they" with at most a few
    sentences between links, and the "I" / "you" / "we" of one quotation; "I" and "we"
    outside quotations are one group each for the book (the narrator, the narrator's party)."""
    quote_of = _quote_index(book)
    ids: dict[tuple, str] = {}
    numbers = count()
    last_seen: dict[tuple, int] = {}  # key -> sentence of its latest mention

    def group(key: tuple, m: Mention, window: int | None = None) -> None:
        if key in ids and window is not None and m.sentence - last_seen[key] > window:
            del ids[key]  # too far back: a new referent under the same words
        m.entity = ids[key] if key in ids else ids.setdefault(key, f"E{next(numbers)}")
        last_seen[key] = m.sentence

    for m in book.mentions:
        if m.character or m.entity:
            continue
        word = m.text.lower()
        if m.kind == "PROP":
            group(("name", word), m)
        elif m.kind == "NOM" and word.startswith(DEFINITE):
            # "this house" after "the house": one key for the definite forms
            group(("nominal", "the " + word.split(" ", 1)[1]), m, NOMINAL_WINDOW)
        elif m.kind == "PRON" and word in PLURAL:
            group(("they",), m, THEY_LOOKBACK)
        elif m.kind == "PRON" and word in SPEECH_PERSONS:
            quote = quote_of(m)
            if quote is not None:
                group(("quote", quote, SPEECH_PERSONS[word]), m)
            elif SPEECH_PERSONS[word] == "we":  # "you" in narration is any reader: left alone
                group(("we",), m)
            elif SPEECH_PERSONS[word] == "I":
                # a few "I"s of a narrator too shy to count as one (narrator.py): one person
                group(("I",), m)


# --- the resolver: one pass over the mentions, each linked to an entity or starting one ---

PLURAL_NOUNS = frozenset("men women people children folk folks gentlemen ladies boys girls "
                         "others parents brothers sisters friends".split())
# one word for many people: "the English community" or "an amateur orchestra" (the span
# model's PER) is no he or she of the next sentence
COLLECTIVE_NOUNS = frozenset("community orchestra crowd mob throng audience congregation committee "
                             "council government army regiment troop squadron crew team band "
                             "company household family clan tribe nation race public populace "
                             "population society assembly gathering multitude party".split())
POSSESSIVE = {"his": "M", "her": "F", "my": "", "their": "", "your": "", "our": "", "its": ""}
REFLEXIVE = frozenset({"himself", "herself", "themselves"})
HEAD_STOP = frozenset("of who whom whose that which with in at from on to for by as , ; -- and "
                       "beyond near next behind above below under over between upon into towards toward "
                       "through across along among around against without within than".split())
TITLED_USES = 3  # uses of a kin title with a name ("Mother Russia") before "his mother" may be that person
NARRATOR_REACH = 20  # sentences after the narration's latest "I" that its he/she is not that "I"
PLURAL_LOOKBACK = 1  # sentences: a "they" further back is most often another group
PLACE_WINDOW = 100  # sentences: the same place comes back chapters on
DEFINITE_WORDS = frozenset("the this that these those".split())
INDEFINITE_WORDS = frozenset("a an one another some any no every each many few several such".split())
SALIENCE_DECAY = 0.6
QUOTED_WEIGHT = 0.2  # a mention inside a quotation: the narration's pronouns follow the narration
ROLE_WEIGHT = {"does": 80, "undergoes": 50}
# a quotation's speaker, in the second reading, weighs as a name doing something in the
# narration would (100 + "does" 80); 100 or 300 made no difference to the speakers' accuracy
VOICE_WEIGHT = 180.0


@dataclass
class Entity:
    id: str
    gender: str = ""  # "M" / "F" / "" unknown
    plural: bool = False
    last: int = -1  # offset of the latest mention
    sentence: int = -1  # sentence of the latest mention
    heads: set[str] = field(default_factory=set)
    character: bool = False
    type: str = "PER"
    salience: float = 0.0  # as of `sentence`; times SALIENCE_DECAY with each sentence after
    mentions: int = 0
    last_kind: str = ""  # of the latest mention: PROP / NOM / PRON
    last_quoted: bool = False
    last_subject: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)  # only while tracing

    def salience_at(self, sentence: int) -> float:
        return self.salience * SALIENCE_DECAY ** (sentence - self.sentence)


# weights of `_candidate_features` for choosing a pronoun's antecedent among the candidates,
# learnt on LitBank's train split in two rounds (`python scripts/coref_diag.py learn`, then
# again with `--from-current`: 5,340 of 5,895 pronouns with several candidates right, salience
# alone 5,071); None: salience alone
PRONOUN_WEIGHTS: tuple[float, ...] | None = (0.716, -0.048, 1.431, -0.665, 0.243, -0.944, 0.685, -0.044,
                                             0.653, 0.083, -0.546, -0.796, -2.468)
# set to a list to record every choice of the latest reading (scripts/coref_diag.py learn;
# the pipeline reads twice, and the second reading's choices are the ones that stand)
TRACE: list | None = None


def _candidate_features(e: Entity, m: Mention, rank: int, now: int | None = None) -> list[float]:
    """Salience (log), sentences back, same sentence, recency rank, a character, gender not yet
    known, same side of a quotation mark, last seen as subject, both subjects, mentions so far
    (log), last seen as a name, as a common noun, and the pronoun quoted but the candidate last
    seen in the narration (a speech's he or she is seldom its speaker, whom the tag names)."""
    subject = any(r == "does" for r, _, _ in m.facts)
    now = m.sentence if now is None else now  # the resolver's narration clock, if it runs one
    return [math.log1p(e.salience_at(now)), float(now - e.sentence),
            float(now == e.sentence), float(min(rank, 5)), float(e.character), float(not e.gender),
            float(e.last_quoted == m.in_quote), float(e.last_subject), float(subject and e.last_subject),
            math.log1p(e.mentions), float(e.last_kind == "PROP"), float(e.last_kind == "NOM"),
            float(m.in_quote and not e.last_quoted)]


HEAD_SYNONYMS = {**dict.fromkeys(("mamma", "mama", "ma", "mum", "mummy", "mammy"), "mother"),
                 **dict.fromkeys(("papa", "pa", "dad", "daddy", "pappy"), "father")}


def head_word(text: str) -> str:
    """The head noun of a nominal mention: the last word before "of", "who", ... ("the
    child 's nurse" -> nurse, "the old man with a stick" -> man)."""
    words = re.findall(r"[\w'-]+|[,;]", text.lower())
    for i, w in enumerate(words[1:], 1):
        if w in HEAD_STOP:
            words = words[:i]
            break
    words = [w for w in words if w not in ("'s", "'")]
    head = words[-1].removesuffix("'s") if words else ""
    return HEAD_SYNONYMS.get(head, head)


# nouns in -men that are one thing; any other ("Englishmen", "workmen") is many people
SINGULAR_MEN = frozenset("specimen abdomen regimen acumen stamen hymen omen amen bitumen albumen "
                         "cyclamen".split())


# a people's name with no article beside another: "another creed, Hindu, Christian, or
# Greek"; "both English and Indians": languages, creeds or peoples, no one a he or she follows
_LIST_BEFORE = re.compile(r"([A-Za-z]+)" + LIST_JOINT + "$")
_LIST_AFTER = re.compile(LIST_JOINT + r"([A-Za-z]+)")


def _listed_demonym(text: str, m: Mention) -> bool:
    """Whether nominal m is a people's name, one word, listed beside another."""
    word = m.text.lower()
    if " " in word or word not in DEMONYMS:
        return False
    before = _LIST_BEFORE.search(text, max(0, m.start - 40), m.start)
    after = _LIST_AFTER.match(text, m.end)
    return any(g and g.group(1).lower() in DEMONYMS for g in (before, after))


def is_plural(head: str) -> bool:
    """Many people: "the servants", "Englishmen", "Hindus" (not "genius"), "the crowd"."""
    return head in PLURAL_NOUNS or head in COLLECTIVE_NOUNS or (len(head) > 3 and head.endswith("s") and (
        not head.endswith(("ss", "us", "is", "'s")) or head[:-1] in DEMONYMS)) \
        or (len(head) > 4 and head.endswith("men") and head not in SINGULAR_MEN)




def _vocative(text: str, m: Mention) -> bool:
    """ "Agnes, come here." / "Come here, Agnes." / "Good morning, Mr. Darcy!" """
    before = text[max(0, m.start - 3):m.start].rstrip()
    after = text[m.end:m.end + 3].lstrip()
    opens = not before or before[-1] in ",\"'\u201c\u2018\u2014-!?."
    return opens and (after[:1] in (",", "!", "?") or (before[-1:] == "," and after[:1] in (".", "\"", "\u201d", "'", "\u2019", "")))


# kinship nouns: the gender of the relative, and how they stand to the possessor
KIN = {**dict.fromkeys(("father", "papa", "pa"), ("M", "parent")),
       **dict.fromkeys(("mother", "mamma", "mama", "ma"), ("F", "parent")),
       "husband": ("M", "spouse"), "wife": ("F", "spouse"), "brother": ("M", "sibling"),
       "sister": ("F", "sibling"), "son": ("M", "child"), "daughter": ("F", "child")}
# the titles of a head of the family: "Mr. Bennet" is the Bennet girls' father, "Mrs. Bennet"
# their mother and his wife ("Miss", a given name alone: a daughter or sister)
HEAD_TITLES = {"M": ("mr", "sir", "lord"), "F": ("mrs", "lady")}
KIN_DOMINANCE = 3  # of several relatives who fit, the most named one if this many times the next
KIN_RECENT = 10  # sentences: of several relatives who fit, the one named this recently


def apposed_to_titles(book: Book, titles) -> dict[str, str]:
    """Per title, the character whose name the book sets beside "the <title>" ("Twala the
    king", "the king Twala") APPOSED_TITLE_USES times or more, and twice as often as
    anyone's; titles no one's name is set beside so are left out. One pass over the text."""
    titles = sorted({t.lower() for t in titles}, key=len, reverse=True)
    if not titles:
        return {}
    owner: dict[str, str] = {}
    for c in book.characters:
        cluster = name_cluster(book, c.id)
        if cluster is None:
            continue
        for word in {w for part in (*cluster.given, *cluster.surnames) for w in part.split()}:
            owner[word] = "" if owner.get(word, c.id) != c.id else c.id  # a word two bear names neither
    alternatives = "|".join(re.escape(t) for t in titles)
    pattern = (rf"\b([A-Za-z][\w']+)\s+the\s+({alternatives})\b"
               rf"|\bthe\s+({alternatives})\s+([A-Za-z][\w']+)")
    beside: dict[str, Counter[str]] = defaultdict(Counter)
    for match in re.finditer(pattern, book.source.text, re.IGNORECASE):
        word, title = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if word[:1].isupper() and owner.get(fold(word)):
            beside[title.lower()][owner[fold(word)]] += 1
    found = {}
    for title, counts in beside.items():
        ranked = counts.most_common(2)
        if ranked[0][1] >= APPOSED_TITLE_USES and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            found[title] = ranked[0][0]
    return found


APPOSED_TITLE_USES = 3


def kin_character(book: Book, genders: dict[str, str], possessor: str, head: str,
                  last_seen: Callable[[str], int] | None = None, sentence: int = 0) -> str | None:
    """The cast member that "her father" / "his wife" names, from the possessor's surname:
    Elizabeth Bennet's father is the cast's Mr. Bennet, her mother its Mrs. Bennet, Mr.
    Bennet's wife Mrs. Bennet. None unless one relative of that surname, gender and title
    fits (or one is far the most named, or, given `last_seen`, the sentence each character
    was last named in, the only one named in the KIN_RECENT sentences before `sentence`:
    Anne Elliot's father is Sir Walter, in the room, not the cousin "Mr. Elliot")."""
    fits = kin_fits(book, genders, possessor, head)
    _, relation = KIN[head]
    if len(fits) == 1 or (len(fits) > 1 and fits[0][0] >= KIN_DOMINANCE * fits[1][0]):
        return fits[0][1]
    if last_seen is not None and relation in ("parent", "spouse"):  # one of each; sisters are many
        recent = [c for _, c in fits if 0 <= sentence - last_seen(c) <= KIN_RECENT]
        if len(recent) == 1:
            return recent[0]
    return None


def kin_fits(book: Book, genders: dict[str, str], possessor: str, head: str) -> list[tuple[int, str]]:
    """(uses, character) of each cast member who may be the possessor's "father" / "wife"
    (`kin_character`), the most named first; none when the cast holds no such relative."""
    def heads_family(c, gender: str) -> bool:  # "Mr. S" / "Mrs. S" with one of the surnames
        return any(t in HEAD_TITLES[gender] and name in surnames for t, name in c.titled_names)

    own = name_cluster(book, possessor)
    if own is None or not own.surnames:
        return []
    surnames = own.surnames
    gender, relation = KIN[head]
    own_gender = genders.get(possessor, "")
    own_head = bool(own_gender) and heads_family(own, own_gender)
    if relation in ("spouse", "child") and not own_head:
        return []  # Miss Bingley has no husband in the cast
    if own_head and own_gender == "F" and relation in ("parent", "sibling"):
        return []  # Mrs. Wickham's family is not called Wickham
    if own_head and relation == "parent" and gender == "M":
        return []  # Mr. Darcy's father is another Mr. Darcy, not told apart by name
    others = [(c, name_cluster(book, c.id)) for c in book.characters if c.id != possessor]
    others = [(c, o) for c, o in others if o is not None and o.surnames & surnames]
    # a Mr. and a Mrs. of the name: the parents, so no one's brother
    couple = any(heads_family(o, "F") for _, o in others if genders.get(_.id) == "F")
    fits = []
    for c, other in others:
        if genders.get(c.id) != gender:
            continue
        head_of_family = heads_family(other, gender)
        if relation in ("parent", "spouse"):
            ok = head_of_family
        elif relation == "sibling":
            ok = not head_of_family or (gender == "M" and not couple)
        else:  # a son or daughter of a Mr. or Mrs.
            ok = not head_of_family
        if ok:
            fits.append((other.count, c.id))
    return sorted(fits, reverse=True)


# not "stranger": someone the scene does not know is not the man it has just named
GENERIC_NOUNS = frozenset("man woman girl boy lady gentleman fellow child youth lad lass "
                          "maid creature person visitor figure".split())
GENERIC_WINDOW = 3
LATTER_WINDOW = 3  # sentences back in which "the latter" and "the former" find their two people


def _generic(entities: dict[str, Entity], recent: dict[str, Entity], m: Mention, head: str,
             titled: str | None, now: int) -> Entity | None:
    """ "the doctor" for the cast's one Doctor; "the old man" for the man of the last few
    sentences the book has called so before, else the most salient (a reader's "the girl" is
    the girl just spoken of)."""
    if titled and titled in entities and entities[titled].last >= 0:
        return entities[titled]
    if head not in GENERIC_NOUNS:
        return None
    gender = noun_gender(head)
    fitting = []
    for e in reversed(recent.values()):
        if now - e.sentence > GENERIC_WINDOW:
            break
        if e.type == "PER" and not e.plural and not (gender and e.gender != gender):
            fitting.append(e)
    # one the book has called so before goes first ("the child" is the child, not the more
    # salient Marilla beside her); of equals, the latest mentioned
    return max(fitting, key=lambda e: (head in e.heads, e.salience_at(now)), default=None)


def _person_name_words(book: Book, genders: dict[str, str]) -> dict[str, str]:
    """Each word of a gendered character's name of two words or more that no other
    character's name holds nor any longer place name ("Barton Park"), and that character
    ("durbeyfield" -> Jack Durbeyfield)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for c in book.characters:
        for name in (c.name, *c.aliases):
            for word in name.lower().split():
                owners[word].add(c.id)
    places = {w for m in book.mentions if m.kind == "PROP" and m.type != "PER" and " " in m.text
              for w in m.text.lower().split()}
    full = {c.id for c in book.characters if len(c.name.split()) > 1}
    return {w: next(iter(ids)) for w, ids in owners.items()
            if len(ids) == 1 and next(iter(ids)) in full and genders.get(next(iter(ids)))
            and w not in places and len(w) > 2 and w[0].isalpha()}


def sole_title_holders(book: Book) -> dict[str, str]:
    """"the captain" -> the cast member called Captain Something, when only one is (the
    title as a common noun says it: "doctor" for "Dr.")."""
    titled: dict[str, str] = {}
    title_owners: dict[str, set[str]] = defaultdict(set)
    title_uses: Counter[str] = Counter()
    for c in book.characters:
        cluster = name_cluster(book, c.id)
        for title in getattr(cluster, "titles", ()):
            title_owners[title.rstrip(".")].add(c.id)
        if cluster is not None:
            title_uses.update(cluster.title_uses())
    for title, owners in title_owners.items():
        # a kin title said once ("Mother Russia") makes no one the book's "the mother"
        if len(owners) == 1 and title not in ("mr", "mrs", "miss", "ms", "master") \
                and (title not in KIN or title_uses[title] >= TITLED_USES):
            titled["doctor" if title == "dr" else title] = next(iter(owners))
    return titled


def narration_clock(book: Book) -> list[int]:
    """Per sentence, how many sentences with narration in them come before it: a time that
    stands still through a run of dialogue, which does not make a reader forget who is there."""
    spans = sorted(book.quote_spans)
    starts = [s for s, _ in spans]
    clock, now = [], 0
    for s, e in book.sentences:
        clock.append(now)
        i = bisect_right(starts, s + 2) - 1
        if not (i >= 0 and spans[i][1] >= e - 2):
            now += 1
    return clock


def resolve(book: Book, genders: dict[str, str], voices: list[tuple[int, int, str]] | None = None) -> None:
    """Link third-person pronouns and common nouns to characters or to entities of their own.

    Entities are the characters (with their gender) and those the nominals start ("a woman",
    "the child"). A he/she goes to the latest entity of its gender (or of no known gender
    yet, which it then fixes) mentioned a few sentences back at most, never the subject of
    its own verb unless reflexive; a they to the latest plural one. A definite nominal
    ("the woman") goes to the latest entity named with the same head noun within a few
    pages; a possessive one ("his mother") to the one with the same head and possessor.
    Distances count the sentences of narration only (`narration_clock`): a long exchange of
    lines no longer takes a "he" past LOOKBACK_SENTENCES to make a stranger of him.
    `voices` (`voices`, of a first reading): (offset, sentence, character) of each
    quotation's speaker, heard as a name in the narration would be at that offset."""
    entities: dict[str, Entity] = {}
    numbers = count()
    clock = narration_clock(book)

    def when(m: Mention) -> int:
        """The mention's time on the narration clock."""
        return clock[m.sentence] if m.sentence < len(clock) else m.sentence

    if TRACE is not None:
        TRACE.clear()
    for c in book.characters:
        entities[c.id] = Entity(c.id, genders.get(c.id, ""), character=True)
    # the narration says "I" of its narrator: its he and she are always someone else (the
    # narrator of the part being read: a book of letters and diaries has several)
    narrator, narrator_sentence = None, -1
    possessed: dict[tuple[str, str], str] = {}  # (possessor entity, head) -> entity
    by_head: dict[tuple[str, str], str] = {}  # (type, head) -> latest entity with that head
    subjects: dict[int, str] = {}  # verb offset -> entity of its subject, for this sentence
    subjects_sentence = -1
    owner: dict[int, tuple[int, str]] = {}  # start -> (end, entity) of the latest mention linked there
    recent: dict[str, Entity] = {}  # the persons and things mentioned, latest last
    # (entity, sentence) of each person the narration names or describes, in order
    named_people: list[tuple[str, int]] = []

    titled = sole_title_holders(book)
    # "the king" of a book that says "Twala the king" again and again is Twala, not the one
    # King it names (King Solomon's Mines' King Solomon, long dead)
    titled.update(apposed_to_titles(book, titled))

    def new(gender: str = "", plural: bool = False, type_: str = "PER") -> Entity:
        e = Entity(f"R{next(numbers)}", gender, plural, type=type_)
        entities[e.id] = e
        return e

    named_in: dict[str, int] = {}  # character -> the sentence of its latest name

    def last_seen(character: str) -> int:
        return named_in.get(character, -1 - KIN_RECENT)

    def link(m: Mention, e: Entity) -> None:
        if e.character:
            m.character = e.id
            if m.kind == "PROP":
                named_in[e.id] = when(m)
        else:
            m.entity = e.id
        recent.pop(e.id, None)
        recent[e.id] = e  # dicts keep insertion order: the latest mentioned last
        weight = 100 + max((ROLE_WEIGHT.get(r, 0) for r, _, _ in m.facts), default=0)
        if m.in_quote:
            weight *= QUOTED_WEIGHT
        e.salience = (e.salience_at(when(m)) if e.sentence >= 0 else 0.0) + weight
        e.last, e.sentence = m.start, when(m)
        e.mentions += 1
        e.last_kind, e.last_quoted = m.kind, m.in_quote
        e.last_subject = any(r == "does" for r, _, _ in m.facts)
        if TRACE is not None:
            e.spans.append((m.start, m.end))
        owner[m.start] = (m.end, e.id)
        if m.kind in ("PROP", "NOM") and not m.in_quote and e.type == "PER" and not e.plural:
            named_people.append((e.id, when(m)))
        for relation, _, anchor in m.facts:
            if relation == "does":
                subjects[anchor] = e.id

    person_words = _person_name_words(book, genders)
    def hear(offset: int, sentence: int, who: str) -> None:
        """A speaker's voice: salient as the narration's subject, named, would be."""
        e = entities.get(who)
        if e is None or not e.character:
            return
        recent.pop(e.id, None)
        recent[e.id] = e
        e.salience = (e.salience_at(sentence) if e.sentence >= 0 else 0.0) + VOICE_WEIGHT
        e.last, e.sentence = offset, sentence
        e.last_kind, e.last_quoted, e.last_subject = "PROP", False, True

    possessives: dict[int, Mention] = {}  # start -> the his/her there

    def family_without(possessor: str, head: str) -> bool:
        """The possessor has a surname, and no one of the cast is their "mother" (`head`) by it."""
        own = name_cluster(book, possessor)
        return own is not None and bool(own.surnames) and not kin_fits(book, genders, possessor, head)

    def kin_of_another(start: int, possessor: str, head: str, gender: str, now: int) -> tuple[str | None, str]:
        """'"We are not in a way to know," said her mother': a his or her read as the
        relative itself (Mrs. Bennet, whose voice was the latest heard; the cast holds no
        mother of hers) is the latest person of that sex of the last few sentences whose
        relative she is, and becomes theirs; not anyone's mother else ("Heaslop got his
        mother away" is not Mr. Turton's wife). (kin, possessor)"""
        for other in reversed(recent.values()):
            if now - other.sentence > KIN_RECENT:
                break
            if other.id == possessor or not other.character or other.gender != gender:
                continue
            kin = kin_character(book, genders, other.id, head, last_seen, now)
            if kin == possessor:
                pronoun = possessives.get(start)
                if pronoun is not None:
                    pronoun.character, pronoun.entity = other.id, None
                return kin, other.id
        return None, possessor

    voices = sorted(voices or ())
    next_voice = 0
    for m in sorted(book.mentions, key=lambda m: (m.start, m.end)):
        now = when(m)
        while next_voice < len(voices) and voices[next_voice][0] <= m.start:
            offset, sentence, who = voices[next_voice]
            hear(offset, clock[sentence] if sentence < len(clock) else sentence, who)
            next_voice += 1
        if m.kind == "PROP" and m.type != "PER" and not m.character and m.text.lower() in person_words:
            # the span model's place "Durbeyfield" is the cast's one Jack Durbeyfield
            m.character, m.type = person_words[m.text.lower()], "PER"
        if m.sentence != subjects_sentence:
            subjects.clear()
            subjects_sentence = m.sentence
        if m.character:
            if m.kind == "PRON" and not m.in_quote and m.text.lower() in FIRST_PERSON:
                narrator, narrator_sentence = m.character, now
            e = entities.get(m.character)
            if e is None:
                e = entities[m.character] = Entity(m.character, genders.get(m.character, ""), character=True)
            # a name said to someone ("Come here, Agnes") does not make them the topic
            if not (m.kind == "PROP" and m.in_quote and _vocative(book.source.text, m)):
                link(m, e)
            continue
        word = m.text.lower()
        if m.kind == "PRON" and m.type == "PER":
            gender = _pronoun_gender(word)
            plural = word in PLURAL
            if not gender and not plural:
                continue
            own_verbs = {a for r, _, a in m.facts if r != "does"}
            bound = {subjects[a] for a in own_verbs if a in subjects}
            window = PLURAL_LOOKBACK if plural else LOOKBACK_SENTENCES
            best = None
            candidates = []
            for e in reversed(recent.values()):
                if now - e.sentence > window:
                    break
                if e.type != "PER" or e.plural != plural:
                    continue
                if e.id == narrator and not m.in_quote and now - narrator_sentence <= NARRATOR_REACH:
                    continue
                # a character of unknown gender is left alone: its pronouns were ambiguous
                if not plural and e.gender not in (gender, "") or (e.character and not e.gender):
                    continue
                if word in REFLEXIVE:
                    if bound and e.id not in bound:
                        continue
                elif e.id in bound:
                    continue
                candidates.append(e)
                if best is None or (e.salience_at(now), e.last) > (best.salience_at(now), best.last):
                    best = e
            if candidates and (PRONOUN_WEIGHTS is not None or TRACE is not None):
                features = [_candidate_features(e, m, rank, now) for rank, e in enumerate(candidates)]
                if TRACE is not None:
                    TRACE.append(((m.start, m.end), [list(e.spans) for e in candidates], features))
                if PRONOUN_WEIGHTS is not None:
                    scores = [sum(w * x for w, x in zip(PRONOUN_WEIGHTS, f)) for f in features]
                    best = candidates[max(range(len(candidates)), key=scores.__getitem__)]
            if word in POSSESSIVE:
                possessives[m.start] = m
            if best is None:
                # no one fits: someone new (the stranger of "Nor when he met the people"),
                # whom the next pronouns can follow
                best = new(gender, plural)
            if not best.gender and gender:
                best.gender = gender
            link(m, best)
        elif m.kind == "NOM":
            phrase = m.phrase.lower()
            if m.type == "PER" and phrase in ("the latter", "the former"):
                # the later or the earlier of the last two people the narration named
                two: list[str] = []
                for who, sentence in reversed(named_people):
                    if now - sentence > LATTER_WINDOW or len(two) == 2:
                        break
                    if who not in two:
                        two.append(who)
                if len(two) == 2:
                    link(m, entities[two[0] if phrase == "the latter" else two[1]])
                    continue
            head = head_word(m.text)
            if not head or _listed_demonym(book.source.text, m):
                continue
            first = word.split(" ", 1)[0]
            plural = is_plural(head)
            e = None
            key = (m.type == "PER", head)
            window = NOMINAL_WINDOW if m.type == "PER" else PLACE_WINDOW
            earlier = entities.get(by_head.get(key, ""))
            if earlier is not None and now - earlier.sentence > window:
                earlier = None
            possessor = None
            if first in POSSESSIVE or "'s" in word:
                # the possessor ("his", "the child 's") starts where the nominal does, and
                # was linked just before it (mentions go by start, shorter first)
                end, possessor = owner.get(m.start, (m.end, None))
                possessor = possessor if end < m.end else None
                if possessor:
                    e = entities.get(possessed.get((possessor, head), ""))
                    if e is None and head in KIN:
                        kin = kin_character(book, genders, possessor, head, last_seen, now)
                        if kin is None and POSSESSIVE.get(first) and family_without(possessor, head):
                            kin, possessor = kin_of_another(m.start, possessor, head, POSSESSIVE[first], now)
                        e = entities.get(kin or "")
                    if e is None and titled.get(head, possessor) != possessor and entities[titled[head]].last >= 0 \
                            and not any_woman_or_man(head, m.text):
                        e = entities[titled[head]]  # "his uncle" for the cast's one Uncle William
                elif first in ("my", "your", "our"):
                    e = earlier  # "your mother" in a speech whose "you" is not known yet
            elif first in DEFINITE_WORDS:
                e = earlier
                if (head in titled and (e is None or not e.character)
                        and entities[titled[head]].last >= 0
                        and not any_woman_or_man(head, m.text)):
                    e = entities[titled[head]]  # the cast's one Doctor, once named, is "the doctor"
                if e is None and m.type == "PER" and not plural:
                    e = _generic(entities, recent, m, head, titled.get(head), now)
            if e is None:
                e = new(noun_gender(head), plural, m.type)
            if possessor:
                possessed[(possessor, head)] = e.id
            e.heads.add(head)
            by_head[key] = e.id
            link(m, e)


FIRST_PERSON = frozenset("i me my mine myself".split())
SECOND_PERSON = frozenset("you your yours yourself yourselves thou thee thy thine thyself".split())
TAG_REACH = 40  # characters after a quotation searched for "he said" / "said the doctor"
ADDRESSEE_SENTENCES = 3  # sentences of narration before a quotation searched for its addressee
TURN_GAP = 400  # characters between two quotations of one conversation, at most


def _tag_speaker(book: Book, quote, after: list[Mention], starts: list[int]) -> str | None:
    """The character or entity of a "he said" / "said the nurse" tag right after a quotation."""
    i = bisect_right(starts, quote.end)
    text = book.source.text
    while i < len(after) and after[i].start - quote.end <= TAG_REACH:
        m = after[i]
        i += 1
        if m.in_quote or m.kind == "PRON" and m.text.lower() not in ("he", "she"):
            continue
        if not SPEECH_VERB.search(text[quote.end:m.end + 30]):
            return None
        return m.character or m.entity
    return None


SALUTATION = re.compile(r"(?:my\s+)?dear(?:est)?\s+$", re.IGNORECASE)
LETTER_SENTENCES = 150  # a letter's "you" is its addressee for at most this many sentences


def _letters(book: Book) -> None:
    """The "you" of a letter ("Dear Judy: Your letter is here.") is the one it is written to,
    up to the next salutation."""
    text = book.source.text
    to, since = None, -1
    for m in book.mentions:
        if m.kind == "PROP" and m.type == "PER" and not m.in_quote and (m.character or m.entity):
            line_start = text.rfind("\n", 0, m.start) + 1
            if SALUTATION.fullmatch(text[line_start:m.start].strip() + " ") and text[m.end:m.end + 3].strip()[:1] in (",", ":"):
                to, since = (m.character, m.entity), m.sentence
                continue
        if to and m.kind == "PRON" and not m.in_quote and not m.character and not m.entity \
                and m.text.lower() in SECOND_PERSON and m.sentence - since <= LETTER_SENTENCES:
            m.character, m.entity = to


def tag_pronouns_to_speakers(book: Book) -> None:
    """The he or she of a speech tag ('"Yes, always," she replied') is the quotation's
    speaker, whom the speakers stage chose with the whole conversation in view; salience
    alone, a sentence back, often picks the wrong one of two women talking."""
    from personae.stages.speakers import speech_tags

    genders = {c.id: c.gender for c in book.characters}
    for quote, tag in zip(book.quotes, speech_tags(book)):
        if quote.speaker not in genders or tag is None or tag.kind != "PRON" or tag.in_quote:
            continue
        word = tag.text.lower()
        if word not in ("he", "she"):
            continue
        if genders[quote.speaker] in (GENDER_LABEL[_pronoun_gender(word)], None):
            tag.character, tag.entity = quote.speaker, None


def after_speakers(book: Book) -> None:
    """Once quotations have speakers: a speech tag's he or she is its speaker; the "I" of a
    quotation whose speaker is no character is the person its tag names ("said the nurse"),
    and its "you" is whoever speaks the turn before or after (the other side of the
    conversation)."""
    tag_pronouns_to_speakers(book)
    for m in book.mentions:
        if m.character:  # the speakers stage gave a quotation's "I" its speaker
            m.entity = None
    _letters(book)
    if not book.quotes:
        return
    persons = sorted((m for m in book.mentions if m.type == "PER"), key=lambda m: m.start)
    starts = [m.start for m in persons]
    characters = {c.id for c in book.characters}
    gendered = {c.id for c in book.characters if c.gender}
    tags = [_tag_speaker(book, q, persons, starts) for q in book.quotes]
    # the speakers stage names only cast members: for the others, "said the nurse"
    speakers = [q.speaker or t for q, t in zip(book.quotes, tags)]
    text = book.source.text
    quote_starts = [q.start for q in book.quotes]
    quoted = QuotedBySpeakers(book)
    vocatives: dict[int, str] = {}
    for m in persons:
        if m.in_quote and m.kind == "PROP" and (m.character or m.entity) and _vocative(text, m):
            i = bisect_right(quote_starts, m.start) - 1
            if i >= 0 and m.start < book.quotes[i].end:
                vocatives.setdefault(i, m.character or m.entity)

    def addressee(i: int) -> str | None:
        if i in vocatives:
            return vocatives[i]
        for j in (*range(i - 1, max(i - 4, -1), -1), *range(i + 1, min(i + 4, len(book.quotes)))):
            near = book.quotes[min(i, j)].end, book.quotes[max(i, j)].start
            if near[1] - near[0] > TURN_GAP * abs(i - j):
                continue
            if speakers[j] and speakers[j] != speakers[i]:
                return speakers[j]
        if not speakers[i]:
            return None
        # else the person the narration just before spoke of, other than the speaker:
        # 'She pressed him closer. "Are you sleepy?" she said.'
        k = bisect_right(starts, book.quotes[i].start) - 1
        sentence = persons[k].sentence if k >= 0 else 0
        while k >= 0 and sentence - persons[k].sentence <= ADDRESSEE_SENTENCES:
            m = persons[k]
            k -= 1
            who = m.character or m.entity
            if m.in_quote or who is None or who == speakers[i] or m.text.lower() in PLURAL:
                continue
            if m.character and m.character not in gendered:
                continue  # a name no he or she is said of: a telegram heading's "Antwerp"
            return who
        return None

    for m in persons:
        word = m.text.lower()
        if m.in_quote and m.kind == "NOM" and not m.character and _vocative(text, m) \
                and word.split(" ", 1)[0] not in DEFINITE_WORDS | INDEFINITE_WORDS:
            word = "you"  # "Good night, uncle." / "Yes, sir." name the one spoken to
        elif not m.in_quote or m.kind != "PRON":
            continue
        i = bisect_right(quote_starts, m.start) - 1
        if i < 0 or m.start >= book.quotes[i].end:
            continue
        if word not in FIRST_PERSON and word not in SECOND_PERSON:
            continue
        if m.character or quoted(book.quotes[i], m.start):  # "... say, 'I don't want to know'"
            continue
        who = speakers[i] if word in FIRST_PERSON else addressee(i)
        if who in characters:
            m.character, m.entity = who, None
        elif who is not None:
            m.character, m.entity = None, who
    gender_from_address(book)


# the words a speech calls someone by that tell their sex ("Yes, sir." / "No, ma'am.")
ADDRESS_GENDER = {"sir": "M", "mister": "M", "madam": "F", "ma'am": "F", "madame": "F", "miss": "F",
                  "mum": "F"}
MIN_ADDRESSED = 3  # calls, to gender a character by


def gender_from_address(book: Book) -> None:
    """A character nothing else gendered (a first-person narrator, whom no he or she names:
    The Hound of the Baskervilles' Dr. Watson) takes the sex the others' calls to them tell,
    "sir" or "ma'am", when MIN_ADDRESSED calls or more mostly agree."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in book.mentions:
        word = m.text.lower().replace("\u2019", "'")
        if m.kind == "NOM" and m.in_quote and m.character and word in ADDRESS_GENDER:
            votes[m.character][ADDRESS_GENDER[word]] += 1
    _gender_ungendered(book, votes, MIN_ADDRESSED)
