"""Quotations: where each one is in the text.

Handles double curly and straight quotes (and guillemets), quotations interrupted by a
speech tag (two quotes), and quotations running over several paragraphs (an opening mark on
each new paragraph and no closing mark until the end: one quotation, which the speakers
stage reads as one turn, then `split_parts` makes a record per paragraph). Single quotes are used as the
quotation mark when a book has (almost) no double ones, as British books do.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from personae.sources.paragraphs import line_indent, paragraph_breaks, paragraph_spans
from personae.speech_verbs import SPEECH_VERB

_DOUBLE = re.compile(r"[\u201c\u201d\"\u00ab\u00bb]")  # and guillemets, as some translations print them
# a straight mark before "tis", "em"... is a word's apostrophe, no quotation mark
_ELISION = r"(?:tis|twas|twere|twill|twould|em|un|im|ave|ere)\b"
_SINGLE = re.compile(rf"(?<![\w])(?:\u2018|'(?!{_ELISION}))|[\u2019'](?![\w])")
_STRAIGHT_OPENING_SINGLE = re.compile(r"(?<![\w'])'(?=[A-Z])")
MAX_QUOTE_PARAGRAPHS = 40  # a tale told in quotes runs long; an unclosed run longer than this is stray marks
INSERT_INDENT = 2  # spaces beyond a speech's own margin that set in verse or a letter it quotes


def _opens(text: str, i: int, mark: str) -> bool:
    if mark in "\u201c\u2018\u00ab":
        return True
    if mark in "\u201d\u2019\u00bb":
        return False
    before = text[i - 1] if i > 0 else " "  # straight marks: the side the word is on decides
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return True
    if after.isspace():
        return False
    if before in "([{\u2014-":
        return True
    if after in ".,;:!?)]}\u2014-":
        return False
    return not before.isalnum()


def _indent_at(text: str, i: int) -> int:
    """The spaces and tabs before offset i on its line."""
    line_start = text.rfind("\n", 0, i) + 1
    return i - line_start if not text[line_start:i].strip() else 0


def _set_in(text: str, p_start: int, indent: int) -> bool:
    """A paragraph indented beyond `indent` (the paragraph a quotation opened in)."""
    return _indent_at(text, p_start) >= indent + INSERT_INDENT


def _first_line_indent(text: str, i: int, paragraph_starts: Sequence[int] = ()) -> int:
    """The indent of the first line of the paragraph holding offset i, as find_quotes
    measures the paragraph a quotation opens in."""
    line_start = text.rfind("\n", 0, i) + 1
    while line_start > 0:
        k = bisect_left(paragraph_starts, line_start)
        if k < len(paragraph_starts) and paragraph_starts[k] == line_start:
            break
        before = text.rfind("\n", 0, line_start - 1) + 1
        if not text[before:line_start - 1].strip():
            break  # a blank line before it: the paragraph's first line
        line_start = before
    line_end = text.find("\n", line_start)
    return line_indent(text[line_start:len(text) if line_end < 0 else line_end])


def _opens_with_mark(text: str, p_start: int, marks: re.Pattern) -> bool:
    return bool(marks.match(text, p_start)) and _opens(text, p_start, text[p_start])


def _bare(text: str, i: int) -> bool:
    """A straight mark with space on both sides ("that " where a dash was lost): it closes an
    open quotation and opens one otherwise."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return text[i] in "\"'" and before.isspace() and after.isspace()


