"""The `personae` command: a thin shell over the library."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

import personae
from personae.book import Book
from personae.errors import PersonaeError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Read a whole book and give back its cast of characters.")
err = Console(stderr=True)
out = Console()


def fail(message: str) -> None:
    """One clear line on stderr and exit code 2: the way every user mistake ends."""
    # plain write, not rich: a long path must not be wrapped onto a second line
    sys.stderr.write(f"personae: error: {message}\n")
    raise typer.Exit(2)


def cast_table(book: Book, top: int) -> Table:
    table = Table(title=f"Cast of {Path(book.source.path).name} "
                        f"({len(book.characters)} characters, {book.words:,} words)")
    table.add_column("#", justify="right", style="dim")
    table.add_column("name", style="bold")
    table.add_column("also called")
    table.add_column("mentions", justify="right")
    table.add_column("gender")
    table.add_column("narrator", justify="center")
    for c in book.characters[:top]:
        aliases = ", ".join(c.aliases[:5]) + (" …" if len(c.aliases) > 5 else "")
        table.add_row(c.id, c.name, aliases, f"{c.total:,}", c.gender or "", "✓" if c.narrator else "")
    return table


@app.command()
def analyse(
    book: Optional[Path] = typer.Argument(None, help="The book: .txt (Gutenberg too), .epub, .html."),
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Directory for book.json and the TSVs."),
    sample: bool = typer.Option(False, "--sample", help="Analyse the short sample book shipped with personae."),
    top: int = typer.Option(25, "--top", help="How many characters to show in the table."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no table."),
) -> None:
    """Find the cast of BOOK and write OUTPUT/book.json (schema personae/1) and characters.tsv."""
    from personae.output import OutputDir, write

    if sample == (book is not None):
        fail("give a book file, or --sample for the shipped sample book (not both)")
    path = personae.sample_path() if sample else book
    try:
        staging = OutputDir(output)
    except PersonaeError as exc:
        fail(str(exc))
    try:
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                      TimeElapsedColumn(), TimeRemainingColumn(), console=err,
                      disable=quiet or not err.is_terminal,
                      transient=True) as bar:
            task = bar.add_task(f"reading {Path(path).name}", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, description=f"parsing {Path(path).name}", completed=done, total=total)

            result = personae.analyse(path, progress=progress)
        write(result, staging)
        staging.commit()
    except PersonaeError as exc:
        staging.abort()
        fail(str(exc))
    except BaseException:
        staging.abort()
        raise
    if not quiet:
        out.print(cast_table(result, top))
        out.print(f"wrote {output / 'book.json'}")


@app.command()
def report(
    book_json: Path = typer.Argument(..., help="A book.json written by `personae analyse`."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="The HTML file to write (default: report.html beside book.json)."),
) -> None:
    """Build the self-contained HTML report from an existing book.json (and the text it indexes)."""
    from personae.report import from_file, save

    target = output or book_json.parent / "report.html"
    try:
        save(from_file(book_json), target)
    except PersonaeError as exc:
        fail(str(exc))
    out.print(f"wrote {target}")


eval_app = typer.Typer(no_args_is_help=True, help="Score personae on the shared evaluation data.")
app.add_typer(eval_app, name="eval")
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@eval_app.command("litbank")
def eval_litbank(
    split: str = typer.Option("dev", "--split", help="LitBank split: train or dev."),
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The folder holding litbank/."),
    model_only: bool = typer.Option(False, "--model-only",
                                    help="Score the entity model's spans alone, not the book's mentions."),
) -> None:
    """Entity precision / recall / F1 per type (exact spans, nested included) on LitBank: the
    mentions book.json reports, or with --model-only the entity model's output alone."""
    from personae.eval.litbank import evaluate, overall

    try:
        scores = evaluate(data / "litbank", split, None if model_only else personae.analyse)
    except PersonaeError as exc:
        fail(str(exc))
    what = "the entity model alone" if model_only else "the book's mentions"
    table = Table(title=f"LitBank {split}: entities ({what}), exact span match")
    for column in ("type", "precision", "recall", "F1", "gold"):
        table.add_column(column, justify="right" if column != "type" else "left")
    for name, s in [*scores.items(), ("overall", overall(scores))]:
        table.add_row(name, f"{100 * s.precision:.1f}", f"{100 * s.recall:.1f}", f"{100 * s.f1:.1f}",
                      str(s.tp + s.fn))
    out.print(table)


@eval_app.command("coref")
def eval_coref(
    split: str = typer.Option("dev", "--split", help="LitBank split: train or dev."),
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The folder holding litbank/."),
) -> None:
    """Coreference on LitBank: MUC, B³, CEAF-e and their average F1, exact mention spans."""
    from personae.eval.coref import coref_table, evaluate

    try:
        results = evaluate(data / "litbank", personae.analyse, split)
    except PersonaeError as exc:
        fail(str(exc))
    # wide enough for its nine numbers a row when piped to a file (rich assumes 80 columns)
    table = coref_table(results, f"LitBank {split}: coreference, predicted mentions, exact spans")
    (out if out.is_terminal else Console(width=120)).print(table)


