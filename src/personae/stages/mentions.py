"""Entity mentions from one parsed piece of the book: names, common nouns, pronouns.

Proper names come from spaCy's entity recogniser; common-noun mentions ("the old man",
"the carriage") from noun chunks whose head is in a lexicon learnt from LitBank's train
split (scripts/build_nominal_lexicon.py); pronouns from the tagger.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, SpanGroup

from personae.book import Mention
from personae.stages.names import PARTICLES, TITLES

RARE_TYPES = frozenset({"VEH", "ORG"})
SPANS_KEY = "litbank"  # where the literary model puts its spans
ENT_TYPES = {"PERSON": "PER", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "ORG": "ORG"}
PERSONAL_PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves "
    "he him his himself she her hers herself they them their theirs themselves "
    "thou thee thy thine thyself".split())
# a "name" that is a heading, a number or a stray symbol is no name
_NOT_A_NAME = re.compile(r"^(chapter|book|part|volume|letter|section|preface|contents)\b|[\d_*\[\]#@<>{}|\\/=]",
                         re.IGNORECASE)
MAX_NAME_WORDS = 4
# months and weekdays that are no given names ("April", "May", "June" can be)
MONTHS_AND_DAYS = frozenset("january february march july september october november december "
                            "monday tuesday wednesday thursday friday saturday sunday".split())
PLURAL_TITLES = frozenset({"generals", "colonels", "captains", "majors", "messrs", "messrs."})
_TRIM = "'\u2019\"\u201c\u201d\u2018,;:!?()-\u2014 "


# words that make a proper name a place ("Chattanooga Creek", "Lucas Lodge") beyond those
# the LitBank lexicon has seen often enough
PLACE_WORDS = {**dict.fromkeys("creek river mountain mountains lake bay island isle valley "
                               "ridge hill hills county gulf sound cape peninsula".split(), "LOC"),
               **dict.fromkeys("street road lane square hall house park lodge church castle abbey "
                               "station fort bridge manor court place inn hotel".split(), "FAC"),
               **dict.fromkeys("city town county".split(), "GPE")}


@lru_cache(maxsize=1)
def nominal_heads() -> dict[str, str]:
    data = resources.files("personae.data").joinpath("nominal_heads.json").read_text("utf-8")
    return json.loads(data)


@lru_cache(maxsize=1)
def place_words() -> dict[str, str]:
    heads = {w: t for w, t in nominal_heads().items() if t != "PER"}
    return {**PLACE_WORDS, **heads}


def _proper_spans(ent: Span) -> list[Span]:
    """The names in a recognised person span: "Mary and Kitty" is two."""
    doc = ent.doc
    spans, start = [], ent.start
    for token in ent:
        if token.lower_ in ("and", "&", "or", "nor"):
            spans.append(doc[start:token.i])
            start = token.i + 1
    spans.append(doc[start:ent.end])
    return [fixed for span in spans if len(span) and (fixed := _proper_span(span)) is not None]


def _proper_span(ent: Span) -> Span | None:
    """The name as the book writes it: titles before it kept; a possessive 's, a leading
    "the" and a trailing "said" dropped; None when what is left is not a name."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start > 0 and doc[start - 1].text.rstrip(".").lower() in TITLES and doc[start - 1].text[0].isupper():
        start -= 1
    while start < end and not _is_name_word(doc[start]):
        start += 1
    # "Atlanta Mr. Davis": a title inside a name begins the name
    for i in range(start + 1, end - 1):
        if doc[i].text.rstrip(".").lower() in TITLES and doc[i - 1].text.rstrip(".").lower() not in TITLES:
            start = i
            break
    # "July General Halleck", "November Hood": a date running into a name
    while end - start > 1 and doc[start].lower_ in MONTHS_AND_DAYS:
        start += 1
    for i in range(start + 1, end):  # "Mina Harker's Journal": the name is before the 's
        if doc[i].lower_ in ("'s", "\u2019s"):
            end = i
            break
    while end > start and not _is_name_word(doc[end - 1]):
        end -= 1
    if end <= start:
        return None
    span = doc[start:end]
    if "\n" in span.text or _NOT_A_NAME.search(span.text) or span[0].text in ("I", "I."):
        return None
    # "Arthur Holmwood to Seward" is two names and a word: not one name
    if any(not _is_name_word(t) and t.lower_ not in PARTICLES for t in span):
        return None
    # nor is "GENERAL R. E. LEE Commanding C. S. A." (a name has at most four words), nor a
    # bare "Mr."
    name_words = sum(1 for t in span if t.text.rstrip(".").lower() not in TITLES)
    if name_words > MAX_NAME_WORDS or name_words == 0:
        return None
    return span


def _is_name_word(token) -> bool:
    text = token.text
    return (text[0].isupper() and token.tag_ not in ("DT", "PRP$", "PRP")
            and (token.is_alpha or text.rstrip(".").isalpha() or "-" in text or "'" in text))


def _extend_name(span: Span) -> Span:
    """The whole name when the model stopped short: "Van" -> "Van Helsing", "Abraham Van"
    -> "Abraham Van Helsing" (proper nouns and particles running on in the sentence)."""
    doc, end = span.doc, span.end
    limit = span.sent.end
    if span[0].lower_ in PLURAL_TITLES:  # "Generals Thomas [and] McPherson": a list
        return span
    while end < limit:
        token = doc[end]
        if (token.tag_ in ("NNP", "NNPS") and _is_name_word(token) and not token.is_sent_start
                and token.text.rstrip(".").lower() not in TITLES):  # a title begins another name
            end += 1
        elif (token.lower_ in PARTICLES and end + 1 < limit and doc[end + 1].tag_ == "NNP"
              and _is_name_word(doc[end + 1])):
            end += 2
        else:
            break
    name_words = sum(1 for t in doc[span.start:end] if t.text.rstrip(".").lower() not in TITLES)
    return doc[span.start:end] if name_words <= MAX_NAME_WORDS else span


