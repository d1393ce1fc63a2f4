"""Portraits: what each person does, undergoes, is said to be and owns, from the parse.

Two halves, because the spaCy Doc is dropped after each piece is parsed:
- `record(doc, offset, mentions)` runs inside parse.run on every piece and stores on each
  person mention its syntactic facts (`Mention.facts`): (relation, value, anchor), with
  relation one of does / undergoes / described / owns, and anchor the source offset of the
  governing verb (-1 if none), so that "Darcy loved Elizabeth" can be joined up later.
- `run(book)` (after characters.finish) adds the facts up per character into
  `Character.portrait`, with the sentences that describe each person best as evidence.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

import numpy
from spacy.tokens import Doc, Token

from personae.book import Book, Mention

TOP = 15
EVIDENCE = 5
MAX_PHRASE_TOKENS = 9  # an apposition or predicate longer than this is cut
BE = frozenset("be is was were are am been being 's 're 'm art wert".split())
# verbs that link a subject to a description ("seemed happy", "became a general")
LINKING = frozenset("seem become look appear remain grow feel sound prove turn stay".split())
WHO = frozenset({"who", "that", "which", "whom"})
SUBJECT = frozenset({"nsubj", "nsubjpass"})
# what says nothing about a person ("he was there", "she was it")
EMPTY_PREDICATES = frozenset("there here it this that so such one what all more less much many "
                             "enough same other own sure able".split())
# nouns of time and measure: "Hugh, this morning," is no apposition about Hugh
TIME_NOUNS = frozenset("morning evening night day week month year time moment hour minute "
                       "afternoon while today tonight yesterday tomorrow".split())
# evidence: a described fact is worth more than an owned thing, which is worth more than an act
EVIDENCE_WEIGHT = {"described": 3.0, "owns": 1.0, "does": 0.5, "undergoes": 0.5}
# verbs whose clause's subject is also their object: "heard her say", "saw him go", "made her cry"
PERCEIVING = frozenset("hear see watch feel notice observe make let have bid help".split())


@lru_cache(maxsize=1)
def lemmatizer():
    """spaCy's rule lemmatizer from the pinned model package (the tables only: the shipped
    pipeline leaves its lemmatizer out to save time on every token; only the few verbs that
    govern a person are lemmatized here). None when the package is absent."""
    import spacy
    from personae.nlp import MODEL_PACKAGE
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                                  "ner", "senter"])
        return nlp.get_pipe("lemmatizer")
    except (OSError, KeyError):
        return None


_LEMMAS: dict[tuple[str, str], str] = {}


def lemma(token: Token) -> str:
    key = (token.lower_, token.tag_)
    found = _LEMMAS.get(key)
    if found is None:
        found = token.lower_
        lem = lemmatizer()
        if lem is not None and token.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            try:
                found = lem.rule_lemmatize(token)[0].lower()
            except (IndexError, KeyError, ValueError):
                pass
        if len(_LEMMAS) < 200_000:
            _LEMMAS[key] = found
    return found


def _noun_phrase(head: Token, limit: int | None = None) -> str:
    """A describing noun with what hangs on it, up to the first comma or clause after it:
    "the head of the political police", not "the assistant, a fair, quiet young man"; when
    that is too long, the noun with the words before it ("a large, smooth, handsome man")."""
    end = head.right_edge.i + 1 if limit is None else min(limit, head.right_edge.i + 1)
    for token in head.doc[head.i + 1:end]:
        if token.is_punct or token.dep_ in ("relcl", "acl", "cc", "conj", "appos"):
            end = token.i
            break
    start = head.left_edge.i
    if end - start > MAX_PHRASE_TOKENS:
        end = head.i + 1
        start = max(start, end - MAX_PHRASE_TOKENS)
    return _phrase(head.doc, start, end)


def _describing_noun(token: Token, plural: bool = False) -> bool:
    """A singular common noun ("a tall man", "the head of"), not a time ("this morning"), a
    plural apposition ("Lee, all the older officers") or a phrase opened by a name ("Wallace on
    the right"). A plural predicate may describe ("He and Sherman are the fittest officers")."""
    if token.tag_ not in (("NN", "NNS") if plural else ("NN",)) or token.lower_ in TIME_NOUNS:
        return False
    first = token.left_edge
    return not (first.pos_ == "PROPN" or (first.is_title and first.i != token.sent.start
                                         and first.pos_ not in ("DET", "PRON", "ADJ")))


def _phrase(doc: Doc, start: int, end: int) -> str:
    """Text of tokens start..end, cut to a readable length, without edge punctuation."""
    end = min(end, start + MAX_PHRASE_TOKENS)
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return " ".join(doc[start:end].text.split())


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _predicates(verb: Token, skip: Token | None = None) -> list[str]:
    """Descriptions a copular or linking verb gives its subject (or an "oprd" its object):
    "was a tall man" -> "a tall man", "tall"; "was not happy" -> "not happy"."""
    found = []
    neg = "not " if _negated(verb) else ""
    for child in verb.children:
        if child is skip or child.dep_ not in ("attr", "acomp", "oprd"):
            continue
        if child.lower_ in EMPTY_PREDICATES or child.pos_ in ("PRON", "DET", "NUM", "ADV", "ADP"):
            continue
        if _describing_noun(child, plural=True):  # "was Duncan" names, "was a keeper" describes
            found.append(neg + _noun_phrase(child))
            found.extend(neg + a.lower_ for a in child.children
                         if a.dep_ == "amod" and a.lower_ not in EMPTY_PREDICATES)
        elif child.pos_ == "ADJ":  # "was patient and cold"
            found.extend(neg + a.lower_ for a in (child, *child.conjuncts)
                         if a.pos_ == "ADJ" and a.lower_ not in EMPTY_PREDICATES)
    return found


def _clause_facts(verb: Token, role: str, root: Token, shared: bool = True) -> list[tuple[str, str, int]]:
    """Facts for a person who is `role` (subject / passive / object) of `verb`."""
    facts: list[tuple[str, str, int]] = []
    anchor = verb.idx
    if role == "subject":
        if verb.lower_ in BE or (verb.pos_ == "AUX" and lemma(verb) == "be"):
            facts.extend(("described", p, anchor) for p in _predicates(verb))
            return facts
        if verb.pos_ != "VERB":
            return facts
        facts.append(("does", lemma(verb), anchor))
        if lemma(verb) in LINKING:
            facts.extend(("described", p, anchor) for p in _predicates(verb))
        if shared:
            facts.extend(("does", lemma(conj), conj.idx) for conj in _sharing_subject(verb))
    elif verb.pos_ == "VERB":
        facts.append(("undergoes", lemma(verb), anchor))
        if role == "object":  # "they called her beautiful"
            facts.extend(("described", p, anchor) for p in _predicates(verb, skip=root))
    return facts


def _sharing_subject(verb: Token) -> list[Token]:
    """The verbs that have `verb`'s subject and none of their own: those conjoined to it,
    down the chain ("reached across, picked up the braid, held it out and said": the parse
    hangs each on the one before), and the verb it governs when it has no object to be that
    verb's subject ("could not help saying", "began to speak"; not "told him to go")."""
    found = []
    todo = [c for c in verb.children if c.dep_ == "conj" or (c.dep_ == "xcomp" and not _has_object(verb))]
    while todo:
        other = todo.pop()
        if other.pos_ != "VERB" or any(c.dep_ in SUBJECT for c in other.children):
            continue
        found.append(other)
        todo.extend(c for c in other.children if c.dep_ == "conj" or (c.dep_ == "xcomp" and not _has_object(other)))
    return sorted(found, key=lambda t: t.i)


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "dative") for c in verb.children)


