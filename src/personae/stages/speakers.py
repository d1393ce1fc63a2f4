"""Who says each quotation. Quotations are grouped into turns (the quotations of one
paragraph, one speaker) and turns into conversations (runs of consecutive paragraphs with
quotations). In order of trust:

1. a speech tag beside a quotation naming the speaker ("said Elizabeth", "Daisy rejoined"
   when the recogniser missed "Daisy", or in narration ending "...and John said:");
   "said his sister" and "she said" give the speaker's gender, which no later rule overrides;
2. reading each conversation in order: a "he/she" tag is the one the turn before
   addressed by name, if of that gender ("Good morning, Mr. Darcy." / "...," he replied),
   else the last person of that gender opening a sentence of the narration just before
   ("Marilla smiled. She had..."), else the latest other person of that gender named
   nearby or taking part, not the one who spoke the turn before; the person a turn addresses by name ("Good morning,
   Mr. Darcy") answers in the next; two speakers alternate; a turn is said to the one the
   next turn addresses; else the character the paragraph's narration names;
3. a conversation of two people: its open turns alternate from the nearest known one;
   alternation read backwards; a conversation's first turn: the last character named in
   the narration paragraph before it; a conversation resumed after a line or two of
   narration goes on between the same two people, opened by the one that narration is
   about; a conversation of one known voice: the other is the person last named before it,
   else the first-person narrator.

The "I" and "me" inside a quotation are then its speaker. `attribute` returns the rule that
gave each quotation its speaker (for the evaluation of each rule).

`run` then lets the learned model (stages/speaker_model.py, weights in models/speakers.json,
trained by scripts/train_speakers.py) choose each quotation's speaker among the cast members
around it, the rules' pick and the rule that gave it being among its features; without the
model file, or for a quotation with no candidate, the rules' speaker stays.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from personae.book import Book, Mention
from personae.sources.paragraphs import body_breaks
from personae.speech_verbs import SPEECH_VERB
from personae.stages.names import GENDER_LABEL, noun_gender
from personae.stages.quotes import QuotedBySpeakers, script_lines

TAG_WINDOW = 80  # characters of narration on each side of a quote searched for its tag
# possessives ("his", "my") and objects ("him", "me") are not who speaks
NOT_SPEAKERS = frozenset("my his her their our your its thy him me them us thee".split())
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
GENDER = {"he": "he/him", "she": "she/her"}
POSSESSIVE = {"his": "he/him", "her": "she/her"}  # "was his answer"
TITLE_WORDS = frozenset("mr mrs miss ms dr sir lady lord master madam madame mademoiselle "
                        "monsieur captain colonel major general rev reverend aunt uncle "
                        "father mother sister brother saint st professor".split())
CONTEXT_PARAGRAPHS = 3  # paragraphs before a conversation whose names may speak in it
MIN_NARRATED = 3  # mentions outside quotations a speaker found by inference needs
# (unless named more often in narration than in dialogue, as in a short text)
MUTE = "mute"  # the gender of a character no inference may make speak
RESUME_GAP = 2  # narration paragraphs a conversation may pause for and go on
# before a sentence's subject: nothing but marks, or a conjunction ("But Mrs. Hilbery had...")
_OPENS_SENTENCE = re.compile(r"[\s\"'\u201c\u2018\u00ab_]*(?:(?:but|and|yet|so|then|still)\b[\s,]*)?", re.IGNORECASE)
_SILENT = re.compile(r"\b(?:nothing|silent|no answer|did not answer|didn't answer|made no reply)\b")
NARRATION = True  # step 3 (right about half the time: better than nothing)


@dataclass
class Turn:
    """The quotations of one paragraph."""
    paragraph: int
    quotes: list[int] = field(default_factory=list)
    speaker: str | None = None
    gender: str | None = None  # the speaker's, when a tag gives it ("she said", "said his sister")
    addressee: str | None = None  # named in the turn ("Good morning, Mr. Darcy")


# a speech verb's -ing or bare form in narration that runs into its quotation ("merely
# remarking as it went, "...", "he heard him mutter, "...", "contented himself with saying:")
LEAD_IN_VERB = re.compile(
    r"\b(?:say|saying|call|calling|cry|crying|exclaim|exclaiming|mutter|muttering|whisper|whispering|"
    r"murmur|murmuring|remark|remarking|repeat|repeating|add|adding|observe|observing|declare|declaring|"
    r"shout|shouting|reply|replying|answer|answering|ejaculate|ejaculating|stammer|stammering)(?:\s+out)?\b",
    re.IGNORECASE)


def _tag(book: Book, starts: list[int], gap_start: int, gap_end: int,
         reach: int | None = None, before: bool = False, verbs: re.Pattern = SPEECH_VERB) -> Mention | None:
    """The person mention next to a speech verb in text[gap_start:gap_end], if any: the
    verb's subject, which may stand further back, from `reach` on ("Elinor, smiling at
    her brother's tone, calmly replied,"), else the nearest. The verb is the first of the
    gap after a quotation, the last (nearest it) of narration `before` one: in '"Yes," said
    John. Mary turned and said, "No."' the second tag is Mary's."""
    text = book.source.text
    verb = verbs.search(text, gap_start, gap_end)
    if verb is None:
        return None
    if before:  # narration before the quotation: the verb nearest it
        for verb in verbs.finditer(text, verb.start(), gap_end):
            pass
    lo, hi = bisect_left(starts, gap_start), bisect_right(starts, gap_end)
    if reach is not None:
        subjects = [m for m in book.mentions[bisect_left(starts, min(reach, gap_start)):hi]
                    if not m.in_quote and m.type == "PER" and m.end <= gap_end
                    and m.text.lower() not in NOT_SPEAKERS
                    and any(r == "does" and a == verb.start() for r, _, a in m.facts)]
        if subjects:
            return subjects[-1]
    # every person mention counts, linked or not: in "said my aunt" the speaker is the aunt
    # (unknown until nominal coreference), not the narrator behind "my"
    # an owner is not the speaker: in "seeing Anne's face, said" it is whoever sees
    candidates = [m for m in book.mentions[lo:hi]
                  if not m.in_quote and m.type == "PER" and m.end <= gap_end
                  and m.text.lower() not in NOT_SPEAKERS and not _POSSESSOR.match(text, m.end)]
    if not candidates:
        return None
    # equally near: the one before the verb ("Anne told Marilla"), then the longer ("Mrs.
    # Miller", not its "Mrs."; "Emma's father", not "Emma")
    return min(candidates, key=lambda m: (min(abs(m.start - verb.end()), abs(m.end - verb.start())),
                                          m.start >= verb.end(), m.start - m.end))


_POSSESSOR = re.compile(r"['\u2019]s?\b")
_NAME_AFTER = re.compile(r"\s+([A-Z][a-z]+)\b(?!['\u2019]s)")
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")


def _name_tag(text: str, gap_start: int, gap_end: int, names: dict[str, str]) -> str | None:
    """A speech verb beside a capitalised word that is one character's name part
    ("Daisy rejoined", "said Daisy") when the recogniser found no mention there."""
    verb = SPEECH_VERB.search(text, gap_start, gap_end)
    if verb is None:
        return None
    after = _NAME_AFTER.match(text, verb.end(), gap_end)
    before = _NAME_BEFORE.search(text[max(gap_start, verb.start() - 30):verb.start()])
    for m in (after, before):
        if m and m.group(1).lower() in names:
            return names[m.group(1).lower()]
    return None


def _name_parts(book: Book) -> dict[str, str]:
    """Name word (lower case) -> the character it names, for words that name one character
    in at least 75% of their uses (titles left out): "Sikes", left unlinked between
    "Mr. Sikes" (79) and "Bill Sikes" (12), is Mr. Sikes."""
    counts: dict[str, dict[str, int]] = {}
    for m in book.mentions:
        if m.kind == "PROP" and m.character:
            for w in re.findall(r"[A-Z][a-z]+", m.text):
                w = w.lower()
                if w not in TITLE_WORDS:
                    by = counts.setdefault(w, {})
                    by[m.character] = by.get(m.character, 0) + 1
    names = {}
    for w, by in counts.items():
        best = max(by, key=by.get)
        if by[best] >= 0.75 * sum(by.values()):
            names[w] = best
    return names


_POSSESSIVE_TAG = re.compile(
    r"[\"\u201d\u2019']?[,;.!?]?\s*(?:was|were|came)\s+(?:the\s+)?(.{1,30}?)\s+(?:\w+\s+){0,2}?"
    r"(?:answer|reply|observation|remark|rejoinder|response|comment|exclamation|retort|conclusion)\b")


def _possessive_tag(book: Book, starts: list[int], gap_start: int, gap_end: int) -> Mention | None:
    """ "...," was his only answer / was Mr. Woodhouse's observation: the owner speaks."""
    tag = _POSSESSIVE_TAG.match(book.source.text, gap_start, gap_end)
    if tag is None:
        return None
    lo, hi = bisect_left(starts, tag.start(1)), bisect_right(starts, tag.end(1))
    owners = [m for m in book.mentions[lo:hi] if m.type == "PER" and m.end <= tag.end(1) + 2
              and (m.character or m.text.lower() in POSSESSIVE)]
    return owners[0] if owners else None