@eval_app.command("cast")
def eval_cast(
    novel: Optional[list[str]] = typer.Argument(None, help="PDNC novel folder names (default: all)."),
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The folder holding pdnc/."),
    misses: bool = typer.Option(False, "--misses", help="List the main characters not found as one."),
) -> None:
    """Cast scores on PDNC's gold character lists: main characters found as one, top-N precision, gender."""
    from personae.eval.cast import CastScore, evaluate

    try:
        scores = evaluate(data / "pdnc", personae.analyse, novel or None)
    except PersonaeError as exc:
        fail(str(exc))
    table = Table(title="PDNC cast: major+intermediate found as one / top-N real / gender")
    for column in ("novel", "found as one", "top-N precision", "gender"):
        table.add_column(column, justify="left" if column == "novel" else "right")
    total = CastScore("overall")
    for s in scores:
        table.add_row(s.novel, f"{100 * s.recall:.1f} ({s.found_as_one}/{s.main_characters})",
                      f"{100 * s.precision:.1f}", f"{100 * s.gender:.1f}")
        for name in ("found_as_one", "main_characters", "top_real", "top_n", "gender_right", "gendered"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    table.add_row("overall", f"{100 * total.recall:.1f} ({total.found_as_one}/{total.main_characters})",
                  f"{100 * total.precision:.1f}", f"{100 * total.gender:.1f}", style="bold")
    out.print(table)
    if misses:
        for s in scores:
            for miss in s.misses:
                out.print(f"{s.novel}: {miss}", markup=False)


@eval_app.command("quotes")
def eval_quotes(
    novel: Optional[list[str]] = typer.Argument(
        None, help="PDNC novel folder names or QuoteLi3-pp / QuoteLi3-emma / QuoteLi3-steppe (default: all)."),
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The folder holding pdnc/ and quoteli3/."),
    misses: Optional[Path] = typer.Option(None, "--misses", help="Write every wrong quotation to this TSV."),
) -> None:
    """Quotations on PDNC and QuoteLi3: detection P/R/F1 (overlap match) and speaker accuracy by quote type."""
    from personae.eval.quotes import QuoteScore, evaluate, seen_by_model

    try:
        scores = evaluate(data, personae.analyse, novel or None)
    except PersonaeError as exc:
        fail(str(exc))
    table = Table(title="Quotations: detection (parts overlapping by half) and speaker accuracy (gold quotations)")
    for column in ("novel", "P", "R", "F1", "speaker", "explicit", "anaphoric", "implicit", "attributed", "quotes"):
        table.add_column(column, justify="left" if column == "novel" else "right")

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.1f}"

    # the speaker model was trained on some of these: marked *, and the others summed apart
    seen = seen_by_model([s.novel for s in scores])
    total = QuoteScore("overall")
    held = QuoteScore("held-out (not trained on)")
    for s in scores:
        total.add(s)
        if s.novel not in seen:
            held.add(s)
    for s in [*scores, total, *([held] if seen else [])]:
        right, attributed = s.attributed
        table.add_row(s.novel + (" *" if s.novel in seen else ""), pct(s.precision), pct(s.recall), pct(s.f1),
                      pct(s.accuracy()), *(pct(s.accuracy(kind)) for kind in ("explicit", "anaphoric", "implicit")),
                      pct(right / attributed if attributed else None), str(s.speakers.get("all", [0, 0])[1]),
                      style="bold" if s is total or s is held else None)
    # piped to a file, rich would squeeze the table into 80 columns
    (out if out.is_terminal else Console(width=150)).print(table)
    if seen:
        out.print("* the speaker model (models/speakers.json) was trained on this novel: its speaker figure is not held out")
    if misses:
        misses.write_text("".join(f"{s.novel}\t{m}\n" for s in scores for m in s.misses), encoding="utf-8")
        out.print(f"wrote {misses}")


