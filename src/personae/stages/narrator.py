"""The first-person narrator: found when "I" is common outside quotations, named when the
book names them ("Call me Ishmael", "my name is ...", or a memoir's author)."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from personae.book import Book, Character
from personae.sources.paragraphs import paragraph_breaks
from personae.stages.characters import PET_PREFIX, merge_called, ordinary_words
from personae.stages.names import given_name_gender, parse, same_given

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
# first-person pronouns per 1,000 words of narration (outside quotations) that make a
# narrator: third-person novels stay under 4 (letters and asides), memoirs are above 15
NARRATOR_RATE = 8.0
# the book in tenths: a narrator says "I" (MIN_IN_PART times or more) in at least four of them
NARRATED_PARTS = 10
MIN_NARRATED_PARTS = 4
MIN_IN_PART = 3
_SELF_NAMING = re.compile(
    r"\b(?:[Cc]all me|[Mm]y name (?:is|was)|I am called|I was called|they called me|"
    r"I was christened)\s+((?:(?:Mr|Mrs|Miss|Dr)\.?\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
# "it was only I, Rudolf Rassendyll, an English gentleman": the narration's "I" in apposition
# to a name (not a list's: "I, Jane, and Mary")
_I_NAMED = re.compile(r"\bI,\s+((?:(?:Mr|Mrs|Miss|Dr)\.?\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?),(?!\s+and\b)")
# a line of a play: the speaker's name in capitals, a colon ("VIRAG: (Heels together, bows.)")
_SCRIPT_LINE = re.compile(r"[ \t]*[A-Z][A-Z .'\u2019-]+:")
_AUTHOR = re.compile(r"^\s*Author:\s*(.+?)\s*$", re.MULTILINE)


def _nobodys_name(word: str) -> bool:
    """A word the book's language uses in lower case and no one's given name ("So", not
    "Will" or "Rose")."""
    return word.lower() in ordinary_words() and not given_name_gender(word)


def _narration_words(book: Book) -> int:
    text = book.source.text
    quoted = sum(len(text[s:e].split()) for s, e in book.quote_spans)
    return max(book.words - quoted, 1)


def _narrator_name(book: Book, narration: list[tuple[int, int]], addressed: list[int]) -> int | str | None:
    """Index of the name cluster the narrator is, or the name they give themselves when
    nobody else uses it ("Call me Ishmael"), if the book says. `addressed`: the names the
    others call the narrator by (`_addressed_in_quotes`)."""
    clusters = book.name_clusters
    votes: Counter[int] = Counter()
    text = book.source.text
    self_named: Counter[str] = Counter()
    for s, e in narration:
        for match in (*_SELF_NAMING.finditer(text, s, e), *_I_NAMED.finditer(text, s, e)):
            if _SCRIPT_LINE.match(text, text.rfind("\n", 0, match.start()) + 1):
                continue  # "VIRAG: (Bows.) My name is Virag Lipoti": a play's character, not the narrator
            if all(_nobodys_name(word) for word in match.group(1).split()):
                continue  # "my name is So and So"
            self_named[match.group(1)] += 1
            parts = parse(match.group(1))
            for i, cluster in enumerate(clusters):
                if cluster.compatible(parts) and (
                        (parts.given and any(same_given(parts.given[0], g) for g in cluster.given))
                        or (parts.surname and parts.surname in cluster.surnames)):
                    votes[i] += 1
    if votes:
        return votes.most_common(1)[0][0]
    if self_named:
        return self_named.most_common(1)[0][0]
    if addressed:
        return addressed[0]
    # a memoir is told by its author: the Gutenberg header names them
    author = _AUTHOR.search(text, 0, book.source.body[0])
    if author and book.source.body[0] > 0:
        parts = parse(author.group(1))
        if parts.surname:
            # of the people of the author's surname, one of their sex whose given names (not
            # the bare surname, "Grant", read as one) are the author's: General Grant, not
            # Mrs. Grant
            sex = given_name_gender(parts.given[0]) if parts.given else ""
            found = [i for i, c in enumerate(clusters) if parts.surname in c.surnames
                     and (not sex or c.gender in ("", sex))
                     and (not (own := c.given - c.surnames)
                          or any(same_given(g, h) for g in parts.given for h in own))]
            if found:
                return max(found, key=lambda i: clusters[i].count)
    return None


def _join_pet_names(book: Book, narrator: Character, called: list[Character]) -> None:
    """The others call the narrator by a pet form of their given name too, one the nickname
    tables lack ("So this is Nessie," says the uncle of Agnes Whitlow): one word, of the
    narrator's sex, sharing three letters running with one of their given names. (Any name
    the others call out with the narrator there, as they also call the chauffeur Henry in
    The Sun Also Rises and the old lady Grandmamma in The Gambler, is not theirs.)"""
    clusters = book.name_clusters
    own = clusters[int(narrator.id[1:])]
    sex = own.gender
    for other in called:
        cluster = clusters[int(other.id[1:])]
        words = {parts.given[0] for parts in map(parse, cluster.names) if len(parts.given) == 1 and not parts.surname}
        if not sex or cluster.gender != sex or len(words) != 1:
            continue
        pet = words.pop()
        if not any(pet[i:i + PET_PREFIX] in given for given in own.given
                   for i in range(len(pet) - PET_PREFIX + 1)):
            continue
        merge_called(book, other.id, narrator.id)
        book.characters = [c for c in book.characters if c.id != other.id]


def _full_name_from_author(book: Book, narrator: Character) -> None:
    """A memoir's narrator goes by the author's full name ("Ulysses S. Grant") when the book
    itself only says "General Grant"."""
    author = _AUTHOR.search(book.source.text, 0, book.source.body[0])
    if not author or book.source.body[0] == 0:
        return
    full, known = parse(author.group(1)), parse(narrator.name)
    if full.surname and full.surname == known.surname and full.specificity > known.specificity:
        narrator.name = author.group(1)


def _is_vocative(text: str, start: int, end: int, quote: tuple[int, int]) -> bool:
    """ "Agnes, come here." / "Come here, Agnes.": stricter than speakers.is_vocative (no
    call after "!" or "?", none ending a quotation without a comma before it), for a name
    taken for calls to the narrator makes its bearer the narrator (with the speakers' test,
    The Hound of the Baskervilles' narrator became Beryl Garcia, not Dr. Watson)."""
    after = text[end:end + 1]
    before = text[max(start - 2, quote[0]):start]
    opens = not text[quote[0]:start].strip(" \t\r\n\"'\u201c\u2018\u2014-") or before.endswith(", ")
    return opens and (after in (",", "!", "?") or (before.endswith(", ") and (after in (".", "") or end == quote[1])))


VOCATIVE_REACH = 2  # quotations either side of one calling the narrator by name, one theirs
VOCATIVE_SHARE = 0.3  # of a name's uses in dialogue that call the narrator by it
MANY_CALLS = 10  # calls that make the narrator's name with any share, when the narration
UNNARRATED = 5  # ... says it this many times less often than the dialogue, at most


def _addressed_in_quotes(book: Book) -> list[int]:
    """A first-person narrator is named by the others: the names that turn up almost only
    inside quotations, often said to them ("Agnes Whitlow," she said, "you are late"), the
    likeliest first."""
    inside: Counter[int] = Counter()
    outside: Counter[int] = Counter()
    vocative: Counter[int] = Counter()
    index = {c.id: i for i, c in enumerate(book.characters)}
    spans, starts = book.quote_spans, [s for s, _ in book.quote_spans]
    text = book.source.text
    for m in book.mentions:
        if m.kind != "PROP" or m.character not in index:
            continue
        i = index[m.character]
        if not m.in_quote:
            outside[i] += 1
            continue
        k = bisect_right(starts, m.start) - 1
        q = spans[k]
        if _said_by_me(text, q):  # "Monsieur de Griers," I said: the narrator's listener
            continue
        inside[i] += 1
        # said to the narrator, who is there: speaks in the turns around ("Walter, forgive
        # me," said he. "Lavelle, sit down," I said) or is in the narration of the paragraph
        # ("'Agnes Whitlow,' she said, before I had both feet on the ground"); not Mulligan's
        # "Kinch" to Stephen in Ulysses
        vocative[i] += _is_vocative(text, m.start, m.end, q) and (_me_in_paragraph(book, starts, k) or any(
            _said_by_me(text, spans[j]) for j in range(max(0, k - VOCATIVE_REACH), k + VOCATIVE_REACH + 1)
            if j != k and j < len(spans)))
    # strict: in a diary novel a much-addressed friend must not become the narrator; but a
    # name the narration all but never says, called often with the narrator there, is theirs
    # (Watson: "Dr. Watson" 105 times in dialogue, 21 of them calls, thrice in chapter titles;
    # Huck: 54 times, 16 calls, 5 in the narration)
    candidates = [i for i in inside if (vocative[i] >= 2 and vocative[i] >= VOCATIVE_SHARE * inside[i]
                                        and inside[i] >= 5 * outside[i])
                  or (vocative[i] >= MANY_CALLS and inside[i] >= UNNARRATED * outside[i])]
    # a full name over a pet name: "Agnes Whitlow" over "Nessie"
    clusters = book.name_clusters
    return sorted(candidates, key=lambda i: (max(parse(n).specificity for n in clusters[i].names) >= 2,
                                             vocative[i], inside[i]), reverse=True)


_ME = re.compile(r"\b(?:I|me|my|myself)\b")
PARAGRAPH_REACH = 3000  # characters either side of a quotation searched for its paragraph's ends


def _me_in_paragraph(book: Book, starts: list[int], k: int) -> bool:
    """The narration of quotation k's paragraph (its text outside quotations) says I, me or
    my; `starts` are the quotations' starts."""
    text, spans = book.source.text, book.quote_spans
    s, e = spans[k]
    reach = (max(0, s - PARAGRAPH_REACH), min(len(text), e + PARAGRAPH_REACH))
    breaks = paragraph_breaks(text, *reach, book.source.paragraph_starts)
    start = max((b + 1 for b in breaks if b < s), default=reach[0])
    end = min((b for b in breaks if b >= e), default=reach[1])
    pos = start
    for a, b in spans[max(bisect_right(starts, start) - 1, 0):]:
        if a >= end:
            break
        if a > pos and _ME.search(text, pos, a):
            return True
        pos = max(pos, b)
    return bool(_ME.search(text, pos, end))


# a speech tag right after a quotation that makes "I" its speaker: '"...," I said', 'said I'
_MY_SPEECH_TAG = re.compile(r"[\s,.!?;:\u201d\u2019\"'\-\u2014]{0,4}(?:I\s+[a-z]+\b|(?:said|cried|replied|asked|"
                            r"answered|continued|added|whispered|exclaimed|went on)\s+I\b)")


def _said_by_me(text: str, quote: tuple[int, int]) -> bool:
    return bool(_MY_SPEECH_TAG.match(text, quote[1], quote[1] + 40))


# the heading of a diary entry or a letter names who writes what follows:
# "Jonathan Harker's Journal", "DR. SEWARD'S DIARY--continued", "Letter, Mina Harker to Lucy"
_WRITER_HEADING = re.compile(
    r"^[ \t_]*(?:(?P<diarist>[A-Z][\w.\- ]{2,40}?)['\u2019][Ss] (?:JOURNAL|DIARY|Journal|Diary|"
    r"MEMORANDUM|Memorandum|NOTES|Notes)\b"
    r"|(?:LETTER|Letter|TELEGRAM|Telegram|NOTE|Note)[^\n]{0,20}?,? (?:from |FROM )?"
    r"(?P<writer>[A-Z][\w.\- ]{2,40}?),?(?: [A-Z][a-z]+,)? (?:to|TO) [^\n]{2,60})[ \t_.\r]*$",
    re.MULTILINE)
MIN_WRITER_HEADINGS = 3


def _cluster_for(book: Book, name: str) -> int | None:
    """The name cluster that a written name ("DR. SEWARD", "Mina Harker") belongs to."""
    parts = parse(" ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split()))
    best = None
    for i, cluster in enumerate(book.name_clusters):
        if not cluster.compatible(parts):
            continue
        if (parts.surname and parts.surname in cluster.surnames) or (
                parts.given and any(same_given(parts.given[0], g) for g in cluster.given)):
            if best is None or cluster.count > book.name_clusters[best].count:
                best = i
    return best


def writer_sections(book: Book) -> list[tuple[int, int]]:
    """(offset, cluster index) where each diary entry or letter of a known writer begins."""
    sections = []
    start, end = book.source.body
    for match in _WRITER_HEADING.finditer(book.source.text, start, end):
        name = match.group("diarist") or match.group("writer")
        i = _cluster_for(book, name.strip(" ._"))
        if i is not None:
            sections.append((match.start(), i))
    return sections if len(sections) >= MIN_WRITER_HEADINGS else []


def _narration_spans(book: Book) -> list[tuple[int, int]]:
    spans, pos = [], book.source.body[0]
    for s, e in book.quote_spans:
        spans.append((pos, s))
        pos = e
    spans.append((pos, book.source.body[1]))
    return spans


def _told_throughout(book: Book, first_person: list) -> bool:
    """The "I" narrates most of the book, not one tale told inside it (the Invisible Man's
    story of himself, four chapters whose quotation marks the finder lost)."""
    start, end = book.source.body
    parts = Counter(min(NARRATED_PARTS - 1, (m.start - start) * NARRATED_PARTS // max(end - start, 1))
                    for m in first_person)
    return sum(n >= MIN_IN_PART for n in parts.values()) >= MIN_NARRATED_PARTS


def run(book: Book) -> None:
    first_person = [m for m in book.mentions
                    if m.kind == "PRON" and not m.in_quote and m.text.lower() in FIRST_PERSON]
    rate = 1000 * len(first_person) / _narration_words(book)
    if rate < NARRATOR_RATE or not _told_throughout(book, first_person):
        return
    sections = writer_sections(book)
    if sections:  # a novel in diaries and letters: each "I" is whoever writes that part
        starts = [s for s, _ in sections]
        unassigned = []
        for m in first_person:
            j = bisect_right(starts, m.start) - 1
            if j < 0:
                unassigned.append(m)
                continue
            writer = book.characters[sections[j][1]]
            writer.narrator = True
            m.character = writer.id
        first_person = unassigned
        if len(first_person) < NARRATOR_RATE * _narration_words(book) / 1000 / 10:
            return
    addressed = _addressed_in_quotes(book)
    named = _narrator_name(book, _narration_spans(book), addressed)
    if isinstance(named, int):
        narrator = book.characters[named]
        _full_name_from_author(book, narrator)
        _join_pet_names(book, narrator, [book.characters[i] for i in addressed if i != named])
    else:
        narrator = Character(id="N", name=named or "the narrator")
        book.characters.append(narrator)
    narrator.narrator = True
    for m in first_person:
        m.character = narrator.id