# a name in a list of names ("Not also Ronny, Ralph, and Stella?") is no call: another name
# and its "and" follow it, or a name stands before it and a name follows its "and"
_NEXT_ITEM = re.compile(r",\s*(?:[A-Z][\w'.-]*\s+)*[A-Z][\w'.-]*,\s+(?:and|or|nor)\s")
LIST_GOES_ON = re.compile(r",?\s+(?:and|or|nor)\s+[A-Z]")  # ", and Mary": a list's last item next
_ITEM_BEFORE = re.compile(r"[A-Z][\w'.-]*,\s+$")


_ENDEARMENT = re.compile(r"\b(?:(?:my|dear|dearest|good|poor|sweet|darling|own|little|kind|honoured|beloved)\s+)+\Z",
                        re.IGNORECASE)


def is_vocative(text: str, start: int, end: int, quote: tuple[int, int]) -> bool:
    """The name at text[start:end], inside the quotation at `quote`, calls someone: "Agnes,
    come here." / "Come here, Agnes." / "Oh! Mr. Darcy, ..."; not an item of a list of names."""
    if _NEXT_ITEM.match(text, end, min(end + 60, quote[1])) or (
            LIST_GOES_ON.match(text, end, quote[1]) and _ITEM_BEFORE.search(text[max(start - 30, quote[0]):start])):
        return False
    after = text[end:end + 1]
    # "My dear Isabella, ...", ", dearest Jane, ...": the endearment before the name
    endearment = _ENDEARMENT.search(text, max(start - 30, quote[0]), start)
    if endearment:
        start = endearment.start()
    # a call after a line break too, LF or CRLF
    before = text[max(start - 3, quote[0]):start].replace("\r\n", "\n").replace("\n", " ")[-2:]
    opens = start == quote[0] or before.endswith((", ", "! ", "? "))
    return opens and (after in (",", "!", "?") or end == quote[1]
                      or (before.endswith(", ") and after in (".", ";", "-")))


