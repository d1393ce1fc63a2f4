"""Who says each quotation. Quotations are grouped into turns (the quotations of one
paragraph, one speaker) and turns into conversations (runs of consecutive paragraphs with
quotations). In order of trust:

1. a speech tag beside a quotation naming the speaker ("said Elizabeth");
2. reading each conversation in order: a "he/she" tag is the character coreference linked
   it to, unless that one spoke the turn before (then the latest other person of that
   gender named nearby or taking part); the person a turn addresses by name ("Good morning,
   Mr. Darcy") answers in the next; two speakers alternate; a turn is said to the one the
   next turn addresses; else the character the paragraph's narration names;
3. a conversation of two people: its open turns alternate from the nearest known one;
   alternation read backwards; a conversation's first turn: the last character named in
   the narration paragraph before it.

The "I" and "me" inside a quotation are then its speaker. `attribute` returns the rule that
gave each quotation its speaker (for the evaluation of each rule).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from personae.book import Book, Mention

SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|cried|cries|replied|replies|asked|asks|answered|answers|exclaimed|"
    r"added|continued|returned|observed|remarked|whispered|shouted|muttered|began|rejoined|"
    r"murmured|called|inquired|enquired|interrupted|repeated|declared|went on|explained|"
    r"protested|insisted|suggested|retorted|responded|sighed|laughed|groaned|pleaded|"
    r"demanded|urged|answered|resumed|screamed|roared|stammered|faltered|persisted|"
    r"thought|gasped|sobbed|wailed|echoed|assented|admitted|agreed|snapped|growled|"
    r"announced|shrieked|moaned|breathed|concluded|commented|objected|ejaculated|"
    r"ventured|hazarded|yelled|called out|put in|broke in|struck in|cut in|smiled|"
    r"nodded|chuckled|grumbled|stuttered|corrected|admonished|warned|told|tells|"
    r"confessed|reflected|mused|reasoned|argued|pursued|exploded|bellowed|sneered)\b",
    re.IGNORECASE)
TAG_WINDOW = 80  # characters of narration on each side of a quote searched for its tag
# possessives ("his", "my") and objects ("him", "me") are not who speaks
NOT_SPEAKERS = frozenset("my his her their our your its thy him me them us thee".split())
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
GENDER = {"he": "he/him", "she": "she/her"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
CONTEXT_PARAGRAPHS = 3  # paragraphs before a conversation whose names may speak in it
NARRATION = True  # step 3 (right about half the time: better than nothing)


@dataclass
class Turn:
    """The quotations of one paragraph."""
    paragraph: int
    quotes: list[int] = field(default_factory=list)
    speaker: str | None = None
    addressee: str | None = None  # named in the turn ("Good morning, Mr. Darcy")


def _tag(book: Book, starts: list[int], gap_start: int, gap_end: int) -> Mention | None:
    """The person mention next to a speech verb in text[gap_start:gap_end], if any."""
    text = book.source.text
    verb = SPEECH_VERB.search(text, gap_start, gap_end)
    if verb is None:
        return None
    lo, hi = bisect_left(starts, gap_start), bisect_right(starts, gap_end)
    # every person mention counts, linked or not: in "said my aunt" the speaker is the aunt
    # (unknown until nominal coreference), not the narrator behind "my"
    candidates = [m for m in book.mentions[lo:hi]
                  if not m.in_quote and m.type == "PER" and m.end <= gap_end
                  and m.text.lower() not in NOT_SPEAKERS]
    if not candidates:
        return None
    return min(candidates, key=lambda m: min(abs(m.start - verb.end()), abs(m.end - verb.start())))


def _is_vocative(text: str, m: Mention, quote: tuple[int, int]) -> bool:
    """ "Agnes, come here." / "Come here, Agnes." / "Oh! Mr. Darcy, ..." """
    after = text[m.end:m.end + 1]
    before = text[max(m.start - 2, quote[0]):m.start]
    opens = m.start == quote[0] or before.endswith((", ", "! ", "? "))
    return opens and (after in (",", "!", "?") or m.end == quote[1]
                      or (before.endswith(", ") and after in (".", ";", "-")))


def _narration_mentions(book: Book, starts: list[int], lo: int, hi: int) -> list[Mention]:
    a, b = bisect_left(starts, lo), bisect_left(starts, hi)
    return [m for m in book.mentions[a:b] if not m.in_quote and m.type == "PER" and m.character
            and m.text.lower() not in NOT_SPEAKERS]


def attribute(book: Book) -> list[str]:
    """Set each quote's speaker; returns, per quote, the rule that set it ("" for none)."""
    text = book.source.text
    quotes = book.quotes
    rules = [""] * len(quotes)
    if not quotes:
        return rules
    starts = [m.start for m in book.mentions]
    gender = {c.id: c.gender for c in book.characters}
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text, *book.source.body)]
    paragraph = [bisect_right(breaks, q.start) for q in quotes]
    turns: list[Turn] = []
    for i, p in enumerate(paragraph):
        if not turns or turns[-1].paragraph != p:
            turns.append(Turn(p))
        turns[-1].quotes.append(i)
    turn_of = {i: t for t in turns for i in t.quotes}
    pronoun_tags: dict[int, Mention] = {}

    # 1. explicit tags: narration right after the quote, then right before it
    pronoun_tag: dict[int, Mention] = {}  # turn paragraph -> a he/she tag to resolve in context
    for i, q in enumerate(quotes):
        after_end = min(q.end + TAG_WINDOW, quotes[i + 1].start if i + 1 < len(quotes) else len(text))
        before_start = max(q.start - TAG_WINDOW, quotes[i - 1].end if i else 0)
        after_end = min(after_end, _next_break(breaks, q.end, after_end))
        before_start = max(before_start, _previous_break(breaks, q.start, before_start))
        tag = _tag(book, starts, q.end, after_end) or _tag(book, starts, before_start, q.start)
        if tag is None:
            continue
        if tag.kind == "PRON" and tag.text.lower() in GENDER:
            pronoun_tag.setdefault(paragraph[i], tag)
        elif tag.character:
            q.speaker = tag.character
            rules[i] = "tag"
    # addressees: a character named as a vocative inside the turn's quotations
    quote_starts = [q.start for q in quotes]
    for m in book.mentions:
        if m.in_quote and m.kind == "PROP" and m.character:
            j = bisect_right(quote_starts, m.start) - 1
            if j >= 0 and m.end <= quotes[j].end and _is_vocative(text, m, (quotes[j].start, quotes[j].end)):
                t = turn_of[j]
                if t.addressee is None:
                    t.addressee = m.character
    # 2. a paragraph has one speaker
    for t in turns:
        said = [quotes[i].speaker for i in t.quotes if quotes[i].speaker]
        t.speaker = said[0] if said else None
    # 3. conversations (runs of paragraphs with quotations), in reading order: "she said"
    # resolved among those taking part; the person addressed answers; speakers alternate
    conversations: list[list[Turn]] = []
    for t in turns:
        if conversations and t.paragraph - conversations[-1][-1].paragraph == 1:
            conversations[-1].append(t)
        else:
            conversations.append([t])
    para_start = [0, *breaks]

    def paragraph_range(p: int) -> tuple[int, int]:
        return (para_start[p] if p < len(para_start) else 0, breaks[p] if p < len(breaks) else len(text))

    def _from_narration(t: Turn) -> None:
        """The character the paragraph's narration names last before the quotation, or first."""
        named = _narration_mentions(book, starts, *paragraph_range(t.paragraph))
        if named:
            first = quotes[t.quotes[0]].start
            before = [m for m in named if m.start < first]
            _set(t, (before[-1] if before else named[0]).character, "narration", quotes, rules)

    for conv in conversations:
        window_start = paragraph_range(max(conv[0].paragraph - CONTEXT_PARAGRAPHS, 0))[0]
        for k, t in enumerate(conv):
            if t.speaker is not None:
                continue
            prev = conv[k - 1] if k else None
            tag = pronoun_tag.get(t.paragraph)
            if tag is not None:
                want = GENDER[tag.text.lower()]
                seen: list[tuple[int, str]] = [
                    (m.start, m.character) for m in _narration_mentions(book, starts, window_start, tag.start)
                    if m.kind != "PRON"]
                seen += [(quotes[o.quotes[0]].start, o.speaker) for o in conv[:k] if o.speaker]
                seen += [(quotes[o.quotes[0]].start, o.addressee) for o in conv[:k] if o.addressee]
                seen.sort()
                order = []
                for _, c in reversed(seen):
                    # a character of unknown gender may be either
                    if c not in order and gender.get(c) in (want, None) and c != t.addressee:
                        order.append(c)
                if prev and prev.speaker in order and len(order) > 1:
                    order.remove(prev.speaker)  # turns alternate: not the one who just spoke
                # coreference's link, unless it is the one who just spoke and someone else can be
                linked = tag.character
                if linked and prev and prev.speaker == linked and order:
                    linked = None
                guess = linked or (order[0] if order else None)
                if guess:
                    _set(t, guess, "tag-pronoun", quotes, rules)
                    continue
            if prev and prev.addressee and prev.addressee != prev.speaker and prev.addressee != t.addressee:
                _set(t, prev.addressee, "addressed", quotes, rules)
            elif k >= 2 and prev.speaker and conv[k - 2].speaker and prev.speaker != conv[k - 2].speaker:
                _set(t, conv[k - 2].speaker, "alternate", quotes, rules)
            elif k + 1 < len(conv) and _answered(conv[k + 1], t):
                _set(t, conv[k + 1].addressee, "addressed-back", quotes, rules)
            elif NARRATION:
                _from_narration(t)
    # 4. what is left: the narration of the paragraph, then alternation read backwards
    for t in turns:
        if t.speaker is None and NARRATION:
            _from_narration(t)
    quoted_paragraphs = {t.paragraph for t in turns}

    def present(conv: list[Turn]) -> set[str]:
        """The characters named in the narration paragraph before a conversation."""
        p = conv[0].paragraph - 1
        if p < 0 or p in quoted_paragraphs:
            return set()
        return {m.character for m in _narration_mentions(book, starts, *paragraph_range(p)) if m.kind != "PRON"}

    for conv in conversations:
        _two_party(conv, quotes, rules, present(conv))
    for conv in conversations:
        for k in range(len(conv) - 1, -1, -1):
            t = conv[k]
            if t.speaker is None and k + 1 < len(conv) and _answered(conv[k + 1], t):
                _set(t, conv[k + 1].addressee, "addressed-back", quotes, rules)
            elif t.speaker is None and k + 2 < len(conv) and conv[k + 1].speaker and conv[k + 2].speaker \
                    and conv[k + 1].speaker != conv[k + 2].speaker:
                _set(t, conv[k + 2].speaker, "alternate-back", quotes, rules)
    # a turn opening a conversation after narration: the last character that narration names
    for conv in conversations:
        t = conv[0]
        if t.speaker is None and t.paragraph and t.paragraph - 1 not in quoted_paragraphs:
            named = [m for m in _narration_mentions(book, starts, *paragraph_range(t.paragraph - 1))
                     if m.character != t.addressee]
            if named:
                _set(t, named[-1].character, "narration-before", quotes, rules)
                _two_party(conv, quotes, rules, present(conv))
    for t in turns:
        for i in t.quotes:
            if quotes[i].speaker is None and t.speaker:
                quotes[i].speaker = t.speaker
                rules[i] = rules[i] or "paragraph"
    # the first person inside a quotation is its speaker
    for m in book.mentions:
        if m.in_quote and m.kind == "PRON" and m.text.lower() in FIRST_PERSON:
            j = bisect_right(quote_starts, m.start) - 1
            if j >= 0 and m.end <= quotes[j].end:
                m.character = quotes[j].speaker
    return rules


