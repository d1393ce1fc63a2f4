"""Characters: person names clustered into people, then counted and ranked."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources

from personae.book import Book, Character, Mention
from personae.sources.paragraphs import body_breaks, breaks_between
from personae.speech_verbs import SPEECH_VERB
from personae.stages import quotes
from personae.stages.coref import FEMININE, GENDER_LABEL, MASCULINE, apposed_to_titles, nested_titles
from personae.stages.mentions import place_words
from personae.stages.names import (CALENDAR, DEMONYMS, HOUSEHOLD_NAMES, LIST_JOINT, MARRIED, MARRIED_BEFORE,
                                   RANK_TITLES, SAME_TITLE,
                                   SOVEREIGN_TITLES, TITLE_GENDER, TITLES, TITLES_AFTER,
                                   NameCluster, any_woman_or_man, cluster_names, fold, given_name_gender, is_first_name,
                                   is_patronymic, normalise, parse)
from personae.stages.speakers import is_vocative, speech_tags
from personae.stages.unnamed import ID_PREFIX as UNNAMED_ID  # "said the mariner" (stages/unnamed.py)

GAZETTEER_MIN_COUNT = 2  # a name seen this often by the recogniser is looked for everywhere
MAX_NAME_CHARS = 80  # no proper name in a book is longer (bounds a look-back)


def _person_names(book: Book) -> list[Mention]:
    return [m for m in book.mentions if m.type == "PER" and m.kind == "PROP"]


def _split_names(book: Book) -> dict[int, tuple[str, bool]]:
    """A full name the recogniser cut in two ("Rodion Romanovitch" + "Raskolnikov", a
    space or a line break apart, its first part of two words or more): id of each part ->
    (the full name, whether it is the first part, which alone counts as a use of it)."""
    text = book.source.text
    names = sorted(_person_names(book), key=lambda m: m.start)
    joined: dict[int, tuple[str, bool]] = {}
    for first, second in zip(names, names[1:]):
        # the first part two words or more ("Rodion Romanovitch"): "On seeing Natásha Pierre
        # grew animated" is two people
        if text[first.end:second.start] not in (" ", "\n", "\r\n") or id(first) in joined or len(second.text.split()) > 1 \
                or len(first.text.split()) < 2:
            continue
        full = normalise(f"{first.text} {second.text}")
        parts = parse(full)
        if parts.given and parts.surname and not parse(normalise(second.text)).titles \
                and not first.text.endswith(("'s", "\u2019s")):
            joined[id(first)], joined[id(second)] = (full, True), (full, False)
    return joined


def _demote_nationalities(book: Book) -> None:
    """"the Russian", "Master Frenchman": a person, but no name to know them by; nor is
    "the English Anatomist" ("Indian Joe" is one)."""
    for m in _person_names(book):
        words = [w for w in normalise(m.text).split() if w.rstrip(".").lower() not in TITLES]
        if words and words[0].lower() in DEMONYMS and not any(given_name_gender(w) for w in words[1:]):
            m.kind = "NOM"


# the names of a play's lines that are many at once ("ALL: Hurrah!"), no one person
GROUP_SPEAKERS = frozenset("all both omnes others several voices chorus".split())
_ARTICLE = re.compile(r"(?:THE|A|AN) ")


def script_name(label: str) -> str:
    """A play's speaker as a name: "FIRST WATCH" -> "First Watch", "MRS BREEN" -> "Mrs
    Breen", "O'BRIEN" -> "O'Brien"."""
    words = [w[:1] + w[1:].lower() for w in label.split(" ")]
    return re.sub(r"\b([OD]['\u2019])([a-z])", lambda m: m.group(1) + m.group(2).upper(), " ".join(words))


def _add_script_speakers(book: Book) -> None:
    """The name opening each line of a play ("BLOOM:", "FIRST WATCH.") is a mention of its
    speaker, as a name ("Bloom"), in place of whatever the recogniser made of it; "THE
    NYMPH" a nominal one ("the Nymph"), a title said alone; "ZOE AND FLORRY" and "ALL" no one's."""
    text = book.source.text
    lines = [(s, e) for s, e, _, _ in quotes.script_lines(text, *book.source.body, book.source.paragraph_starts)
             if text[s:e].lower() not in GROUP_SPEAKERS and " AND " not in text[s:e]]
    if not lines:
        return
    label_at = bytearray(len(text))
    for s, e in lines:
        label_at[s:e] = b"\x01" * (e - s)
    book.mentions = [m for m in book.mentions if not any(label_at[m.start:m.end])]
    sentence_starts = [s for s, _ in book.sentences]
    for s, e in lines:
        label = text[s:e]
        article = _ARTICLE.match(label)
        name = script_name(label[article.end():]) if article else script_name(label)
        book.mentions.append(Mention(s, e, f"{article.group().lower()}{name}" if article else name, "PER",
                                     "NOM" if article else "PROP", sentence=max(bisect_right(sentence_starts, s) - 1, 0)))
    book.mentions.sort(key=lambda m: (m.start, -m.end))


# a title, abbreviated ("Col.") or not, then the name on the same line or the next
_TITLE_BEFORE = re.compile(r"\b([A-Z][a-z]+|[A-Z][a-z]{,3}\.)[ \t]*\r?\n?[ \t]*$")


def _take_in_titles(book: Book) -> None:
    """"President Sunday" of which the recogniser saw only "Sunday": the title just before
    a weekday's name is part of it, the title of the "the President" the book goes on to use.
    (Only there: "Miss Lucy" the recogniser cut to "Lucy" is best left so; names.py reads a
    book's few "Miss <given name>" as telling sisters apart.)"""
    text = book.source.text
    for m in _person_names(book):
        if not all(fold(w) in CALENDAR for w in m.text.split()):
            continue
        before = _TITLE_BEFORE.search(text, max(0, m.start - 20), m.start)
        if before and before.group(1).rstrip(".").lower() in TITLES:
            m.start = before.start(1)
            m.text = text[m.start:m.end]
            word_before = _WORD_BEFORE.search(text, max(0, m.start - 40), m.start)
            m.before = word_before.group(1).lower() if word_before else ""


def _lower_case_words(book: Book) -> Counter[str]:
    """How often each word stands in lower case in the body: one pass, read by the stages
    that tell ordinary words ("soon", "will") from names."""
    start, end = book.source.body
    return Counter(w for w in re.findall(r"\w+", book.source.text[start:end]) if w.islower())


# the token before a name, as the parse's mentions record it: a word or a mark
_WORD_BEFORE = re.compile(r"(\w+|[^\w\s])\s*$")


def _add_missed_names(book: Book, alias_counts: Counter[str], lower_words: Counter[str]) -> None:
    """The recogniser misses some occurrences of names it knows elsewhere: find them all."""
    text = book.source.text
    start, end = book.source.body
    covered = bytearray(len(text))
    for m in book.mentions:
        if m.kind == "PROP":
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    names = []
    for alias, count in alias_counts.items():
        if count < GAZETTEER_MIN_COUNT or len(alias) < 3:
            continue
        if " " not in alias:
            # "Will", "Hope", "Grant": words as often as names are left to the recogniser
            if lower_words[alias.lower()] > count // 2:
                continue
        names.append(alias)
    names.extend(_unseen_full_names(book, alias_counts, lower_words))
    if not names:
        return
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)) + r")(?!\w)")
    sentence_starts = [s for s, _ in book.sentences]
    props = sorted((m for m in book.mentions if m.kind == "PROP"), key=lambda m: m.start)
    prop_starts = [m.start for m in props]
    dropped: set[int] = set()
    for match in pattern.finditer(text, start, end):
        s, e = match.span()
        if any(covered[s:e]):
            # a name found in part ("Emma" of "Emma Woodhouse") gives way to the whole
            inside = [m for m in props[bisect_left(prop_starts, s - MAX_NAME_CHARS):bisect_left(prop_starts, e)]
                      if m.end > s]
            if not all(s <= m.start and m.end <= e and m.end - m.start < e - s and m.type == "PER"
                       for m in inside):
                continue
            dropped.update(id(m) for m in inside)
        word_before = _WORD_BEFORE.search(text, max(start, s - 40), s)
        book.mentions.append(Mention(s, e, match.group(), "PER", "PROP",
                                     sentence=max(bisect_right(sentence_starts, s) - 1, 0),
                                     before=word_before.group(1).lower() if word_before else ""))
    if dropped:
        book.mentions = [m for m in book.mentions if id(m) not in dropped]
    book.mentions.sort(key=lambda m: (m.start, -m.end))


def _unseen_full_names(book: Book, alias_counts: Counter[str], lower_words: Counter[str]) -> list[str]:
    """"Emma Woodhouse": a given name and a surname the book uses apart ("Emma", "Mr.
    Woodhouse"), written together where the recogniser saw neither; or a surname the book
    gives with a title and a first name of the title's sex the name list knows, though the
    book never uses it alone ("It was Euphemia Dow who told me": "Miss Dow")."""
    given, surnames = set(), {}
    for alias, count in alias_counts.items():
        if count < GAZETTEER_MIN_COUNT:
            continue
        parts = parse(alias)
        if len(parts.given) == 1 and parts.surname is None and not parts.titles:
            if given_name_gender(parts.given[0]):
                given.add(alias)
        elif parts.titles and parts.surname and not parts.given and " " not in parts.surname:
            surnames.setdefault(alias.split()[-1], set()).add(parts.gender)
    if not surnames:
        return []

    def a_given_name(word: str, surname: str) -> bool:
        if word in given:
            return True
        # a first name of one sex only, never a lower-case word of the book ("Will", "Grace")
        sex = given_name_gender(word, sure=True)
        return bool(sex) and surnames[surname] == {sex} and not lower_words[word.lower()]

    start, end = book.source.body
    pair = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b(?![-\w])")
    found = {f"{m.group(1)} {m.group(2)}" for m in pair.finditer(book.source.text, start, end)
             if m.group(2) in surnames and a_given_name(m.group(1), m.group(2))}
    return sorted(found - set(alias_counts))


