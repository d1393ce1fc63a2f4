"""The HTML report: aggregated data, escaping, text lookup, the CLI command; and in a real
headless Chromium: the cast table, the panel, the plots, search, keyboard, no requests, and
hostile book text shown as text."""
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import personae
from personae import report
from personae.cli import app
from personae.errors import InputError

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE_SCRIPT = "<script>window.__pwned = 1</script>"
HOSTILE_IMG = '</script><img src=x onerror="window.__pwned = 2">'

PARAGRAPHS = [
    "CHAPTER I",
    "Elizabeth Bennet walked to Netherfield with Jane Bennet in the rain.",
    f'"I fear nothing, not even {HOSTILE_SCRIPT}," said Lizzy to her sister.',
    "Mr. Darcy looked at Elizabeth across the room. Jane Bennet smiled at Mr. Darcy.",
    "CHAPTER II",
    f'"You wrote {HOSTILE_IMG} in your letter & more," said Elizabeth to Mr. Darcy in London.',
    '"I wrote what I felt," said Darcy. Elizabeth read it twice.',
    "CHAPTER III",
    "Jane Bennet went to London in December 1811. Elizabeth stayed at Longbourn.",
    '"We shall see," said Miss Bennet, and Jane laughed. Elizabeth and Jane walked on.',
]


def make_book(contract: bool = True) -> tuple[dict, str]:
    """A small book.json by hand over a text with hostile markup in it; with the agreed
    portrait/places/timeline/network fields when `contract`."""
    text = "\n\n".join(PARAGRAPHS) + "\n"
    heads = [m.start() for m in re.finditer(r"^CHAPTER [IV]+$", text, re.M)]
    chapters = [{"title": text[s:text.index("\n", s)], "start": s, "end": e}
                for s, e in zip(heads, heads[1:] + [len(text)])]
    cast = {"C0": ["Elizabeth Bennet", "Elizabeth", "Lizzy"], "C1": ["Mr. Darcy", "Darcy"],
            "C2": ["Jane Bennet", "Miss Bennet", "Jane"]}
    mentions, taken = [], set()
    for cid, names in cast.items():
        for name in names:  # longest first, so "Jane" inside "Jane Bennet" is not counted again
            for m in re.finditer(re.escape(name), text):
                if not taken & set(range(m.start(), m.end())):
                    taken |= set(range(m.start(), m.end()))
                    mentions.append({"start": m.start(), "end": m.end(), "text": name, "type": "PER",
                                     "kind": "PROP", "character": cid})
    for m in re.finditer(r"London|Longbourn|Netherfield", text):
        mentions.append({"start": m.start(), "end": m.end(), "text": m.group(), "type": "GPE", "kind": "PROP",
                         "character": None})
    mentions.sort(key=lambda m: m["start"])
    quotes = [{"start": m.start() + 1, "end": m.end() - 1, "speaker": s}
              for m, s in zip(re.finditer(r'"[^"]+"', text), ["C0", "C0", "C1", "C2"])]
    counts = {cid: sum(1 for m in mentions if m["character"] == cid) for cid in cast}
    characters = [{"id": cid, "name": names[0], "aliases": names[1:],
                   "mentions": {"proper": counts[cid], "nominal": 0, "pronoun": 0, "total": counts[cid]},
                   "narrator": False, "gender": "he/him" if cid == "C1" else "she/her",
                   "first": min(m["start"] for m in mentions if m["character"] == cid),
                   "clarity": None, "protagonist": False} for cid, names in cast.items()]
    characters.sort(key=lambda c: -c["mentions"]["total"])
    book = {"schema": "personae/1",
            "source": {"path": "/nonexistent/pride.txt", "sha256": "0" * 64, "format": "txt", "encoding": "utf-8",
                       "body": [0, len(text)], "chapters": chapters, "words": len(text.split())},
            "characters": characters, "mentions": mentions, "quotes": quotes}
    if contract:
        by_id = {c["id"]: c for c in characters}
        by_id["C0"].update(clarity=0.91, protagonist=True, portrait={
            "does": [["walk", 2], ["read", 1]], "undergoes": [["see", 1]],
            "described": [["<b>bold</b> & clever", 1]], "owns": [["letter", 1]],
            "evidence": [[text.index("Elizabeth Bennet walked"), text.index("rain.") + 5]]})
        by_id["C1"].update(clarity=0.7)
        london = text.index("London")
        book["places"] = [{"name": "London", "type": "GPE", "mentions": 2, "first": london, "people": [["C0", 2], ["C2", 1]]},
                          {"name": "Longbourn", "type": "GPE", "mentions": 1, "first": text.index("Longbourn"),
                           "people": [["C0", 1]]}]
        book["organisations"] = []
        dec = text.index("December 1811")
        book["timeline"] = [{"start": dec, "end": dec + 13, "text": "December 1811", "date": "1811-12", "relative": False,
                             "people": ["C2"], "places": ["London"]},
                            {"start": dec + 20, "end": dec + 30, "text": "next year", "date": "1812", "relative": True,
                             "people": [], "places": []}]
        book["network"] = [{"source": "C0", "target": "C1", "weight": 5.0, "speaks": 2, "acts": 1, "scenes": 2},
                           {"source": "C0", "target": "C2", "weight": 4.0, "speaks": 0, "acts": 1, "scenes": 3}]
    return book, text


