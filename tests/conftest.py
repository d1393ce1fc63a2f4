from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BOOKS = SHARED / "books"


@pytest.fixture(scope="session")
def sample_book():
    """The shipped sample book, analysed once for every test that reads its cast."""
    import personae
    return personae.analyse(personae.sample_path())


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (../shared/data beside the checkout); not there")
    return path