# "in Kent", "near Meryton": words after these are places, never people
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "into", "through", "within", "across",
                                "throughout", "inside", "towards", "toward"})
PLACE_SHARE = 0.25
# words before a place as often as before a person ("to", "of"), or nearly only before a place
BOUND_FOR = PLACE_PREPOSITIONS | frozenset({"to", "from", "of", "against", "upon", "toward", "beyond",
                                            "around", "reach", "reached", "hold", "held", "capture",
                                            "captured", "occupy", "occupied", "leave", "left"})
BOUND_SHARE = 0.45  # of a world place's uses (persons: a third at most, in novels and memoirs)
BOUND_GIVEN_SHARE = 0.5  # of the uses of a world place that is a given name too ("Virginia")
BOUND_ONLY_SHARE = 0.7  # of the uses of a name no gazetteer knows ("Donwell")
BOUND_EVIDENCE = 5
PERSON_BOUND_MAX = 0.35  # people follow "to", "of", "from"... a third of the time at most
PERSON_VOTE_SHARE = 0.25  # of a name's mentions the recogniser calls a person
# a name the subject of this many speech tags, and of this share of its uses, is a person's
SPEAKER_TAGS = 3
SPEAKER_TAG_SHARE = 0.2
# a given name stays a person against other types unless the recogniser nearly always
# calls it a town, country or region: "India" (a given name too) is one 124 times out of 126
GIVEN_NAME_NOT_PLACE_SHARE = 0.1
BOOK_EVIDENCE = 3  # lower-case and mid-sentence capitalised uses a book needs to judge a word
NAMED_PLACE_ENDINGS = {**dict.fromkeys("river creek mountain mountains lake bay island valley gulf "
                                       "cape peninsula".split(), "LOC"),
                       **dict.fromkeys("street road lane square lodge castle abbey station fort "
                                       "bridge manor inn hotel villa cottage embankment gardens "
                                       "terrace crescent college school church chapel cathedral "
                                       "museum theatre palace tavern arms wharf canal railway".split(), "FAC"),
                       **dict.fromkeys("department council office club society company board committee "
                                       "association regiment courier gazette herald chronicle times railroad".split(), "ORG")}
# endings that are surnames too ("Edith Head", "Henry Hall"): a place only after a word that is
# no given name ("Carra Head", "Orrock Hall")
SURNAME_PLACE_ENDINGS = {**dict.fromkeys("head hill hills point ness moor heath wood woods".split(), "LOC"),
                         **dict.fromkeys("hall house court park farm mill".split(), "FAC")}
NAMED_PLACE_STARTS = {**dict.fromkeys("mount lake cape isle".split(), "LOC"),
                      **dict.fromkeys("fort castle port piazza pension palazzo hotel villa rue "
                                      "boulevard via".split(), "FAC")}


RUN_ON_MAX_USES = 2  # a person's name with a place's on its end is a fluke, not a name
RUN_ON_PLACE_USES = 3


def _trim_places(book: Book, settled: dict[str, str]) -> None:
    """"after the fall of Atlanta Mr. Davis visited": a place the book names on its own,
    run into a person's name, is cut off ("Knoxville Sherman" -> "Sherman"), and so is one
    run onto its end; `settled` is each name's type from `_settle_types`."""
    def mostly(name: str, kinds: tuple[str, ...]) -> bool:
        return settled.get(name) in kinds

    uses = Counter(normalise(m.text) for m in book.mentions if m.kind == "PROP")
    for m in book.mentions:
        if m.kind != "PROP" or m.type != "PER":
            continue
        first = re.match(r"\S+\s+", m.text)
        if first is None:
            continue
        head, rest = normalise(first.group()), normalise(m.text[first.end():])
        # a name said more often than its first word alone is no fluke: "Amalia Ivanovna"
        # (47 times) keeps "Amalia", once a town to the recogniser ("from Amalia"). (A title
        # the recogniser calls a place is still cut: War and Peace's "Count Rostóv" becomes
        # "Rostóv", which clustering needs, as "Count Rostóv" would take Nicholas's "Rostóv".)
        fluke = (uses[normalise(m.text)] <= RUN_ON_MAX_USES or uses[head] >= uses[normalise(m.text)]
                 or head.rstrip(".").lower() in TITLES)
        # (But not a sovereign's: "the Emperor Alexander" is no Alexander Golítsyn.)
        if mostly(head, ("GPE", "LOC", "FAC")) and mostly(rest, ("PER",)) and fluke \
                and fold(head.rstrip(".")) not in SOVEREIGN_TITLES:
            m.start += first.end()
            m.text = m.text[first.end():]
            continue
        # "that Mrs. Wilcox should have left Margaret Howards End": a place the book names
        # often on its own, run onto a name, in a form seldom seen
        if uses[normalise(m.text)] > RUN_ON_MAX_USES:
            continue
        for cut in re.finditer(r"\s+(?=\S)", m.text):
            name, place = normalise(m.text[:cut.start()]), normalise(m.text[cut.end():])
            if (mostly(place, ("GPE", "LOC", "FAC")) and uses[place] >= RUN_ON_PLACE_USES
                    and mostly(name, ("PER",)) and (parse(name).gender or _is_given_name(name))):
                m.end = m.start + cut.start()
                m.text = m.text[:cut.start()]
                break


# "said to Perfetta", "wrote to Perfetta": "to" after such a verb is before a person
_TALKED_TO = re.compile(rf"(?:{SPEECH_VERB.pattern}|\b(?:spoke|talked|wrote|listened|married|introduced))\s+to\s+$",
                        re.IGNORECASE)


def _bound_use(text: str, m: Mention) -> bool:
    """A use after a word a place follows ("to Atlanta", "from Atlanta"), not "said to"."""
    return m.before in BOUND_FOR and not (m.before == "to" and _TALKED_TO.search(text, max(0, m.start - 40), m.start))


# "Maysville, Kentucky", "Tennessee and Kentucky": a name after a place's, as its state or
# beside it in a list, is a place too
_AFTER_PLACE = re.compile(LIST_JOINT + "$")


def _settle_types(book: Book) -> dict[str, str]:
    """One type per name string, from all its occurrences: the recogniser is inconsistent
    ("Lydia" a person here, an organisation there). A known given name is a person unless
    it mostly follows "in"/"near"; any name that often follows them is a place."""
    votes: dict[str, Counter[str]] = {}
    place_context: Counter[str] = Counter()
    bound: Counter[str] = Counter()  # after a word a place follows as often as a person
    speaks: Counter[str] = Counter()  # "said the March Hare", "the March Hare said"
    world = world_places()
    text = book.source.text
    place_ends = {m.end for m in book.mentions if m.type in ("GPE", "LOC", "FAC")}
    for m in book.mentions:
        if m.kind == "PROP":
            name = normalise(m.text)
            votes.setdefault(name, Counter())[m.type] += 1
            place_context[name] += m.before in PLACE_PREPOSITIONS
            link = _AFTER_PLACE.search(text, max(0, m.start - 8), m.start)
            after_place = link is not None and link.start() in place_ends
            # "the Ohio", "the Mississippi": after "the", a place's name is a river or region
            bound[name] += _bound_use(text, m) or (m.before == "the" and name in world) or after_place
            speaks[name] += _speech_tag_subject(text, m)
    settled: dict[str, str] = {}
    for name, by_type in votes.items():
        total = sum(by_type.values())
        words = name.split()
        last = words[-1].lower()
        # "James River", "Lucas Lodge": a place by its last word, unless titled ("Mr. Hill")
        if len(words) > 1 and last in NAMED_PLACE_ENDINGS and words[0].rstrip(".").lower() not in TITLES:
            settled[name] = NAMED_PLACE_ENDINGS[last]
            continue
        if (len(words) == 2 and last in SURNAME_PLACE_ENDINGS and words[0].rstrip(".").lower() not in TITLES
                and not given_name_gender(words[0])):
            settled[name] = SURNAME_PLACE_ENDINGS[last]
            continue
        if len(words) > 1 and words[0].lower() in NAMED_PLACE_STARTS:  # "Fort Pemberton"
            settled[name] = NAMED_PLACE_STARTS[words[0].lower()]
            continue
        best = by_type.most_common(1)[0][0]
        # "in Squire Trelawney's letter": a person's title makes no place of the name
        titled = len(words) > 1 and words[0].rstrip(".").lower() in TITLES - {"st", "saint"}
        placeish = place_context[name] / total >= PLACE_SHARE and not (titled and by_type["PER"])
        non_person = [t for t, _ in by_type.most_common() if t != "PER"]
        if best != "PER" and speaks[name] >= SPEAKER_TAGS and speaks[name] >= SPEAKER_TAG_SHARE * total:
            # "the March Hare", a place or a vehicle to the recogniser, is said to say things
            settled[name] = "PER"
        elif len(words) == 1 and _bound_for(name, total, bound[name], name in world):
            settled[name] = "GPE" if name in world else (non_person[0] if non_person else "GPE")
        elif placeish:
            settled[name] = non_person[0] if non_person else "GPE"
        elif (best != "PER" and (by_type["PER"] > 0 or total >= 2 or " " in name)
              and (total - by_type["GPE"] - by_type["LOC"] >= GIVEN_NAME_NOT_PLACE_SHARE * total or total <= 3)
              and _is_given_name(name)):
            settled[name] = "PER"
        elif (best != "PER" and by_type["PER"] and name not in world and bound[name] < PERSON_BOUND_MAX * total
              and (by_type["PER"] >= PERSON_VOTE_SHARE * total or _is_given_name(name))):
            # "Sonia", "Dounia": the recogniser calls them towns half the time or more, but
            # they are no place of the world and seldom follow "to", "at", "from"
            settled[name] = "PER"
        else:
            settled[name] = best
    for m in book.mentions:
        if m.kind == "PROP":
            m.type = settled[normalise(m.text)]
    return settled


