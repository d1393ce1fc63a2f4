"""`run_corpus`: find the books, skip those already in the store, map the rest, commit each."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from personae.corpus.engines import Failure, Job, LocalEngine, RayEngine
from personae.corpus.process import CorpusConfig
from personae.corpus.store import Store
from personae.errors import InputError, PersonaeError

# what a directory walk picks up (a file named on the command line is always tried)
BOOK_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".epub")

# progress(done, total, name of the book just finished)
Progress = Callable[[int, int, str], None]


@dataclass
class Summary:
    done: int = 0
    failed: int = 0
    skipped: int = 0  # already in the store (or the same file met twice)
    words: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, error)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


def is_book_file(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(BOOK_SUFFIXES)


def find_books(sources: Iterable[str | Path]) -> list[Path]:
    """The book files named or under the named directories (recursed, hidden ones skipped)."""
    found: list[Path] = []
    for source in map(Path, sources):
        if source.is_dir():
            found.extend(sorted(p for p in source.rglob("*") if p.is_file() and is_book_file(p)
                                and not any(part.startswith(".") for part in p.relative_to(source).parts)))
        elif source.exists():
            found.append(source)
        else:
            raise InputError(source, "no such file or directory")
    return found


def _sha256(path: Path) -> str:
    """The same digest as Source.sha256 (of the file's bytes); of the path when unreadable."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return hashlib.sha256(b"unreadable:" + str(path.absolute()).encode()).hexdigest()
    return digest.hexdigest()


def plan(paths: Sequence[Path], store: Store, retry_failed: bool = False,
         limit: int | None = None) -> tuple[list[Job], int]:
    """Jobs for the books not yet in the store (limit: at most that many), and how many skipped."""
    have = store.committed() | (set() if retry_failed else store.failed())
    jobs: list[Job] = []
    seen: set[str] = set()
    skipped = 0
    for path in paths:
        sha = _sha256(path)
        if sha in have or sha in seen:
            skipped += 1
            continue
        seen.add(sha)
        if limit is None or len(jobs) < limit:
            size = path.stat().st_size if path.exists() else 0
            jobs.append(Job(str(path), sha, size))
    # longest first: a big book started last would leave the other workers idle at the end
    jobs.sort(key=lambda j: -j.size)
    return jobs, skipped


def make_engine(engine: str, workers: int | None = None, ray_address: str | None = None):
    if engine == "local":
        return LocalEngine(workers)
    if engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            raise PersonaeError("the ray engine needs Ray: pip install 'personae[ray]'") from None
        return RayEngine(workers, ray_address)
    raise PersonaeError(f"unknown engine '{engine}'; choose local or ray")


def run_corpus(sources: Iterable[str | Path], store: str | Path, *, engine: str = "local",
               workers: int | None = None, ray_address: str | None = None,
               config: CorpusConfig = CorpusConfig(), retry_failed: bool = False,
               limit: int | None = None, progress: Progress | None = None) -> Summary:
    """Analyse every book under `sources` into the store at `store`; resumable at any point."""
    started = time.perf_counter()
    paths = find_books(sources)
    runner = make_engine(engine, workers, ray_address)
    summary = Summary()
    with Store(store).open_for_writing() as target:
        jobs, summary.skipped = plan(paths, target, retry_failed, limit)
        if progress:
            progress(0, len(jobs), "")
        for job, outcome in (runner.map(jobs, config) if jobs else ()):
            if isinstance(outcome, Failure):
                target.record_failure(job.sha256, job.path, outcome.error)
                summary.failed += 1
                summary.failures.append((job.path, outcome.error))
            else:
                target.commit(outcome)
                summary.done += 1
                summary.words += int(outcome["books"].column("words")[0].as_py() or 0)
            if progress:
                progress(summary.done + summary.failed, len(jobs), Path(job.path).name)
    summary.seconds = time.perf_counter() - started
    return summary
