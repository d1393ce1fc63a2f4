"""Third-person pronouns linked to characters, and each character's gender.

Gender comes first from titles and given names (the name clusters), then from the pronouns
near a character's name where that character is the only one named. A "he" or "she" is
then linked to the nearest preceding character of that gender, a few sentences back at most.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from personae.book import Book

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
LOOKBACK_SENTENCES = 3
MIN_PRONOUN_VOTES = 3
GENDER_LABEL = {"M": "he/him", "F": "she/her"}


def _pronoun_gender(text: str) -> str:
    word = text.lower()
    return "M" if word in MASCULINE else "F" if word in FEMININE else ""


def _pronoun_votes(book: Book) -> dict[str, Counter[str]]:
    """he/she counts in sentences where one character alone is named, and the next one."""
    named: dict[int, set[str]] = defaultdict(set)
    pronouns: dict[int, Counter[str]] = defaultdict(Counter)
    for m in book.mentions:
        if m.in_quote:
            continue
        if m.kind == "PROP" and m.character:
            named[m.sentence].add(m.character)
        elif m.kind == "PRON":
            gender = _pronoun_gender(m.text)
            if gender:
                pronouns[m.sentence][gender] += 1
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence, who in named.items():
        if len(who) != 1:
            continue
        character = next(iter(who))
        votes[character].update(pronouns.get(sentence, {}))
        if sentence + 1 not in named:
            votes[character].update(pronouns.get(sentence + 1, {}))
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
            if n / total >= 0.65:
                from_pronouns = top
        # a title ("Mrs.") is surer than pronoun statistics, which are surer than a first name
        cluster = book.name_clusters[i] if i < len(book.name_clusters) else None
        titled = cluster is not None and any(cluster.titles) and from_names
        gender = from_names if titled else (from_pronouns or from_names)
        genders[character.id] = gender
        character.gender = GENDER_LABEL.get(gender)
    return genders


def run(book: Book) -> None:
    genders = assign_gender(book)
    recent: dict[str, tuple[int, str]] = {}  # gender -> (sentence, character) of the latest name
    for m in book.mentions:
        if m.type != "PER":
            continue
        if m.kind == "PROP" and m.character:
            gender = genders.get(m.character, "")
            if gender:
                recent[gender] = (m.sentence, m.character)
        elif m.kind == "PRON" and m.character is None:
            gender = _pronoun_gender(m.text)
            if gender and gender in recent:
                sentence, character = recent[gender]
                if m.sentence - sentence <= LOOKBACK_SENTENCES:
                    m.character = character
