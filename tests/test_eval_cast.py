"""Cast scoring against a PDNC-style gold list: found as one, splits, merges, top-N, gender."""
from __future__ import annotations

from pathlib import Path

from personae.book import Book, Character
from personae.eval.cast import read_gold, score_cast
from personae.sources import Chapter, Source

GOLD = """Character ID,Main Name,Aliases,Gender,Category
0,Elizabeth Bennet,"{'Elizabeth', 'Lizzy', 'Miss Bennet'}",F,major
1,Jane Bennet,"{'Jane', 'Miss Bennet'}",F,major
2,Mr. Darcy,"{'Darcy', 'Fitzwilliam Darcy'}",M,intermediate
3,The Hatter,{'The Hatter'},M,intermediate
4,Mr. Hurst,{'Mr. Hurst'},M,minor
5,_unknowable,{'_unknowable'},X,intermediate
6,_group,['_group'],X,minor
"""


def _book(*characters: Character) -> Book:
    source = Source("x.txt", "", "txt", "utf-8", "0", (0, 0), (Chapter("", 0, 0),))
    return Book(source=source, characters=list(characters))


def _gold(tmp_path: Path):
    path = tmp_path / "character_info.csv"
    path.write_text(GOLD, encoding="utf-8")
    return read_gold(path)


def test_eval_cast_found_as_one_and_gender(tmp_path):
    book = _book(Character("C0", "Elizabeth Bennet", ["Lizzy"], proper=50, gender="she/her"),
                 Character("C1", "Jane", ["Miss Bennet"], proper=20, gender="she/her"),
                 Character("C2", "Fitzwilliam Darcy", ["Darcy"], proper=30, gender="she/her"),
                 Character("C3", "Hatter", [], proper=9, gender="he/him"))
    score = score_cast("t", book, _gold(tmp_path))
    assert (score.found_as_one, score.main_characters) == (4, 4)
    assert (score.top_real, score.top_n) == (4, 5)
    # Darcy gendered wrong: three of four
    assert (score.gender_right, score.gendered) == (3, 4)


def test_eval_cast_split_and_merge_count_against(tmp_path):
    book = _book(Character("C0", "Elizabeth Bennet", ["Jane"], proper=50),  # merged with Jane
                 Character("C1", "Darcy", [], proper=10),
                 Character("C2", "Fitzwilliam Darcy", [], proper=5),  # Darcy split in two
                 Character("C3", "Nobody Real", [], proper=40))
    score = score_cast("t", book, _gold(tmp_path))
    assert score.found_as_one == 0
    assert any("merged with Jane Bennet" in m for m in score.misses)
    assert any(m.startswith("Mr. Darcy:") and "|" in m for m in score.misses)
    assert any(m == "The Hatter: not found" for m in score.misses)
    assert score.top_real == 3


def test_eval_cast_tie_goes_to_the_gold_character_of_the_most_used_alias(tmp_path):
    path = tmp_path / "character_info.csv"
    path.write_text("Character ID,Main Name,Aliases,Gender,Category\n"
                    "0,Minnie Beebe,\"{'Beebe', 'Minnie'}\",F,minor\n"
                    "1,Mr. Beebe,\"{'Arthur', 'Mr. Beebe'}\",M,major\n", encoding="utf-8")
    book = _book(Character("C0", "Reverend Arthur Beebe", ["Mr. Beebe", "Beebe"], proper=200))
    score = score_cast("t", book, read_gold(path))
    assert score.found_as_one == 1


def test_eval_cast_a_character_known_by_a_title_counts_its_title_uses_as_names(tmp_path):
    from personae.book import Mention
    book = _book(Character("C0", "Elizabeth Bennet", ["Lizzy"], proper=50),
                 Character("C1", "the Hatter", [], proper=0, nominal=4))
    book.mentions = [Mention(i * 20, i * 20 + 10, "the Hatter", "PER", "NOM", "C1") for i in range(4)]
    score = score_cast("t", book, _gold(tmp_path))
    assert not any(m.startswith("The Hatter") for m in score.misses)
    book.mentions = book.mentions[:2]  # named twice only: too little to count
    score = score_cast("t", book, _gold(tmp_path))
    assert any(m == "The Hatter: not found" for m in score.misses)