def _narration_mentions(book: Book, starts: list[int], lo: int, hi: int) -> list[Mention]:
    a, b = bisect_left(starts, lo), bisect_left(starts, hi)
    return [m for m in book.mentions[a:b] if not m.in_quote and m.type == "PER" and m.character
            and m.text.lower() not in NOT_SPEAKERS]


def attribute(book: Book, notes: dict | None = None) -> list[str]:
    """Set each quote's speaker; returns, per quote, the rule that set it ("" for none).
    `notes`, when given, receives what the rules read that the speaker model also uses:
    "tag" (per quote, the speech-tag Mention or None), "tag_name" (per quote, the character
    a bare name beside the verb gives, or None) and "gender" (per quote, its turn's he/she
    tag gender or None)."""
    text = book.source.text
    quotes = book.quotes
    rules = [""] * len(quotes)
    tags: list[Mention | None] = [None] * len(quotes)
    tag_names: list[str | None] = [None] * len(quotes)
    if notes is not None:
        notes.update(tag=tags, tag_name=tag_names, gender=[None] * len(quotes))
    if not quotes:
        return rules
    starts = [m.start for m in book.mentions]
    gender = {c.id: c.gender for c in book.characters}
    # a name nearly only ever said in dialogue ("Oh, God!", "Ma'am", "Hallo") or a place the
    # recogniser took for a person is nobody the conversation rules may make a speaker
    outside = {c.id: 0 for c in book.characters}
    inside = dict(outside)
    for m in book.mentions:
        if m.character in outside:
            (inside if m.in_quote else outside)[m.character] += 1
    for c, n in outside.items():
        if n < MIN_NARRATED and n < inside[c]:
            gender[c] = MUTE
    breaks, paragraph, quoted = _paragraphs(book)
    turns: list[Turn] = []
    for i, p in enumerate(paragraph):
        if not turns or turns[-1].paragraph != p:
            turns.append(Turn(p))
        turns[-1].quotes.append(i)
    turn_of = {i: t for t in turns for i in t.quotes}
    turn_at = {t.paragraph: t for t in turns}
    names = _name_parts(book)

    # 1. explicit tags: narration right after the quote, then right before it
    pronoun_tag: dict[int, Mention] = {}  # turn paragraph -> a he/she tag to resolve in context
    for i, q in enumerate(quotes):
        before_start, after_end = _tag_window(text, quotes, breaks, i)
        tag = _speech_tag(book, starts, breaks, paragraph, quoted, i)
        if tag is None:
            tag = _possessive_tag(book, starts, q.end, after_end)
        if tag is None or not tag.character:
            # a name the recogniser missed, right beside the verb ("Daisy rejoined")
            named = _name_tag(text, q.end, after_end, names) or _name_tag(text, before_start, q.start, names)
            tag_names[i] = named
            if named:
                q.speaker = named
                rules[i] = "tag-name"
                continue
        if tag is None:
            continue
        tags[i] = tag
        if tag.kind == "PRON" and tag.text.lower() in GENDER | POSSESSIVE:
            pronoun_tag.setdefault(paragraph[i], tag)
        elif tag.character:
            q.speaker = tag.character
            rules[i] = "tag"
        elif tag.kind == "NOM":
            # "said his sister": somebody of that gender taking part, as for "she said"
            pronoun_tag.setdefault(paragraph[i], tag)
    # addressees: a character named as a vocative inside the turn's quotations
    quote_starts = [q.start for q in quotes]
    for m in book.mentions:
        if m.in_quote and m.kind == "PROP" and m.character:
            j = bisect_right(quote_starts, m.start) - 1
            if j >= 0 and m.end <= quotes[j].end and is_vocative(text, m.start, m.end, (quotes[j].start, quotes[j].end)):
                t = turn_of[j]
                if t.addressee is None and gender.get(m.character) != MUTE:  # "Oh, God!" is no one here
                    t.addressee = m.character
    for p, tag in pronoun_tag.items():
        turn_at[p].gender = _tag_gender(tag)
    if notes is not None:
        notes["gender"] = [turn_of[i].gender for i in range(len(quotes))]
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
            _set(t, (before[-1] if before else named[0]).character, "narration", quotes, rules, gender)

    sentence_start = [s for s, _ in book.sentences]

    def subject(lo: int, hi: int, want: str | None, not_: set[str]) -> str | None:
        """The last character opening a sentence of the narration in text[lo:hi] ("Marilla
        felt a qualm.", "She had expected...") who may be the one a he/she tag means."""
        for m in reversed(_narration_mentions(book, starts, lo, hi)):
            if m.character in not_ or gender.get(m.character) not in (want, None):
                continue
            s = sentence_start[m.sentence] if 0 <= m.sentence < len(sentence_start) else m.start
            if _OPENS_SENTENCE.fullmatch(text, s, m.start):
                return m.character
        return None

    for c, conv in enumerate(conversations):
        window_start = paragraph_range(max(conv[0].paragraph - CONTEXT_PARAGRAPHS, 0))[0]
        for k, t in enumerate(conv):
            if t.speaker is not None:
                continue
            prev = conv[k - 1] if k else None
            last = prev
            if last is None and c and conv[0].paragraph - conversations[c - 1][-1].paragraph <= 1 + RESUME_GAP:
                last = conversations[c - 1][-1]  # a line of narration does not end the exchange
            tag = pronoun_tag.get(t.paragraph)
            if tag is not None and prev and prev.addressee and prev.addressee != prev.speaker \
                    and gender.get(prev.addressee) == t.gender \
                    and _set(t, prev.addressee, "tag-addressed", quotes, rules, gender):
                continue  # "Good morning, Mr. Darcy." / "Good morning," he replied.
            if tag is not None:
                p = t.paragraph
                lo = paragraph_range(p - 1 if p and p - 1 not in quoted else p)[0]
                who_ = subject(lo, tag.start, t.gender, {last.speaker} if last and last.speaker else set())
                if who_ and _set(t, who_, "tag-subject", quotes, rules, gender):
                    continue
            if tag is not None:
                want = t.gender
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
                # the latest one of that gender around (coreference's own link of the tag
                # measured no better on PDNC: 70.6% against 70.7%)
                guess = order[0] if order else None
                if guess and _set(t, guess, "tag-pronoun", quotes, rules, gender):
                    continue
            if prev and prev.addressee and prev.addressee != prev.speaker and prev.addressee != t.addressee \
                    and _set(t, prev.addressee, "addressed", quotes, rules, gender):
                continue
            if k >= 2 and prev.speaker and conv[k - 2].speaker and prev.speaker != conv[k - 2].speaker \
                    and _set(t, conv[k - 2].speaker, "alternate", quotes, rules, gender):
                continue
            if k + 1 < len(conv) and _answered(conv[k + 1], t) \
                    and _set(t, conv[k + 1].addressee, "addressed-back", quotes, rules, gender):
                continue
            if NARRATION:
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
        _two_party(conv, quotes, rules, gender, present(conv))
    for conv in conversations:
        for k in range(len(conv) - 1, -1, -1):
            t = conv[k]
            if t.speaker is None and k + 1 < len(conv) and _answered(conv[k + 1], t):
                _set(t, conv[k + 1].addressee, "addressed-back", quotes, rules, gender)
            elif t.speaker is None and k + 2 < len(conv) and conv[k + 1].speaker and conv[k + 2].speaker \
                    and conv[k + 1].speaker != conv[k + 2].speaker:
                _set(t, conv[k + 2].speaker, "alternate-back", quotes, rules, gender)
    # a turn opening a conversation after narration: the last character that narration names
    for conv in conversations:
        t = conv[0]
        if t.speaker is None and t.paragraph and t.paragraph - 1 not in quoted_paragraphs:
            named = [m for m in _narration_mentions(book, starts, *paragraph_range(t.paragraph - 1))
                     if m.character != t.addressee]
            if named:
                _set(t, named[-1].character, "narration-before", quotes, rules, gender)
                _two_party(conv, quotes, rules, gender, present(conv))
    narrator = next((c.id for c in book.characters if c.narrator), None)

    def who(lo: int, hi: int, pair: set[str]) -> str | None:
        """The first of the pair the narration in text[lo:hi] mentions: by name, by a he/she
        that only one of them can be, or as the narrator's "I"."""
        a, b = bisect_left(starts, lo), bisect_left(starts, hi)
        for m in book.mentions[a:b]:
            if m.in_quote or m.type != "PER":
                continue
            if m.character in pair and (m.kind != "PRON" or m.text.lower() in ("i", "he", "she")):
                return m.character
            if m.kind == "PRON" and m.text.lower() in GENDER:
                fits = [c for c in pair if gender.get(c) == GENDER[m.text.lower()]]
                if len(fits) == 1:
                    return fits[0]
        return None

    # a conversation resumed after a line or two of narration ("She looked up." / "I said
    # nothing."): the same two people, the first speaker the one that narration is about
    for c in range(1, len(conversations)):
        conv, before = conversations[c], conversations[c - 1]
        if all(t.speaker for t in conv) or conv[0].paragraph - before[-1].paragraph > 1 + RESUME_GAP:
            continue
        pair = {t.speaker for t in before if t.speaker}
        known = {t.speaker for t in conv if t.speaker}
        if len(pair) != 2 or not known <= pair:
            continue
        if not known:
            t = conv[0]
            own = paragraph_range(t.paragraph)
            first = who(own[0], quotes[t.quotes[0]].start, pair)
            if first is None:
                gap = paragraph_range(conv[0].paragraph - 1)
                first = who(*gap, pair)
                if first is not None and _SILENT.search(text, *gap):
                    first = next(p for p in pair if p != first)  # "I said nothing."
            if first is None and before[-1].speaker:
                first = next(p for p in pair if p != before[-1].speaker)
            if first is None or not _set(t, first, "resumed", quotes, rules, gender):
                continue
        _two_party(conv, quotes, rules, gender, pair, rule="resumed")
    # a conversation of one known voice: the other is the person last named before it
    # (narration of the conversation's paragraphs and those before), else the narrator
    for conv in conversations:
        people = {t.speaker for t in conv if t.speaker} | {t.addressee for t in conv if t.addressee}
        if len(people) != 1 or all(t.speaker for t in conv):
            continue
        one = next(iter(people))
        window = (paragraph_range(max(conv[0].paragraph - CONTEXT_PARAGRAPHS, 0))[0],
                  paragraph_range(conv[-1].paragraph)[1])
        around = [m for m in _narration_mentions(book, starts, *window) if m.character != one]
        named = [m.character for m in around if m.kind != "PRON"]
        # else a he/she coreference gave someone ("He sat in the outer room")
        linked = [m.character for m in around if m.text.lower() in GENDER] 
        partner = named[-1] if named else narrator if narrator != one else linked[-1] if linked else None
        if partner:
            _two_party(conv, quotes, rules, gender, {partner}, rule="partner")
    for t in turns:
        for i in t.quotes:
            if quotes[i].speaker is None and t.speaker:
                quotes[i].speaker = t.speaker
                rules[i] = rules[i] or "paragraph"
    first_person_is_speaker(book)
    return rules


