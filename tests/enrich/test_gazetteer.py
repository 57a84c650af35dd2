"""User gazetteer import (GeoNames dumps) and look-ups on top of it, without the bundled data."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from newsloom.enrich.gazetteer import (
    USER_FILE_SUFFIX,
    Gazetteer,
    import_geonames_dump,
    name_key,
)
from newsloom.errors import EmptyInputError, RecordError

DATA = Path(__file__).resolve().parents[1] / "data" / "gazetteer"


def test_import_keeps_places_and_admin1(tmp_path: Path) -> None:
    report = import_geonames_dump(DATA / "UA.txt", tmp_path)
    assert report.path == tmp_path / f"UA{USER_FILE_SUFFIX}"
    assert (report.places, report.admin1) == (4, 1)  # the river is not a place news geocodes
    assert report.skipped == []
    assert [p.name for p in tmp_path.iterdir()] == [report.path.name]  # no temp file left
    gaz = Gazetteer(user_dir=tmp_path, bundled=False)
    villages = gaz.lookup("Novoheorhiivka")
    assert {(v.admin1_code, v.admin1) for v in villages} == {
        ("04", "Dnipropetrovsk Oblast"),
        ("17", None),  # no ADM1 row for Odesa Oblast in the fixture
    }
    assert gaz.lookup("Novogeorgievka")  # alternate names are indexed
    assert not gaz.lookup("Новогеоргіївка")  # non-Latin alternates are not
    # The division is found with and without its generic word.
    for name in ("Dnipropetrovsk Oblast", "Dnipropetrovsk", "Dnipropetrovska oblast"):
        assert [e.feature for e in gaz.lookup(name)] == ["admin1"], name


def test_import_reports_malformed_lines_and_goes_on(tmp_path: Path) -> None:
    report = import_geonames_dump(DATA / "UA-malformed.txt", tmp_path)
    assert report.kept == 2
    assert len(report.skipped) == 2
    assert "UA-malformed.txt:2" in report.skipped[0] and "19" in report.skipped[0]
    assert "UA-malformed.txt:3" in report.skipped[1] and "number" in report.skipped[1]


def test_import_empty_or_useless_file_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "XX.txt"
    empty.write_text("\n", encoding="utf-8")
    out = tmp_path / "gaz"
    with pytest.raises(EmptyInputError, match=r"XX\.txt"):
        import_geonames_dump(empty, out)
    junk = tmp_path / "YY.txt"
    junk.write_text("not\ta\tgeonames\trow\n", encoding="utf-8")
    with pytest.raises(RecordError, match="no populated place"):
        import_geonames_dump(junk, out)
    assert not out.exists() or not list(out.iterdir())


def test_reimport_replaces_the_file_atomically(tmp_path: Path) -> None:
    first = import_geonames_dump(DATA / "UA.txt", tmp_path)
    copy = tmp_path / "src" / "UA.txt"
    copy.parent.mkdir()
    shutil.copy(DATA / "UA-malformed.txt", copy)
    second = import_geonames_dump(copy, tmp_path)
    assert second.path == first.path
    assert len(Gazetteer(user_dir=tmp_path, bundled=False).lookup("Zaporizke")) == 0


def test_gazetteer_pickles_without_its_index(tmp_path: Path) -> None:
    import_geonames_dump(DATA / "UA.txt", tmp_path)
    gaz = Gazetteer(user_dir=tmp_path, bundled=False)
    assert gaz.lookup("Mezhova")
    blob = pickle.dumps(gaz)
    assert len(blob) < 500  # the index is rebuilt by the receiver, not shipped
    assert pickle.loads(blob).lookup("Mezhova")[0].population == 7140


def test_name_key_folds_spelling() -> None:
    assert name_key("the U.S.") == "us"
    assert name_key("Zaporiz’ke") == name_key("Zaporizke")
    assert name_key("Fīlestān") == "filestan"