def facts_of(root: Token, kind: str) -> list[tuple[str, str, int]]:
    """Every fact the parse gives about the person whose mention has head token `root`."""
    doc = root.doc
    facts: list[tuple[str, str, int]] = []
    node = root
    while node.dep_ == "conj" and node.head is not node and node.head.pos_ in ("PROPN", "NOUN", "PRON"):
        node = node.head  # "Jane and Elizabeth walked": Elizabeth's role is Jane's
    dep, head = node.dep_, node.head
    if dep == "nsubj":
        facts.extend(_clause_facts(head, "subject", root))
        governor = head.head
        if head.dep_ in ("ccomp", "xcomp") and governor.pos_ == "VERB" and lemma(governor) in PERCEIVING \
                and not any(c.dep_ == "mark" for c in head.children):
            # "Mary heard her say": she is heard, and so is no Mary (coreference binds her)
            facts.append(("undergoes", lemma(governor), governor.idx))
    elif dep == "nsubjpass":
        facts.extend(_clause_facts(head, "passive", root))
    elif dep in ("dobj", "dative"):
        facts.extend(_clause_facts(head, "object", root))
    elif dep == "pobj" and head.dep_ == "agent":  # "loved by Wickham"
        facts.extend(_clause_facts(head.head, "subject", root, shared=False))
    elif dep == "poss" and head.pos_ == "NOUN":
        facts.append(("owns", lemma(head), -1))
    elif dep == "appos" and head.i < root.i and _describing_noun(head):
        # "the head of the political police, Colonel X"
        facts.append(("described", _noun_phrase(head, limit=root.left_edge.i), -1))
    if kind == "PRON":
        return facts
    for child in root.children:
        if child.dep_ == "appos" and _describing_noun(child):
            facts.append(("described", _noun_phrase(child), -1))
        elif (child.dep_ == "amod" and child.pos_ == "ADJ" and child.lower_ not in EMPTY_PREDICATES
              and not (child.i and doc[child.i - 1].lower_ in ("my", "our"))):  # "my dear Lizzy" is address
            facts.append(("described", child.lower_, -1))
        elif child.dep_ == "relcl":  # "Wickham, who had married Lydia"
            for sub in child.children:
                if sub.lower_ in WHO and sub.dep_ in SUBJECT:
                    facts.extend(_clause_facts(child, "subject" if sub.dep_ == "nsubj" else "passive", root))
    return facts