def first_person_is_speaker(book: Book) -> None:
    """The "I" and "me" inside a quotation are its speaker, but for those of a quotation the
    speaker quotes ("I heard Papa say, 'I don't want to know'")."""
    quotes = book.quotes
    starts = [q.start for q in quotes]
    quoted = QuotedBySpeakers(book)
    for m in book.mentions:
        if m.in_quote and m.kind == "PRON" and m.text.lower() in FIRST_PERSON:
            j = bisect_right(starts, m.start) - 1
            if j >= 0 and m.end <= quotes[j].end and not quoted(quotes[j], m.start):
                m.character = quotes[j].speaker


def _two_party(conv: list[Turn], quotes, rules: list[str], gender: dict[str, str | None],
               present: set[str] = frozenset(), rule: str = "two-party") -> None:
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
            _set(t, conv[j].speaker if same else other, rule, quotes, rules, gender)


def _answered(reply: Turn, turn: Turn) -> bool:
    """The reply names whom it answers: the speaker of the turn before it."""
    return bool(reply.addressee and reply.addressee != reply.speaker and reply.addressee != turn.addressee)


def _tag_gender(tag: Mention) -> str | None:
    if tag.kind == "PRON":
        return GENDER.get(tag.text.lower()) or POSSESSIVE.get(tag.text.lower())
    head = tag.text.lower().split()[-1] if tag.text.split() else ""
    return GENDER_LABEL.get(noun_gender(head))


