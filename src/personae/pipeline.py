"""analyse(path) -> Book: the stages in order, over one book."""
from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from personae.book import Book
from personae.sources import read_source
from personae.stages import (characters, clarity, coref, narrator, network, parse, portraits,
                             protagonist, quotes, speakers, unnamed, world)

STAGES = ("read", "quotes", "parse", "characters", "narrator", "coref", "unnamed", "speakers",
          "portraits", "clarity", "protagonist", "world", "network")


def analyse(path: str | Path, progress: Callable[[int, int], None] | None = None,
            processes: int | None = None) -> Book:
    """Read a book file and find its cast. `progress(done, total)` is called as parsing goes.

    `processes`: spaCy processes for the parse (default: two for long books; the corpus
    runner passes 1, its parallelism being one book per worker)."""
    return after_parse(parsed(path, progress, processes))


def parsed(path: str | Path, progress: Callable[[int, int], None] | None = None,
           processes: int | None = None) -> Book:
    """The book read, its quotations found and its text parsed: the costly part of `analyse`,
    which the evaluation scripts cache (scripts/cached_eval.py)."""
    source = read_source(path)
    book = Book(source=source)
    book.quote_spans = quotes.find_quotes(source.text, *source.body, source.paragraph_starts)
    total = sum(e - s for s, e in parse.pieces(book))
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    parse.run(book, advance, processes)
    return book


# the first reading decodes each conversation once, not DECODE_ROUNDS times: its voices serve
# as well (PDNC quotes 82.6%, held-out 79.9%, either way) and the stages after the parse of
# Oliver Twist took 6.5 s instead of 7.4
FIRST_READING_ROUNDS = 1


def link_people(book: Book, model: dict | str | None = speakers.SHIPPED) -> None:
    """Coreference and the unnamed speakers ("said the mariner" joins the cast), read twice:
    the second time with the speakers a first reading gives each quotation as salient, as
    if the narration had named them (after Frances Clyne's speech, "She looked up" is
    Frances, not the Brett her speech spoke of). `model`: the speakers' model of that first
    reading."""
    # what the first reading changes (a mention's or quotation's fields are immutable values)
    mentions, quotations = [copy.copy(m) for m in book.mentions], [copy.copy(q) for q in book.quotes]
    cast = copy.deepcopy((book.characters, book.name_clusters))
    coref.run(book)
    characters.join_introduced(book)  # "May I know your name?" ... she said, "Mrs. Moore."
    unnamed.run(book)
    speakers.run(book, model, rounds=FIRST_READING_ROUNDS)
    voices = coref.voices(book)
    book.mentions, book.quotes = mentions, quotations
    book.characters, book.name_clusters = cast
    coref.run(book, voices)
    characters.join_introduced(book)
    unnamed.run(book)


def after_parse(book: Book) -> Book:
    """The stages after the parse, in order, on a parsed book."""
    characters.run(book)
    quotes.mark_quoted(book)  # after characters.run, which adds the names the recogniser missed
    portraits.attach_name_facts(book)  # ... and their syntax, for coref and speech tags
    narrator.run(book)
    unnamed.add_latter_tags(book)  # "said the latter", where the recogniser saw no person
    # "Mr." inside "Mr. Bennet": an entity mention of its own, but no one to the stages that
    # link and count mentions; put back for book.json once they are done
    titles = coref.set_aside_nested_titles(book)
    link_people(book)
    speakers.run(book)
    characters.join_addressed_kin(book)  # "Aunt Juley" is who answers to it: "Mrs. Munt"
    characters.join_self_named(book)  # "I am Inspector Ratcliffe," says the Marquis
    characters.join_stated_aliases(book)  # "Mr. John Dawkins, otherwise the Artful Dodger"
    characters.join_married_names(book)  # "Mr. Bumble had married Mrs. Corney"
    coref.after_speakers(book)  # the "I" and "you" of quotations whose speaker is no cast member
    quotes.split_parts(book)  # a speech over several paragraphs: a record per paragraph
    characters.finish(book)
    # these read final character ids (finish renumbers K.. to C..)
    portraits.run(book)
    clarity.run(book)
    protagonist.run(book)
    world.run(book)
    network.run(book)
    coref.put_back(book, titles)
    return book