def find_quotes(text: str, start: int = 0, end: int | None = None,
                paragraph_starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """(start, end) of the words of every quotation in text[start:end], marks excluded;
    `paragraph_starts` as the Source's (lines starting a paragraph with no blank line before)."""
    end = len(text) if end is None else end
    paragraphs = paragraph_spans(text, start, end, paragraph_starts)
    doubles = len(_DOUBLE.findall(text, start, end))
    # curly opening singles, and straight ones before a capital ("'Mr. Heathcliff?' I said."):
    # not the apostrophe inside or at the end of a word, nor "'tis"
    opening_singles = text.count("\u2018", start, end) + len(_STRAIGHT_OPENING_SINGLE.findall(text, start, end))
    dash_paragraphs = sum(1 for p_start, _ in paragraphs if _DASH_OPENER.match(text, p_start))
    # a quotation takes two marks; dash dialogue a dash a speech
    if dash_paragraphs >= DASH_STYLE_MIN and 2 * dash_paragraphs > max(doubles, opening_singles):
        return with_script(dash_quotes(text, paragraphs), text, paragraphs)
    marks = _SINGLE if doubles < 0.2 * opening_singles else _DOUBLE
    quotes: list[tuple[int, int]] = []
    open_at = -1  # content start of the quotation being read
    open_paragraphs = 0
    open_indent = 0  # the indent of the paragraph the open quotation began in
    after_insert = False  # the paragraph before was set in inside the open quotation
    for p_start, p_end in paragraphs:
        if open_at >= 0 and open_paragraphs < MAX_QUOTE_PARAGRAPHS and not marks.search(text, p_start, p_end) \
                and _set_in(text, p_start, open_indent):
            # verse or a letter set in inside a speech ("Can it be woman?\n\n      And woman,
            # lovely woman, reigns alone.\n\nCan it be Neptune?"): the speech goes on after it
            open_paragraphs += 1
            after_insert = True
            continue
        resumed, after_insert = after_insert, False
        if open_at >= 0 and resumed and not _opens_with_mark(text, p_start, marks):
            open_paragraphs += 1  # the speech resumes after the insert with no mark of its own
            resume = p_start
        elif open_at >= 0:
            # a quotation runs on only if this paragraph opens with a mark; else it was stray
            first = text[p_start]
            if marks.match(text, p_start) and _opens(text, p_start, first) and open_paragraphs < MAX_QUOTE_PARAGRAPHS:
                open_paragraphs += 1
                for mark in marks.finditer(text, p_start + 1, p_end):
                    if not _opens(text, mark.start(), mark.group()) or _bare(text, mark.start()):
                        quotes.append((open_at, mark.start()))
                        open_at = -1
                        break
                if open_at >= 0:
                    continue
                resume = mark.end()
            else:
                open_at = -1
                resume = p_start
        else:
            resume = p_start
        for mark in marks.finditer(text, resume, p_end):
            i = mark.start()
            if open_at < 0:
                if _opens(text, i, mark.group()):
                    open_at, open_paragraphs, open_indent = mark.end(), 0, _indent_at(text, p_start)
            elif not _opens(text, i, mark.group()) or _bare(text, i):
                if i > open_at:
                    quotes.append((open_at, i))
                open_at = -1
            else:  # a new opening mark inside an open quote: the earlier one was stray
                open_at = mark.end()
    return with_script([(s, e) for s, e in quotes if text[s:e].strip() and not _named_in_passing(text, s, e)],
                       text, paragraphs)


# Dash dialogue: "\u2014Back to barracks! he said sternly." (Joyce; "--" for the dash in
# many plain-text editions) or "\u2014Hello \u2014he said\u2014. How are you?" (a tag set off by dashes).
DASH = r"(?:\u2014|\u2015|--)"
_DASH_OPENER = re.compile(rf"{DASH}(?!-)[ \t]*(?=[^\s\u2014\u2015-])")
_TRAILING_DASH = re.compile(rf"\s*{DASH}\s*$")
DASH_STYLE_MIN = 10  # paragraphs opened by a dash, for a book to be read as dash dialogue
_HEADING = re.compile(r"[IVXLC\d.\s\u2014\u2015-]+")  # "\u2014 I \u2014": a part's number, no speech
# a tag set off by dashes: a spaced dash, then a lower-case word ("\u2014he said\u2014", "-- he said --")
_DASHED_TAG = re.compile(rf"\s{DASH}[ \t]*(?=[a-z\u00e0-\u00ff])")
_TAG_END_DASH = re.compile(DASH)
# a tag with no mark before it, after the speech's own punctuation: "! he said sternly",
# ", Stephen said quietly", ", cried the old man". Not "I said": inside speech too common.
_SUBJECT = (r"(?:he|she|they|(?:the|his|her|their|a|an|one|another)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*"
            r"|(?:[A-Z][\w'\u2019-]*\.?\s+){0,2}[A-Z][\w'\u2019-]*)")
_VERB = SPEECH_VERB.pattern
_BARE_TAG = re.compile(rf"(?<=[,.!?;:])\s+(?:{_SUBJECT}\s+(?:[a-z]+ly\s+)?(?-i:{_VERB})|(?-i:{_VERB})\s+{_SUBJECT})(?![\w'\u2019])")
_CLAUSE_END = re.compile(r"[,.!?;:]")
# the words after a tag's verb that still belong to the tag ("he said, smiling.") when its
# first clause ends at a comma: a participle, "and", "with", "as"...
_TAG_GOES_ON = re.compile(r",\s+(?:[a-z]+ing|and|with|as|while|in|to|without|after|before)\b")
_SENTENCE_END = re.compile(r"[.!?;:]")
_SKIP_AFTER_TAG = re.compile(r"[\s.,;:]*")  # "\u2014he said\u2014. How": the speech resumes at "How"
_SPEECH_AFTER_VERB = frozenset("that me him her us them you it so i he she we they what how why if".split())
TAG_AFTER_VERB_WORDS = 6  # "he said to the old man at the door": longer is narration or speech


def dash_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The speeches of dash dialogue: each paragraph (`paragraph_spans`) opened by a dash is
    a speech, from the dash to the paragraph's end (a closing dash left out), less its speech
    tags."""
    quotes: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs:
        opener = _DASH_OPENER.match(text, p_start)
        if not opener:
            continue
        if trailing := _TRAILING_DASH.search(text, opener.end(), p_end):
            p_end = trailing.start()
        if _HEADING.fullmatch(text, opener.end(), p_end):
            continue
        quotes.extend(_speech_pieces(text, opener.end(), p_end))
    return quotes


# Play-format dialogue: a speaker's name in capitals opens the paragraph, a full stop or a
# colon after it, then the speech, on that line or the next ("BLOOM: Fish and taters.",
# "FRENCH SAILOR. Hist, boys!", "MRS. ALVING. Yes.", "HAMLET.\n    To be"); not the capitals
# running on of "U. S. GRANT," or "DR. SEWARD'S DIARY", nor a letter's "SIR:--I have"
_LABEL_WORD = r"[A-Z][A-Z'\u2019-]*"
_SCRIPT_LABEL = re.compile(rf"({_LABEL_WORD}(?:\.?[ \t]{_LABEL_WORD}){{0,4}})[.:]"
                           rf"(?=\s)(?![ \t]*(?:[A-Z]{{2}}|[A-Z]\.|{DASH}))[ \t]*(?:\r?\n[ \t]*)?(?=\S)")
# first words of capitalised lines that are headings, not speakers; and a diary's days
_NOT_SPEAKERS = frozenset("""chapter book part vol volume act scene prologue epilogue note notes
letter contents preface introduction appendix finis end enter exit exeunt footnote fig
figure table index canto stave section dear my monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october
november december""".split())
# salutations: "SIR:", "GENERAL:", "MADAM." open letters, not lines of a play
_SALUTATIONS = frozenset("sir sirs madam madame gentlemen ladies general colonel captain".split())
_ROMAN = re.compile(r"[IVXLC]+")
SCRIPT_LABEL_USES = 2  # a speaker's name opens this many lines at least
SCRIPT_MIN_LINES = 10  # lines of a play, for a book (or a chapter of it) to have some
SCRIPT_REACH = 2000  # characters from a recurring speaker's line to one who speaks once
_STAGE_DIRECTION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def script_lines(text: str, start: int, end: int,
                 paragraph_starts: Sequence[int] = ()) -> list[tuple[int, int, int, int]]:
    """(name start, name end, speech start, paragraph end) of each line of a play in
    text[start:end] (Circe in Ulysses, the forecastle chapter of Moby-Dick, any play): none
    unless SCRIPT_MIN_LINES of them or more, of two speakers or more, open with a name that
    opens SCRIPT_LABEL_USES lines or more; a name opening one line counts among them."""
    return _script_lines_of(text, paragraph_spans(text, start, end, paragraph_starts))


def _script_lines_of(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """`script_lines` among these paragraphs (`paragraph_spans`)."""
    found = []
    for p_start, p_end in paragraphs:
        label = _SCRIPT_LABEL.match(text, p_start, p_end)
        if not label:
            continue
        words = label.group(1).replace(".", " ").lower().split()
        if (words[0] in _NOT_SPEAKERS or (len(words) == 1 and words[0] in _SALUTATIONS)
                or all(_ROMAN.fullmatch(w.upper()) for w in words) or sum(len(w) for w in words) < 2):
            continue
        found.append((label.start(1), label.end(1), label.end(), p_end))
    uses = Counter(text[s:e] for s, e, _, _ in found)
    recurring = [line for line in found if uses[text[line[0]:line[1]]] >= SCRIPT_LABEL_USES]
    if len(recurring) < SCRIPT_MIN_LINES or len({text[s:e] for s, e, _, _ in recurring}) < 2:
        return []
    # a speaker with one line is one among the others' ("MALTESE SAILOR" once, among ten)
    starts = [line[0] for line in recurring]

    def among(line: tuple[int, int, int, int]) -> bool:
        i = bisect_right(starts, line[0])
        return any(abs(starts[j] - line[0]) <= SCRIPT_REACH for j in (i - 1, i) if 0 <= j < len(starts))

    return [line for line in found if among(line)]


def script_speeches(lines: list[tuple[int, int, int, int]], text: str) -> list[tuple[int, int]]:
    """The speech of each line of a play, less its stage directions in brackets ("(He hums
    cheerfully.)", "[Exit.]"), in pieces."""
    quotes = []
    for _, _, s, e in lines:
        pos = s
        for direction in _STAGE_DIRECTION.finditer(text, s, e):
            quotes.extend(_trimmed(text, pos, direction.start()))
            pos = direction.end()
        quotes.extend(_trimmed(text, pos, e))
    return quotes


def _trimmed(text: str, s: int, e: int) -> list[tuple[int, int]]:
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return [(s, e)] if any(ch.isalnum() for ch in text[s:e]) else []


def with_script(quotes: list[tuple[int, int]], text: str,
                paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The quotations found by marks or dashes, those inside a line of a play (among these
    paragraphs) replaced by the line's speech."""
    lines = _script_lines_of(text, paragraphs)
    if not lines:
        return quotes
    spans = [(s, e) for s, _, _, e in lines]
    line_starts = [s for s, _ in spans]

    def in_line(q: tuple[int, int]) -> bool:
        i = bisect_right(line_starts, q[1]) - 1
        return i >= 0 and q[0] < spans[i][1]

    return sorted([q for q in quotes if not in_line(q)] + script_speeches(lines, text))


# a paragraph's last sentence, narration introducing the next speech: "Dante covered her
# plate with her hands and said:"
_LEAD_IN_SENTENCE = re.compile(r"(?<=[.!?])\s+([A-Z][^.!?]*):\s*$")
_PAST_IRREGULAR = frozenset({"said", "told", "began", "thought", "went on", "put in", "broke in", "struck in", "cut in"})


def _narrated(verb: str) -> bool:
    """A speech verb in the narration's past tense ("said", "added"), not a speaker's "say"."""
    verb = verb.lower()
    return verb.endswith("ed") or verb in _PAST_IRREGULAR


def _speech_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end], one paragraph's speech, cut around its speech tags (and before
    narration ending it that introduces the next paragraph's speech)."""
    lead_in = _LEAD_IN_SENTENCE.search(text, start, end)
    if lead_in and any(_narrated(v.group()) for v in SPEECH_VERB.finditer(lead_in.group(1))):
        end = lead_in.start()
    pieces = []
    while start < end:
        tag_start, tag_end = _next_tag(text, start, end)
        words = text[start:tag_start].rstrip()
        if any(ch.isalnum() for ch in words):
            pieces.append((start, start + len(words)))
        if tag_end >= end:
            break
        start = _SKIP_AFTER_TAG.match(text, tag_end, end).end()
    return pieces


def _next_tag(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the first speech tag in text[start:end], or (end, end)."""
    dashed = _DASHED_TAG.search(text, start, end)
    while dashed and not SPEECH_VERB.search(" ".join(text[dashed.end():end].split()[:4])):
        dashed = _DASHED_TAG.search(text, dashed.end(), end)  # a spaced dash, not a tag
    bare = _BARE_TAG.search(text, start, end)
    while bare and not _tag_clause_end(text, bare, end):
        bare = _BARE_TAG.search(text, bare.end(), end)
    if dashed and (not bare or dashed.start() < bare.start()):
        closing = _TAG_END_DASH.search(text, dashed.end(), end)
        return dashed.start(), closing.end() if closing else end
    if bare:
        return bare.start(), _tag_clause_end(text, bare, end)
    return end, end


def _tag_clause_end(text: str, tag: re.Match, end: int) -> int:
    """Where a bare tag ends (its clause's punctuation, or the paragraph's end); 0 when the
    words after its verb read as speech ("Yes, he told me so")."""
    stop = _CLAUSE_END.search(text, tag.end(), end)
    after = text[tag.end():stop.start() if stop else end].split()
    if after and (after[0].lower() in _SPEECH_AFTER_VERB or len(after) > TAG_AFTER_VERB_WORDS):
        return 0
    if stop and _TAG_GOES_ON.match(text, stop.start()):
        stop = _SENTENCE_END.search(text, stop.end(), end)
    return stop.end() if stop else end


# a word ending in lower case ("the", "An"), then a space or a line's end (LF or CRLF) just
# before the mark; not a heading's word a blank line parts from it
_WORD_BEFORE = re.compile(r"([a-z]+)(?:[ \t]|\r?\n)\Z")
NAMED_WORDS = 4  # longer quotations are speech, whatever stands before them


def _named_in_passing(text: str, start: int, end: int) -> bool:
    """A title, a term or a scare quote, not speech: a few words run into the sentence
    (the word before the mark is a lower-case non-speech word: 'called "the house,"',
    'the "Avenue."'), not an exclamation or a question."""
    words = text[start:end].split()
    if len(words) > NAMED_WORDS or text[start:end].rstrip(" ,").endswith(("!", "?")):
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 31), start - 1)
    return before is not None and not SPEECH_VERB.fullmatch(before.group(1))


def mark_quoted(book) -> None:
    """Flag the mentions that lie inside a quotation, and list the quotations."""
    from personae.book import Quote

    flag_quoted(book, book.mentions)
    book.quotes = [Quote(s, e) for s, e in book.quote_spans]


_OPENING_MARKS = "\"'\u201c\u2018\u00ab"


def paragraph_parts(text: str, start: int, end: int, paragraph_starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """The spans of a quotation's words paragraph by paragraph: one running over several
    paragraphs has a break and a new opening mark inside it, neither of which is quoted."""
    parts = []
    for brk in paragraph_breaks(text, start, end, paragraph_starts):
        if brk < start:  # a second blank line of the break just passed
            continue
        part_end = brk
        while part_end > start and text[part_end - 1] in " \t\r":
            part_end -= 1
        parts.append((start, part_end))
        start = brk
        while start < end and text[start].isspace():
            start += 1
        while start < end and text[start] in _OPENING_MARKS:
            start += 1
    parts.append((start, end))
    return parts


def quoted_within(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quotations a speaker quotes inside text[start:end], one paragraph of a speech,
    marks included: "... when I immediately said, 'But indeed we have,' I do not know ...".
    Their marks are the other kind than the speech's own (single inside double, double
    inside single); an opening mark with no closing one in the paragraph ("'Tis") opens
    none, nor does a word's apostrophe ("goin' to")."""
    outer = text[start - 1] if start > 0 else ""
    inner = _SINGLE if outer in "\"\u201c\u201d\u00ab\u00bb" else _DOUBLE if outer in "'\u2018\u2019" else None
    if inner is None:
        return []
    found, open_at = [], -1
    for mark in inner.finditer(text, start, end):
        i = mark.start()
        if open_at < 0:
            if _opens(text, i, mark.group()) and not _bare(text, i) and _INNER_OPENING.match(text, i + 1, end) \
                    and (text[i + 1].isupper() or _AFTER_CLAUSE.search(text, start, i)):
                open_at = i
        elif not text[i - 1].isspace() and not text[i + 1:i + 2].isalpha():  # "...unexpected.'\""
            if text[i - 1] in _INNER_CLOSING_AFTER:
                found.append((open_at, i + 1))
            open_at = -1  # else a word in scare quotes ("'Miss Elliot' was spoken of"), kept
    return found


# a quoted speech opens on a word: a capital's ("'But indeed...", not "'T ain't") or any
# after a clause ("said she; 'well, that is...'"); dialect's dropped letters ("it 's",
# "befo'", "a-talkin'") are no marks: a quoted speech ends on its punctuation
_INNER_OPENING = re.compile(r"(?:[A-Z][a-z]|[IAO]\b|[a-z]{2})")
_AFTER_CLAUSE = re.compile(r"[,;:]\s*\Z")
_INNER_CLOSING_AFTER = ".,!?;:"


def quoted_in_speech(text: str, start: int, end: int, paragraph_starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """The quotations quoted within the speech text[start:end], paragraph by paragraph: their
    "I" is the one quoted ("I heard Papa say, 'I don't want to know'"), not the speaker."""
    if not _DOUBLE.search(text, start, end) and not _SINGLE.search(text, start, end):
        return []
    return [q for s, e in paragraph_parts(text, start, end, paragraph_starts) for q in quoted_within(text, s, e)]


class QuotedBySpeakers:
    """`quoted(quote, at)`: whether offset `at` of a speech lies in a quotation its speaker
    quotes (each speech's quotations found once)."""

    def __init__(self, book) -> None:
        self.text, self.starts = book.source.text, book.source.paragraph_starts
        self.found: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def __call__(self, quote, at: int) -> bool:
        key = (quote.start, quote.end)
        if key not in self.found:
            self.found[key] = quoted_in_speech(self.text, quote.start, quote.end, self.starts)
        return any(s <= at < e for s, e in self.found[key])


# a parenthesis in a speech that is the narrator's, not the speaker's: how it is said, or to
# whom ("Yes, my dear--(in a very depressed tone)--she is coming"; "(laughing affectedly)",
# "(to Mrs. Bates,)", "(he pointed to the statue)"), as Austen writes; "(_courtship_, you
# know,)" and "(owing to me)" are the speaker's own asides
_STAGE_DIRECTION_IN_SPEECH = re.compile(
    r"\((?=(?:in|with)\s+(?:a|an|the|his|her)\b|to\s+[A-Z]|aside\b|after\s+a\b|(?:he|she)\s+[a-z]+ed\b"
    r"|(?!(?:owing|according|concerning|regarding|including|considering|supposing|excepting|respecting"
    r"|touching|notwithstanding|barring)\b)[a-z]+ing\b)[^()]{0,80}?\)")


def stage_directions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The narrator's parentheses inside text[start:end], one paragraph of a speech."""
    return [(m.start(), m.end()) for m in _STAGE_DIRECTION_IN_SPEECH.finditer(text, start, end)]


def _cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """What is not the speaker's own words in text[start:end], one paragraph of a speech:
    the quotations it quotes and the narrator's parentheses, in order."""
    quoted = quoted_within(text, start, end)
    asides = [d for d in stage_directions(text, start, end) if not any(a <= d[0] < b for a, b in quoted)]
    return sorted(quoted + asides)


def _cut_around(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """text[start:end] less the `cuts` (`_cuts`)."""
    pieces, s = [], start
    for cut_start, cut_end in cuts:
        pieces.append((s, cut_start))
        s = cut_end
    pieces.append((s, end))
    return pieces


def own_words(text: str, start: int, end: int, paragraph_starts: Sequence[int] = (),
              cut_quoted: bool = True) -> list[tuple[int, int]]:
    """A quotation's spans of the speaker's own words: paragraph by paragraph, and around
    the quotations quoted within it ("and when I immediately said," / "said she;", as PDNC
    cuts Miss Bates's speeches) and the narrator's parentheses (`stage_directions`), without
    the spaces at either end; a piece with no word in it (a lone dash) is none. A
    one-paragraph quotation with nothing to cut is its span as found. `cut_quoted=False`
    keeps the speech whole within each paragraph, as QuoteLi3 and LitBank do."""
    parts = paragraph_parts(text, start, end, paragraph_starts)
    cuts = [_cuts(text, s, e) if cut_quoted else [] for s, e in parts]
    if len(parts) == 1 and not cuts[0]:
        return parts
    indent = _first_line_indent(text, start, paragraph_starts)
    spans = []
    for k, (s, e) in enumerate(parts):
        words = text[s:e]
        lead = len(words) - len(words.lstrip())
        if k and text[s + lead - 1] not in _OPENING_MARKS and _set_in(text, s + lead, indent):
            continue  # verse or a letter the speech sets in: not its speaker's words
        for piece_start, piece_end in _cut_around(text, s, e, cuts[k]):
            words = text[piece_start:piece_end]
            if not any(ch.isalnum() for ch in words):
                continue
            lead, trail = len(words) - len(words.lstrip()), len(words) - len(words.rstrip())
            spans.append((piece_start + lead, piece_end - trail))
    return spans


def split_parts(book) -> None:
    """A quotation over several paragraphs, or quoting someone within it, becomes one record
    per piece of the speaker's own words (`own_words`), each with its speaker, the second and
    later marked `continued`: a record's span holds quoted words only, not the breaks and
    opening marks between paragraphs nor the words of those it quotes. Runs after the
    speakers stage, which reads a speech as one turn."""
    from personae.book import Quote

    text, starts = book.source.text, book.source.paragraph_starts
    book.quotes = [Quote(s, e, q.speaker, continued=k > 0) for q in book.quotes
                   for k, (s, e) in enumerate(own_words(text, q.start, q.end, starts))]


def flag_quoted(book, mentions) -> None:
    """Set `in_quote` on these mentions: inside one of the book's quotations."""
    spans = book.quote_spans
    starts = [s for s, _ in spans]
    for mention in mentions:
        i = bisect_right(starts, mention.start) - 1
        mention.in_quote = i >= 0 and mention.end <= spans[i][1]
