"""Third-person pronouns linked to characters, each character's gender, and coreference
groups for the other mentions.

Gender comes first from titles and given names (the name clusters), then from the pronouns
near a character's name where that character is the only one named. A "he" or "she" is
then linked to the latest character of that gender, named or already linked, a few
sentences back at most. Mentions no character takes are grouped by `group_others`.
Scored with `personae eval coref` (LitBank).
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import count

from personae.book import Book, Mention

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
LOOKBACK_SENTENCES = 6  # since the chain's latest link, not its name: see run()
MIN_PRONOUN_VOTES = 5
MIN_PRONOUN_SHARE = 0.8  # the narration's main character skews the counts of everyone near her
MIN_LINK_VOTES = 2
GENDER_LABEL = {"M": "he/him", "F": "she/her"}
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
# pronouns whose referent holds for one speech: its speaker (when speakers.py finds none),
# its addressee, the group the speaker belongs to
SPEECH_PERSONS = {**dict.fromkeys("i me my mine myself".split(), "I"),
                  **dict.fromkeys("we us our ours ourselves".split(), "we"),
                  **dict.fromkeys("you your yours yourself yourselves thou thee thy thine thyself".split(), "you")}
NOMINAL_WINDOW = 20  # sentences within which "the river" is still the same river
DEFINITE = ("the ", "this ", "that ")
THEY_LOOKBACK = 3


def _pronoun_gender(text: str) -> str:
    word = text.lower()
    return "M" if word in MASCULINE else "F" if word in FEMININE else ""


def _pronoun_votes(book: Book) -> dict[str, Counter[str]]:
    """he/she counts where one character alone is named in a sentence: the pronouns after
    the name in that sentence, and the next sentence's first person mention if a pronoun."""
    by_sentence: dict[int, list] = defaultdict(list)
    for m in book.mentions:
        if not m.in_quote and m.type == "PER" and (m.kind == "PRON" or m.character):
            by_sentence[m.sentence].append(m)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence, found in by_sentence.items():
        named = {m.character for m in found if m.kind == "PROP"}
        if len(named) != 1:
            continue
        character = next(iter(named))
        first_name = next(i for i, m in enumerate(found) if m.kind == "PROP")
        for m in found[first_name + 1:]:
            gender = _pronoun_gender(m.text) if m.kind == "PRON" else ""
            if gender:
                votes[character][gender] += 1
        following = by_sentence.get(sentence + 1)
        if following and following[0].kind == "PRON":
            gender = _pronoun_gender(following[0].text)
            if gender:
                votes[character][gender] += 1
    return votes


def assign_gender(book: Book) -> dict[str, str]:
    genders: dict[str, str] = {}
    votes = _pronoun_votes(book)
    for i, character in enumerate(book.characters):
        from_names = book.name_clusters[i].gender if i < len(book.name_clusters) else ""
        pronoun_votes = votes.get(character.id, Counter())
        total = pronoun_votes["M"] + pronoun_votes["F"]
        from_pronouns = ""
        if total >= MIN_PRONOUN_VOTES:
            top, n = pronoun_votes.most_common(1)[0]
            if n / total >= MIN_PRONOUN_SHARE:
                from_pronouns = top
        # a title ("Mrs.") is surer than pronoun statistics, which are surer than a first name
        cluster = book.name_clusters[i] if i < len(book.name_clusters) else None
        titled = cluster is not None and any(cluster.titles) and from_names
        gender = from_names if titled else (from_pronouns or from_names)
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


def run(book: Book) -> None:
    genders = link_genders(book, assign_gender(book))
    # gender -> (sentence, character) of the latest mention of a character of that gender;
    # a linked pronoun carries the chain on, so "he ... he ... he" stays with its name
    recent: dict[str, tuple[int, str]] = {}
    for m in book.mentions:
        if m.type != "PER":
            continue
        if m.character:
            # a name inside a quotation is often said to someone, not about them
            if m.kind == "PROP" and m.in_quote:
                continue
            gender = genders.get(m.character, "")
            if gender:
                recent[gender] = (m.sentence, m.character)
        elif m.kind == "PRON":
            gender = _pronoun_gender(m.text)
            if gender and gender in recent:
                sentence, character = recent[gender]
                if m.sentence - sentence <= LOOKBACK_SENTENCES:
                    m.character = character
                    recent[gender] = (m.sentence, character)
    group_others(book)


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
    sentences between links, and the "I" / "you" / "we" of one quotation; "we" outside
    quotations is one group for the book (the narrator's party)."""
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
        if m.character:
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