# ---- data and markup, no browser ---------------------------------------------------------------

def test_report_embed_json_escapes_everything_that_could_end_the_script():
    value = {"t": "</script><!-- & \u2028\u2029 <b>"}
    blob = report.embed_json(value)
    assert not set("<>&\u2028\u2029") & set(blob)
    assert json.loads(blob) == value


def test_report_render_keeps_hostile_text_out_of_the_markup():
    book, text = make_book()
    html = report.render(book, text)
    assert html.lower().count("<script") == 3 and html.lower().count("</script") == 3  # blob, d3, app
    assert "<img" not in html and "<b>bold" not in html
    blob = re.search(r'<script type="application/json" id="personae-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(blob)
    assert any(HOSTILE_SCRIPT in q["text"] for c in data["characters"] for q in c["quotes"])


def test_report_render_loads_nothing_from_outside():
    book, text = make_book()
    html = report.render(book, text)
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", html, flags=re.S)  # scripts emptied
    assert not re.search(r"<(link|img|iframe|object|embed)\b", markup, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?(https?:|//)", markup, re.I)
    assert "@import" not in markup and "url(" not in markup
    assert not re.search(r"https?://", report.render.__globals__["resources"].files("personae.report")
                         .joinpath("static/report.js").read_text().replace("http://www.w3.org/2000/svg", ""))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]


def test_report_build_data_counts_presence_per_chapter_and_uses_contract_fields():
    book, text = make_book()
    data = report.build_data(book, text)
    assert data["binKind"] == "chapter" and len(data["bins"]) == 3
    lizzy = next(c for c in data["characters"] if c["id"] == "C0")
    per_chapter = [sum(1 for m in book["mentions"] if m["character"] == "C0" and b["start"] <= m["start"] < b["end"])
                   for b in data["bins"]]
    assert [n for _, n in lizzy["presence"]] == [n for n in per_chapter if n]
    assert lizzy["evidenceKind"] == "evidence" and lizzy["evidence"][0]["text"].startswith("Elizabeth Bennet walked")
    assert lizzy["portrait"]["does"][0] == ["walk", 2]
    assert data["network"]["kind"] == "interactions" and len(data["network"]["edges"]) == 2
    assert data["places"]["kind"] == "book" and data["places"]["items"][0]["name"] == "London"
    assert data["timeline"][0]["date"] == "1811-12" and "December 1811" in data["timeline"][0]["context"]


def test_report_build_data_falls_back_without_contract_fields():
    book, text = make_book(contract=False)
    data = report.build_data(book, text)
    assert data["timeline"] is None
    assert data["network"]["kind"] == "paragraphs"  # who is named in the same paragraph
    assert {e["source"] for e in data["network"]["edges"]} <= {"C0", "C1", "C2"}
    assert data["places"]["kind"] == "mentions" and "London" in [p["name"] for p in data["places"]["items"]]
    assert all(c["evidenceKind"] == "appearance" and c["evidence"] for c in data["characters"])
    assert all(c["portrait"] is None for c in data["characters"])
    book["mentions"] = []
    bare = report.build_data(book, text)
    assert bare["network"] is None and bare["places"] is None


def test_report_build_data_caps_quotes_and_does_not_grow_with_mentions():
    book, text = make_book(contract=False)
    small = len(report.embed_json(report.build_data(book, text)))
    start = text.index('"I fear') + 1
    book["quotes"] = [{"start": start, "end": start + 20, "speaker": "C0"}] * 500
    book["mentions"] = book["mentions"] * 200
    data = report.build_data(book, text)
    lizzy = next(c for c in data["characters"] if c["id"] == "C0")
    assert len(lizzy["quotes"]) == report.QUOTES_MAIN and lizzy["quoteCount"] == 500
    assert len(report.embed_json(data)) < small + 30 * (report.QUOTES_MAIN + 200)


def test_report_load_text_needs_text_txt_for_epub(tmp_path):
    book, text = make_book()
    book["source"]["format"] = "epub"
    (tmp_path / "book.json").write_text(json.dumps(book))
    with pytest.raises(InputError, match="text.txt"):
        report.load_text(tmp_path / "book.json", book)
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    assert report.load_text(tmp_path / "book.json", book) == text


def test_report_load_text_refuses_a_changed_source(tmp_path):
    book, text = make_book()
    src = tmp_path / "story.txt"
    src.write_text(text, encoding="utf-8")
    book["source"]["path"] = str(src)  # sha256 in the fixture is not this file's
    with pytest.raises(InputError, match="changed"):
        report.load_text(tmp_path / "book.json", book)


# ---- the command ------------------------------------------------------------------------------

def test_report_cli_builds_from_book_json_and_analyse_writes_one(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["analyse", "--sample", "-o", str(out), "-q"]).exit_code == 0
    assert (out / "report.html").stat().st_size > 1000
    result = runner.invoke(app, ["report", str(out / "book.json"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Agnes Whitlow" in html and html.startswith("<!DOCTYPE html>")


def test_report_and_analysis_files_have_the_usual_modes_not_a_temp_file_s(tmp_path):
    # written to a private temp file, then renamed: the report came out 0600, the folder 0700
    import os
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["analyse", "--sample", "-o", str(out), "-q"]).exit_code == 0
    assert runner.invoke(app, ["report", str(out / "book.json"), "-o", str(tmp_path / "r.html")]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert (out.stat().st_mode & 0o777) == 0o777 & ~mask
    for f in (out / "report.html", out / "book.json", tmp_path / "r.html"):
        assert (f.stat().st_mode & 0o777) == 0o666 & ~mask, f


@pytest.mark.parametrize("case", ["missing json", "not json", "missing text"])
def test_report_cli_bad_input_one_line_exit_2(tmp_path, case):
    book, text = make_book()
    path = tmp_path / "book.json"
    if case == "not json":
        path.write_text("{not json")
    elif case == "missing text":
        book["source"]["path"] = str(tmp_path / "gone.txt")
        path.write_text(json.dumps(book))
    result = CliRunner().invoke(app, ["report", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and ("gone.txt" if case == "missing text" else "book.json") in lines[0]
    assert not (tmp_path / "report.html").exists()


# ---- in a real browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (the test extra)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


class Page:
    """A report opened in Chromium, with every request and every script error recorded."""

    def __init__(self, browser, html: str, tmp_path: Path, width: int = 1280):
        path = tmp_path / "report.html"
        path.write_text(html, encoding="utf-8")
        self.url = path.as_uri()
        self.requests, self.errors, self.dialogs = [], [], []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r):
            self.requests.append(r.request.url)
            r.continue_() if r.request.url == self.url else r.abort()
        self.page.route("**/*", route)
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready]")

    def ids(self, selector):
        page = getattr(self, "page", self)
        return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('data-id'))")


def test_report_browser_renders_cast_panel_network_presence(browser, tmp_path):
    book, text = make_book()
    p = Page(browser, report.render(book, text), tmp_path)
    page = p.page
    assert p.ids("#cast-table tbody tr") == [c["id"] for c in book["characters"]]
    assert page.inner_text("#cast-table tbody tr:first-child td.name").startswith("Elizabeth Bennet")
    assert "protagonist" in page.inner_text("#cast-table tbody tr[data-id='C0']")
    # presence: one row per character, a bar for each chapter they are named in
    assert set(p.ids("#presence-plot div[data-id]")) == {"C0", "C1", "C2"}
    chapters_with_darcy = {m["start"] >= book["source"]["chapters"][1]["start"] for m in book["mentions"]
                           if m["character"] == "C1"}
    assert page.locator("#presence-plot div[data-id='C1'] rect.cell").count() == len(chapters_with_darcy)
    # network: a node per character in the edges, and lines between them
    assert sorted(p.ids("#network-plot g.node")) == ["C0", "C1", "C2"]
    assert page.locator("#network-plot line.edge").count() == 2
    assert page.is_visible("#timeline") and page.is_visible("#places")
    assert page.is_hidden("#organisations")  # empty in the fixture: hidden
    # the panel
    page.click("#cast-table tbody tr[data-id='C0']")
    panel = page.inner_text("#panel")
    assert page.is_visible("#panel") and "Elizabeth Bennet" in panel and "Lizzy" in panel
    assert "walk" in panel and "<b>bold</b> & clever" in panel  # portrait, shown as text
    assert "Mr. Darcy" in page.inner_text("#panel .chips >> nth=-1")  # often with
    assert "Chapter I" in panel and HOSTILE_SCRIPT in panel
    # an evidence sentence's place: a marker on the panel's strip and on the presence plot
    page.click("#panel .evidence .where button")
    assert page.locator("#panel-strip line.marker").count() == 1
    assert page.locator("#presence-plot line.marker").count() == 3
    assert not p.errors and not p.dialogs
    assert p.requests == [p.url]


def test_report_browser_hostile_text_runs_nothing(browser, tmp_path):
    book, text = make_book()
    p = Page(browser, report.render(book, text), tmp_path)
    page = p.page
    for cid in ("C0", "C1"):
        page.click(f"#cast-table tbody tr[data-id='{cid}']")
        page.wait_for_timeout(100)
    assert HOSTILE_IMG in page.inner_text("#panel")  # Darcy was told it; shown as words
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0 and page.locator("script").count() == 3
    assert not p.errors and not p.dialogs and p.requests == [p.url]


def test_report_browser_search_by_alias_and_keyboard(browser, tmp_path):
    book, text = make_book()
    page = Page(browser, report.render(book, text), tmp_path).page
    page.fill("#search", "lizzy")
    rows = page.locator("#cast-table tbody tr")
    assert rows.count() == 1 and rows.first.get_attribute("data-id") == "C0"
    assert page.inner_text("#cast-table tbody mark") == "Lizzy"
    page.fill("#search", "miss benn")
    assert rows.count() == 1 and rows.first.get_attribute("data-id") == "C2"
    page.fill("#search", "")
    page.focus("#cast-table tbody tr[data-id='C1']")
    page.keyboard.press("Enter")
    assert page.is_visible("#panel") and page.inner_text("#panel-name") == "Mr. Darcy"
    assert page.evaluate("document.activeElement.id") == "panel"
    page.keyboard.press("Escape")
    assert page.is_hidden("#panel")
    assert page.evaluate("document.activeElement.getAttribute('data-id')") == "C1"  # focus went back
    # sorting by name from the keyboard
    page.focus("th[data-key='name'] button")
    page.keyboard.press("Enter")
    names = {c["id"]: c["name"] for c in book["characters"]}
    assert [names[i] for i in Page.ids(page, "#cast-table tbody tr")] == sorted(names.values())
    # a network node opens the panel from the keyboard too
    page.focus("#network-plot g.node[data-id='C2']")
    page.keyboard.press("Enter")
    assert page.inner_text("#panel-name") == "Jane Bennet"


def test_report_browser_hides_sections_without_data_and_fits_a_phone(browser, tmp_path):
    book, text = make_book(contract=False)
    book["mentions"] = [m for m in book["mentions"] if m["type"] == "PER"]
    p = Page(browser, report.render(book, text), tmp_path, width=375)
    page = p.page
    assert page.is_hidden("#timeline") and page.is_hidden("#places") and page.is_visible("#network")
    assert "Timeline" not in page.inner_text("nav")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not p.errors


def test_report_browser_real_sample_book(browser, tmp_path):
    data = personae.analyse(personae.sample_path())
    book = data.to_json()
    p = Page(browser, report.render(book, data.source.text), tmp_path)
    page = p.page
    assert page.locator("#cast-table tbody tr").count() == min(40, len(book["characters"]))
    assert page.locator("#presence-plot rect.cell").count() > 10
    assert page.locator("#network-plot g.node").count() >= 3
    top = book["characters"][0]
    page.click(f"#cast-table tbody tr[data-id='{top['id']}']")
    assert top["name"] in page.inner_text("#panel")
    assert not p.errors and p.requests == [p.url]


@pytest.mark.skipif(shutil.which("personae") is None, reason="needs the personae command installed")
def test_report_package_data_is_installed():
    from importlib import resources
    files = resources.files("personae.report")
    for name in ("report.html.j2", "static/report.js", "static/report.css", "vendor/d3/d3.min.js", "vendor/d3/LICENSE"):
        assert files.joinpath(name).is_file(), name