@eval_app.command("litbank-quotes")
def eval_litbank_quotes(
    book: Optional[list[str]] = typer.Argument(None, help="Parts of LitBank book names (default: all 90)."),
    split: Optional[str] = typer.Option(None, "--split", help="Only LitBank's train or dev split."),
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The folder holding litbank/."),
    per_book: bool = typer.Option(False, "--per-book", help="A row per book, not only the totals."),
) -> None:
    """Quotations on LitBank's 90 annotated openings: detection P/R/F1 and speaker accuracy."""
    from personae.eval.litbank import split_stems
    from personae.eval.litbank_quotes import evaluate
    from personae.eval.quotes import QuoteScore

    try:
        scores = evaluate(data / "litbank", personae.analyse, split, book or None)
        splits = {name: set(split_stems(data / "litbank", name)) for name in ("train", "dev")}
    except PersonaeError as exc:
        fail(str(exc))
    table = Table(title="LitBank quotations: detection (overlapping by half) and speaker accuracy")
    for column in ("books", "P", "R", "F1", "speaker", "attributed", "quotes"):
        table.add_column(column, justify="left" if column == "books" else "right")
    total = QuoteScore(f"all ({len(scores)})")
    by_split = {name: QuoteScore(f"{name} split") for name in splits}
    for s in scores:
        total.add(s)
        for name, ids in splits.items():
            if s.novel in ids:
                by_split[name].add(s)
    rows = [*(scores if per_book else []), total, *(x for x in by_split.values() if x.speakers)]
    for s in rows:
        right, attributed = s.attributed
        table.add_row(s.novel, f"{100 * s.precision:.1f}", f"{100 * s.recall:.1f}", f"{100 * s.f1:.1f}",
                      "-" if s.accuracy() is None else f"{100 * s.accuracy():.1f}",
                      f"{100 * right / attributed:.1f}" if attributed else "-", str(s.speakers.get("all", [0, 0])[1]),
                      style=None if s in scores else "bold")
    table.caption = (f"{total.unaligned} of LitBank's tokens not found in the original texts "
                     "(a quotation or mention beginning or ending on one is dropped)")
    (out if out.is_terminal else Console(width=150)).print(table)


@app.command()
def corpus(
    sources: list[Path] = typer.Argument(..., help="Book files and directories (recursed): .txt, .epub, .html, also .gz."),
    output: Path = typer.Option(..., "--output", "-o", help="The store: a directory of Parquet tables."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", help="Books analysed at once (default: all cores)."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes) or ray."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster to join (default: start a local one)."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Try again the books that failed before."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Analyse at most this many new books."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
) -> None:
    """Analyse every book under SOURCES into the store OUTPUT; run again to resume (books done are skipped)."""
    from personae.corpus import run_corpus

    if workers is not None and workers < 1:
        fail(f"--workers must be at least 1, not {workers}")
    if limit is not None and limit < 0:
        fail(f"--limit must be 0 or more, not {limit}")
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=err,
                  disable=quiet or not err.is_terminal, transient=True) as bar:
        task = bar.add_task("finding books", total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=name or "analysing")

        try:
            summary = run_corpus(sources, output, engine=engine, workers=workers, ray_address=ray_address,
                                 retry_failed=retry_failed, limit=limit, progress=progress)
        except PersonaeError as exc:
            fail(str(exc))
    if not quiet:
        out.print(f"{summary.done} books done, {summary.failed} failed, {summary.skipped} skipped; "
                  f"{summary.words:,} words in {summary.seconds:.1f} s "
                  f"({summary.words_per_second:,.0f} words/s); store: {output}", markup=False, highlight=False, soft_wrap=True)
        for path, error in summary.failures[:20]:
            out.print(f"failed: {path}: {error}", markup=False, highlight=False, soft_wrap=True)
        if len(summary.failures) > 20:
            out.print(f"… and {len(summary.failures) - 20} more (see the failures table)")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # 4 significant digits, no exponent below a trillion
        return f"{value:,.0f}" if 1000 <= abs(value) < 1e12 else f"{value:.4g}"
    return str(value)


@app.command()
def query(
    store: Path = typer.Argument(..., help="A store written by 'personae corpus'."),
    sql: str = typer.Argument(..., help="SQL (DuckDB) over the tables books, characters, mentions, quotes, "
                                        "edges, timeline, places, failures."),
    csv: Optional[Path] = typer.Option(None, "--csv", help="Write the result to this CSV file."),
    parquet: Optional[Path] = typer.Option(None, "--parquet", help="Write the result to this Parquet file."),
    max_rows: int = typer.Option(100, "--max-rows", help="Rows shown in the terminal table."),
) -> None:
    """Run SQL over a corpus store; print a table, or write --csv / --parquet."""
    from personae.corpus import sql as corpus_sql

    if csv and parquet:
        fail("give --csv or --parquet, not both")
    try:
        if csv or parquet:
            corpus_sql.export(store, sql, csv or parquet, "csv" if csv else "parquet")
            return
        columns, rows = corpus_sql.query(store, sql, max_rows + 1)
    except corpus_sql.QueryError as exc:
        fail(f"SQL: {exc}")
    except PersonaeError as exc:
        fail(str(exc))
    table = Table(show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows[:max_rows]:
        # Text, not str: a list value "['Anna']" is not rich markup
        table.add_row(*(Text(_cell_text(v)) for v in row))
    out.print(table)
    if len(rows) > max_rows:
        out.print(f"(first {max_rows} rows shown; --max-rows N for more, or --csv FILE)")


@app.command()
def version() -> None:
    """Print personae's version."""
    out.print(personae.__version__)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("personae: interrupted")
        sys.exit(130)
