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


def load_script(name: str):
    """A script of scripts/ imported as a module, for its tests."""
    import importlib.util
    path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    import sys
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