def _set(turn: Turn, speaker: str, rule: str, quotes, rules: list[str], gender: dict[str, str | None]) -> bool:
    """Give the turn this speaker unless the tag's gender rules them out ("she said": not him)."""
    if gender.get(speaker) == MUTE or (turn.gender and gender.get(speaker) not in (turn.gender, None)):
        return False
    turn.speaker = speaker
    for i in turn.quotes:
        quotes[i].speaker = speaker
        rules[i] = rule
    return True


SHIPPED = "shipped"


def run(book: Book, model: dict | str | None = SHIPPED, rounds: int | None = None) -> None:
    """The rule cascade, then the learned model (stages/speaker_model.py) re-ranking each
    quotation's candidates with the rules' picks among its features. `model`: the shipped
    weights (default), a model dict (training), or None for the rules alone; without a
    model file the rules alone decide. `rounds`: of the model's joint decoding
    (speaker_model.DECODE_ROUNDS unless given)."""
    notes: dict = {}
    rules = attribute(book, notes)
    if model == SHIPPED:
        from personae.stages import speaker_model
        model = speaker_model.load()
    if model:
        from personae.stages import speaker_model
        speaker_model.rerank(book, rules, notes, model, rounds)
    script_speakers(book)


def script_speakers(book: Book) -> None:
    """A line of a play is said by the one its opening name names ("BLOOM: Fish and
    taters."), whatever the rules or the model made of it; no one when that name is a group's
    ("ALL:")."""
    text = book.source.text
    lines = script_lines(text, *book.source.body, book.source.paragraph_starts)
    if not lines:
        return
    named = {m.start: m.character for m in book.mentions if m.kind in ("PROP", "NOM")}
    line_starts = [s for s, _, _, _ in lines]
    for q in book.quotes:
        i = bisect_right(line_starts, q.start) - 1
        if i >= 0 and lines[i][2] <= q.start < lines[i][3]:
            q.speaker = named.get(lines[i][0])


