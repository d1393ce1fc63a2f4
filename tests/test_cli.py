"""The command line: the happy path, and every bad input ending in one clean line."""
import json
import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from personae.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_cli_sample_writes_contract_and_table(tmp_path):
    out = tmp_path / "out"
    result = run("analyse", "--sample", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Agnes Whitlow" in result.stdout
    data = json.loads((out / "book.json").read_text(encoding="utf-8"))
    assert data["schema"] == "personae/1" and data["characters"]
    assert (out / "characters.tsv").read_text(encoding="utf-8").startswith("id\tname")
    assert (out / "quotes.tsv").read_text(encoding="utf-8").startswith("start\tend\tspeaker")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def make_bad_inputs(tmp_path):
    png = tmp_path / "cover.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    plain_zip = tmp_path / "notes.epub"
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "not an ebook")
    good_epub = tmp_path / "good.epub"
    with zipfile.ZipFile(good_epub, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", "x" * 5000)
        z.writestr("OEBPS/ch1.xhtml", "<html><body><p>" + "word " * 5000 + "</p></body></html>")
    truncated = tmp_path / "truncated.epub"
    truncated.write_bytes(good_epub.read_bytes()[: good_epub.stat().st_size // 2])
    docx = tmp_path / "letter.docx"
    docx.write_bytes(b"PK\x03\x04 whatever")
    return {"missing": tmp_path / "nope.txt", "directory": tmp_path, "empty": empty, "png": png,
            "plain zip": plain_zip, "truncated epub": truncated, "unknown extension": docx}


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "png", "plain zip",
                                  "truncated epub", "unknown extension"])
def test_cli_bad_input_one_line_exit_2_no_output(tmp_path, case):
    book = make_bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    result = run("analyse", str(book), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(book.name) in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_cli_unwritable_output_dir(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("I am a file")
    result = run("analyse", "--sample", "-o", str(blocker / "out"))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "file.txt" in result.stderr


def test_cli_output_that_is_a_file(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a dir")
    result = run("analyse", "--sample", "-o", str(blocker))
    assert result.exit_code == 2 and "not a directory" in result.stderr
    assert blocker.read_text() == "not a dir"


def test_cli_book_and_sample_both_or_neither():
    assert run("analyse").exit_code == 2
    assert run("analyse", "x.txt", "--sample").exit_code == 2


def test_cli_real_process_missing_file(tmp_path):
    """The installed console entry point, as a user runs it."""
    proc = subprocess.run([sys.executable, "-m", "personae", "analyse", str(tmp_path / "gone.txt"),
                           "-o", str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "gone.txt" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_cli_every_command_has_help():
    for command in ([], ["analyse"], ["version"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_cli_epub_and_html_write_text_that_offsets_index(tmp_path):
    from tests.test_sources import epub_members, zip_bytes

    members = epub_members()
    members["OEBPS/Text/z_first.xhtml"] = members["OEBPS/Text/z_first.xhtml"].replace(
        "It began \u2014 quietly.".encode(), "Mr. Thomas Hardcastle met Mrs. Hardcastle in London. "
        "\u201cThomas,\u201d she said. Mr. Hardcastle smiled.".encode())
    book = tmp_path / "tiny.epub"
    book.write_bytes(zip_bytes(members))
    html = tmp_path / "tiny.html"
    html.write_text("<html><head><script>var x = 'Mr. Nobody';</script></head><body>"
                    "<h1>One</h1><p>Mr. Thomas Hardcastle met Mrs. Hardcastle in London.</p>"
                    "<p>Mr. Hardcastle smiled at&nbsp;her.</p></body></html>", encoding="utf-8")
    for source, fmt in ((book, "epub"), (html, "html")):
        out = tmp_path / f"out-{fmt}"
        result = run("analyse", str(source), "-o", str(out))
        assert result.exit_code == 0, result.output
        data = json.loads((out / "book.json").read_text(encoding="utf-8"))
        text = (out / "text.txt").read_text(encoding="utf-8")
        assert data["source"]["format"] == fmt
        assert "Nobody" not in text
        names = {c["name"] for c in data["characters"]}
        assert any("Thomas Hardcastle" in n for n in names) and "Mrs. Hardcastle" in names
        for m in data["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