_WORD_AFTER = re.compile(r"\s+([a-z]+(?: (?:out|on|in))?)")


def _speech_tag_subject(text: str, m: Mention) -> bool:
    """The name is who a speech tag says speaks: "said the March Hare", "Hare replied"."""
    after = _WORD_AFTER.match(text, m.end, m.end + 40)
    return bool(SPEECH_VERB.fullmatch(m.before) or (after and SPEECH_VERB.fullmatch(after.group(1))))


def _bound_for(name: str, uses: int, bound: int, in_world: bool) -> bool:
    """"to Atlanta", "from Atlanta", "hold Atlanta": people follow such words a third of the
    time at most, "Atlanta" does most of the time, and is a city of the world; "Virginia"
    and "Florence", given names too, must be so more often; "Hartfield", "Milliken's Bend"
    ("Milliken"), no place of the world, nearly always."""
    given = bool(given_name_gender(name))
    if in_world and not given:
        return uses >= BOUND_EVIDENCE and bound >= BOUND_SHARE * uses
    if in_world:  # "to France" and "from France" every time: a country, though a given name too
        return (uses >= 2 * BOUND_EVIDENCE and bound >= BOUND_GIVEN_SHARE * uses) or (uses >= 2 and bound == uses)
    return not given and uses >= BOUND_EVIDENCE and bound >= BOUND_ONLY_SHARE * uses