def record(doc: Doc, offset: int, mentions: list[Mention]) -> dict[int, tuple[tuple[str, str, int], ...]]:
    """Store on each person mention of this piece its facts (anchors made source offsets).
    Returns the facts of the proper nouns that no mention covers, by source offset: the
    characters stage later finds names the recogniser missed there."""
    if not len(doc):
        return {}
    # not len(doc.text): Doc.text joins every token anew, the dearest line here
    covered = bytearray(doc[-1].idx + len(doc[-1].text_with_ws) + 1)
    for m in mentions:
        if m.type != "PER":
            continue
        span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        if span is None or not len(span):
            continue
        covered[span.start_char:span.end_char] = b"\x01" * (span.end_char - span.start_char)
        found = facts_of(span.root, m.kind)
        if found:
            m.facts = _absolute(found, offset)
    spare: dict[int, tuple[tuple[str, str, int], ...]] = {}
    tags = doc.to_array("TAG")
    for i in numpy.flatnonzero(numpy.isin(tags, _proper_tags())):
        token = doc[int(i)]
        if token.dep_ != "compound" and not covered[token.idx]:
            found = facts_of(token, "PROP")
            if found:
                spare[token.idx + offset] = _absolute(found, offset)
    return spare


def _absolute(found: list[tuple[str, str, int]], offset: int) -> tuple[tuple[str, str, int], ...]:
    return tuple((rel, value, anchor + offset if anchor >= 0 else -1)
                 for rel, value, anchor in found if value and not _not_description(rel, value))


def _not_description(rel: str, value: str) -> bool:
    """A heading run into a sentence ("THE CAMPAIGN IN GEORGIA") or a number ("4th")."""
    return rel == "described" and (any(ch.isdigit() for ch in value) or "--" in value
                                   or (value.isupper() and sum(ch.isalpha() for ch in value) > 1))


@lru_cache(maxsize=1)
def _proper_tags() -> numpy.ndarray:
    from spacy.strings import hash_string
    return numpy.array([hash_string("NNP"), hash_string("NNPS")], dtype=numpy.uint64)


def attach_name_facts(book: Book) -> None:
    """Give the names found after parsing (no facts yet) the facts of their head word.
    Run once the cast's missed names are added, for coreference and speech tags to read
    ("Fielding, who didn't dislike Miss Derek, replied:"), and again here for later ones."""
    for m in book.mentions:
        if m.kind == "PROP" and m.type == "PER" and not m.facts:
            head = m.start + m.text.rfind(" ") + 1  # a name's head is its last word
            m.facts = book.name_facts.get(head, ())


def run(book: Book) -> None:
    """Character.portrait for every cast member, from the facts of their mentions."""
    attach_name_facts(book)
    book.name_facts = {}
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    sentence_score: dict[str, Counter[int]] = defaultdict(Counter)
    for m in book.mentions:
        if m.character is None or not m.facts:
            continue
        # the narration's word on a person, where it names them, is better evidence than a
        # speaker's "I" (which may be misattributed)
        weight = (0.5 if m.in_quote else 1.0) * (1.5 if m.kind == "PROP" else 1.0)
        for rel, value, _ in m.facts:
            counts[m.character][rel][value] += 1
            if m.sentence >= 0:
                sentence_score[m.character][m.sentence] += EVIDENCE_WEIGHT[rel] * weight
    for c in book.characters:
        by_rel = counts.get(c.id, {})
        portrait: dict[str, list] = {rel: [[v, n] for v, n in _top(by_rel.get(rel, Counter()))]
                                     for rel in ("does", "undergoes", "described", "owns")}
        portrait["evidence"] = _evidence(book, sentence_score.get(c.id, Counter()))
        c.portrait = portrait


def _top(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def _evidence(book: Book, scores: Counter[int]) -> list[list[int]]:
    """The best-scoring sentences, best first; a very long sentence is penalised so that
    the evidence stays readable."""
    def value(i: int) -> float:
        s, e = book.sentences[i]
        return scores[i] / (1.0 + max(0, e - s - 300) / 300)
    best = sorted((i for i in scores if i < len(book.sentences)), key=lambda i: (-value(i), i))
    return [list(book.sentences[i]) for i in best[:EVIDENCE]]
