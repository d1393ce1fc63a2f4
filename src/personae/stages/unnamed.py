"""People the book never names but lets speak: "said the mariner", "the barman replied".

Coreference (stages/coref.py) has already grouped "the mariner" ... "he" ... "the mariner"
into one entity of its own when no cast member took them. When the speech tags of at least
MIN_TAGS quotations are definite descriptions of one such entity, it joins the cast, named
as the book describes it ("the mariner"), so the speakers stage can give it its lines and a
reader (or an audiobook's casting) sees who speaks them. Runs after coref, before speakers.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import lru_cache

from personae.book import Book, Character, Mention
from personae.speech_verbs import SPEECH_VERB
from personae.stages import portraits, quotes, speakers
from personae.stages.coref import FEMININE, MASCULINE, sole_title_holders
from personae.stages.names import GENDER_LABEL, MENS_OFFICES, MILITARY_TITLES, SAME_TITLE, noun_gender

# speech tags naming the description: one is enough (2 until 7 Dec, ninth session; with 1,
# PDNC quotes 5,657 -> 5,639 wrong, cast top-N 67.3 -> 68.3%, once supposed speakers and heads
# that describe no one are left out)
MIN_TAGS = 1
MAX_NAME_WORDS = 3  # "the first cabman", not "the man with the beard in a low voice"
ID_PREFIX = "U"
# words a book calls its named people by too ("the girl" is Nancy, "the old lady" the
# Grandmother, "the stranger" the Invisible Man): no sign of someone without a name
GENERIC = frozenset(
    "man woman girl boy gentleman lady person fellow child lad lass youth stranger visitor "
    "figure creature voice one other individual party being gent chap dame".split())
MIN_SHARE = 0.3  # of the book's mentions of the head noun in the entity: "the painter" of
# many separate passages is the book's painter under an epithet, not a passer-by (0.5 until 7
# Dec: it kept out The Man Who Was Thursday's policeman, 8 tags in his chapter, 15 of the
# book's 38 policemen; 0.3: PDNC cast 88.8 -> 89.2%, quotes 82.3 -> 82.4%; 0.2 no better)


def _described(tag: Mention) -> bool:
    """A definite description of one person: "the mariner", not "his visitor" (kin or an
    acquaintance of someone, whom coreference should find), "everybody" or "the policemen"."""
    words = tag.phrase.lower().split()
    return len(words) >= 2 and words[0] == "the" and not _plural(_head(words))


# words after a description's head noun: "the man with the beard", "the Jew, who had..."
_AFTER_HEAD = frozenset("who whom whose which that in with of at from on by to".split())


def _head_words(words: list[str]) -> list[str]:
    """A description up to its head noun: before a clause, a prepositional phrase or a
    participle ("the staff officer indicating the highest point": the staff officer)."""
    kept: list[str] = []
    for i, word in enumerate(words):
        if word.lower() in _AFTER_HEAD or (i >= 2 and word.lower().endswith("ing")):
            break
        kept.append(word.strip(".,;:!?"))
        if word.endswith(","):
            break
    return kept


def _head(words: list[str] | str) -> str:
    """The head noun of a description, in lower case."""
    kept = _head_words(words.split() if isinstance(words, str) else words)
    return kept[-1].lower() if kept else ""


# a speaker supposed, not heard: "The merest acquaintance would have said something more
# emphatic than "I will, thank you; good-by,""
_SUPPOSED = re.compile(r"\s+(?:would|could|might|should|must|will|shall|can|may)\b", re.IGNORECASE)
# heads that describe no one person: "said the latter", "cried the mob"
NOT_DESCRIBING = frozenset("latter former same rest mob crowd throng multitude assembly audience company "
                           "party group family household congregation public jury committee council board "
                           # "said the third": one of several the passage counts, no description
                           "first second third fourth fifth sixth last next".split())


@lru_cache(maxsize=1)
def _noun_and_modifier_words() -> tuple[frozenset[str], frozenset[str]]:
    """The pinned model's lemmatizer's word lists: WordNet's nouns, and its adjectives and
    adverbs; empty without the model package."""
    lemmatizer = portraits.lemmatizer()
    if lemmatizer is None:
        return frozenset(), frozenset()
    index = lemmatizer.lookups.get_table("lemma_index")
    return frozenset(index["noun"]), frozenset(index["adj"]) | frozenset(index["adv"])


def describes_someone(head: str) -> bool:
    """A head noun a description of one person may have: a word ("the \u201cman" is a mark the
    recogniser took in), no body of people, and no adjective the recogniser cut a
    description at ("said the ungraceful, awkward princess") or adverb it ran one on to
    ("said the March Hare meekly")."""
    if not head.replace("-", "").replace("'", "").isalpha() or head in NOT_DESCRIBING:
        return False
    nouns, modifiers = _noun_and_modifier_words()
    return head in nouns or head not in modifiers


def _unnamed(mentions: list[Mention], name: str, titled: bool, heads: Counter[str],
             named_words: set[str]) -> bool:
    """An entity described by a noun that is no cast member's title ("Doctor Losberne" is
    the doctor), no word for anybody ("the girl"), and that the book mostly keeps for it."""
    head = _head(name)
    if head in GENERIC or head in named_words or not heads[head] or not describes_someone(head):
        return False
    if titled:
        return True
    mine = sum(m.kind == "NOM" and _head(m.text) == head for m in mentions)
    return mine >= MIN_SHARE * heads[head]


def _titled(mentions: list[Mention]) -> bool:
    """Called by a capitalised description, as by a title: "the Secretary", "the Marquis"."""
    described = [words for m in mentions if m.kind == "NOM" and len(words := _head_words(m.phrase.split())) > 1]
    return sum(words[-1][:1].isupper() for words in described) > len(described) / 2


# ", the parochial undertaker", " the butler" ("Barrymore the butler"), ", Sir Charles's butler"
_APPOSITION = re.compile(r"(?:,?\s+the|,\s+(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w-]*['\u2019]s)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)")


# a list's next item is named ("Captain Smollett, the squire, and Dr. Livesey"), which
# speakers.LIST_GOES_ON tells; an apposition may go on to others ("to Mr. Wells, the
# lawyer, and the other two")
_QUOTE_ENDS = re.compile(r"[,.!?;]?[\"\u201d\u2019']")


def _appositions(book: Book, heads: set[str]) -> dict[str, str]:
    """head noun -> the cast member a name in apposition gives it ("Mr. Sowerberry, the
    parochial undertaker"; "Barrymore the butler"; "Barrymore, Sir Charles's butler"; "the
    undertaker, Mr. Sowerberry"), the most frequent if several;
    not a list's next item ("Captain Smollett, the squire, and Dr. Livesey")."""
    text = book.source.text
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    by_start = {m.start: m for m in book.mentions if m.kind == "PROP" and m.character}
    for m in book.mentions:
        if m.kind == "PROP" and m.character:
            after = _APPOSITION.match(text, m.end)
            if after is None or speakers.LIST_GOES_ON.match(text, after.end()):
                continue
            words = after.group(1).lower().split()
            for i, word in enumerate(words):
                # not an owner: "Sir Geoffrey Clouston, the duchess s brother" (an
                # apostrophe the text lost) is no duchess
                if word in heads and words[i + 1:i + 2] != ["s"]:
                    votes[word][m.character] += 1
        elif m.kind == "NOM" and _head(m.text) in heads:
            gap = re.match(r",\s+", text[m.end:m.end + 4])
            named = by_start.get(m.end + gap.end()) if gap else None
            # "your squire, Jim," he went on: Jim is called, not the squire named
            if named and not speakers.LIST_GOES_ON.match(text, named.end) and not _QUOTE_ENDS.match(text, named.end):
                votes[_head(m.text)][named.character] += 1
    return {head: owners.most_common(1)[0][0] for head, owners in votes.items()}


def _most(votes: Counter[str] | None) -> str | None:
    return votes.most_common(1)[0][0] if votes else None


def _plural(word: str) -> bool:
    return word.endswith(("men", "people", "folk", "children")) or (
        word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _name(mentions: list[Mention]) -> str:
    """The description the book uses most for the person, in lower case after "the"."""
    forms = Counter(" ".join(_head_words(m.phrase.split())) or m.phrase for m in mentions if m.kind == "NOM")
    short = [(n, f) for f, n in forms.items()
             if f.lower().startswith("the ") and len(f.split()) <= MAX_NAME_WORDS]
    best = max(short, key=lambda nf: (nf[0], -len(nf[1])))[1] if short else min(forms, key=len)
    return "the " + best.split(None, 1)[1] if best.lower().startswith("the ") else best


def _gender(name: str, mentions: list[Mention]) -> str | None:
    noun = GENDER_LABEL.get(noun_gender(name.split()[-1]))
    if noun:
        return noun
    votes = Counter("he/him" if m.text.lower() in MASCULINE else "she/her"
                    for m in mentions if m.kind == "PRON" and m.text.lower() in MASCULINE | FEMININE)
    if votes:
        (gender, n), = votes.most_common(1)
        if n >= 2 * (sum(votes.values()) - n):
            return gender
    return None


def run(book: Book) -> list[Character]:
    """Add the unnamed speakers to `book.characters` (ids U0, U1, ...); returns them. The
    occurrences of a capitalised description the recogniser missed are added to its
    character, this stage's or the cast's ("the President"); a description by an office
    or a rank that one cast member alone is named with is theirs ("said the doctor": the
    book's one Dr. Moodie, though named only later)."""
    covered = _covered(book)
    for c in book.characters:
        if _TITLE_NAME.fullmatch(c.name):
            _add_missed(book, c.name, c.id, covered)
    for name, owner in _title_aliases(book).items():  # "President Sunday", "the President"
        _add_missed(book, name, owner, covered)
    tagged: dict[str, int] = Counter()
    for tag in speakers.speech_tags(book):
        if tag is not None and tag.kind == "NOM" and not tag.character and tag.entity \
                and tag.type == "PER" and _described(tag) and not _SUPPOSED.match(book.source.text, tag.end):
            tagged[tag.entity] += 1
    if not tagged:
        return []
    members: dict[str, list[Mention]] = defaultdict(list)
    heads: Counter[str] = Counter()  # the book's common-noun person mentions by head noun
    named_words: set[str] = set()  # words of the cast's longer names ("Doctor Losberne": doctor)
    one_word: dict[str, Counter[str]] = defaultdict(Counter)  # "Hatter" -> its character
    for m in book.mentions:
        if m.entity in tagged and not m.character:
            members[m.entity].append(m)
        if m.type == "PER" and m.kind == "NOM":
            heads[_head(m.text)] += 1
        elif m.kind == "PROP" and m.character:
            if len(m.text.split()) > 1:
                named_words.update(m.text.lower().split())
            else:
                one_word[m.text][m.character] += 1
    # one titled description is one person however many passages coreference made of it
    # "Mr. Sowerberry, the parochial undertaker": the undertaker has a name after all
    named_as = _appositions(book, {_head(_name(members[e])) for e in tagged})
    chapter_starts = [c.start for c in book.source.chapters]
    groups: dict[str, list[str]] = defaultdict(list)
    for entity in tagged:
        titled = _titled(members[entity])
        name = _name(members[entity])
        # so has every passage's "the matron" once "Mrs. Corney, the matron of the workhouse";
        # and within a chapter, "the policeman" of passages coreference kept apart is one man
        chapter = bisect_right(chapter_starts, min(m.start for m in members[entity])) - 1
        key = (f"named {_head(name)}" if _head(name) in named_as else name.lower() if titled
               else f"{name.lower()} in chapter {chapter}")
        groups[key].append(entity)
    people = []  # (mentions, name, titled) of each description that passes
    title_holder = sole_title_holders(book)
    for entities in groups.values():
        mentions = [m for e in entities for m in members[e]]
        name, titled = _name(mentions), _titled(mentions)
        if sum(tagged[e] for e in entities) < MIN_TAGS:
            continue
        # "said the doctor" of a book whose one doctor is Dr. Moodie, named only later
        head = _head(name)
        holder = title_holder.get(head) if SAME_TITLE.get(head, head) in OFFICES else None
        if holder:
            for m in mentions:
                m.character, m.entity = holder, None
        elif _unnamed(mentions, name, titled, heads, named_words):
            people.append((mentions, name, titled))
    added = []
    for mentions, name, titled in sorted(people, key=lambda p: min(m.start for m in p[0])):
        # "the Hatter" is the cast's "Hatter", named so where the recogniser saw a name
        owner = named_as.get(_head(name)) or _most(one_word.get(name.split()[-1]))
        who = owner or f"{ID_PREFIX}{len(added)}"
        for m in mentions:
            m.character, m.entity = who, None
        if not owner:
            added.append(Character(id=who, name=name, gender=_gender(name, mentions)))
            if titled:
                _add_missed(book, name, who, covered)
    book.characters.extend(added)
    return added


# titles of an office or a rank one person of a book holds ("Dr. Moodie", "Captain Barr"),
# who is then "the doctor", "the captain" of the speech tags, named or not yet
OFFICES = MILITARY_TITLES | MENS_OFFICES | {"dr", "professor"}


_TITLE_NAME = re.compile(r"the [A-Z][\w-]+")
TITLE_ALIAS_USES = 2


def _title_aliases(book: Book) -> dict[str, str]:
    """"the President" -> the cast member the book calls by that title alone (names stage:
    "President Sunday"), when the recogniser found it at least TITLE_ALIAS_USES times."""
    from personae.stages.characters import title_nominal_names  # (characters imports this module)
    owners: dict[str, Counter[str]] = defaultdict(Counter)
    for character, names in title_nominal_names(book).items():
        for name, uses in names.items():
            if _TITLE_NAME.fullmatch(name):
                owners[name][character] += uses
    return {name: who.most_common(1)[0][0] for name, who in owners.items()
            if who.most_common(1)[0][1] >= TITLE_ALIAS_USES}


def _covered(book: Book) -> bytearray:
    """1 at each character of the text inside a mention."""
    covered = bytearray(len(book.source.text))
    for m in book.mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    return covered


def _add_missed(book: Book, name: str, character: str, covered: bytearray) -> None:
    """Where the recogniser missed "the President" of a book that calls someone so, the
    mention is added ("...," said the President in a deep voice); `covered` is updated."""
    words = name.split()
    # not "the General Assembly": a capitalised word after it makes another name
    pattern = re.compile(r"\b[Tt]he\s+" + r"\s+".join(re.escape(w) for w in words[1:])
                         + r"\b(?!['\u2019]s)(?![ \t]*\r?\n?[ \t]*[A-Z])")
    _add_mentions(book, [m.span() for m in pattern.finditer(book.source.text, *book.source.body)], character, covered)


# "said the latter", "the former replied": the subject of a speech tag, a person (the
# verbs are looked for beside each "the latter": one pass of the verbs' regex over a whole
# book costs a second and a half)
_LATTER = re.compile(r"\bthe\s+(?:latter|former)\b", re.IGNORECASE)
_VERB_BEFORE = re.compile(SPEECH_VERB.pattern + r"\s+\Z", re.IGNORECASE)
_VERB_AFTER = re.compile(r"\s+" + SPEECH_VERB.pattern, re.IGNORECASE)


def add_latter_tags(book: Book) -> None:
    """"said the latter": a person mention where the recogniser marked none (coreference
    finds whom it means), so that the speech tag names the speaker. Runs before coref."""
    text = book.source.text
    spans = [m.span() for m in _LATTER.finditer(text, *book.source.body)
             if _VERB_BEFORE.search(text, max(0, m.start() - 20), m.start()) or _VERB_AFTER.match(text, m.end())]
    _add_mentions(book, spans, None, _covered(book))


def _add_mentions(book: Book, spans: list[tuple[int, int]], character: str | None, covered: bytearray) -> None:
    """A person mention (a description, of `character`) at each span no mention covers
    yet; `covered` is updated."""
    text = book.source.text
    sentence_starts = [s for s, _ in book.sentences]
    found = []
    for s, e in spans:
        if any(covered[s:e]):
            continue
        covered[s:e] = b"\x01" * (e - s)
        found.append(Mention(s, e, text[s:e], "PER", "NOM", character,
                             sentence=max(bisect_right(sentence_starts, s) - 1, 0)))
    if found:
        quotes.flag_quoted(book, found)
        book.mentions.extend(found)
        book.mentions.sort(key=lambda m: (m.start, -m.end))
