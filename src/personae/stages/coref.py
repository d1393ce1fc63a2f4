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
MIN_PRONOUN_VOTES = 5
MIN_PRONOUN_SHARE = 0.8  # the narration's main character skews the counts of everyone near her
GENDER_LABEL = {"M": "he/him", "F": "she/her"}


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


def run(book: Book) -> None:
    genders = assign_gender(book)
    recent: dict[str, tuple[int, str]] = {}  # gender -> (sentence, character) of the latest name
    for m in book.mentions:
        if m.type != "PER":
            continue
        if m.kind == "PROP" and m.character and not m.in_quote:
            # a name inside a quotation is often said to someone, not about them
            gender = genders.get(m.character, "")
            if gender:
                recent[gender] = (m.sentence, m.character)
        elif m.kind == "PRON" and m.character is None:
            gender = _pronoun_gender(m.text)
            if gender and gender in recent:
                sentence, character = recent[gender]
                if m.sentence - sentence <= LOOKBACK_SENTENCES:
                    m.character = character