def _is_given_name(name: str) -> bool:
    """"Lydia", "Kitty Bennet"; not "Mary and Kitty", not "Lucas Lodge"."""
    words = name.split()
    if len(words) > 3 or not all(w[0].isupper() for w in words):
        return False
    if len(words) > 1 and words[-1].lower() in place_words():
        return False
    parts = parse(name)
    return bool(parts.given) and given_name_gender(parts.given[0]) != ""


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """Countries, US states, big cities (scripts/build_places.py, from GeoNames)."""
    text = resources.files("personae.data").joinpath("places.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Words novels write in lower case (scripts/build_ordinary_words.py)."""
    text = resources.files("personae.data").joinpath("ordinary_words.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


def _trim_common_words(book: Book, lower: Counter[str]) -> None:
    """A capitalised ordinary word stuck to a name at a sentence or title start ("Soon
    Starbuck", "Jonah Historically Regarded") is cut off; a name that is only such words
    is no name. A word is ordinary when the book writes it in lower case more than twice
    as often as capitalised in mid-sentence ("soon"), unlike "Grant" or "Pip"."""
    start, end = book.source.body
    body = book.source.text[start:end]
    # capitalised where no sentence starts: after a small word, a comma, or a title
    mid_capital = Counter(re.findall(r"(?:(?<=[a-z,;] )|(?<=[A-Z][a-z]\. )|(?<=[A-Z][a-z][a-z]\. ))"
                                     r"([A-Z][a-z]+)\b", body))
    names = Counter(normalise(m.text) for m in book.mentions if m.kind == "PROP" and m.type == "PER")

    def ordinary(word: str) -> bool:
        bare = word.rstrip(".")
        if not bare.isalpha() or bare.lower() in TITLES:
            return False
        if lower[bare.lower()] + mid_capital[bare] < BOOK_EVIDENCE:
            # too rare in this book to judge ("Curiouser", "Hither"): how novels write it
            return bare.lower() in ordinary_words()
        return lower[bare.lower()] > max(2, 2 * mid_capital[bare])

    def sentence_opener(word: str, rest: list[str]) -> bool:
        """"Unluckily Aziz", "Hence Cecil": a word never capitalised but at a sentence
        start, no given name, before a name the book uses on its own."""
        bare = word.rstrip(".")
        return (bare.isalpha() and bare.lower() not in TITLES and mid_capital[bare] == 0
                and not given_name_gender(bare) and names[normalise(" ".join(rest))] >= GAZETTEER_MIN_COUNT)

    kept = []
    for m in book.mentions:
        if m.kind == "PROP" and m.type == "PER":
            words = list(re.finditer(r"\S+", m.text))
            first, last = 0, len(words)
            while first < last and ordinary(words[first].group()):
                first += 1
            if first == 0 and last > 1 and sentence_opener(words[0].group(), [w.group() for w in words[1:]]):
                first = 1
            # a full name the book repeats keeps its last word: "Harvey Stone", five times
            while (last > first and ordinary(words[last - 1].group())
                   and (last == 1 or names[normalise(m.text)] <= RUN_ON_MAX_USES)):
                last -= 1
            if first == last:
                continue
            if (first, last) != (0, len(words)):
                s, e = words[first].start(), words[last - 1].end()
                m.start, m.end, m.text = m.start + s, m.start + e, m.text[s:e]
        kept.append(m)
    book.mentions = kept


STRAY_OUTSIDE_USES = 2  # capitalised uses outside person names that make a word a stray


def _trim_strays(book: Book) -> None:
    """"Lucy Italian", "Colonel Brandon Monday": a word run onto the
    edge of a name seen at most twice, a word the book capitalises outside person names
    (twice or more, and over twice as often as inside them), is cut off when what is left
    is a name the book uses on its own."""
    start, end = book.source.body
    capitalised = Counter(re.findall(r"\b[A-Z][\w'\u2019-]*", book.source.text[start:end]))
    persons = [m for m in book.mentions if m.kind == "PROP" and m.type == "PER"]
    uses = Counter(normalise(m.text) for m in persons)
    inside: Counter[str] = Counter()
    for name, count in uses.items():
        for word in name.split():
            inside[word] += count

    def stray(word: str) -> bool:
        outside = capitalised[word] - inside[word]
        return (word.rstrip(".").lower() not in TITLES and outside >= STRAY_OUTSIDE_USES
                and outside > 2 * inside[word])

    for m in persons:
        name = normalise(m.text)
        if uses[name] > RUN_ON_MAX_USES or " " not in name:
            continue
        words = list(re.finditer(r"\S+", m.text))
        first, last = 0, len(words)
        while last - first > 1:
            if stray(words[last - 1].group()):
                last -= 1
            elif stray(words[first].group()):
                first += 1
            else:
                break
            s, e = words[first].start(), words[last - 1].end()
            if uses[normalise(m.text[s:e])] >= GAZETTEER_MIN_COUNT:
                m.start, m.end, m.text = m.start + s, m.start + e, m.text[s:e]
                break


def _part_run_together(book: Book) -> None:
    """"show Rodya Pyotr Petrovitch's letter": two names the recogniser ran into one, seen at
    most twice, the first a name the book uses on its own and the rest one it uses on its own
    that begins with a title or is a given name and patronymic ("Mr. Knightley", "Pyotr
    Petrovitch"), or after a titled surname ("Mrs. Rushworth Maria Bertram"), is the first
    name; the rest, uncovered, is found again as a missed name. Of two words, the second
    must be the given name of another full name and end none ("Tell Beth Frank asked for
    her": Beth, and Frank Vaughn)."""
    persons = [m for m in book.mentions if m.kind == "PROP" and m.type == "PER"]
    uses = Counter(normalise(m.text) for m in persons)
    # words that begin someone's full name ("Frank Vaughn") and end no one's
    firsts = {n.split()[0] for n in uses if len(n.split()) > 1}
    lasts = Counter(n.split()[-1] for n in uses if len(n.split()) > 1)
    for m in persons:
        name = normalise(m.text)
        if uses[name] > RUN_ON_MAX_USES:
            continue
        words = list(re.finditer(r"\S+", m.text))
        if len(words) == 2:
            # "Tell Beth Frank asked for her": Beth, and Frank Vaughn, said on their own
            left, right = (name.split() + ["", ""])[:2]  # ("Darcy 's" normalises to one word)
            if (right and right in firsts and lasts[right] == 1 and uses[left] >= GAZETTEER_MIN_COUNT
                    and uses[right] >= GAZETTEER_MIN_COUNT and not parse(left).titles):
                m.end, m.text, m.facts = m.start + words[0].end(), m.text[:words[0].end()], ()
            continue
        for k in range(1, len(words) - 1):
            left, right = m.text[:words[k - 1].end()], m.text[words[k].start():]
            left_parts, right_words = parse(normalise(left)), normalise(right).split()
            # the rest begins a name of its own: a title ("Mr. Knightley") or a given name
            # and patronymic ("Pyotr Petrovitch"), or the first is whole, a titled surname
            # ("Mrs. Rushworth Maria Bertram"); "Mary Alice Bell" is one girl
            begins = (right_words[0].rstrip(".").lower() in TITLES
                      or (is_patronymic(fold(right_words[-1])) and not is_patronymic(fold(right_words[0])))
                      or (bool(left_parts.titles) and bool(left_parts.surname) and not left_parts.given))
            if (begins and uses[normalise(left)] >= GAZETTEER_MIN_COUNT
                    and uses[normalise(right)] >= GAZETTEER_MIN_COUNT and (left_parts.given or left_parts.surname)):
                m.end, m.text, m.facts = m.start + len(left), left, ()  # the facts were the rest's
                break


# "the Professor", "the old Count": a title standing for the one person the book gives it to
_TITLE_NOMINAL = re.compile(r"^(?:the|our|your|this|that)\s+(?:(?:good|old|young|dear|poor|great|little)\s+)?"
                            r"([A-Za-z]+)\.?$", re.IGNORECASE)
TITLE_SHARE = 0.75  # of the book's uses of the title that one person must hold
THING_SPEECH_SHARE = 0.2  # quotations per name below which a thing's lines are the speakers stage's errors
THE_NAMED_SHARE = 0.75
# pronouns per proper mention a thing may get by coreference's mistakes ("the Potomac" ... "he")
THING_PRONOUN_SHARE = 0.2
# "the king" this often before the one King is named (and more than he is named) is not he
EARLY_TITLE_USES = 5
TITLE_ALIAS_USES = 3  # "the General" this often is one of the person's names
# titles anyone's relative bears: "the mother" is no one title holder's
KIN_WORDS = HOUSEHOLD_NAMES | {"mother", "father", "sister", "brother", "aunt", "uncle"}


def _link_title_nominals(book: Book, clusters: list[NameCluster]) -> None:
    uses: dict[str, Counter[int]] = {}
    for i, cluster in enumerate(clusters):
        for title, count in cluster.title_uses().items():
            uses.setdefault(title, Counter())[i] += count
    # the same in the narration: its "the Admiral" is Admiral Croft, whom it names, not the
    # Admiral Baldwin of one speech
    narrated: dict[str, Counter[int]] = defaultdict(Counter)
    named = [m for m in book.mentions if m.kind == "PROP" and m.character and m.character.startswith("K")]
    quotes.flag_quoted(book, named)  # (quotes.mark_quoted flags every mention again later)
    titles_of: dict[str, tuple[str, ...]] = {}
    for m in named:
        if not m.in_quote:
            if m.text not in titles_of:
                titles_of[m.text] = parse(normalise(m.text)).titles
            for title in titles_of[m.text]:
                narrated[title][int(m.character[1:])] += 1
    holder: dict[str, int] = {}
    for title, by_cluster in uses.items():
        # "the mother", "the sister" are anyone's: not "Mother Moscow", named so once
        if title in KIN_WORDS:
            continue
        for counts in (by_cluster, narrated.get(title, Counter())):
            if counts:
                i, count = counts.most_common(1)[0]
                if count >= TITLE_SHARE * sum(counts.values()) and count >= GAZETTEER_MIN_COUNT:
                    holder[title] = i
                    break
    # "the king" of a book that keeps writing "Twala the king" is Twala, not the one King it
    # names (King Solomon's Mines' King Solomon, long dead)
    holder.update({title: int(who[1:]) for title, who in apposed_to_titles(book, holder).items()})
    # "the king" said again and again before the one King is named, and more often than
    # that King's name, is someone else: Huckleberry Finn's con man, not the King Lear of
    # his show (but The Prisoner of Zenda's "the duke" before "Duke Michael" is named is he)
    first_named: dict[str, int] = {}
    for m in named:
        first_named.setdefault(m.character, m.start)
    titled: list[tuple[Mention, str]] = []
    early: Counter[str] = Counter()
    for m, title in [*_title_nominals(book, holder), *_bare_titles(book, holder)]:
        titled.append((m, title))
        early[title] += m.start < first_named.get(f"K{holder[title]}", len(book.source.text))
    someone_else: dict[str, list[Mention]] = defaultdict(list)
    for m, title in titled:
        if early[title] < max(EARLY_TITLE_USES, clusters[holder[title]].count + 1):
            m.character = f"K{holder[title]}"
        else:
            someone_else[title].append(m)
    for title, mentions in someone_else.items():
        _add_title_character(book, clusters, title, mentions)
    _title_characters(book, clusters, set(uses))


def _title_nominals(book: Book, holder: dict[str, int]) -> list[tuple[Mention, str]]:
    """Unlinked "the <title>" mentions ("the Major") of titles one cluster holds."""
    found = []
    for m in book.mentions:
        if m.type == "PER" and m.kind == "NOM" and m.character is None:
            match = _TITLE_NOMINAL.match(" ".join(m.text.split()))
            title = match and match.group(1).lower()
            if title in holder and not any_woman_or_man(title, match.group(1)):
                found.append((m, title))
    return found


_NAME_AFTER_TITLE = re.compile(r"[ \t]*\r?\n?[ \t]*[A-Z]")  # "Dr. Blimber": a name the recogniser missed


def _bare_titles(book: Book, holder: dict[str, int]) -> list[tuple[Mention, str]]:
    """A title the narration writes alone, capitalised and with no name ("answered
    Mademoiselle", The Awakening's Mademoiselle Reisz), of a title one cluster holds; not the
    title inside a name ("Mademoiselle" of "Mademoiselle Reisz"), nor one in a quotation,
    where "Mademoiselle" calls any young woman, nor a title that alone names no one ("Sir"),
    nor one in capitals (a heading, a shout), nor one before a capitalised word ("Dr.
    Blimber", whose name the recogniser missed). "Admiral and Mrs. Croft" is the Admiral's."""
    inside = {id(m) for m in nested_titles(book.mentions)}
    bare = [(m, title) for m in book.mentions
            if m.type == "PER" and m.kind == "NOM" and m.character is None and id(m) not in inside
            and m.text[:1].isupper() and not m.text.isupper()
            and (title := m.text.rstrip(".").lower()) in holder and title not in NO_TITLE_CHARACTER
            and not _NAME_AFTER_TITLE.match(book.source.text, m.end)]
    quotes.flag_quoted(book, [m for m, _ in bare])
    return [(m, title) for m, title in bare if not m.in_quote]


TITLE_CHARACTER_USES = 8  # "the Duchess" this often, and no named person holds the title
# titles that alone name no one person: "the Lord" is God, "the Master" anybody's
NO_TITLE_CHARACTER = frozenset("""lord master mister sir madam mr mrs miss ms saint st brother sister
father mother aunt uncle papa mama mamma grandpa grandma granny private honourable honorable hon
reverend rev esquire generals colonels captains majors messrs mesdames misses""".split())


def _title_characters(book: Book, clusters: list[NameCluster], named_titles: set[str]) -> None:
    """A capitalised title the book uses alone, again and again, and never before a name
    (`named_titles`: "the Doctor" of a book with a Dr. Bull may be him): the one it stands
    for is a character called by the title ("the Duchess", "the King" in Alice)."""
    found: dict[str, list[Mention]] = defaultdict(list)
    for m in book.mentions:
        if m.type == "PER" and m.kind == "NOM" and m.character is None:
            match = _TITLE_NOMINAL.match(" ".join(m.text.split()))
            title = match.group(1) if match else ""
            key = SAME_TITLE.get(title.lower(), title.lower())
            # in lower case too, a rank ("the duke" of Huckleberry Finn): no one's common noun;
            # but not "the lady", any woman (The Hound of the Baskervilles' Miss Stapleton)
            lower_rank = key in RANK_TITLES | SOVEREIGN_TITLES and not any_woman_or_man(key, title)
            if ((title[:1].isupper() or lower_rank)
                    and title.lower() in TITLE_GENDER and key not in named_titles
                    and key not in NO_TITLE_CHARACTER):
                found[title.lower()].append(m)
    known = {w for c in clusters for part in (*c.given, *c.surnames) for w in part.split()}
    for title, mentions in found.items():
        if len(mentions) < TITLE_CHARACTER_USES:
            continue
        # "Professor Van Helsing", written out a few times that the recogniser cut short:
        # the book does put a name after the title, so "the Professor" may be him
        after = re.finditer(rf"\b{re.escape(title)}\.?\s+([A-Z][\w']+)", book.source.text, re.IGNORECASE)
        if any(fold(m.group(1)) in known for m in after):
            continue
        _add_title_character(book, clusters, title, mentions)


def _add_title_character(book: Book, clusters: list[NameCluster], title: str, mentions: list[Mention]) -> None:
    """A character called by a title alone ("the Duchess"), these its mentions; named as
    the book writes the title ("the king" in Huckleberry Finn)."""
    written = Counter(" ".join(m.text.split()) for m in mentions)
    name = next((w for w, _ in written.most_common() if w.lower() == f"the {title}"), f"the {title.capitalize()}")
    cluster = NameCluster(names=Counter({name: len(mentions)}), titles={title})
    if TITLE_GENDER.get(title):
        cluster.title_votes[TITLE_GENDER[title]] = cluster.gender_votes[TITLE_GENDER[title]] = len(mentions)
    character_id = f"K{len(clusters)}"
    clusters.append(cluster)
    book.characters.append(Character(id=character_id, name=name))
    for m in mentions:
        m.character = character_id


def title_nominal_names(book: Book) -> dict[str, Counter[str]]:
    """Per character, the titles it is called by alone ("the General", and "the count" of
    a book that writes titles in lower case)."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for m in book.mentions:
        if m.character and m.kind == "NOM" and (match := _TITLE_NOMINAL.match(" ".join(m.text.split()))):
            title = match.group(1)
            # "the lady", "the master" in lower case are any woman or man, no name of theirs
            if title.lower() in TITLES and not any_woman_or_man(title.lower(), title):
                names[m.character][f"the {title}"] += 1
    return names


def front_matter_end(book: Book) -> int:
    """Where the first chapter heading is: before it stand the title page, the author's
    name and the contents, whose names ("by Jane Austen") are nobody in the story."""
    chapters = book.source.chapters
    if len(chapters) < 2 or not chapters[0].title:
        return book.source.body[0]
    at = book.source.text.find(chapters[0].title, chapters[0].start, chapters[0].end)
    return at if at >= 0 else chapters[0].start


_ROMAN_NUMERAL = re.compile(r"^(?=[MDCLXVI]{2,}\.?$)M*(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?$")
_HEADING_LINE = re.compile(r"^[ \t]*(?:CHAPTER|Chapter|BOOK|Book|PART|Part)[ \t]+(?:\d+|[IVXLC]+)\b.*$", re.MULTILINE)
_CUT_OFF = ("-", "\u2013", "\u2014")
EXCLAIMED_SHARE = 0.6  # of a one-word name's uses followed by "!": "Whew!", "Pshaw!"


def _no_name(book: Book) -> set[int]:
    """Proper person mentions that name nobody: the words of a chapter's heading, a
    possessive ending the recogniser took for a name ("’s"), a heading's roman numeral
    ("XXII"), a word cut off by a dash ("Bath-", as a speaker breaks off "Bathsheba"), and
    interjections, "names" of a word or two the book mostly exclaims ("Whew!", "Lauk!", "Mein Gott!")."""
    text = book.source.text
    uses: Counter[str] = Counter()
    exclaimed: Counter[str] = Counter()
    for m in book.mentions:
        words = m.text.split()
        # "Whew!", "Mein Gott!"; not "Poor Jane!", whom her given name tells
        if m.kind == "PROP" and (len(words) == 1 or (len(words) == 2 and not given_name_gender(words[1]))):
            name = normalise(m.text)
            uses[name] += 1
            exclaimed[name] += text[m.end:m.end + 2].lstrip(" ").startswith("!")
    # two words exclaimed once ("Jacob Barnes!") may be anyone's name called out
    exclaimed = Counter({name: n for name, n in exclaimed.items() if " " not in name or n >= 2})
    headings = [(c.start, c.start + len(c.title)) for c in book.source.chapters if c.title]
    # and the title-case chapter lines of a table of contents, which no chapter starts at
    # ("Chapter VI: The Reverend Arthur Beebe, the Reverend..." is a list of names): one pass
    headings = sorted(headings + [line.span() for line in _HEADING_LINE.finditer(text)
                                  if not re.search(r"\b[a-z]", line.group())])
    heading_starts = [s for s, _ in headings]

    def in_heading(m: Mention) -> bool:  # "CHAPTER 83. Jonah Historically Regarded."
        i = bisect_right(heading_starts, m.start) - 1
        return i >= 0 and m.end <= headings[i][1]

    return {id(m) for m in book.mentions if m.kind == "PROP" and (
        in_heading(m) or not (name := normalise(m.text)) or _ROMAN_NUMERAL.match(m.text.strip())
        or m.text.rstrip().endswith(_CUT_OFF)
        or (name in uses and exclaimed[name] >= EXCLAIMED_SHARE * uses[name] and not parse(name).titles))}


def run(book: Book) -> None:
    """Cluster person names into characters; link every proper person mention to one."""
    dropped = _no_name(book)
    book.mentions = [m for m in book.mentions if id(m) not in dropped]
    _trim_places(book, _settle_types(book))
    lower_words = _lower_case_words(book)
    _trim_common_words(book, lower_words)
    _trim_strays(book)
    _part_run_together(book)
    _demote_nationalities(book)  # after the trims: "Old English" cut to "English"
    _add_script_speakers(book)
    story_start = front_matter_end(book)
    counts = Counter(normalise(m.text) for m in _person_names(book) if m.start >= story_start)
    _add_missed_names(book, counts, lower_words)
    _take_in_titles(book)
    joined = _split_names(book)
    positions: dict[str, list[int]] = defaultdict(list)
    for m in sorted(_person_names(book), key=lambda m: m.start):
        if m.start >= story_start and joined.get(id(m), (None, True))[1]:
            positions[joined[id(m)][0] if id(m) in joined else normalise(m.text)].append(m.start)
    counts = Counter({name: len(starts) for name, starts in positions.items()})
    tagged = Counter(normalise(m.text) for m in _person_names(book)
                     if m.start >= story_start and _speech_tag_subject(book.source.text, m))
    speakers = frozenset(name for name, n in tagged.items() if n >= SPEAKER_TAGS)
    clusters = cluster_names(counts, positions, _groups(book, counts, story_start), speakers)
    cluster_of = {name: i for i, cluster in enumerate(clusters) for name in cluster.names}
    book.characters = [Character(id=f"K{i}", name=c.best_name()) for i, c in enumerate(clusters)]
    book.name_clusters = clusters
    for m in _person_names(book):
        i = cluster_of.get(name := joined[id(m)][0] if id(m) in joined else normalise(m.text))
        if i is not None and m.start >= story_start:
            if KIN_TITLES.get(m.before):
                i = _kin_named(clusters, i, name, KIN_TITLES[m.before])
            m.character = f"K{i}"
    _link_title_nominals(book, clusters)
    _join_titles_in_apposition(book, clusters)


_APPOSITION = re.compile(r",\s+(?:the|our|their)\s+((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)\b")
# the same before the name: "the Collector, Mr. Turton, with whom they had dined"
_APPOSITION_BEFORE = re.compile(r"\b(?:the|our|their)\s+((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*),\s+$")


def _groups(book: Book, counts: Counter[str], story_start: int) -> frozenset[str]:
    """Plural names of groups: written after "the" half the time or more ("the
    Honeychurches"), or ending in a word novels write in lower case ("Cabinet Ministers");
    not "Sikes", said on his own."""
    after_the = Counter(normalise(m.text) for m in _person_names(book) if m.start >= story_start
                        and (m.before == "the" or m.text.lower().startswith("the ")))
    return frozenset(name for name in counts if name.endswith("s") and (
        2 * after_the[name] >= counts[name] or name.split()[-1].lower() in ordinary_words()))


def _join_titles_in_apposition(book: Book, clusters: list[NameCluster]) -> None:
    """A person known by one capitalised word that is no given name ("Superintendent",
    "the Duchess") is the one cast member the book names with that word in apposition: "Mr.
    McBryde, the District Superintendent of Police" (capitalised words only before it: not
    "the brother of Moisey", nor "the new City Magistrate", who succeeds the one so called),
    or "the Collector, Mr. Turton, with whom..." (between commas)."""
    text = book.source.text
    holders: dict[str, set[str]] = defaultdict(set)  # last word of the apposition -> named people
    persons: dict[str, bool] = {}
    for m in book.mentions:
        if m.kind == "PROP" and m.character and m.character.startswith("K"):
            if m.text not in persons:
                persons[m.text] = _a_persons_name(m.text)
            if not persons[m.text]:
                continue
            if after := _APPOSITION.match(text, m.end, m.end + 80):
                holders[after.group(1).split()[-1]].add(m.character)
            # set off by commas both sides, and not the end of "the Army of the Tennessee"
            if (text[m.end:m.end + 1] == ","
                    and (before := _APPOSITION_BEFORE.search(text, max(0, m.start - 80), m.start))
                    and not text[max(0, before.start() - 3):before.start()].lower().endswith("of ")):
                holders[before.group(1).split()[-1]].add(m.character)
    by_id = {c.id for c in book.characters}
    for i, cluster in enumerate(clusters):
        # "Collector Sahib": the word with an honorific after it ("Sahib") is the same word
        forms = [n.split()[:-1] if len(n.split()) > 1 and fold(n.split()[-1]) in TITLES_AFTER else n.split()
                 for n in cluster.names]
        words = {f[-1] for f in forms}
        if len(words) != 1 or any(len(f) > 1 and f[0].lower() != "the" for f in forms):
            continue
        word = words.pop()
        if not word[:1].isupper() or given_name_gender(word) or word.lower() in DEMONYMS:
            continue
        named = holders.get(word, set()) - {f"K{i}"}
        if len(named) != 1 or (holder := named.pop()) not in by_id:
            continue
        clusters[int(holder[1:])].names.update(cluster.names)
        for m in book.mentions:
            if m.character == f"K{i}":
                m.character = holder


def _a_persons_name(name: str) -> bool:
    """A title or a given name in it: "Mr. Danby", "Cyril Fielding"; not "Oniton"."""
    parts = parse(normalise(name))
    return bool(parts.titles) or any(given_name_gender(g) for g in parts.given)


def _kin_named(clusters: list[NameCluster], i: int, name: str, sex: str) -> int:
    """The cluster a bare surname after a lower-case kin word names: "aunt Norris" is Mrs.
    Norris though the bare "Norris" is her husband's, and "aunt Bertram" Lady Bertram, not her
    son Mr. Bertram; the one person of that name and the kin word's sex, or the married one
    when there are several (her nieces, "Maria Bertram", are no one's aunt) and she is
    named far more often than any other ("Lady Bertram": "Lady" takes her name for a given one)."""
    parts = parse(name)
    if parts.titles or len(parts.given) != 1 or parts.surname or clusters[i].gender == sex:
        return i
    word = parts.given[0]
    same = [j for j, c in enumerate(clusters) if c.gender == sex
            and (word in c.surnames or (word in c.given and c.titles & MARRIED))]
    if len(same) == 1:
        return same[0]
    married = sorted((j for j in same if clusters[j].titles & MARRIED), key=lambda j: -clusters[j].count)
    if married and (len(married) == 1 or clusters[married[0]].count >= KIN_LEAD * clusters[married[1]].count):
        return married[0]
    return i


KIN_TITLES = {"aunt": "F", "uncle": "M", "cousin": ""}
KIN_LEAD = 3  # times as often named as any other married woman of the name, to be "aunt <name>"
KIN_VOCATIVES = 3  # times "Aunt Juley" must be called to be answered
SURNAME_ONLY_SHARE = 0.1  # of a person's names with a given name, for them to go by a surname
KIN_ANSWERS = 3  # answers by one person, twice as many as by anyone else, to make her Aunt Juley


def join_addressed_kin(book: Book) -> None:
    """"Aunt Juley", as her nieces call her, is "Mrs. Munt", as the narrator does: a name
    with a kin title that the book says only in dialogue, calling someone (three times or
    more), is the name of the one who answers those calls (or is answered by them) most,
    twice as often as anyone else, when that person goes by a titled surname alone and is of
    the kin title's sex. So is a bare given name said so ("Mary", as Mr. Turton calls Mrs.
    Turton), of the sex the name has. Runs after the speakers stage, whose answers it reads."""
    text = book.source.text
    clusters: list[NameCluster] = book.name_clusters
    by_id = {c.id: c for c in book.characters}
    quotes = sorted(book.quotes, key=lambda q: q.start)
    starts = [q.start for q in quotes]
    called: dict[str, list[int]] = defaultdict(list)  # character -> quotes calling them by a kin name
    in_narration: Counter[str] = Counter()
    in_dialogue: Counter[str] = Counter()
    for m in book.mentions:
        if m.kind != "PROP" or m.character is None or not m.character.startswith("K"):
            continue
        if not m.in_quote:
            in_narration[m.character] += 1
            continue
        in_dialogue[m.character] += 1
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= quotes[i].end and is_vocative(text, m.start, m.end, (quotes[i].start, quotes[i].end)):
            if called[m.character][-1:] != [i]:  # "Heaslop, Heaslop, ...": one call (mentions in order)
                called[m.character].append(i)
    _join_answering_epithets(book, called, quotes)
    for kin_id, calls in called.items():
        # called three times or more, and named in the dialogue more than in the narration
        if len(calls) < KIN_VOCATIVES or in_narration[kin_id] > in_dialogue[kin_id]:
            continue
        cluster = clusters[int(kin_id[1:])]
        if _join_called_title(book, kin_id, calls, quotes) or (
                in_narration[kin_id] * PET_NARRATION <= in_dialogue[kin_id]
                and _join_pet_name(book, kin_id, calls, quotes)):
            continue
        kin = {t for n in cluster.names for t in parse(n).titles} & set(KIN_TITLES)
        if len(kin) != 1:
            # "Mary", as Mr. Turton calls his wife: a bare given name, never with a
            # surname, of a man or woman the narration calls by titled surname alone
            given = {p.given[0] for n in cluster.names if (p := parse(n)).given and not p.surname and not p.titles}
            if len(given) != 1 or len(cluster.names) != 1 or not (sex := given_name_gender(given.pop())):
                continue
            kin = {sex}
        one = _answerer(calls, quotes, kin_id)
        if one is None or one not in by_id:
            continue
        other = clusters[int(one[1:])]
        sex = KIN_TITLES.get(kin_word := kin.pop(), kin_word)
        # a bare "Bingley" is his surname, not a given name
        given_uses = sum(n for name, n in other.names.items()
                         if (p := parse(name)).given and not (p.ambiguous and p.given[0] in other.surnames))
        if (given_uses > SURNAME_ONLY_SHARE * other.count or not other.surnames
                or (sex and other.gender != sex) or by_id[one].narrator):
            continue
        merge_called(book, kin_id, one)


PET_PREFIX = 3  # letters a pet name shares with the name it comes from ("Faguey", Fagin)
# a pet name is the dialogue's: the narration says it once in this many at most ("Incubu, as
# the natives called Sir Henry", once beside 31 calls; Potapitch, a servant, half the time)
PET_NARRATION = 10


def _join_pet_name(book: Book, called_id: str, calls: list[int], quotes) -> bool:
    """"Faguey", as the Artful Dodger calls Fagin: a one-word name that only the dialogue
    says, calling someone three times or more, is the pet name of the one who answers those
    calls most (twice as often as anyone else) when it begins as a name of theirs does, or
    is no first name ("Work'us", as Noah Claypole calls Oliver)."""
    clusters: list[NameCluster] = book.name_clusters
    names = clusters[int(called_id[1:])].names
    if len(names) != 1:
        return False
    name = next(iter(names))
    if len(name.split()) != 1 or parse(name).titles:
        return False
    one = _answerer(calls, quotes, called_id)
    if one is None:
        return False
    words = {w.lower() for n in clusters[int(one[1:])].names for w in n.split() if w[:1].isupper()}
    pet = name.lower()
    # "Faguey" begins as Fagin does; "Macumazahn", as the Zulus call Allan Quatermain, "Be'y"
    # (Berry) and "Work'us" (Oliver) are no first names at all, as "Ivan" is: someone's own
    if is_first_name(name) and not any(w[:PET_PREFIX] == pet[:PET_PREFIX] and w != pet for w in words):
        return False
    merge_called(book, called_id, one)
    return True


def _join_answering_epithets(book: Book, called: dict[str, list[int]], quotes) -> None:
    """"the Jew", as Oliver Twist's narrator calls him, is Fagin, as the others call him: a
    person the book never names but lets speak (stages/unnamed.py) who answers the calls to
    a named person KIN_ANSWERS times or more, twice as often as anyone else, and is of that
    person's sex, is that person under an epithet."""
    clusters: list[NameCluster] = book.name_clusters
    by_id = {c.id: c for c in book.characters}
    for named_id, calls in called.items():
        gender = clusters[int(named_id[1:])].gender
        if len(calls) < KIN_VOCATIVES or not gender:
            continue
        one = _answerer(calls, quotes, named_id, prefix=UNNAMED_ID)
        if one is None or one not in by_id or by_id[one].gender != GENDER_LABEL.get(gender):
            continue
        _take_epithet(book, named_id, one)
        by_id.pop(one)


def _talked(quotes, breaks: list[int]) -> Counter[frozenset[str]]:
    """How often two people speak one straight after the other (a line, then the next, in
    the same paragraph or the next; `breaks` the body's paragraph breaks): two who do are
    two people."""
    talked: Counter[frozenset[str]] = Counter()
    for a, b in zip(quotes, quotes[1:]):
        if a.speaker and b.speaker and a.speaker != b.speaker and breaks_between(breaks, a.end, b.start) <= 1:
            talked[frozenset((a.speaker, b.speaker))] += 1
    return talked


_ASKS_NAME = re.compile(r"(?i)\b(?:your\s+name|who\s+are\s+you|whom\s+have\s+I)\b")
_JUST_A_NAME = re.compile(r"[\s\W_]*\Z")


def join_introduced(book: Book) -> None:
    """A stranger the narration has only described ("an Englishwoman stepped out ... "Oh!"
    the woman gasped"), whom coreference keeps as an entity of no cast member, says who they
    are: "May I know your name?" ... she said, "Mrs. Moore." Or "I am X", "my name is X".
    The entity that speech tag's he, she or description belongs to is then X's: its mentions
    become the cast member's, so that the speakers stage can give X the stranger's lines.
    Runs after coreference, before the speakers stage."""
    text = book.source.text
    quotes = book.quotes
    tags = speech_tags(book)
    names = sorted((m for m in book.mentions if m.kind == "PROP" and m.in_quote and m.character),
                   key=lambda m: m.start)
    starts = [m.start for m in names]
    joined: dict[str, str] = {}
    for i, (q, tag) in enumerate(zip(quotes, tags)):
        if tag is None or tag.character or not tag.entity or tag.entity in joined:
            continue
        k = bisect_left(starts, q.start)
        if k >= len(names) or names[k].end > q.end:
            continue
        m = names[k]
        lead, rest = text[q.start:m.start], text[m.end:q.end]
        bare = not lead.strip(" \t\r\n\"'\u201c\u2018") and _JUST_A_NAME.match(rest) \
            and i > 0 and _ASKS_NAME.search(text, quotes[i - 1].start, quotes[i - 1].end)
        stated = _SELF_NAMING.search(lead) and not _SUPPOSING.search(lead) and _NAME_ENDS.match(text, m.end)
        if bare or stated:
            joined[tag.entity] = m.character
    if not joined:
        return
    for m in book.mentions:
        if m.entity in joined and not m.character:
            m.character, m.entity = joined[m.entity], None


# "I am Griffin", "My name is Hobin", "Call me Cordelia": a speaker giving their own name
# ("my name, sir, is Brownlow": a call may stand between)
_SELF_NAMING = re.compile(r"(?i)\b(?:I\s+am|I['\u2019]m|my\s+name(?:,\s*[\w\s'\u2019.]{1,20},)?\s+is"
                          r"|my\s+name['\u2019]s|(?<!n't\s)(?<!n\u2019t\s)(?<!not\s)(?:call|calls|called)\s+me)\s+\Z")
# ... but not "if I am Mabel", "as sure as I am James Vane": a supposition, an oath
_SUPPOSING = re.compile(r"(?i)\b(?:if|as|though|whether|suppose|supposing|perhaps|think|not)\b[^.!?;:]*\Z")
# the name ends its clause: not "I am Miss Schlegel's aunt", "I'm Anne of Green Gables"
_NAME_ENDS = re.compile(r"\s*(?:[,.;:!?\u2014\"\u201d]|--|\Z)")
SELF_NAMING_LOOKBACK = 60  # characters of the speech before the name read for its lead-in
REVEAL_WINDOW = 3000  # characters before the speech within which the name may already be said


def join_self_named(book: Book) -> None:
    """"I am Inspector Ratcliffe," says the man the book has called the Marquis: a name the
    book has not used before (but in the few lines just before) that a speaker gives as their
    own ("I am X", "my name is X", "call me X") is theirs, when the two are of one sex, the
    book never has them speak one straight after the other, and the line answers someone
    else's (it does not follow the speaker's own in the paragraph before). Those checks keep
    a misread speaker from taking over someone the book already knows. Runs after the
    speakers stage, whose speakers it reads."""
    text = book.source.text
    by_id = {c.id: c for c in book.characters}
    quotes = sorted(book.quotes, key=lambda q: q.start)
    starts = [q.start for q in quotes]
    first_said: dict[str, int] = {}
    for m in book.mentions:
        if m.character and m.kind != "PRON":
            first_said[m.character] = min(first_said.get(m.character, m.start), m.start)
    breaks = body_breaks(book.source)
    talked = _talked(quotes, breaks)
    for m in book.mentions:
        if not m.in_quote or m.kind != "PROP" or not (m.character or "").startswith("K"):
            continue
        i = bisect_right(starts, m.start) - 1
        if i < 0 or m.end > quotes[i].end or not quotes[i].speaker:
            continue
        lead = text[max(quotes[i].start, m.start - SELF_NAMING_LOOKBACK):m.start]
        if not _SELF_NAMING.search(lead) or _SUPPOSING.search(lead) or not _NAME_ENDS.match(text, m.end):
            continue
        named, speaker = m.character, quotes[i].speaker
        if named == speaker or named not in by_id or speaker not in by_id or by_id[named].narrator:
            continue
        if first_said[named] < quotes[i].start - REVEAL_WINDOW or talked[frozenset((named, speaker))]:
            continue
        # one names themselves answering someone ("Who are you?"), not straight after their
        # own line in the paragraph before (after a beat of narration, they may go on)
        turn = i
        while turn and not breaks_between(breaks, quotes[turn - 1].end, quotes[turn].start):
            turn -= 1
        if turn and quotes[turn - 1].speaker == speaker and breaks_between(breaks, quotes[turn - 1].end,
                                                                           quotes[turn].start) == 1:
            continue
        if _two_sexes(by_id[named], by_id[speaker]):
            continue
        if speaker.startswith(UNNAMED_ID):  # "the Marquis", never named till now: an epithet
            _take_epithet(book, named, speaker)
            by_id.pop(speaker)
        else:
            merge_called(book, named, speaker)
            book.characters = [c for c in book.characters if c.id != named]
            by_id.pop(named)


# "Mr. John Dawkins, otherwise the Artful Dodger"; "Umbopa, alias Ignosi"; "Mr. Wilcox, or,
# as I must now call him, Henry": the book says two names are one person's
_ALIAS_BETWEEN = re.compile(r",?\s+(?:otherwise(?:\s+called)?|alias|(?:better\s+|also\s+)?known\s+as|commonly\s+called"
                            r"|or,\s+as\s+I\s+(?:must\s+|shall\s+|will\s+)?now\s+call\s+(?:him|her),)\s+(?:the\s+)?\Z")
ALIAS_GAP = 60  # characters between the two names, at most
# "The fishermen called him Old Eli": the name after a him or her that is called it
_CALLED_BEFORE = re.compile(r"\b(?:call|calls|called|calling|nicknamed|dubbed)\s+\Z", re.IGNORECASE)
_CALLED_BETWEEN = re.compile(r"\s+(?:(?:old|young|little|big)\s+)?\Z", re.IGNORECASE)


def join_stated_aliases(book: Book) -> None:
    """"Mr. John Dawkins, otherwise the Artful Dodger": two names the book gives as one
    person's ("X, otherwise Y", "X, alias Y", "X, better known as Y", "X, or, as I must now
    call him, Y") are one character's, when both are of one sex; so are a him or her of the
    narration and the name they are called ("The fishermen called him Old Eli"). The less
    mentioned joins the more mentioned. (Their lines may alternate: the speakers stage took
    them for two.)"""
    text = book.source.text
    by_id = {c.id: c for c in book.characters}
    uses = Counter(m.character for m in book.mentions if m.character)
    names = sorted((m for m in book.mentions if m.kind == "PROP" and (m.character or "").startswith("K")),
                   key=lambda m: m.start)
    pairs = [(first, second) for first, second in zip(names, names[1:])
             if second.start - first.end <= ALIAS_GAP and _ALIAS_BETWEEN.match(text[first.end:second.start])]
    # "called him Old Eli": the pronoun's person, as coreference and the speech tags linked it
    starts = [m.start for m in names]
    for m in book.mentions:
        # (in the narration: a speech's "call him Sunday" is seldom who coreference says)
        if m.kind == "PRON" and not m.in_quote and m.text.lower() in ("him", "her") \
                and (m.character or "").startswith("K") and _CALLED_BEFORE.search(text, max(0, m.start - 20), m.start):
            i = bisect_left(starts, m.end)
            # a name, not a title ("calling him General")
            if i < len(names) and _CALLED_BETWEEN.match(text, m.end, names[i].start) \
                    and names[i].text.lower().rstrip(".") not in TITLES:
                pairs.append((m, names[i]))
    # who the book calls he or she: for the others a sex is the name list's guess, which a
    # "him" gainsays (gender-guesser's data has Eli for a woman's name)
    pronouned = {m.character for m in book.mentions if m.kind == "PRON" and m.character
                 and m.text.lower() in MASCULINE | FEMININE}
    _join_less_used(book, [(first.character, second.character) for first, second in pairs
                           if not (first.character in by_id and second.character in by_id
                                   and _two_sexes(by_id[first.character], by_id[second.character])
                                   and (first.kind != "PRON" or second.character in pronouned))], by_id, uses)


def _join_less_used(book: Book, pairs: list[tuple[str, str]], by_id: dict[str, Character], uses: Counter[str]) -> None:
    """Each pair of cast members is one person: the less mentioned joins the more (a pair
    one of whose sides has joined someone already is passed over)."""
    for one, other in pairs:
        if one == other or one not in by_id or other not in by_id:
            continue
        if uses[one] < uses[other]:
            one, other = other, one
        merge_called(book, other, one)
        uses[one] += uses.pop(other)
        book.characters = [c for c in book.characters if c.id != other]
        by_id.pop(other)


# "Mr. Bumble had married Mrs. Corney", "Stella had married Cyril", "I was married to Miss
# Julia Dent": the narration states a marriage between two named people
_MARRIED_BETWEEN = re.compile(r"\s+(?:had\s+|has\s+)?(?:married|wedded)\s+\Z"
                              r"|\s+(?:was|had\s+been|has\s+been)\s+married\s+to\s+\Z")
# "if Charles had married Anne", "she wished Charles had married Anne": no marriage
_UNREAL_BEFORE = re.compile(r"\b(?:if|unless|wish|wished|wishes|wishing|suppose|supposing|though|whether)\b[^.;:!?]*\Z",
                            re.IGNORECASE)
# "Mrs. Weston (poor Miss Taylor that was)": a wife's maiden name after her married one
_MAIDEN_BETWEEN = re.compile(r"\s*[,(]\s*(?:poor\s+|dear\s+)?\Z")
_THAT_WAS = re.compile(r"\s+that\s+was(?=\s*[,;:.!?)\u2014-])")
# "Miss Hamilton, now Mrs Smith,": her married name after her maiden one
_NOW_BETWEEN = re.compile(r",\s+now\s+\Z")


def join_married_names(book: Book) -> None:
    """A woman under her maiden name and under her married one is one character: "Mrs.
    Weston (poor Miss Taylor that was)", "Miss Hamilton, now Mrs Smith,"; and when the
    narration says "Mr. Bumble had married Mrs. Corney" (or "Stella had married Cyril", "I
    was married to Miss Julia Dent"), she is the book's "Mrs. Bumble" ("Mrs. Fielding",
    "Mrs. Grant"), the one woman called only "Mrs." and the husband's surname (or "Mrs."
    and his given name, "Mrs. Charles"), if his is the surname's leading man and that name
    was not in use before she came into the book (his mother's "Mrs. Ferrars")."""
    text = book.source.text
    by_id = {c.id: c for c in book.characters}
    uses = Counter(m.character for m in book.mentions if m.character)
    names = sorted((m for m in book.mentions if (m.character or "").startswith("K")
                    and (m.kind == "PROP" or (m.kind == "PRON" and m.text == "I" and not m.in_quote))),
                   key=lambda m: m.start)
    pairs = []
    for first, second in zip(names, names[1:]):
        one, other = by_id.get(first.character), by_id.get(second.character)
        between = text[first.end:second.start]
        if one is None or other is None or one is other or len(between) > ALIAS_GAP:
            continue
        if first.kind == second.kind == "PROP" and (
                _MAIDEN_BETWEEN.match(between) and _THAT_WAS.match(text, second.end)
                or _NOW_BETWEEN.match(between) and set(parse(second.text).titles) & MARRIED):
            if one.gender == other.gender == GENDER_LABEL["F"]:
                pairs.append((one.id, other.id))
        elif not first.in_quote and not second.in_quote and _MARRIED_BETWEEN.match(between) \
                and not _UNREAL_BEFORE.search(text, max(0, first.start - 200), first.start) \
                and {one.gender, other.gender} == set(GENDER_LABEL.values()):
            husband, wife = (one, other) if one.gender == GENDER_LABEL["M"] else (other, one)
            married = _married_name(book, husband, wife, uses)
            if married is not None:
                pairs.append((married.id, wife.id))
    _join_less_used(book, pairs, by_id, uses)


def _married_name(book: Book, husband: Character, wife: Character, uses: Counter[str]) -> Character | None:
    """The cast member who is `wife` under `husband`'s name ("Mrs. Bumble", "Mrs. Charles"), or None."""
    clusters: list[NameCluster] = book.name_clusters
    his = clusters[int(husband.id[1:])]
    if len(his.surnames) != 1:
        return None
    surname = next(iter(his.surnames))
    given = his.own_given.most_common(1)[0][0] if his.own_given else None
    men = [c for c in book.characters if c.gender == GENDER_LABEL["M"] and c.id.startswith("K")
           and surname in clusters[int(c.id[1:])].surnames]
    if max(men, key=lambda c: uses[c.id]) is not husband:
        return None  # "Jesse R. Grant married Hannah Simpson": "Mrs. Grant" is his son's wife

    def wifes_name(name: str) -> bool:
        parts = parse(name)
        return "mrs" in parts.titles and (parts.surname == surname and parts.given in ((), (given,))
                                          or given is not None and parts.surname == given and not parts.given)
    found = [c for c in book.characters if c.id.startswith("K") and c not in (husband, wife)
             and c.gender != GENDER_LABEL["M"] and clusters[int(c.id[1:])].names
             and all(wifes_name(n) for n in clusters[int(c.id[1:])].names)]
    if len(found) != 1:
        return None
    her_first = min(m.start for m in book.mentions if m.character == wife.id)
    # (by name: a "my mother" the kin rules gave "Mrs. Grant" says nothing of whose name it was)
    if sum(m.character == found[0].id and m.kind == "PROP" and m.start < her_first for m in book.mentions) \
            >= MARRIED_BEFORE:
        return None
    return found[0]


def _two_sexes(a: Character, b: Character) -> bool:
    """The two are gendered, and differently: not one person."""
    return len({a.gender, b.gender} & set(GENDER_LABEL.values())) > 1


def merge_called(book: Book, called_id: str, one: str) -> None:
    """The name a person is called by becomes one of theirs: cluster, mentions and lines."""
    clusters: list[NameCluster] = book.name_clusters
    clusters[int(one[1:])].names.update(clusters[int(called_id[1:])].names)
    _repoint(book, called_id, one)


def _take_epithet(book: Book, named_id: str, unnamed_id: str) -> None:
    """A nameless cast member ("the Jew") is a named one (Fagin) under an epithet: the
    epithet joins the named one's names, its mentions and lines become theirs, and it
    leaves the cast."""
    who = next(c for c in book.characters if c.id == unnamed_id)
    book.name_clusters[int(named_id[1:])].epithets[who.name] += sum(m.character == unnamed_id for m in book.mentions)
    _repoint(book, unnamed_id, named_id)
    book.characters = [c for c in book.characters if c.id != unnamed_id]


def _repoint(book: Book, old: str, new: str) -> None:
    """The mentions and the lines of character `old` become `new`'s."""
    for m in book.mentions:
        if m.character == old:
            m.character = new
    for q in book.quotes:
        if q.speaker == old:
            q.speaker = new


def _answerer(calls: list[int], quotes, called_id: str, of_sex=None, prefix: str = "K") -> str | None:
    """Who answers the quotations that call `called_id` (or is answered by them): the
    speaker of the quotations beside them, KIN_ANSWERS times or more and twice as often as
    anyone else, if a cast member whose id has `prefix` (a named one by default); only
    speakers `of_sex` (id -> bool) count: a woman in the scene does not answer to "Mr. Heaslop"."""
    answers: Counter[str] = Counter()
    for i in calls:
        for j in (i - 1, i + 1):
            if 0 <= j < len(quotes) and quotes[j].speaker not in (None, called_id, quotes[i].speaker) \
                    and (of_sex is None or of_sex(quotes[j].speaker)):
                answers[quotes[j].speaker] += 1
    ranked = answers.most_common(2)
    if not ranked or ranked[0][1] < KIN_ANSWERS or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0] if ranked[0][0].startswith(prefix) else None


def _join_called_title(book: Book, called_id: str, calls: list[int], quotes) -> bool:
    """"Mr. Vyse", as the others call him, is "Cecil", as the narrator does: a titled surname
    (never with a given name; bare too) said mostly in dialogue, calling someone three times
    or more (the caller checks both), is the one who answers those calls most (twice as
    often as anyone else), when that one goes by a given name alone or by that surname, of
    the title's sex."""
    clusters: list[NameCluster] = book.name_clusters
    cluster = clusters[int(called_id[1:])]
    parts = [parse(n) for n in cluster.names]
    surnames = {p.surname for p in parts if p.titles and p.surname}
    # its names: "Mr. Vyse", and the bare "Vyse"
    if not surnames or not cluster.gender or not all(
            (p.titles and p.surname and not p.given) or (p.ambiguous and p.given[0] in surnames) for p in parts):
        return False
    one = _answerer(calls, quotes, called_id, lambda c: c[:1] == "K" and clusters[int(c[1:])].gender == cluster.gender)
    if one is None:
        return False
    other = clusters[int(one[1:])]
    # the answerer goes by a given name alone, or bears that very surname in full ("Mr.
    # Hersheimmer", as the others call him, is Julius P. Hersheimmer, a name the book keeps
    # up beside it, so that name clustering took "Mr. Hersheimmer" for another man)
    if (other.surnames and not other.surnames <= surnames) or not other.given or other.gender != cluster.gender:
        return False
    merge_called(book, called_id, one)
    return True


def _a_thing(c: Character, the_named: int, narrated: int, speaks: bool, of_the: int = 0) -> bool:
    """"the Kittiwake", "the Courier", "the Casino": a one-word name nearly always after
    "the", that few he or she of the narration (`narrated`) refers to (a fifth of its names
    at most: coreference errs) and that says next to nothing (a fifth as many quotations as
    names: the speakers stage errs, and a quotation's "I" follows it), names a ship, a
    paper, a body or a building, not a person ("the Hatter" talks). One said mostly after
    "of the" ("the Army of the Potomac", `of_the` of its names) is a thing whatever the
    pronouns coreference gave it, and so is a plural ("the Guards")."""
    return (c.proper > 0 and not speaks and not c.narrator and the_named >= THE_NAMED_SHARE * c.proper
            and (narrated <= THING_PRONOUN_SHARE * c.proper or of_the >= OF_THE_SHARE * c.proper
                 or _plural_word(c.name)))


PLURAL_DETERMINERS = frozenset("the his her their our your my its these those".split())


def _plural_word(name: str) -> bool:
    """"Guards", "Hussars": one word in a plural's -s (not "Marquis", "Countess", "Brutus"),
    which after "the" or "his" is a body of people, whatever he or she coreference gave it."""
    return " " not in name and name.endswith("s") and not name.endswith(("ss", "is", "us", "ys", "'s"))


OF_THE_SHARE = 0.5
DROPPED_PREFIX = "X"  # the coreference entity of a dropped name's mentions: X + its K id
_OF = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
UNPERSONED_PRONOUN_SHARE = 0.1


def _unpersoned(c: Character, cluster: NameCluster, speaks: bool) -> bool:
    """"Kellynch", "Entrance", "Mayflowers", "Mozart": a name with no title and no given name
    in any of its forms, that hardly a he or she refers to (a tenth of its uses at most)
    and that says nothing, is a place, a thing or a name dropped, no one in the story; so
    is a saint's name in every form that says nothing ("St. Paul's", "St. Sebastian")."""
    if c.narrator or speaks:
        return False
    if all("saint" in parse(name).titles for name in cluster.names):
        return True
    if c.pronoun > UNPERSONED_PRONOUN_SHARE * c.proper:
        return False
    for name in cluster.names:
        parts = parse(name)
        if parts.titles or any(given_name_gender(g) for g in parts.given):
            return False
    return True


def finish(book: Book) -> None:
    """Count mentions, set first appearance, aliases and gender; rank; number C0, C1, ..."""
    by_id = {c.id: c for c in book.characters}
    clusters: list[NameCluster] = book.name_clusters
    for c in book.characters:
        c.proper = c.nominal = c.pronoun = 0
        c.first = -1
    the_named: Counter[str] = Counter()  # proper mentions that are one word after "the"
    determined: Counter[str] = Counter()  # ... or after "his", "their", "our"...
    of_the: Counter[str] = Counter()  # proper mentions after "of the" ("the Army of the Potomac")
    text = book.source.text if book.source is not None else ""
    narrated: Counter[str] = Counter()  # pronouns outside quotations
    by_title: Counter[str] = Counter()
    for m in book.mentions:
        c = by_id.get(m.character) if m.character else None
        if c is None:
            continue
        if m.kind == "PROP":
            c.proper += 1
            word = " ".join(m.text.split())
            after_the = m.before.lower() == "the" and " " not in word  # or "the Potomac", as tagged
            after_the = after_the or (word[:4].lower() == "the " and " " not in word[4:])
            the_named[c.id] += after_the
            # "his Guards", "our Guards": a plural after any determiner
            determined[c.id] += after_the or m.before.lower() in PLURAL_DETERMINERS
            of_the[c.id] += after_the and _OF.search(text, max(0, m.start - 8), m.start) is not None
        elif m.kind == "NOM":
            c.nominal += 1
            by_title[c.id] += " ".join(m.text.split()) == c.name  # "the Duchess", never named
        else:
            c.pronoun += 1
            narrated[c.id] += not m.in_quote
        if c.first < 0 or m.start < c.first:
            c.first = m.start
    title_nominals = title_nominal_names(book)
    for c in book.characters:
        if c.id.startswith("K"):
            cluster = clusters[int(c.id[1:])]
            c.aliases = [n for n, _ in cluster.names.most_common() if n != c.name]
            # "the General", as The Gambler calls General Perovski four hundred times
            c.aliases += [n for n, count in title_nominals[c.id].most_common()
                          if count >= TITLE_ALIAS_USES and n != c.name]
            c.aliases += [n for n, _ in cluster.epithets.most_common() if n not in c.aliases]
    # one quotation given to a name is weak evidence: the speakers stage errs
    spoken = Counter(q.speaker for q in book.quotes if not q.continued)  # speeches, not paragraphs
    kept = [c for c in book.characters if c.total > 0
            and (c.proper > 0 or c.narrator or by_title[c.id] or c.id.startswith(UNNAMED_ID))
            and not _a_thing(c, determined[c.id] if _plural_word(c.name) else the_named[c.id], narrated[c.id],
                             spoken[c.id] >= max(2, THING_SPEECH_SHARE * c.proper), of_the[c.id])
            # (a nameless-looking name that speaks at all stays: with _a_thing's measures of
            # speech and pronouns it would drop real people as Potapitch; measured 3 Dec)
            and not (c.id.startswith("K") and _unpersoned(c, clusters[int(c.id[1:])], spoken[c.id] >= 2))]
    kept.sort(key=lambda c: (-c.total, c.first))
    renumber = {c.id: f"C{i}" for i, c in enumerate(kept)}
    for c in kept:
        c.id = renumber[c.id]
    for m in book.mentions:
        if m.character is not None:
            # the mentions of a name dropped as no one's ("the Mersey") stay one chain
            m.character, m.entity = renumber.get(m.character), m.entity or (
                None if m.character in renumber else f"{DROPPED_PREFIX}{m.character}")
    for q in book.quotes:
        if q.speaker is not None:
            q.speaker = renumber.get(q.speaker)
    book.characters = kept