def _news_model_mentions(doc: Doc, add) -> None:
    """Mentions from a news-trained recogniser (ents) and lexicon-matched noun chunks."""
    taken = bytearray(len(doc))  # tokens inside a proper name are not also common nouns
    places = place_words()
    for ent in doc.ents:
        entity_type = ENT_TYPES.get(ent.label_)
        if entity_type is None:
            continue
        spans = _proper_spans(ent) if entity_type == "PER" else [ent]
        for span in spans:
            if not span.text.strip(_TRIM):
                continue
            # "Lucas Lodge", "Castle Dracula": a place word in the name says what it is
            place = [places[t.lower_] for t in (span[0], span[-1])
                     if len(span) > 1 and t.lower_ in places]
            add(span, place[0] if place else entity_type, "PROP")
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
    _lexicon_nominals(doc, add, taken)


def _lexicon_nominals(doc: Doc, add, taken: bytearray, types: frozenset[str] | None = None) -> None:
    heads = nominal_heads()
    for chunk in doc.noun_chunks:
        root = chunk.root
        if taken[root.i] or root.tag_ not in ("NN", "NNS"):
            continue
        entity_type = heads.get(root.lower_)
        if entity_type is None or (types is not None and entity_type not in types):
            continue
        start = chunk.start
        while start < root.i and (doc[start].is_punct or doc[start].is_space):
            start += 1
        add(doc[start:root.i + 1], entity_type, "NOM")


def one_span_per_head(spans: SpanGroup) -> list[Span]:
    """Of the model's spans of one type around one head word ("the premises" / "all the
    premises"), the likeliest: one entity has one head (two of LitBank's 12,500 gold spans
    share a type and a head with another), and nested mentions have heads of their own."""
    scores = spans.attrs.get("scores")
    if scores is None or len(scores) != len(spans):
        return list(spans)
    best: dict[tuple[str, int], int] = {}
    for k, span in enumerate(spans):
        key = (span.label_, span.root.i)
        if key not in best or float(scores[k].max()) > float(scores[best[key]].max()):
            best[key] = k
    keep = set(best.values())
    return [span for k, span in enumerate(spans) if k in keep]


def _literary_model_mentions(doc: Doc, add) -> None:
    """Mentions from the literary span model, with person names repaired for clustering."""
    found: list[tuple[Span, str, str, Span]] = []  # (name or span, type, kind, model's span)
    for span in one_span_per_head(doc.spans[SPANS_KEY]):
        label, proper = span.label_, span.root.tag_ in ("NNP", "NNPS")
        name = span
        if proper and label == "PER":
            name = _proper_span(span)  # "Darcy's" -> "Darcy", for clustering
            if name is None:  # "the Colonel": a person, but no name to cluster by
                proper, name = False, span
            else:
                name = _extend_name(name)
        found.append((name, label, "PROP" if proper else "NOM", span))
    # one name, one mention: "Van" and "Dr. Van" both grown, to "Van Helsing" inside "Dr.
    # Van Helsing", are one (a bare "Dr." inside it stays, a nominal as LitBank has it)
    names = sorted({(s.start, s.end) for s, label, kind, _ in found if kind == "PROP" and label == "PER"},
                   key=lambda se: se[0] - se[1])
    kept: list[tuple[int, int]] = []
    for start, end in names:
        if not any(s <= start and end <= e for s, e in kept):
            kept.append((start, end))
    outer = set(kept)
    seen: set[tuple[int, int, str]] = set()
    for span, label, kind, model_span in found:
        key = (span.start, span.end, label)
        if key in seen or (kind == "PROP" and label == "PER" and key[:2] not in outer):
            continue
        seen.add(key)
        add(span, label, kind, model_span)
    # the model has seen too few vehicles and organisations (LitBank: 182 and 125) to
    # find them; common nouns from the lexicon fill in ("the carriage", "the regiment")
    _lexicon_nominals(doc, add, bytearray(len(doc)), types=RARE_TYPES)


def extract(doc: Doc, offset: int, sentence_base: int) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Mentions and sentence spans of `doc`, whose text starts at `offset` in the source."""
    sentences = [(s.start_char + offset, s.end_char + offset) for s in doc.sents]
    sentence_of = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for j in range(sent.start, sent.end):
            sentence_of[j] = sentence_base + i
    mentions: list[Mention] = []

    def add(span: Span, entity_type: str, kind: str, model_span: Span | None = None) -> None:
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        found = None
        if model_span is not None and (model_span.start, model_span.end) != (span.start, span.end):
            found = (model_span.start_char + offset, model_span.end_char + offset, model_span.text)
        mentions.append(Mention(span.start_char + offset, span.end_char + offset, span.text,
                                entity_type, kind, sentence=sentence_of[span.start], before=before,
                                span=found))

    if SPANS_KEY in doc.spans:  # the literary model: nested spans, typed by LitBank
        _literary_model_mentions(doc, add)
    else:
        _news_model_mentions(doc, add)

    for token in doc:
        if token.tag_ in ("PRP", "PRP$") and token.lower_ in PERSONAL_PRONOUNS:
            add(doc[token.i:token.i + 1], "PER", "PRON")
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions, sentences
