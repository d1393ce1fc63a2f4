"""The records personae produces, and the book.json contract ("personae/1").

Offsets (`start`, `end`) are half-open `str` indices into `Source.text`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from personae.sources import Source

SCHEMA = "personae/1"
ENTITY_TYPES = ("PER", "LOC", "GPE", "FAC", "ORG", "VEH")
MENTION_KINDS = ("PROP", "NOM", "PRON")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    kind: str  # one of MENTION_KINDS
    character: str | None = None  # id of the cast member, for persons
    in_quote: bool = False  # inside a quotation (first person there is the speaker)
    sentence: int = -1  # index of the sentence in book order
    before: str = ""  # the word before, lower case ("in Kent" is a place)
    # coreference group of a mention that is no cast member's (stages/coref.py): the same
    # place named twice, the "they" of one group, the "you" of one speech; None if alone
    entity: str | None = None
    # what the parse says about a person mention (stages/portraits.py): (relation, value,
    # anchor) with relation does/undergoes/described/owns, anchor the governing verb's offset
    facts: tuple[tuple[str, str, int], ...] = ()
    # the recogniser's own (start, end, text) when the name was repaired for clustering
    # ("Darcy's" -> "Darcy"): what book.json reports, LitBank's way of marking spans
    span: tuple[int, int, str] | None = None

    @property
    def phrase(self) -> str:
        """The mention's words, spaces folded, with the article the recogniser left out
        ("Jew" after "the": "the Jew"; "latter": "the latter")."""
        text = " ".join(self.text.split())
        return f"the {text}" if self.before == "the" and not text.lower().startswith("the ") else text

    @property
    def found(self) -> tuple[int, int, str]:
        """The span as the recogniser found it (start, end, text)."""
        return self.span or (self.start, self.end, self.text)

    def to_json(self) -> dict[str, Any]:
        start, end, text = self.found
        return {"start": start, "end": end, "text": text,
                "type": self.type, "kind": self.kind, "character": self.character,
                "entity": self.entity}


@dataclass
class Quote:
    start: int
    end: int
    speaker: str | None = None
    continued: bool = False  # a later paragraph of one speech (stages/quotes.split_parts)

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "speaker": self.speaker, "continued": self.continued}


@dataclass
class Character:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    proper: int = 0
    nominal: int = 0
    pronoun: int = 0
    narrator: bool = False
    gender: str | None = None  # "he/him" | "she/her" | "they/them" | None
    first: int = -1  # offset of the first mention
    clarity: float | None = None
    protagonist: bool = False
    # stages/portraits.py: {"does", "undergoes", "described", "owns": [[item, count]],
    # "evidence": [[start, end]]}; empty until that stage runs
    portrait: dict[str, list] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.proper + self.nominal + self.pronoun

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "aliases": self.aliases,
            "mentions": {"proper": self.proper, "nominal": self.nominal,
                         "pronoun": self.pronoun, "total": self.total},
            "narrator": self.narrator, "gender": self.gender, "first": self.first,
            "clarity": self.clarity, "protagonist": self.protagonist,
            "portrait": self.portrait,
        }


@dataclass
class Book:
    source: Source
    mentions: list[Mention] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # (start, end) of every sentence, book order; mentions refer to them by index
    sentences: list[tuple[int, int]] = field(default_factory=list)
    # (start, end) of every quotation found in the text, marks included
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    words: int = 0
    # the name clusters behind characters K0, K1, ... while the stages run
    name_clusters: list[Any] = field(default_factory=list)
    # facts of proper-noun tokens no mention covered at parse time, by token offset, for
    # names the characters stage finds later (stages/portraits.py); emptied once used
    name_facts: dict[int, tuple[tuple[str, str, int], ...]] = field(default_factory=dict)
    # stages/world.py and stages/network.py, in the book.json form (see their docstrings)
    places: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    network: list[dict[str, Any]] = field(default_factory=list)

    def character(self, character_id: str) -> Character:
        for character in self.characters:
            if character.id == character_id:
                return character
        raise KeyError(character_id)

    def to_json(self) -> dict[str, Any]:
        src = self.source
        return {
            "schema": SCHEMA,
            "source": {"path": src.path, "sha256": src.sha256, "format": src.format,
                       "encoding": src.encoding, "body": list(src.body),
                       "chapters": [{"title": c.title, "start": c.start, "end": c.end}
                                    for c in src.chapters],
                       "words": self.words},
            "characters": [c.to_json() for c in self.characters],
            "mentions": [m.to_json() for m in self.mentions],
            "quotes": [q.to_json() for q in self.quotes],
            "places": self.places, "organisations": self.organisations,
            "timeline": self.timeline, "network": self.network,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)
