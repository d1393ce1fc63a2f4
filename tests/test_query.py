"""SQL over a corpus store: views, empty tables, CSV/Parquet output, clean errors."""
import csv

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from personae.cli import app
from personae.corpus import Store
from personae.corpus.schema import TABLES, tables_from_json
from personae.corpus.sql import QueryError, connect, query

runner = CliRunner()

# the README's example: the least clearly drawn frequent characters across the corpus
README_SQL = """
select c.name, b.name as book, c.total, round(c.clarity, 2) as clarity
from characters c join books b on b.sha256 = c.book
where c.total >= 20 and c.clarity is not null
order by c.clarity asc, c.total desc
limit 20
"""


def book_json(sha: str, names: list[tuple[str, int, float | None]], network: bool = True) -> dict:
    """A hand-made book.json: characters (name, total mentions, clarity), a pair, a date."""
    data = {
        "source": {"sha256": sha, "path": f"/books/{sha[:4]}.txt", "format": "txt", "encoding": "utf-8",
                   "body": [0, 1000], "chapters": [{"title": "", "start": 0, "end": 1000}], "words": 180},
        "characters": [{"id": f"C{i}", "name": name, "aliases": [name.split()[0]], "first": 10 * i,
                        "mentions": {"proper": total, "nominal": 0, "pronoun": 0, "total": total},
                        "narrator": False, "gender": "she/her", "clarity": clarity, "protagonist": i == 0,
                        "portrait": {"does": [["walk", 3]], "described": [["tall", 1]]}}
                       for i, (name, total, clarity) in enumerate(names)],
        "mentions": [{"start": 0, "end": 4, "text": names[0][0], "type": "PER", "kind": "PROP", "character": "C0"}],
        "quotes": [{"start": 20, "end": 30, "speaker": "C0"}],
    }
    if network:
        data["network"] = [{"source": "C0", "target": "C1", "weight": 4.5, "speaks": 2, "acts": 1, "scenes": 3}]
        data["timeline"] = [{"start": 50, "end": 54, "text": "1864", "date": "1864", "relative": False,
                             "people": ["C0"], "places": ["London"]}]
        data["places"] = [{"name": "London", "type": "GPE", "mentions": 3, "first": 60, "people": [["C0", 2]]}]
    return data


@pytest.fixture
def store(tmp_path):
    root = tmp_path / "store"
    with Store(root).open_for_writing() as target:
        target.commit(tables_from_json(book_json("a" * 64, [("Ann Lee", 40, 0.2), ("Bob Kay", 25, 0.9)]),
                                       text="x" * 1000))
        # an older book.json: no network, timeline, places or clarity
        target.commit(tables_from_json(book_json("b" * 64, [("Cat Ode", 30, None), ("Dan Fry", 5, None)],
                                                 network=False)))
        target.record_failure("c" * 64, "/books/bad.txt", "looks like a binary file")
    return root


def test_query_joins_tables(store):
    columns, rows = query(store, "select b.name, count(*) from characters c join books b "
                                 "on b.sha256 = c.book group by 1 order by 1")
    assert columns == ["name", "count_star()"]
    assert rows == [("aaaa.txt", 2), ("bbbb.txt", 2)]


def test_query_world_tables_and_absent_fields(store):
    assert query(store, "select source, target, weight from edges")[1] == [("C0", "C1", 4.5)]
    assert query(store, "select date, places from timeline")[1] == [("1864", ["London"])]
    assert query(store, "select count(*) from characters where clarity is null")[1] == [(2,)]
    assert query(store, "select does[1].term from characters where name = 'Ann Lee'")[1] == [("walk",)]
    assert query(store, "select error from failures")[1] == [("looks like a binary file",)]


def test_query_readme_example(store):
    columns, rows = query(store, README_SQL)
    assert columns == ["name", "book", "total", "clarity"]
    assert [r[0] for r in rows] == ["Ann Lee", "Bob Kay"]  # Cat has no clarity, Dan too few mentions


def test_query_empty_store_has_every_table(tmp_path):
    with Store(tmp_path / "empty").open_for_writing():
        pass
    con = connect(tmp_path / "empty")
    for name, schema in TABLES.items():
        assert con.execute(f"select count(*) from {name}").fetchall() == [(0,)]
        assert [d[0] for d in con.execute(f"select * from {name}").description] == schema.names


def test_query_sql_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="nope"):
        query(store, "select * from nope")


def test_query_cli_prints_table(store):
    result = runner.invoke(app, ["query", str(store), "select name, total from characters order by total desc"])
    assert result.exit_code == 0, result.output
    assert result.stdout.index("Ann Lee") < result.stdout.index("Cat Ode")


def test_query_cli_writes_csv_and_parquet(store, tmp_path):
    sql = "select name, total, aliases from characters order by total desc"
    assert runner.invoke(app, ["query", str(store), sql, "--csv", str(tmp_path / "c.csv")]).exit_code == 0
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["name", "total", "aliases"] and rows[1][:2] == ["Ann Lee", "40"] and len(rows) == 5
    assert runner.invoke(app, ["query", str(store), sql, "--parquet", str(tmp_path / "c.parquet")]).exit_code == 0
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.num_rows == 4 and table.column("aliases")[0].as_py() == ["Ann"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_query_cli_errors_exit_2_one_line(store, tmp_path):
    for args, message in [
        (["query", str(store), "selec 1"], "SQL: Parser Error"),
        (["query", str(store), "select nosuchcolumn from books"], "SQL: Binder Error"),
        (["query", str(tmp_path / "nowhere"), "select 1"], "no such corpus store"),
        (["query", str(tmp_path), "select 1"], "not a personae corpus store"),
        (["query", str(store), "select 1", "--csv", str(tmp_path / "no" / "x.csv")], "cannot write"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
