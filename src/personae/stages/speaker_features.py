"""Candidates and features for ranking who says each quotation (the learned speaker model).

A quotation's candidates are the cast members around it: those the narration names in its
paragraph and the WINDOW_BEFORE paragraphs before / WINDOW_AFTER after, those addressed by
name in the turns around it, the speakers the rule cascade (stages/speakers.py) gives the
turns around it, its own rule pick and speech tag, and the first-person narrator; and, wider,
everyone named (in narration or dialogue) in the FAR_BEFORE paragraphs before and the rules'
speakers of the RECENT quotations before (RECENT_AFTER after), with features saying how far
they are (the gold speaker is among the candidates for 93.2% of PDNC's quotations, 90.3% with
the narrow set alone). Each (quotation, candidate) pair gets the numeric features named in
FEATURES, each also conjoined with the quotation's regime (a he/she tag, or no tag) and a few
with the tag's verb ("continued", "replied"); the model (stages/speaker_model.py) scores them
and takes the best candidate. A run of tagless turns is read from the nearest turn tagged with
a name at either end (anchor_*, parity_*: A B A B alternation, forwards and backwards), and in
the second pass from the nearest tagged turn's pick (pick_parity_*).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from personae.book import Book, Mention
from personae.sources.paragraphs import body_breaks
from personae.stages.speakers import is_vocative
from personae.stages.unnamed import ID_PREFIX as UNNAMED_ID

WINDOW_BEFORE = 3  # paragraphs before the quotation's whose narration names candidates
WINDOW_AFTER = 1
TOP = 3  # the most mentioned characters are always candidates
MAX_WINDOW = 30  # paragraphs back to a long conversation's start that still give candidates
# wider candidates (the gold speaker was among the narrower ones for 90.3% of PDNC's quotes;
# a further 55% of the rest are named within 20 paragraphs or spoke in the 30 quotes before)
FAR_BEFORE = 20  # paragraphs back whose names (narration or dialogue) give candidates
RECENT = 30  # quotations back whose rule speakers are candidates
RECENT_AFTER = 10
RULES = ("tag", "tag-name", "tag-addressed", "tag-subject", "tag-pronoun", "addressed", "alternate",
         "addressed-back", "narration", "two-party", "alternate-back", "narration-before",
         "resumed", "partner", "paragraph")
GENDERS = {"he": "he/him", "she": "she/her", "his": "he/him", "her": "she/her"}
NOT_SPEAKERS = frozenset("my his her their our your its thy him me them us thee".split())
FEATURES = (
    "rule_pick", *(f"rule_pick:{r}" for r in RULES),
    "tag", "tag:PROP", "tag:PRON", "tag:NOM", "tag_name",
    "gender_match", "gender_mismatch", "gender_unknown_with_tag",
    "para_before", "para_after", "para_before_last", "para_after_first",
    "prev_para", "next_para", "last_before", "second_before", "first_after",
    "dist_before", "dist_after", "none_before", "none_after", "mentions_window",
    "subject_para", "subject_prev_para", "pronoun_para",
    "turn-1", "turn-2", "turn+1", "turn+2", "turn-1_and_tagless", "turn-1_and_pronoun_tag",
    "last_of_gender", "last_of_gender_not_turn-1", "subject_of_gender",
    "addressed_by_turn-1", "addressed_by_turn+1", "addresses_self", "in_quote", "in_turn-1_quote",
    "conversation_speaker", "conversation_pair", "conversation_addressed", "first_turn", "first_turn_last_before",
    "salience", "top1", "top3", "narrator", "narrator_no_tag", "mute",
    "near", "far_named", "far_para_dist", "recent_speaker", "recent_quotes_back", "recent_after",
    "named_in_conversation", "last_speaker_of_gender", "last_speaker_of_gender_not_turn-1", "resumed-1", "resumed-2", "doer_last_before", "doer_first_after", "object_before", "object_prev_para",
    "anchor_even", "anchor_odd", "anchor_after_even", "anchor_after_odd",
    "parity_before", "parity_after", "parity_both",
    "idiolect", "idiolect_best", "no_idiolect",
)
# the same turn-taking read from a first pass of the model's own picks (add_context)
CONTEXT = ("pick_turn-1", "pick_turn-2", "pick_turn+1", "pick_turn+2", "pick_alternate",
           "pick_alternate_back", "pick_pair", "pick_turn-1_and_tagless", "pick_turn-1_and_pronoun_tag",
           "pick_resumed-1", "pick_resumed-2", "pick_last_speaker_of_gender",
           "pick_last_speaker_of_gender_not_turn-1", "pick_parity_before", "pick_parity_after",
           "pick_parity_both", "pick_idiolect", "pick_idiolect_best")
SPEAKERS_BACK = 12  # turns back searched for the last speaker of a he/she tag's gender
RESUME = 3  # a conversation after at most this many paragraphs of narration may go on the last one
FEATURES = FEATURES + CONTEXT
# the quotation's regime (constant over its candidates): its turn has a he/she or "said his
# sister" tag, or no tag at all (else a named tag); every feature above is also given
# conjoined with each regime, so the linear score can weigh, say, the turn before's speaker
# differently when a tag says "she" than when nothing does
REGIMES = ("pronoun", "none")
BASE = FEATURES
# the verb of the tag: "she continued" is the last one to speak, "he replied" not
VERBS = ("continue", "reply")
_VERB_PAIRED = ("turn-1", "turn-2", "last_speaker_of_gender", "last_speaker_of_gender_not_turn-1",
                "addressed_by_turn-1", "pick_turn-1", "pick_turn-2", "pick_last_speaker_of_gender",
                "pick_last_speaker_of_gender_not_turn-1", "tag:PRON", "recent_speaker")
PAIRS = tuple((f"verb:{v}", f) for v in VERBS for f in _VERB_PAIRED)
BASE = BASE + tuple(f"verb:{v}" for v in VERBS)
FEATURES = (BASE + tuple(f"regime:{r}" for r in REGIMES) + tuple(f"{r}*{f}" for r in REGIMES for f in BASE)
            + tuple(f"{a}&{b}" for a, b in PAIRS))
INDEX = {name: k for k, name in enumerate(FEATURES)}
_BASE_COLS = np.arange(len(BASE))
_PAIR_COLS = [(INDEX[f"{a}&{b}"], INDEX[a], INDEX[b]) for a, b in PAIRS]
_CONTINUE = re.compile(r"\b(?:continued|went on|added|resumed|pursued|persisted|repeated|proceeded)\b", re.I)
_REPLY = re.compile(r"\b(?:replied|answered|returned|rejoined|retorted|responded|reply|answer)\b", re.I)


def conjoin(X: np.ndarray) -> np.ndarray:
    """Fill X's regime-conjoined columns from its base columns and regime indicators (in place)."""
    for r in REGIMES:
        lo = INDEX[f"{r}*{BASE[0]}"]
        X[:, lo:lo + len(BASE)] = X[:, _BASE_COLS] * X[:, [INDEX[f"regime:{r}"]]]
    for to, a, b in _PAIR_COLS:
        X[:, to] = X[:, a] * X[:, b]
    return X


