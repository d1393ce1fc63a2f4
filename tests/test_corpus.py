"""Corpus runs: the store's tables, failures, skipping, kill -9 and resume, the Ray engine."""
import gzip
import os
from collections import Counter
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from personae.cli import app
from personae.corpus import CorpusConfig, Store, find_books, run_corpus
from personae.corpus.engines import Failure, Job, LocalEngine
from personae.corpus.schema import DETAIL_TABLES, TABLES, tables_from_json
from personae.errors import OutputError

CASTS = [("Anna Grey", "Tom Fenwick", "Bristol"), ("Mary Holt", "John Ash", "Dover"),
         ("Clara Voss", "Peter Lind", "York"), ("Edith Crane", "Walter Moss", "Bath"),
         ("Lucy Marsh", "Henry Dale", "Leeds"), ("Ruth Sable", "Arthur Penn", "Hull"),
         ("Jane Tarrant", "Oliver Quill", "Exeter"), ("Nora Blake", "Simon Reed", "Durham")]


def book_text(she: str, he: str, town: str, repeat: int = 2) -> str:
    """A few paragraphs about two people: enough for a cast, fast to parse."""
    first, his = she.split()[0], he.split()[0]
    paragraphs = [
        f"{she} walked down to the harbour at {town} with {he} on a grey morning.",
        f'"It is cold today," said {first}. "The boats will not go out."',
        f'{his} laughed at her. "You always say that," he replied, and took her arm.',
        f"Mr. {he.split()[1]} had known Miss {she.split()[1]} since they were children in {town}.",
        f"{first} looked at him for a long while and then she smiled at last.",
    ]
    return "\n\n".join(paragraphs * repeat) + "\n"


