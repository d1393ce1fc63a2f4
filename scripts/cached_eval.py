"""`personae eval quotes|cast` on cached parses, for quick development runs.

    python scripts/cached_eval.py build [--jobs 2]      # parse every PDNC / QuoteLi3 text once
    python scripts/cached_eval.py eval quotes [NOVEL...] [--misses F]
    python scripts/cached_eval.py eval cast [NOVEL...] [--misses]

Parsing (reading, quotation marks, spaCy and the entity model: `pipeline.parsed`) is four
fifths of a run's time and changes rarely; the stages after it are what one works on. The
cache (/tmp/pcache, or $PERSONAE_PARSE_CACHE) holds each text's Book right after the parse,
keyed by the text's bytes and by the code and model files the parse depends on, so a change
to them misses the cache instead of reading a stale parse. `eval` runs the CLI's own command
with `personae.analyse` = cached parse + `pipeline.after_parse`: the same stages and scorers
as the plain command.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import personae
from personae import pipeline

HERE = Path(__file__).resolve().parents[1]
DATA = HERE.parent / "shared" / "data"
CACHE = Path(os.environ.get("PERSONAE_PARSE_CACHE", "/tmp/pcache"))
PACKAGE = HERE / "src" / "personae"
# what `pipeline.parsed` reads: a change to any of these makes new keys
PARSE_INPUTS = [PACKAGE / "spans.py", PACKAGE / "nlp.py", PACKAGE / "stages" / "parse.py",
                PACKAGE / "stages" / "quotes.py", PACKAGE / "speech_verbs.py", PACKAGE / "stages" / "mentions.py",
                PACKAGE / "stages" / "portraits.py",
                PACKAGE / "models" / "literary" / "meta.json", *sorted((PACKAGE / "sources").glob("*.py"))]


def _parse_version() -> str:
    digest = hashlib.sha1()
    for f in PARSE_INPUTS:
        if f.exists():
            digest.update(f.read_bytes())
    return digest.hexdigest()[:8]


def cache_file(path: Path) -> Path:
    return CACHE / f"{hashlib.sha1(Path(path).read_bytes()).hexdigest()[:16]}-{_parse_version()}.pkl"


def parsed_cached(path: Path, processes: int | None = 1):
    """The Book of `path` right after the parse, from the cache or parsed (and cached) now."""
    f = cache_file(path)
    if f.exists():
        return pickle.loads(f.read_bytes())
    book = pipeline.parsed(path, None, processes)
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=CACHE, delete=False) as tmp:
        tmp.write(pickle.dumps(book))
    os.replace(tmp.name, f)
    return book


def analyse_cached(path: Path):
    return pipeline.after_parse(parsed_cached(path))


def _build_one(path: str) -> str:
    parsed_cached(Path(path))
    return path


def build(jobs: int) -> None:
    from personae.eval.quotes import gold_texts
    work = CACHE / "text"
    work.mkdir(parents=True, exist_ok=True)
    # QuoteLi3's texts are written to a fixed folder so that their bytes, and keys, stay put
    paths = [str(g.path) for g in gold_texts(DATA, None, work)]
    todo = [p for p in paths if not cache_file(Path(p)).exists()]
    print(f"{len(paths) - len(todo)} of {len(paths)} texts cached; parsing {len(todo)}", flush=True)
    with ProcessPoolExecutor(jobs) as pool:
        for done in pool.map(_build_one, todo):
            print("parsed", done, flush=True)


def main(argv: list[str]) -> None:
    if argv[:1] == ["build"]:
        jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 2
        build(jobs)
    elif argv[:1] == ["eval"]:
        from personae.cli import app
        personae.analyse = analyse_cached  # the CLI looks it up at call time
        app(argv, prog_name="cached_eval")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