@dataclass
class Candidates:
    """Rows rows[i]..rows[i+1] of X are quotation i's candidates ids[rows[i]:rows[i+1]]."""
    ids: list[str]
    rows: list[int]
    X: np.ndarray
    turns: list[list[int]] = field(default_factory=list)  # quotation indices of each turn
    turn_of: list[int] = field(default_factory=list)  # per quotation
    conversation: list[int] = field(default_factory=list)  # per turn
    tagged: list[bool] = field(default_factory=list)  # per turn: a speech tag beside it
    pronoun_tagged: list[bool] = field(default_factory=list)  # per turn: "he said", "said his sister"
    gap: list[int] = field(default_factory=list)  # per turn: paragraphs since the turn before
    want: list = field(default_factory=list)  # per turn: the gender its he/she tag gives, or None
    gender: dict = field(default_factory=dict)  # candidate id -> gender
    speeches: list[str] = field(default_factory=list)  # per quotation: its words
    # per turn: the paragraph before it ends in narration after its speech ('"..." Aziz shook
    # his head distastefully.'), after which the same voice may go on
    pause: list[bool] = field(default_factory=list)


def add_context(cands: Candidates, picks: list[str | None]) -> Candidates:
    """A copy of cands with the CONTEXT features read from a first pass's picks."""
    X = cands.X.copy()
    X[:, [INDEX[f] for f in CONTEXT]] = 0.0
    turns, conv = cands.turns, cands.conversation
    said = [next((picks[i] for i in t if picks[i]), None) for t in turns]
    people: dict[int, set[str]] = {}
    for k, s in enumerate(said):
        if s:
            people.setdefault(conv[k], set()).add(s)

    def at(k: int, d: int) -> str | None:
        j = k + d
        return said[j] if 0 <= j < len(turns) and conv[j] == conv[k] else None

    def parity(k: int, step: int) -> str | None:
        """Who speaks turn k if the conversation alternates from the nearest tagged turn
        before (step -1) or after (+1): that turn's pick at an even distance, at an odd one
        the other of the two the picks alternate between there."""
        j = k + step
        while 0 <= j < len(turns) and conv[j] == conv[k] and not (cands.tagged[j] and said[j]):
            j += step
        if not (0 <= j < len(turns) and conv[j] == conv[k]):
            return None
        if (k - j) % 2 == 0:
            return said[j]
        other = at(j, step) if at(j, step) != said[j] else None  # the turn beyond the anchor
        return other

    # how each character talks, read from all the first pass's picks (not only tagged ones)
    idiolects = Idiolects(cands.speeches, picks) if cands.speeches else None
    turn_fit: dict[tuple[int, str], float | None] = {}  # a turn's quotations share their fit

    def fit_of(k: int, c: str) -> float | None:
        if (k, c) not in turn_fit:  # all the turn's candidates at once
            fresh = [d for i in turns[k] for d in cands.ids[cands.rows[i]:cands.rows[i + 1]]
                     if (k, d) not in turn_fit]
            turn_fit.update(((k, d), v) for d, v in idiolects.scores(turns[k], dict.fromkeys(fresh + [c])).items())
        return turn_fit[k, c]

    for i in range(len(cands.rows) - 1):
        k = cands.turn_of[i]
        near = {d: at(k, d) for d in (-2, -1, 1, 2)}
        if idiolects is not None:
            fit = {c: fit_of(k, c) for c in cands.ids[cands.rows[i]:cands.rows[i + 1]]}
            fit = {c: v for c, v in fit.items() if v is not None}
            best_fit = max(fit, key=fit.get) if len(fit) >= 2 else None
            for r in range(cands.rows[i], cands.rows[i + 1]):
                c = cands.ids[r]
                if c in fit:
                    X[r, INDEX["pick_idiolect"]] = fit[c]
                    X[r, INDEX["pick_idiolect_best"]] = float(c == best_fit)
        by_before, by_after = parity(k, -1), parity(k, 1)
        pair = people.get(conv[k], set())
        # a conversation's first turn after a line or two of narration: the last one's speakers
        resumed = {}
        if cands.gap and (k == 0 or conv[k - 1] != conv[k]) and k and cands.gap[k] <= RESUME + 1:
            resumed = {said[k - 1]: "pick_resumed-1"}
            if k >= 2 and conv[k - 2] == conv[k - 1] and said[k - 2] != said[k - 1]:
                resumed[said[k - 2]] = "pick_resumed-2"
        last_g = _last_of_gender(said, k, cands.want[k] if cands.want else None, cands.gender, conv)
        for r in range(cands.rows[i], cands.rows[i + 1]):
            c = cands.ids[r]
            x = X[r]
            if last_g[0] == c:
                x[INDEX["pick_last_speaker_of_gender"]] = 1.0
            if last_g[1] == c:
                x[INDEX["pick_last_speaker_of_gender_not_turn-1"]] = 1.0
            for d, name in ((-1, "pick_turn-1"), (-2, "pick_turn-2"), (1, "pick_turn+1"), (2, "pick_turn+2")):
                if near[d] == c:
                    x[INDEX[name]] = 1.0
            if near[-2] == c and near[-1] and near[-1] != c:
                x[INDEX["pick_alternate"]] = 1.0
            if near[2] == c and near[1] and near[1] != c:
                x[INDEX["pick_alternate_back"]] = 1.0
            if len(pair) == 2 and c in pair:
                x[INDEX["pick_pair"]] = 1.0
            if near[-1] == c and not cands.tagged[k]:
                x[INDEX["pick_turn-1_and_tagless"]] = 1.0
            if near[-1] == c and cands.pronoun_tagged[k]:
                x[INDEX["pick_turn-1_and_pronoun_tag"]] = 1.0
            if c in resumed:
                x[INDEX[resumed[c]]] = 1.0
            if by_before == c:
                x[INDEX["pick_parity_before"]] = 1.0
            if by_after == c:
                x[INDEX["pick_parity_after"]] = 1.0
            if by_before == c and by_after == c:
                x[INDEX["pick_parity_both"]] = 1.0
    return Candidates(cands.ids, cands.rows, conjoin(X), turns, cands.turn_of, conv, cands.tagged,
                      cands.pronoun_tagged, cands.gap, cands.want, cands.gender, cands.speeches, cands.pause)