def write_books(folder: Path, count: int, repeat: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"book{i}.txt"
        path.write_text(book_text(*CASTS[i % len(CASTS)], repeat=repeat) + f"\n(copy {i})\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Two .txt books, one .txt.gz in a subfolder, one HTML, a binary '.txt' and a note to ignore."""
    root = tmp_path_factory.mktemp("library")
    write_books(root, 2)
    (root / "sub").mkdir()
    (root / "sub" / "third.txt.gz").write_bytes(gzip.compress(book_text(*CASTS[2]).encode()))
    body = "".join(f"<p>{p}</p>" for p in book_text(*CASTS[3]).split("\n\n"))
    (root / "fourth.html").write_text(f"<html><body><h1>Chapter 1</h1>{body}</body></html>", encoding="utf-8")
    (root / "garbage.txt").write_bytes(bytes(range(256)) * 16)
    (root / "notes.md").write_text("not a book")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text(book_text(*CASTS[4]))
    return root


@pytest.fixture(scope="module")
def local_run(library, tmp_path_factory):
    store = tmp_path_factory.mktemp("stores") / "local"
    summary = run_corpus([library], store, workers=2)
    return store, summary


def tables_of(store: Path) -> dict:
    """Every table of a store as sorted Python rows (worker timings left out)."""
    result = {}
    for name in TABLES:
        table = Store(store).read(name)
        if name == "books":
            table = table.drop_columns(["seconds", "cpu_seconds"])
        if name == "failures":
            table = table.drop_columns(["failed_at"])
        result[name] = sorted(table.to_pylist(), key=repr)
    return result


def test_corpus_find_books_recurses_and_filters(library):
    names = sorted(p.name for p in find_books([library]))
    assert names == ["book0.txt", "book1.txt", "fourth.html", "garbage.txt", "third.txt.gz"]


def test_corpus_run_summary(local_run):
    _, summary = local_run
    assert (summary.done, summary.failed, summary.skipped) == (4, 1, 0)
    assert summary.words > 200 and summary.words_per_second > 0


def test_corpus_store_files_follow_schemas(local_run):
    store, _ = local_run
    committed = Store(store).committed()
    assert len(committed) == 4
    for name in DETAIL_TABLES:  # every book has one file per table, even an empty one
        files = list((store / name).glob("*.parquet"))
        assert {f.stem for f in files} == committed
        for f in files:
            assert pq.read_schema(f).remove_metadata().equals(TABLES[name].remove_metadata()), (name, f)
    books = Store(store).read("books").to_pylist()
    assert {b["format"] for b in books} == {"txt", "html"}
    assert {b["name"] for b in books} == {"book0.txt", "book1.txt", "third.txt.gz", "fourth.html"}
    assert all(b["words"] > 50 and b["characters"] >= 2 for b in books)
    characters = Store(store).read("characters").to_pylist()
    assert {"Anna Grey", "John Ash", "Peter Lind", "Walter Moss"} <= {c["name"] for c in characters}


def test_corpus_quote_text_is_the_quoted_words(local_run):
    store, _ = local_run
    texts = {q["text"] for q in Store(store).read("quotes").to_pylist()}
    assert "It is cold today," in texts


def test_corpus_failure_recorded_not_fatal(local_run, library):
    store, summary = local_run
    failures = Store(store).read("failures").to_pylist()
    assert [Path(f["path"]).name for f in failures] == ["garbage.txt"]
    assert "binary" in failures[0]["error"]
    assert summary.failures and "garbage.txt" in summary.failures[0][0]
    assert failures[0]["sha256"] not in Store(store).committed()


def test_corpus_rerun_skips_done_books(local_run, library, tmp_path):
    store, _ = local_run
    before = {p: p.stat().st_mtime_ns for p in store.rglob("*.parquet")}
    shutil.copy(library / "book0.txt", library / "sub" / "same_as_book0.txt")  # same content, new name
    try:
        again = run_corpus([library], store, workers=1)
    finally:
        (library / "sub" / "same_as_book0.txt").unlink()
    assert (again.done, again.failed, again.skipped) == (0, 0, 6)
    assert {p: p.stat().st_mtime_ns for p in store.rglob("*.parquet")} == before


def test_corpus_retry_failed_tries_again(library, tmp_path):
    store = tmp_path / "store"
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    shutil.copy(library / "garbage.txt", only_bad)
    assert run_corpus([only_bad], store, workers=1).failed == 1
    assert run_corpus([only_bad], store, workers=1).skipped == 1
    assert run_corpus([only_bad], store, workers=1, retry_failed=True).failed == 1


def test_corpus_recover_removes_half_written_books(tmp_path):
    data = {"source": {"sha256": "a" * 64, "path": "x.txt", "format": "txt", "encoding": "utf-8",
                       "body": [0, 10], "chapters": [], "words": 3},
            "characters": [{"id": "C0", "name": "Ann", "aliases": [], "first": 0,
                            "mentions": {"proper": 1, "nominal": 0, "pronoun": 0, "total": 1}}]}
    with Store(tmp_path / "s").open_for_writing() as store:
        store.commit(tables_from_json(data))
        done = dict(data, source=dict(data["source"], sha256="b" * 64))
        tables = tables_from_json(done)
        for name in DETAIL_TABLES:  # a run killed before b's books file: b is half-written
            store._write(name, "b" * 64, tables[name])
        (tmp_path / "s" / "characters" / ".cccc.123.tmp").write_bytes(b"partial")
    with Store(tmp_path / "s").open_for_writing():
        pass
    for name in DETAIL_TABLES:
        assert [p.name for p in (tmp_path / "s" / name).iterdir()] == ["a" * 64 + ".parquet"]


def test_corpus_store_lock_refuses_second_writer(tmp_path):
    with Store(tmp_path / "s").open_for_writing():
        with pytest.raises(OutputError, match="another personae corpus run"):
            Store(tmp_path / "s").open_for_writing()


def test_corpus_refuses_a_directory_that_is_not_a_store(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.tex").write_text("x")
    with pytest.raises(OutputError, match="not a personae corpus store"):
        Store(tmp_path / "docs").open_for_writing()


def test_corpus_cli_bad_input_exit_2(tmp_path):
    runner = CliRunner()
    write_books(tmp_path / "lib", 1)
    (tmp_path / "file").write_text("x")
    for args, message in [
        (["corpus", str(tmp_path / "missing"), "-o", str(tmp_path / "s")], "no such file or directory"),
        (["corpus", str(tmp_path / "lib"), "-o", str(tmp_path / "s"), "--workers", "0"], "--workers"),
        (["corpus", str(tmp_path / "lib"), "-o", str(tmp_path / "file")], "not a directory"),
        (["corpus", str(tmp_path / "lib"), "-o", str(tmp_path / "s"), "--engine", "spark"], "unknown engine"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "s").exists() or not Store(tmp_path / "s").committed()


def _crash_on_marked(job, config):
    """A stand-in for run_job whose worker dies on books named crash*."""
    if Path(job.path).name.startswith("crash"):
        os._exit(3)
    return Failure(f"ran {Path(job.path).name}")


def test_corpus_local_engine_survives_a_dying_worker(tmp_path):
    jobs = [Job(str(tmp_path / name), name, 1) for name in ("a.txt", "crash.txt", "b.txt", "c.txt")]
    outcomes = [(Path(job.path).name, outcome.error)
                for job, outcome in LocalEngine(2).map(jobs, CorpusConfig(), task=_crash_on_marked)]
    assert sorted(name for name, _ in outcomes) == ["a.txt", "b.txt", "c.txt", "crash.txt"]  # each once
    results = dict(outcomes)
    assert "worker process died" in results["crash.txt"]
    assert all(results[name] == f"ran {name}" for name in ("a.txt", "b.txt", "c.txt"))


def _kill_after_first_commit(cmd: list[str], store: Path, timeout: float = 120) -> int:
    """Start `cmd`, SIGKILL it as soon as one book is committed; how many were committed then."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while not any((store / "books").glob("*.parquet")):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no book committed in time"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)  # the runner itself, mid-run
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # and its workers, so they do not linger
        except ProcessLookupError:
            pass
    return len(Store(store).committed())


def test_corpus_kill_9_then_resume_exactly_once(tmp_path):
    books = write_books(tmp_path / "lib", 8, repeat=4)
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "personae", "corpus", str(tmp_path / "lib"), "-o", str(store), "--workers", "1"]
    at_kill = _kill_after_first_commit(cmd, store)
    assert 1 <= at_kill < len(books), "the run must be killed in the middle"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{len(books) - at_kill} books done, 0 failed, {at_kill} skipped" in done.stdout
    reader = Store(store)
    assert len(reader.committed()) == len(books)
    assert not list(store.rglob("*.tmp"))
    for name in DETAIL_TABLES:
        assert {p.stem for p in (store / name).glob("*.parquet")} == reader.committed()
    rows = reader.read("books").to_pylist()
    assert sorted(Path(b["path"]).name for b in rows) == sorted(p.name for p in books)
    characters = reader.read("characters").to_pylist()
    keys = [(c["book"], c["id"]) for c in characters]
    assert len(keys) == len(set(keys)) and {c["book"] for c in characters} == reader.committed()
    # each book's rows once: as many as its books row counted when it was analysed
    for table in ("characters", "mentions", "quotes"):
        per_book = Counter(row["book"] for row in reader.read(table).to_pylist())
        assert per_book == {b["sha256"]: b[table] for b in rows if b[table]}, table


def test_corpus_ray_engine_same_tables_as_local(local_run, library, tmp_path):
    ray = pytest.importorskip("ray")
    store, _ = local_run
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        summary = run_corpus([library], tmp_path / "ray", engine="ray")
    finally:
        ray.shutdown()
    assert (summary.done, summary.failed) == (4, 1)
    local, remote = tables_of(store), tables_of(tmp_path / "ray")
    for name in TABLES:
        assert remote[name] == local[name], name
    assert local["characters"] and local["mentions"]