def speech_tags(book: Book) -> list[Mention | None]:
    """Per quotation, the person mention its speech tag names ("said the mariner", "Anne
    said", "she replied"), as rule 1 of `attribute` reads it, or None."""
    starts = [m.start for m in book.mentions]
    breaks, paragraph, quoted = _paragraphs(book)
    return [_speech_tag(book, starts, breaks, paragraph, quoted, i) for i in range(len(book.quotes))]


def _paragraphs(book: Book) -> tuple[list[int], list[int], set[int]]:
    """The paragraph breaks of the body, each quotation's paragraph, the paragraphs quoted."""
    breaks = body_breaks(book.source)
    paragraph = [bisect_right(breaks, q.start) for q in book.quotes]
    return breaks, paragraph, set(paragraph)


def _tag_window(text: str, quotes, breaks: list[int], i: int) -> tuple[int, int]:
    """Where quotation i's tag may be: from here to its start, from its end to there (within
    its paragraph, not past the quotations beside it)."""
    q = quotes[i]
    after_end = min(q.end + TAG_WINDOW, quotes[i + 1].start if i + 1 < len(quotes) else len(text))
    before_start = max(q.start - TAG_WINDOW, quotes[i - 1].end if i else 0)
    after_end = min(after_end, _next_break(breaks, q.end, after_end))
    before_start = max(before_start, _previous_break(breaks, q.start, before_start))
    return before_start, after_end