def _two_party(conv: list[Turn], quotes, rules: list[str], present: set[str] = frozenset()) -> None:
    """A conversation between two people (all its known speakers and addressees, else with
    those the narration before it names: "When Jane and Elizabeth were alone"): the turns
    without a speaker alternate from the nearest turn with one."""
    people = {t.speaker for t in conv if t.speaker} | {t.addressee for t in conv if t.addressee}
    if len(people) < 2 and len(people | present) == 2:
        people |= present
    known = [k for k, t in enumerate(conv) if t.speaker]
    if len(people) != 2 or not known:
        return
    for k, t in enumerate(conv):
        if t.speaker is None:
            j = min(known, key=lambda j: abs(j - k))
            same = (k - j) % 2 == 0
            other = next(p for p in people if p != conv[j].speaker)
            _set(t, conv[j].speaker if same else other, "two-party", quotes, rules)


def _answered(reply: Turn, turn: Turn) -> bool:
    """The reply names whom it answers: the speaker of the turn before it."""
    return bool(reply.addressee and reply.addressee != reply.speaker and reply.addressee != turn.addressee)


def _set(turn: Turn, speaker: str, rule: str, quotes, rules: list[str]) -> None:
    turn.speaker = speaker
    for i in turn.quotes:
        quotes[i].speaker = speaker
        rules[i] = rule


def run(book: Book) -> None:
    attribute(book)


def _next_break(breaks: list[int], pos: int, default: int) -> int:
    i = bisect_right(breaks, pos)
    return breaks[i] if i < len(breaks) else default


def _previous_break(breaks: list[int], pos: int, default: int) -> int:
    i = bisect_left(breaks, pos) - 1
    return breaks[i] if i >= 0 else default
