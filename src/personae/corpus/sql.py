"""SQL over a corpus store with DuckDB: each table a view over STORE/<table>/*.parquet."""
from __future__ import annotations

from pathlib import Path

import duckdb

from personae.corpus.schema import TABLES
from personae.corpus.store import MARKER, Store
from personae.errors import InputError, OutputError, PersonaeError


class QueryError(PersonaeError):
    """SQL that DuckDB refused (syntax, unknown table or column, a type error)."""


def connect(store: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per store table (an empty one for a table with no files)."""
    root = Path(store)
    if not root.is_dir():
        raise InputError(root, "no such corpus store (a directory written by 'personae corpus')")
    if not Store(root).exists():
        raise InputError(root, f"is not a personae corpus store (no {MARKER})")
    con = duckdb.connect()
    for table, schema in TABLES.items():
        folder = root / table
        if folder.is_dir() and any(folder.glob("*.parquet")):
            glob = str(folder / "*.parquet").replace("'", "''")
            # union_by_name: files written before a column was added still read
            con.execute(f"create view {table} as select * from read_parquet('{glob}', union_by_name = true)")
        else:
            con.register(table, schema.empty_table())
    return con


def query(store: str | Path, sql: str, max_rows: int | None = None) -> tuple[list[str], list[tuple]]:
    """Run `sql` over the store: the column names and the rows (at most `max_rows`)."""
    con = connect(store)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchall() if max_rows is None else cursor.fetchmany(max_rows)
    except duckdb.Error as exc:
        raise QueryError(_one_line(exc)) from None
    return columns, rows


def export(store: str | Path, sql: str, path: str | Path, fmt: str) -> None:
    """The result of `sql` to a CSV or Parquet file, atomically (a temp file renamed into place)."""
    con = connect(store)
    target = Path(path)
    temp = target.with_name(f".{target.name}.tmp")
    try:
        relation = con.sql(sql)
        if relation is None:
            raise QueryError("the statement returns no rows to write")
        if fmt == "csv":
            relation.write_csv(str(temp), header=True)
        else:
            relation.write_parquet(str(temp))
        temp.replace(target)
    except duckdb.IOException as exc:
        raise OutputError(target, f"cannot write ({_one_line(exc)})") from None
    except duckdb.Error as exc:
        raise QueryError(_one_line(exc)) from None
    except OSError as exc:
        raise OutputError(target, f"cannot write ({exc.strerror or exc})") from None
    finally:
        temp.unlink(missing_ok=True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