def _speech_tag(book: Book, starts: list[int], breaks: list[int], paragraph: list[int],
                quoted: set[int], i: int) -> Mention | None:
    """The tag after quotation i, else before it, else in a lead-in paragraph."""
    text, q = book.source.text, book.quotes[i]
    before_start, after_end = _tag_window(text, book.quotes, breaks, i)
    # the subject of a verb before the quotation may stand anywhere in its paragraph
    reach = max(_previous_break(breaks, q.start, 0), book.quotes[i - 1].end if i else 0)
    before = _tag(book, starts, before_start, q.start, reach, before=True)
    # narration running into the quotation with a comma or colon ("Margaret laughed and
    # said, "...") introduces it: its tag outranks the narration after the quotation
    introduces = _INTRODUCES.search(text, before_start, q.start)
    if before is None and introduces:
        before = _tag(book, starts, before_start, q.start, reach, before=True, verbs=LEAD_IN_VERB)
    if before is not None and introduces:
        return before
    after = None if _leads_next(text, book.quotes, i, after_end) else _tag(book, starts, q.end, after_end, q.end)
    tag = after or before
    if tag is None and (i == 0 or paragraph[i - 1] != paragraph[i]):
        # narration ending "...and said:" introduces the next paragraph's quotation
        lead = _lead_in(text, breaks, paragraph[i], quoted, book.quotes[i - 1].end if i else 0)
        if lead:
            window = max(lead[0], lead[1] - TAG_WINDOW), lead[1]
            tag = (_tag(book, starts, *window, lead[0], before=True)
                   or _tag(book, starts, *window, lead[0], before=True, verbs=LEAD_IN_VERB))
    return tag


