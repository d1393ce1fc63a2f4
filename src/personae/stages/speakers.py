"""Who says each quotation: a speech tag beside it ("said Elizabeth", "she replied"), the
same speaker for the rest of a paragraph, and turn-taking in untagged exchanges. The "I"
and "me" inside a quotation are then its speaker."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from personae.book import Book, Mention

SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|cried|cries|replied|replies|asked|asks|answered|answers|exclaimed|"
    r"added|continued|returned|observed|remarked|whispered|shouted|muttered|began|rejoined|"
    r"murmured|called|inquired|enquired|interrupted|repeated|declared|went on|explained|"
    r"protested|insisted|suggested|retorted|responded|sighed|laughed|groaned|pleaded|"
    r"demanded|urged|answered|resumed|screamed|roared|stammered|faltered|persisted)\b",
    re.IGNORECASE)
TAG_WINDOW = 80  # characters of narration on each side of a quote searched for its tag
# possessives ("his", "my") and objects ("him", "me") are not who speaks
NOT_SPEAKERS = frozenset("my his her their our your its thy him me them us thee".split())
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


def _tag_speaker(book: Book, starts: list[int], gap_start: int, gap_end: int) -> str | None:
    """The character named next to a speech verb in text[gap_start:gap_end], if any."""
    text = book.source.text
    verb = SPEECH_VERB.search(text, gap_start, gap_end)
    if verb is None:
        return None
    lo, hi = bisect_left(starts, gap_start), bisect_right(starts, gap_end)
    # every person mention counts, linked or not: in "said my aunt" the speaker is the aunt
    # (unknown until nominal coreference), not the narrator behind "my"
    candidates: list[Mention] = [m for m in book.mentions[lo:hi]
                                 if not m.in_quote and m.type == "PER" and m.end <= gap_end
                                 and m.text.lower() not in NOT_SPEAKERS]
    if not candidates:
        return None
    nearest = min(candidates, key=lambda m: min(abs(m.start - verb.end()), abs(m.end - verb.start())))
    return nearest.character


def run(book: Book) -> None:
    text = book.source.text
    quotes = book.quotes
    if not quotes:
        return
    starts = [m.start for m in book.mentions]
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text, *book.source.body)]
    paragraph = [bisect_right(breaks, q.start) for q in quotes]
    # 1. explicit tags: narration right after the quote, then right before it
    for i, q in enumerate(quotes):
        after_end = min(q.end + TAG_WINDOW, quotes[i + 1].start if i + 1 < len(quotes) else len(text))
        before_start = max(q.start - TAG_WINDOW, quotes[i - 1].end if i else 0)
        after_end = min(after_end, _next_break(breaks, q.end, after_end))
        before_start = max(before_start, _previous_break(breaks, q.start, before_start))
        q.speaker = (_tag_speaker(book, starts, q.end, after_end)
                     or _tag_speaker(book, starts, before_start, q.start))
    # 2. a paragraph has one speaker
    for i, q in enumerate(quotes):
        if q.speaker is None:
            same = [o.speaker for j, o in enumerate(quotes) if paragraph[j] == paragraph[i] and o.speaker]
            if i and paragraph[i - 1] == paragraph[i] and quotes[i - 1].speaker:
                q.speaker = quotes[i - 1].speaker
            elif same:
                q.speaker = same[0]
    # 3. turn-taking: in an exchange of one-quote paragraphs, speakers alternate
    for i, q in enumerate(quotes):
        if q.speaker is None and i >= 2 and paragraph[i] - paragraph[i - 2] == 2 and paragraph[i - 1] - paragraph[i - 2] == 1:
            a, b = quotes[i - 2].speaker, quotes[i - 1].speaker
            if a and b and a != b:
                q.speaker = a
    # the first person inside a quotation is its speaker
    spans = [(q.start, q.end, q.speaker) for q in quotes]
    quote_starts = [s for s, _, _ in spans]
    for m in book.mentions:
        if m.in_quote and m.kind == "PRON" and m.text.lower() in FIRST_PERSON:
            j = bisect_right(quote_starts, m.start) - 1
            if j >= 0 and m.end <= spans[j][1]:
                m.character = spans[j][2]


def _next_break(breaks: list[int], pos: int, default: int) -> int:
    i = bisect_right(breaks, pos)
    return breaks[i] if i < len(breaks) else default


def _previous_break(breaks: list[int], pos: int, default: int) -> int:
    i = bisect_left(breaks, pos) - 1
    return breaks[i] if i >= 0 else default