def _last_of_gender(said: list, k: int, want: str | None, gender: dict, conv: list[int]) -> tuple:
    """For "she said": the latest speaker of the turns before turn k (this conversation or
    the few before it) of that gender, and the latest one who did not speak turn k-1."""
    if not want:
        return None, None
    first = second = None
    for j in range(k - 1, max(k - SPEAKERS_BACK, 0) - 1, -1):
        c = said[j]
        if c and gender.get(c) == want:
            if first is None:
                first = c
            if second is None and not (j == k - 1 and conv[j] == conv[k]) and c != said[k - 1]:
                second = c
            if first and second:
                break
    return first, second


_WORD = re.compile(r"[a-z]+(?:['\u2019][a-z]+)?")
IDIOLECT_PRIOR = 200.0  # words of the book's dialogue as a whole that weigh on each profile
IDIOLECT_MIN_WORDS = 150  # words of name-tagged speech before a character has a profile
IDIOLECT_MIN_QUOTE = 4  # words of a quotation, at least, to judge it by


class Idiolects:
    """How each character talks: the words of the quotations a name tags as theirs, smoothed
    toward the book's dialogue. score(i, c): the mean log-likelihood ratio, per word, of
    quotation i under c's words against the book's (c's own tagged quotation i left out).
    Words are numbered and bags kept as arrays: `scores` judges one turn against all its
    candidates at once (the speakers stage's costliest part when read word by word)."""

    def __init__(self, speeches: list[str], speakers: list[str | None]) -> None:
        counted = [Counter(_WORD.findall(s.lower())) for s in speeches]
        self.number: dict[str, int] = {}
        for bag in counted:
            for w in bag:
                self.number.setdefault(w, len(self.number))
        self.bags = []  # per quotation: word numbers (ascending) and their counts
        for bag in counted:
            ids = np.array(sorted(self.number[w] for w in bag), dtype=np.int64)
            words = {self.number[w]: n for w, n in bag.items()}
            self.bags.append((ids, np.array([words[k] for k in ids], dtype=float)))
        self.speakers = speakers
        background = np.zeros(len(self.number))
        for ids, counts in self.bags:
            background[ids] += counts
        self.total = float(background.sum())
        vocabulary = len(self.number) + 1
        # each word's share of the book's dialogue, smoothed: its probability and log
        self.share = (background + 1) / (self.total + vocabulary)
        self.log_share = np.log(self.share)
        self.joined: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray, float]] = {}
        self.profiles: dict[str, np.ndarray] = {}
        for (ids, counts), who in zip(self.bags, speakers):
            if who is not None:
                if who not in self.profiles:
                    self.profiles[who] = np.zeros(len(self.number))
                self.profiles[who][ids] += counts
        self.sizes = {c: float(p.sum()) for c, p in self.profiles.items()}

    def score(self, i: int | list[int], c: str) -> float | None:
        """Quotation i's fit, or the fit of quotations i together (one turn's)."""
        return self.scores(i, [c])[c]

    def scores(self, i: int | list[int], cands) -> dict[str, float | None]:
        """`score` for each of `cands` (None: no profile, or too few words to judge by)."""
        indices = (i,) if isinstance(i, int) else tuple(i)
        if indices not in self.joined:  # one turn's words, scored against each candidate
            ids = np.unique(np.concatenate([self.bags[j][0] for j in indices]))
            counts = np.zeros(len(ids))
            for j in indices:
                counts[np.searchsorted(ids, self.bags[j][0])] += self.bags[j][1]
            self.joined[indices] = (ids, counts, float(counts.sum()))
        ids, counts, words = self.joined[indices]
        out: dict[str, float | None] = {c: None for c in cands}
        judged = []
        for c in out:
            own = [j for j in indices if self.speakers[j] == c]  # c's tagged words, left out
            size = self.sizes.get(c, 0.0) - sum(self.bags[j][1].sum() for j in own)
            if size >= IDIOLECT_MIN_WORDS and words >= IDIOLECT_MIN_QUOTE:
                judged.append((c, size, own))
        if not judged:
            return out
        heard = np.stack([self.profiles[c][ids] for c, _, _ in judged])
        for row, (_, _, own) in enumerate(judged):
            for j in own:
                heard[row, np.searchsorted(ids, self.bags[j][0])] -= self.bags[j][1]
        sizes = np.array([size for _, size, _ in judged])
        ratio = np.log(heard + IDIOLECT_PRIOR * self.share[ids]) - self.log_share[ids]
        totals = ratio @ counts - words * np.log(sizes + IDIOLECT_PRIOR)
        for (c, _, _), total in zip(judged, totals):
            out[c] = max(-2.0, min(2.0, float(total) / words))
        return out


