"""Characters stage: names cleaned and typed before clustering, on texts built here."""
import personae


def analyse_text(tmp_path, text: str):
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return personae.analyse(path)


def test_characters_place_run_into_a_name_is_cut(tmp_path):
    text = ("The army marched to Knoxville. General Sherman rode ahead. In Knoxville the men "
            "rested. After the relief of Knoxville Sherman had proposed to go south. "
            "Sherman was pleased. Near Knoxville the river was high. ") * 3
    book = analyse_text(tmp_path, text)
    names = {c.name for c in book.characters} | {a for c in book.characters for a in c.aliases}
    assert "Knoxville Sherman" not in names
    assert any("Sherman" in c.name for c in book.characters)


def test_characters_named_rivers_and_forts_are_places(tmp_path):
    text = ("Mr. John Hale crossed the James River at dawn. The James River was wide. "
            "He reached Fort Pemberton by night. Fort Pemberton was empty. John Hale slept. ") * 3
    book = analyse_text(tmp_path, text)
    names = {c.name for c in book.characters} | {a for c in book.characters for a in c.aliases}
    assert not {"James River", "Fort Pemberton"} & names
    assert any("John Hale" in c.name for c in book.characters)
