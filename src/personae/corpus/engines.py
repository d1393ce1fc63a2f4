"""Engine adapters: the only code that knows about worker processes or Ray.

An engine maps `run_job` over jobs and yields `(job, outcome)` as each finishes, in any
order; the outcome is the book's tables, or a `Failure` saying why not. Engines never touch
the store: the caller writes every result, so workers can die at any moment harmlessly.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from personae.corpus.process import CorpusConfig, process_book
from personae.errors import PersonaeError

# Ray retries a task whose worker died this many times minus one, then fails the book
MAX_CRASHES = 2


@dataclass(frozen=True)
class Job:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Failure:
    error: str


Outcome = dict[str, pa.Table] | Failure


def run_job(job: Job, config: CorpusConfig, local_path: str | None = None) -> Outcome:
    """process_book, with any exception turned into a picklable Failure."""
    try:
        return process_book(local_path or job.path, config, origin=job.path)
    except PersonaeError as exc:
        return Failure(getattr(exc, "problem", None) or str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad book must not stop the corpus
        return Failure(f"{type(exc).__name__}: {exc}")


def _warm_worker() -> None:
    """Load spaCy once per worker process, before its first book."""
    # Ctrl-C reaches the whole process group: the runner handles it and stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from personae import nlp
        nlp.load()
    except Exception:  # noqa: BLE001 - the book's own call reports it
        pass


class LocalEngine:
    """Worker processes on this machine (concurrent.futures, forkserver start method)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)

    def map(self, jobs: Sequence[Job], config: CorpusConfig,
            task: Callable[[Job, CorpusConfig], Outcome] = run_job) -> Iterator[tuple[Job, Outcome]]:
        pending = deque(jobs)
        suspects: deque[Job] = deque()
        while pending:
            # a worker that dies (out of memory, a crash) breaks the whole pool, and every book
            # in flight is lost with it: those are tried again below, one at a time
            suspects.extend((yield from self._pool(pending, config, task, self.workers)))
        while suspects:
            for job in (yield from self._pool(suspects, config, task, 1)):
                # it broke a pool where it ran alone: this book is the one that kills its worker
                yield job, Failure("the worker process died analysing it (out of memory or a crash)")

    def _pool(self, queue: deque[Job], config: CorpusConfig, task: Callable, workers: int):
        """Run jobs from `queue` on one pool until it is empty or the pool breaks; the jobs lost."""
        warm = _warm_worker if task is run_job else None
        pool = ProcessPoolExecutor(min(workers, len(queue)), mp_context=multiprocessing.get_context("forkserver"),
                                   initializer=warm)
        window = 2 * workers if workers > 1 else 1  # a few queued per worker; results stream back
        running: dict[Future, Job] = {}
        broken = False
        try:
            while (queue or running) and not broken:
                while queue and len(running) < window:
                    job = queue.popleft()
                    running[pool.submit(task, job, config)] = job
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    yield running.pop(future), outcome
        except BaseException:  # Ctrl-C, or the caller stopped: do not wait for books in progress
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=not broken, cancel_futures=True)
        return list(running.values())


def _ray_job(job: Job, data: bytes, config: CorpusConfig) -> Outcome:
    """A Ray task: the book's bytes arrive by the object store, so nodes need no shared disk."""
    with tempfile.TemporaryDirectory(prefix="personae-") as folder:
        local = Path(folder) / Path(job.path).name  # same name: the reader goes by extension
        local.write_bytes(data)
        return run_job(job, config, str(local))


class RayEngine:
    """Ray tasks, on a local Ray instance or the cluster at `address`.

    Uses the Ray already initialised in this process if there is one."""

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        self.workers = workers
        self.address = address

    def map(self, jobs: Sequence[Job], config: CorpusConfig) -> Iterator[tuple[Job, Outcome]]:
        import logging

        import ray

        owned = not ray.is_initialized()
        if owned:
            ray.init(address=self.address, include_dashboard=False, logging_level=logging.WARNING,
                     log_to_driver=False)
        try:
            task = ray.remote(num_cpus=1, max_retries=MAX_CRASHES - 1)(_ray_job)
            # --workers caps the books in flight; else keep every CPU of the cluster busy
            window = self.workers or 2 * max(1, int(ray.cluster_resources().get("CPU", 1)))
            queue = deque(jobs)
            running: dict = {}
            while queue or running:
                while queue and len(running) < window:
                    job = queue.popleft()
                    try:
                        data = Path(job.path).read_bytes()
                    except OSError as exc:
                        yield job, Failure(f"cannot be read ({exc.strerror or exc})")
                        continue
                    running[task.remote(job, data, config)] = job
                if not running:
                    break
                finished, _ = ray.wait(list(running), num_returns=1)
                for ref in finished:
                    job = running.pop(ref)
                    try:
                        outcome = ray.get(ref)
                    except ray.exceptions.RayError as exc:
                        outcome = Failure(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
                    yield job, outcome
        finally:
            if owned:
                ray.shutdown()