def extract(book: Book, rules: list[str], notes: dict) -> Candidates:
    """Candidates and their features for every quotation; book.quotes' speakers must be the
    rule cascade's (speakers.attribute, which also fills `rules` and `notes`)."""
    text = book.source.text
    quotes = book.quotes
    n = len(quotes)
    if not n:
        return Candidates([], [0], np.zeros((0, len(FEATURES))))
    cast = {c.id: c for c in book.characters}
    narrator = next((c.id for c in book.characters if c.narrator), None)
    genders = {c.id: c.gender for c in book.characters}
    breaks = body_breaks(book.source)

    def para_of(x: int) -> int:
        return bisect_right(breaks, x)

    def para_range(p: int) -> tuple[int, int]:
        return (breaks[p - 1] if 0 < p <= len(breaks) else 0, breaks[p] if p < len(breaks) else len(text))

    # narration mentions of cast members (not possessives or objects: "his", "him" do not speak);
    # a he/she speech tag is left out: it is what is being resolved (coreference's guess at
    # it is the feature tag:PRON), not a mention placing someone near the quotation
    tag_pronouns = {id(t) for t in notes["tag"] if t is not None and t.kind != "PROP"}
    narr = [m for m in book.mentions if m.type == "PER" and not m.in_quote and m.character in cast
            and m.text.lower() not in NOT_SPEAKERS and id(m) not in tag_pronouns]
    narr_starts = [m.start for m in narr]
    # names anywhere (narration or dialogue; no pronouns): far candidates
    named_any = [m for m in book.mentions if m.type == "PER" and m.character in cast and m.kind != "PRON"]
    named_starts = [m.start for m in named_any]
    sentence_start = [s for s, _ in book.sentences]

    def opens_sentence(m: Mention) -> bool:
        s = sentence_start[m.sentence] if 0 <= m.sentence < len(sentence_start) else m.start
        return not text[s:m.start].strip(" \r\n\t\"'\u201c\u2018_")

    # salience and muteness (a name nearly only said in dialogue is no speaker)
    outside = {c: 0 for c in cast}
    inside = dict(outside)
    for m in book.mentions:
        if m.character in cast:
            (inside if m.in_quote else outside)[m.character] += 1
    total = {c: outside[c] + inside[c] for c in cast}
    ranked = sorted(cast, key=lambda c: -total[c])
    rank = {c: r for r, c in enumerate(ranked)}
    most = max(total.values(), default=1) or 1
    # mentions inside each quotation: vocatives (addressees) and others
    quote_starts = [q.start for q in quotes]
    vocatives: list[set[str]] = [set() for _ in range(n)]
    named_in: list[set[str]] = [set() for _ in range(n)]
    for m in book.mentions:
        if m.in_quote and m.type == "PER" and m.character in cast and m.kind != "PRON":
            j = bisect_right(quote_starts, m.start) - 1
            if j >= 0 and m.end <= quotes[j].end:
                if m.kind == "PROP" and is_vocative(text, m.start, m.end, (quotes[j].start, quotes[j].end)):
                    vocatives[j].add(m.character)
                else:
                    named_in[j].add(m.character)
    # turns (the quotations of one paragraph) and conversations (runs of adjacent paragraphs)
    paragraph = [para_of(q.start) for q in quotes]
    turns: list[list[int]] = []
    for i, p in enumerate(paragraph):
        if not turns or paragraph[turns[-1][0]] != p:
            turns.append([])
        turns[-1].append(i)
    turn_index = [0] * n
    for k, t in enumerate(turns):
        for i in t:
            turn_index[i] = k
    conv_of = [0] * len(turns)
    for k in range(1, len(turns)):
        same = paragraph[turns[k][0]] - paragraph[turns[k - 1][0]] == 1
        conv_of[k] = conv_of[k - 1] + (not same)
    turn_speaker = [next((quotes[i].speaker for i in t if quotes[i].speaker), None) for t in turns]
    turn_vocatives = [set().union(*(vocatives[i] for i in t)) for t in turns]

    def tagged(i: int) -> tuple[object, str | None]:
        """Quotation i's tag (where it stands, or the name beside the verb) and its character."""
        tag = notes["tag"][i]
        if tag is not None:
            return tag.start, tag.character if tag.character in cast else None
        return notes["tag_name"][i], notes["tag_name"][i]

    def one_voice(i: int, j: int) -> bool:
        """Nothing says quotations i and j of one turn have two speakers: one of them has no
        tag, or their tags are one, or name one character."""
        (ti, ci), (tj, cj) = tagged(i), tagged(j)
        return ti is None or tj is None or ti == tj or (ci is not None and ci == cj)

    # whom each quotation's own speech calls: the calls of its turn, less those of a quotation
    # another tag gives to someone else ('"Well, Harriet, ..." she said, till she heard
    # Harriet say, "I shall never marry."': the second is Harriet's, the call Emma's)
    self_calls = [set().union(*(vocatives[j] for j in turns[turn_index[i]] if one_voice(i, j)))
                  for i in range(n)]
    turn_named = [set().union(*(named_in[i] for i in t)) for t in turns]
    turn_tagged = [any(notes["tag"][i] is not None or notes["tag_name"][i] for i in t) for t in turns]
    turn_pronoun = [any(notes["gender"][i] or (notes["tag"][i] is not None and notes["tag"][i].kind != "PROP"
                                                and not notes["tag"][i].character) for i in t) for t in turns]
    conv_speakers: dict[int, set[str]] = {}
    conv_vocatives: dict[int, set[str]] = {}
    conv_start: dict[int, int] = {}
    for k, s in enumerate(turn_speaker):
        conv_start.setdefault(conv_of[k], paragraph[turns[k][0]])
        if s in cast:
            conv_speakers.setdefault(conv_of[k], set()).add(s)
        conv_vocatives.setdefault(conv_of[k], set()).update(turn_vocatives[k])

    # per turn: who the conversation's quotations have named up to it
    named_so_far: list[set[str]] = []
    for k in range(len(turns)):
        base = named_so_far[-1] if k and conv_of[k] == conv_of[k - 1] else set()
        named_so_far.append(base | turn_named[k] | turn_vocatives[k])

    # turns whose speaker a name beside the verb gives ("said Elizabeth"): the anchors a
    # run of tagless turns alternates from, read from either end (A B A B ... tagged)
    turn_anchor = [next((quotes[i].speaker for i in t if rules[i] in ("tag", "tag-name")
                         and quotes[i].speaker in cast), None) for t in turns]

    def parity(k: int, step: int) -> tuple[str | None, str | None, int]:
        """From the nearest anchored turn before (step -1) or after (+1) turn k in its
        conversation: its speaker A, the other party B (the nearest anchor beyond it with
        another speaker, an odd number of turns away) and the distance to A's turn."""
        j = k + step
        while 0 <= j < len(turns) and conv_of[j] == conv_of[k] and turn_anchor[j] is None:
            j += step
        if not (0 <= j < len(turns) and conv_of[j] == conv_of[k]):
            return None, None, 0
        a = turn_anchor[j]
        b = None
        j2 = j + step
        while 0 <= j2 < len(turns) and conv_of[j2] == conv_of[k]:
            if turn_anchor[j2] is not None and turn_anchor[j2] != a:
                b = turn_anchor[j2] if abs(j2 - j) % 2 == 1 else None
                break
            j2 += step
        return a, b, abs(k - j)

    def neighbour(k: int, d: int) -> int | None:
        j = k + d
        return j if 0 <= j < len(turns) and conv_of[j] == conv_of[k] else None

    # how each character talks, from the quotations a name tags (less the one scored)
    tagged_by_name = [q.speaker if q.speaker in cast and (notes["tag_name"][i] in cast or (
        notes["tag"][i] is not None and notes["tag"][i].kind == "PROP" and notes["tag"][i].character in cast))
        else None for i, q in enumerate(quotes)]
    speeches = [text[q.start:q.end] for q in quotes]
    idiolects = Idiolects(speeches, tagged_by_name)
    ids: list[str] = []
    rows = [0]
    blocks: list[np.ndarray] = []
    F = len(FEATURES)
    for i, q in enumerate(quotes):
        p = paragraph[i]
        k = turn_index[i]
        # from a few paragraphs before the conversation began (within reason)
        first = max(conv_start[conv_of[k]], p - MAX_WINDOW)
        lo = para_range(max(min(p, first) - WINDOW_BEFORE, 0))[0]
        hi = para_range(p + WINDOW_AFTER)[1]
        own = para_range(p)
        window = narr[bisect_left(narr_starts, lo):bisect_left(narr_starts, hi)]
        before = [m for m in window if m.end <= q.start]
        after = [m for m in window if m.start >= q.end]
        tag = notes["tag"][i]
        tag_char = tag.character if tag is not None and tag.character in cast else None
        tag_name = notes["tag_name"][i]
        want = notes["gender"][i]
        prev = [neighbour(k, -1), neighbour(k, -2)]
        nxt = [neighbour(k, 1), neighbour(k, 2)]
        cands: dict[str, None] = {}
        for c in (q.speaker, tag_char, tag_name):
            if c in cast:
                cands[c] = None
        for m in window:
            cands[m.character] = None
        for j in (*prev, *nxt):
            if j is not None:
                if turn_speaker[j] in cast:
                    cands[turn_speaker[j]] = None
                for c in turn_vocatives[j]:
                    cands[c] = None
        for c in (*conv_speakers.get(conv_of[k], ()), *conv_vocatives.get(conv_of[k], ())):
            cands[c] = None
        if narrator in cast:
            cands[narrator] = None
        for c in ranked[:TOP]:
            cands[c] = None
        near_set = set(cands)
        far_lo = para_range(max(p - FAR_BEFORE, 0))[0]
        far = named_any[bisect_left(named_starts, far_lo):bisect_left(named_starts, hi)]
        far_para: dict[str, int] = {}
        for m in far:
            if m.end <= q.start:
                far_para[m.character] = p - para_of(m.start)
            cands.setdefault(m.character, None)
        recent: dict[str, int] = {}
        for j in range(i - 1, max(i - RECENT, 0) - 1, -1):
            s_ = quotes[j].speaker
            if s_ in cast and s_ not in recent:
                recent[s_] = i - j
        recent_after = {quotes[j].speaker for j in range(i + 1, min(i + 1 + RECENT_AFTER, n))
                        if quotes[j].speaker in cast}
        for c in (*recent, *recent_after):
            cands.setdefault(c, None)
        if tag is not None and tag.kind == "NOM" and tag_char is None:
            # "said the man with the basket" is not "the parson": a person the book never
            # names speaks where it describes them, not under another description
            for c in [c for c in cands if c and c.startswith(UNNAMED_ID)]:
                del cands[c]
        conv_named = named_so_far[k]
        if not cands:
            rows.append(rows[-1])
            continue
        own_before = [m for m in before if m.start >= own[0]]
        own_after = [m for m in after if m.end <= own[1]]
        prev_range = para_range(p - 1) if p else (0, 0)
        next_range = para_range(p + 1)
        last = [m.character for m in reversed(before)]
        order_before = list(dict.fromkeys(last))
        order_after = list(dict.fromkeys(m.character for m in after))
        conv = conv_speakers.get(conv_of[k], set())
        # "she said": the latest woman the narration names before it (and not the last speaker)
        prev_speaker = turn_speaker[prev[0]] if prev[0] is not None else None
        of_gender = [c for c in order_before if want and cast[c].gender == want]
        of_gender_other = [c for c in of_gender if c != prev_speaker]
        subjects = [m.character for m in reversed(own_before) if want and cast[m.character].gender == want
                    and opens_sentence(m)]
        # the parse's roles (stages/portraits facts): the last one doing something before the
        # quotation in its paragraph ("Elinor turned away. '...'"), the one acted on or
        # asked ("The young man asked Mrs. Miller how she liked Rome." — she answers)
        doers_before = [m.character for m in own_before if any(f[0] == "does" for f in m.facts)]
        doers_after = [m.character for m in own_after if any(f[0] == "does" for f in m.facts)]
        objects_before = {m.character for m in own_before if any(f[0] == "undergoes" for f in m.facts)}
        objects_prev = {m.character for m in before if prev_range[0] <= m.start < prev_range[1]
                        and any(f[0] == "undergoes" for f in m.facts)}
        resumed: dict[str, str] = {}
        if prev[0] is None and k and paragraph[turns[k][0]] - paragraph[turns[k - 1][0]] <= RESUME + 1:
            resumed = {turn_speaker[k - 1]: "resumed-1"}
            if k >= 2 and conv_of[k - 2] == conv_of[k - 1] and turn_speaker[k - 2] != turn_speaker[k - 1]:
                resumed[turn_speaker[k - 2]] = "resumed-2"
        last_g = _last_of_gender(turn_speaker, k, want, genders, conv_of)
        pb, pa = parity(k, -1), parity(k, 1)

        def by_parity(a: str | None, b: str | None, dist: int) -> str | None:
            return (a if dist % 2 == 0 else b) if a else None

        from_before, from_after = by_parity(*pb), by_parity(*pa)
        X = np.zeros((len(cands), F))
        around = text[q.end:min(q.end + 60, quotes[i + 1].start if i + 1 < n else len(text), own[1])] \
            + " " + text[max(q.start - 60, own[0], quotes[i - 1].end if i else 0):q.start]
        if _CONTINUE.search(around):
            X[:, INDEX["verb:continue"]] = 1.0
        elif _REPLY.search(around):
            X[:, INDEX["verb:reply"]] = 1.0
        own_named = tag_name is not None or (tag is not None and tag.kind == "PROP" and tag_char is not None)
        if not own_named and turn_pronoun[k]:
            X[:, INDEX["regime:pronoun"]] = 1.0
        elif not own_named and not turn_tagged[k]:
            X[:, INDEX["regime:none"]] = 1.0
        fit = idiolects.scores(turns[k], cands)
        profiled = {c: v for c, v in fit.items() if v is not None}
        best_fit = max(profiled, key=profiled.get) if len(profiled) >= 2 else None
        for r, c in enumerate(cands):
            x = X[r]

            def put(name: str, value: float = 1.0) -> None:
                x[INDEX[name]] = value

            if c == q.speaker:
                put("rule_pick")
                if f"rule_pick:{rules[i]}" in INDEX:
                    put(f"rule_pick:{rules[i]}")
            if c == tag_char:
                put("tag")
                put(f"tag:{tag.kind}")
            if c == tag_name:
                put("tag_name")
            g = cast[c].gender
            if want:
                if g == want:
                    put("gender_match")
                elif g in ("he/him", "she/her"):
                    put("gender_mismatch")
                else:
                    put("gender_unknown_with_tag")
            mine_before = [m for m in own_before if m.character == c]
            mine_after = [m for m in own_after if m.character == c]
            if mine_before:
                put("para_before")
                if own_before[-1].character == c:
                    put("para_before_last")
                if any(opens_sentence(m) for m in mine_before):
                    put("subject_para")
                if any(m.kind == "PRON" for m in mine_before):
                    put("pronoun_para")
            if mine_after:
                put("para_after")
                if own_after[0].character == c:
                    put("para_after_first")
                if any(m.kind == "PRON" for m in mine_after):
                    put("pronoun_para")
            in_prev = [m for m in before if m.character == c and prev_range[0] <= m.start < prev_range[1]]
            if in_prev:
                put("prev_para")
                if any(opens_sentence(m) for m in in_prev):
                    put("subject_prev_para")
            if any(m.character == c and next_range[0] <= m.start < next_range[1] for m in after):
                put("next_para")
            if order_before[:1] == [c]:
                put("last_before")
            elif order_before[1:2] == [c]:
                put("second_before")
            if order_after[:1] == [c]:
                put("first_after")
            near_before = next((m for m in reversed(before) if m.character == c), None)
            near_after = next((m for m in after if m.character == c), None)
            if near_before is None:
                put("none_before")
            else:
                put("dist_before", math.log1p(q.start - near_before.end) / 8)
            if near_after is None:
                put("none_after")
            else:
                put("dist_after", math.log1p(near_after.start - q.end) / 8)
            put("mentions_window", math.log1p(sum(m.character == c for m in window)) / 3)
            for name, j in (("turn-1", prev[0]), ("turn-2", prev[1]), ("turn+1", nxt[0]), ("turn+2", nxt[1])):
                if j is not None and turn_speaker[j] == c:
                    put(name)
            if prev[0] is not None and turn_speaker[prev[0]] == c and not turn_tagged[k]:
                put("turn-1_and_tagless")
            if prev_speaker == c and turn_pronoun[k]:
                put("turn-1_and_pronoun_tag")
            if of_gender[:1] == [c]:
                put("last_of_gender")
            if of_gender_other[:1] == [c]:
                put("last_of_gender_not_turn-1")
            if subjects[:1] == [c]:
                put("subject_of_gender")
            if prev[0] is not None and c in turn_vocatives[prev[0]]:
                put("addressed_by_turn-1")
            if nxt[0] is not None and c in turn_vocatives[nxt[0]]:
                put("addressed_by_turn+1")
            if c in self_calls[i]:
                put("addresses_self")
            if fit[c] is None:
                put("no_idiolect")
            else:
                put("idiolect", fit[c])
                if c == best_fit:
                    put("idiolect_best")
            if c in turn_named[k]:
                put("in_quote")
            if prev[0] is not None and c in turn_named[prev[0]]:
                put("in_turn-1_quote")
            if c in conv_vocatives.get(conv_of[k], ()):
                put("conversation_addressed")
            if c in conv:
                put("conversation_speaker")
                if len(conv) == 2:
                    put("conversation_pair")
            if prev[0] is None:
                put("first_turn")
                if order_before[:1] == [c]:
                    put("first_turn_last_before")
            put("salience", math.log1p(total[c]) / math.log1p(most))
            if rank[c] == 0:
                put("top1")
            if rank[c] < 3:
                put("top3")
            if c == narrator:
                put("narrator")
                if tag is None and tag_name is None:
                    put("narrator_no_tag")
            if outside[c] < 3 and outside[c] < inside[c]:
                put("mute")
            if c in near_set:
                put("near")
            elif c in far_para:
                put("far_named")
            if c in far_para:
                put("far_para_dist", math.log1p(far_para[c]) / 3)
            if c in recent:
                put("recent_speaker")
                put("recent_quotes_back", math.log1p(recent[c]) / 3)
            if c in recent_after:
                put("recent_after")
            if c in conv_named:
                put("named_in_conversation")
            if c in resumed:
                put(resumed[c])
            if last_g[0] == c:
                put("last_speaker_of_gender")
            if last_g[1] == c:
                put("last_speaker_of_gender_not_turn-1")
            if doers_before[-1:] == [c]:
                put("doer_last_before")
            if doers_after[:1] == [c]:
                put("doer_first_after")
            if c in objects_before:
                put("object_before")
            if c in objects_prev:
                put("object_prev_para")
            if pb[0] == c:
                put("anchor_even" if pb[2] % 2 == 0 else "anchor_odd")
            if pa[0] == c:
                put("anchor_after_even" if pa[2] % 2 == 0 else "anchor_after_odd")
            if from_before == c:
                put("parity_before")
            if from_after == c:
                put("parity_after")
            if from_before == c and from_after == c:
                put("parity_both")
        ids.extend(cands)
        rows.append(rows[-1] + len(cands))
        blocks.append(X)
    X = np.vstack(blocks) if blocks else np.zeros((0, F))
    gap = [paragraph[turns[k][0]] - paragraph[turns[k - 1][0]] if k else 10 ** 6 for k in range(len(turns))]
    turn_want = [next((notes["gender"][i] for i in t if notes["gender"][i]), None) for t in turns]
    pause = [bool(k) and gap[k] == 1 and _pause(text[quotes[turns[k - 1][-1]].end:para_range(paragraph[turns[k - 1][0]])[1]])
             for k in range(len(turns))]
    return Candidates(ids, rows, conjoin(X), turns, turn_index, conv_of, turn_tagged, turn_pronoun, gap,
                      turn_want, genders, speeches, pause)


PAUSE_CHARS = 25  # narration after a paragraph's speech that is more than its tag
_MARKS_AND_SPACE = " \t\r\n\"'\u201d\u2019\u00bb"


def _pause(tail: str) -> bool:
    """Narration closing a paragraph after its speech, beyond a speech tag: 'Aziz shook his
    head distastefully.', not ', he replied.' (PDNC gold, paragraphs of speech followed by
    one: the same voice goes on after 23% of those this marks, 2.5% of the others)."""
    tail = tail.strip(_MARKS_AND_SPACE)
    if len(tail) < PAUSE_CHARS:
        return False
    return tail[:1] not in ",;" and not tail[:1].islower() or bool(_NEXT_SENTENCE.search(tail))


# a sentence ends and another begins ("... he replied. Aziz shook his head"), not "Mr. Fielding"
_NEXT_SENTENCE = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?]\s+[A-Z]")
