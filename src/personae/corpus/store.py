"""The corpus store: a directory of Parquet tables, one file per book per table.

    STORE/personae-store.json          format marker
    STORE/<table>/<sha256>.parquet     one book's rows of <table>
    STORE/failures/<sha256>.parquet    a book that could not be analysed, with the error

A book is written table by table, each file to a hidden temp name and renamed into place, the
`books` file last: a book is in the store exactly when `books/<sha256>.parquet` exists.
Only the process running the corpus writes here (workers return tables), and `recover()`
deletes what a killed run left: temp files and detail files with no `books` file.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from personae.corpus.schema import BOOKS, DETAIL_TABLES, FAILURES, STORE_FORMAT, TABLES
from personae.errors import OutputError

MARKER = "personae-store.json"
_TMP_SUFFIX = ".tmp"


class Store:
    """A corpus store on disk. `Store(path)` only names it; `open_for_writing()` creates and locks."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock: int | None = None

    # ---- reading -------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.root / MARKER).is_file()

    def hashes(self, table: str) -> set[str]:
        folder = self.root / table
        if not folder.is_dir():
            return set()
        return {p.name[: -len(".parquet")] for p in folder.iterdir()
                if p.name.endswith(".parquet") and not p.name.startswith(".")}

    def committed(self) -> set[str]:
        """The books fully in the store."""
        return self.hashes("books")

    def failed(self) -> set[str]:
        return self.hashes("failures")

    def read(self, table: str) -> pa.Table:
        """One whole table (empty, with its schema, when no book has rows in it)."""
        files = sorted((self.root / table).glob("*.parquet")) if (self.root / table).is_dir() else []
        if not files:
            return TABLES[table].empty_table()
        return pa.concat_tables([pq.read_table(f, schema=TABLES[table]) for f in files])

    # ---- writing -------------------------------------------------------------------
    def open_for_writing(self) -> Store:
        """Create the store if needed, take its lock, and clean up after a killed run."""
        if self.root.exists() and not self.root.is_dir():
            raise OutputError(self.root, "exists and is not a directory")
        if self.root.is_dir() and not self.exists() and any(self.root.iterdir()):
            raise OutputError(self.root, "is a directory that is not a personae corpus store "
                                         f"(no {MARKER}); give a new or empty directory")
        try:
            for table in TABLES:
                (self.root / table).mkdir(parents=True, exist_ok=True)
            if not self.exists():
                _write_atomic_bytes(self.root / MARKER, json.dumps({"format": STORE_FORMAT}).encode())
            self._lock = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(self.root, f"cannot write here ({exc.strerror or exc})") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.close()
            raise OutputError(self.root, "another personae corpus run is writing to this store") from None
        self.recover()
        return self

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # releases the flock
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def recover(self) -> None:
        """Delete temp files, detail files of uncommitted books, failures of committed ones."""
        committed = self.committed()
        for table in TABLES:
            folder = self.root / table
            for item in folder.iterdir():
                name = item.name
                orphan = table in DETAIL_TABLES and name.endswith(".parquet") and name[:-8] not in committed
                stale_failure = table == "failures" and name[:-8] in committed
                if name.endswith(_TMP_SUFFIX) or orphan or stale_failure:
                    item.unlink(missing_ok=True)

    def commit(self, tables: dict[str, pa.Table]) -> str:
        """Write one book's tables (from `process_book`); the `books` file last. Returns its sha256."""
        books = tables["books"]
        if books.num_rows != 1:
            raise ValueError("a book's tables hold exactly one books row")
        sha = books.column("sha256")[0].as_py()
        for table in DETAIL_TABLES:
            data = tables.get(table)
            if data is None:
                data = DETAIL_TABLES[table].empty_table()
            self._write(table, sha, data.cast(DETAIL_TABLES[table]))
        for table in DETAIL_TABLES:  # their renames reach the disk before the marker's
            _fsync_dir(self.root / table)
        self._write("books", sha, books.cast(BOOKS))
        _fsync_dir(self.root / "books")
        (self.root / "failures" / f"{sha}.parquet").unlink(missing_ok=True)  # a retried book
        return sha

    def record_failure(self, sha: str, path: str, error: str) -> None:
        row = {"sha256": sha, "path": path, "error": error,
               "failed_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0)}
        self._write("failures", sha, pa.Table.from_pylist([row], schema=FAILURES))

    def _write(self, table: str, sha: str, data: pa.Table) -> None:
        final = self.root / table / f"{sha}.parquet"
        temp = final.with_name(f".{sha}.{os.getpid()}{_TMP_SUFFIX}")
        try:
            with open(temp, "wb") as handle:
                pq.write_table(data, handle, compression="zstd")
                handle.flush()
                os.fsync(handle.fileno())  # the rename must not overtake the data on a crash
            os.replace(temp, final)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise OutputError(final, f"cannot write ({exc.strerror or exc})") from None
        except BaseException:  # Ctrl-C mid-write: leave no temp file (recover() would, anyway)
            temp.unlink(missing_ok=True)
            raise


def _write_atomic_bytes(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}{_TMP_SUFFIX}")
    temp.write_bytes(data)
    os.replace(temp, path)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