# narration after a quotation that opens a new clause and introduces the next one: '..."
# and Mrs. Moore thought, "...', '..."; but Mrs. Turton said, "...'
_NEXT_CLAUSE = re.compile(r"""["'\u201d\u2019\u00bb]?\s*[,;]?\s*(?:and|but|then|while|whereupon)\b""", re.IGNORECASE)
# narration that runs into the quotation after it: a comma or colon, then the opening mark
_INTRODUCES = re.compile(r"""(?:[,:]|--|\u2014)[ \t\r\n]*["'\u201c\u2018\u00ab]?$""")
_BETWEEN = " \t\r\n\"'\u201c\u2018\u00ab\u2014-"  # a paragraph break and the next quotation's opening mark or dash


def _leads_next(text: str, quotes, i: int, after_end: int) -> bool:
    """The narration after quotation i is the next quotation's tag, not its own: it opens a
    new clause ("and", "but", "then") and runs into the next quotation with a comma or colon,
    in its paragraph or opening the next ('"It is he!" and was hastening to meet him, when
    Elinor cried out,' / '"Indeed, Marianne, ..."')."""
    if i + 1 >= len(quotes) or text[after_end:quotes[i + 1].start].strip(_BETWEEN):
        return False
    gap = text[quotes[i].end:after_end]
    return _NEXT_CLAUSE.match(gap) is not None and _INTRODUCES.search(gap) is not None


def _lead_in(text: str, breaks: list[int], p: int, quoted: set[int], last_quote_end: int) -> tuple[int, int] | None:
    """The paragraph before paragraph p when it is narration ending in ':' or ',' (it
    introduces the quotation that follows), or the narration ending a paragraph of speech
    so ("--Haven't I? he cried. Dante covered her plate and said:", dash dialogue)."""
    if p < 1:
        return None
    start = breaks[p - 2] if p >= 2 else 0
    end = breaks[p - 1]
    if p - 1 in quoted:
        if not start <= last_quote_end <= end:
            return None
        start = last_quote_end
    if _INTRODUCES.search(text, start, end):
        return start, end
    return None


def _next_break(breaks: list[int], pos: int, default: int) -> int:
    i = bisect_right(breaks, pos)
    return breaks[i] if i < len(breaks) else default


def _previous_break(breaks: list[int], pos: int, default: int) -> int:
    i = bisect_left(breaks, pos) - 1
    return breaks[i] if i >= 0 else default
