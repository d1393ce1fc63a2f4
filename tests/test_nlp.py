"""The shipped pipeline's text preparation: offsets kept, typed dashes split from words."""
from __future__ import annotations

from personae import nlp


def test_nlp_clean_for_parse_keeps_every_offset():
    text = "Mr. Knightley.--This was _very_ odd,\nsaid Emma.---\"You\n\nknow.\""
    cleaned = nlp.clean_for_parse(text)
    assert len(cleaned) == len(text)
    assert "--" not in cleaned and "_" not in cleaned
    assert cleaned.index("This") == text.index("This")


def test_nlp_typed_dash_does_not_join_a_name_to_the_next_word():
    doc = nlp.load()(nlp.clean_for_parse('"I saw Mr. Knightley.--This was odd," said Emma.--"You know."'))
    assert "Knightley" in [t.text for t in doc]
    names = [s.text for s in doc.spans["litbank"] if s.label_ == "PER"]
    assert "Mr. Knightley" in names
    assert not any("This" in n or "You" in n for n in names)


def test_parse_reads_a_crlf_file_as_its_lf_twin(tmp_path):
    # spaCy makes a word of a "\r", and a wrapped line's "\r\n" blanked to two spaces a space
    # token: the parse drops the CRs and maps its offsets back to the file's
    from personae.book import Book
    from personae.sources import read_source
    from personae.stages import parse

    text = ("Captain Smollett came aboard with Mr. Arrow and the\nsquire. Dr. Livesey went below,\n"
            "and Captain\nSmollett said nothing to him.\n\nJim Hawkins watched the sea.\n") * 3
    books = []
    for name, newline in (("lf.txt", "\n"), ("crlf.txt", "\r\n")):
        path = tmp_path / name
        path.write_bytes(text.replace("\n", newline).encode())
        book = Book(source=read_source(path))
        parse.run(book)
        books.append(book)
    lf, crlf = books
    crs = [i for i, ch in enumerate(crlf.source.text) if ch == "\r"]

    def lf_offset(i: int) -> int:
        return i - sum(1 for c in crs if c < i)

    assert [(m.start, m.end, m.text, m.type) for m in lf.mentions] == [
        (lf_offset(m.start), lf_offset(m.end), m.text, m.type) for m in crlf.mentions]
    assert lf.sentences == [(lf_offset(s), lf_offset(e)) for s, e in crlf.sentences]
    assert any(m.text == "Captain Smollett" and "\r\n" in crlf.source.text[m.start:m.end] for m in crlf.mentions)
    assert all(crlf.source.text[m.start:m.end].replace("\r\n", " ") == m.text.replace("\n", " ")
               for m in crlf.mentions)
