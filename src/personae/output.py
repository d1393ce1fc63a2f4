"""Writing an analysis to disk: all files or none (a temp directory, then a rename)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from personae.book import Book
from personae.errors import OutputError
from personae.stages import network


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def as_created(path: Path, directory: bool = False) -> None:
    """Give a staged file or folder the mode open() or mkdir() would have: tempfile makes
    them private (0600 / 0700), and a report that a web server cannot read is a surprise."""
    os.chmod(path, (0o777 if directory else 0o666) & ~_umask())


class OutputDir:
    """A staging directory beside `target`, moved into place only on commit().

    Created up front so an unwritable destination fails before the long analysis."""

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target)
        if self.target.exists() and not self.target.is_dir():
            raise OutputError(self.target, "exists and is not a directory")
        parent = self.target.absolute().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", dir=parent))
        except OSError as exc:
            raise OutputError(self.target, f"cannot write here ({exc.strerror or exc})") from None
        self._made_parent = False

    def write_text(self, name: str, text: str) -> None:
        try:
            (self.staging / name).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.abort()
            raise OutputError(self.target / name, f"cannot write ({exc.strerror or exc})") from None

    def commit(self) -> None:
        try:
            if not self.target.exists():
                as_created(self.staging, directory=True)
                os.rename(self.staging, self.target)
                return
            for item in self.staging.iterdir():  # each file replaced atomically
                os.replace(item, self.target / item.name)
            self.staging.rmdir()
        except OSError as exc:
            self.abort()
            raise OutputError(self.target, f"cannot write ({exc.strerror or exc})") from None

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def characters_tsv(book: Book) -> str:
    rows = ["id\tname\taliases\tproper\tnominal\tpronoun\ttotal\tgender\tnarrator\tfirst"]
    for c in book.characters:
        rows.append("\t".join([c.id, _cell(c.name), _cell("; ".join(c.aliases)), str(c.proper), str(c.nominal),
                               str(c.pronoun), str(c.total), c.gender or "",
                               "yes" if c.narrator else "", str(c.first)]))
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split())  # a TSV cell holds no tab or newline


def quotes_tsv(book: Book) -> str:
    names = {c.id: c.name for c in book.characters}
    rows = ["start\tend\tspeaker\tspeaker_name\ttext"]
    for q in book.quotes:
        rows.append("\t".join([str(q.start), str(q.end), q.speaker or "", names.get(q.speaker, ""),
                               _cell(book.source.text[q.start:q.end])]))
    return "\n".join(rows) + "\n"


def places_tsv(book: Book) -> str:
    """Places then organisations, with the people most often near them."""
    names = {c.id: c.name for c in book.characters}
    rows = ["name\ttype\tmentions\tfirst\tpeople"]
    for entry in [*book.places, *book.organisations]:
        people = "; ".join(f"{names.get(c, c)} ({n})" for c, n in entry["people"])
        rows.append("\t".join([_cell(entry["name"]), entry["type"], str(entry["mentions"]),
                               str(entry["first"]), _cell(people)]))
    return "\n".join(rows) + "\n"


def timeline_tsv(book: Book) -> str:
    names = {c.id: c.name for c in book.characters}
    rows = ["start\tend\ttext\tdate\trelative\tpeople\tplaces"]
    for entry in book.timeline:
        rows.append("\t".join([str(entry["start"]), str(entry["end"]), _cell(entry["text"]),
                               entry["date"] or "", "yes" if entry["relative"] else "",
                               _cell("; ".join(names.get(c, c) for c in entry["people"])),
                               _cell("; ".join(entry["places"]))]))
    return "\n".join(rows) + "\n"


def write(book: Book, out: OutputDir) -> None:
    """book.json, characters.tsv, quotes.tsv, places.tsv, timeline.tsv, network.gexf, and text.txt for EPUB/HTML (offsets index it)."""
    out.write_text("book.json", book.dumps())
    out.write_text("characters.tsv", characters_tsv(book))
    out.write_text("quotes.tsv", quotes_tsv(book))
    out.write_text("places.tsv", places_tsv(book))
    out.write_text("timeline.tsv", timeline_tsv(book))
    out.write_text("network.gexf", network.to_gexf(book))
    if book.source.format in ("epub", "html"):
        out.write_text("text.txt", book.source.text)
    from personae import report  # jinja2 and the template load only when writing

    out.write_text("report.html", report.render(book.to_json(), book.source.text))
