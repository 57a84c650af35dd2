from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsloom.errors import BinaryInputError, EmptyInputError, NewsloomError
from newsloom.io.decode import decode_bytes

TEXT = "Kyiv's “position” on peace talks — café, naïve, 5 €."


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_unicode_encodings_round_trip(encoding: str) -> None:
    text, used = decode_bytes(TEXT.encode(encoding))
    assert text.lstrip("\ufeff") == TEXT, used


def test_cp1252_curly_quotes_and_euro() -> None:
    data = "He said “no” – it cost 5 € and that’s final, said the café owner.".encode("cp1252")
    text, used = decode_bytes(data)
    assert "“no”" in text and "€" in text and "café" in text, used


def test_latin1_fallback() -> None:
    text, _ = decode_bytes("Ärger über Straßen in Köln, sagte der Bürgermeister.".encode("latin-1"))
    assert "Straßen" in text and "Köln" in text


def test_empty_and_whitespace_are_empty() -> None:
    for data in (b"", b"   \n\t "):
        with pytest.raises(EmptyInputError, match=r"\[E002\] page.txt: input is empty"):
            decode_bytes(data, source="page.txt")


def test_binary_is_named() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(BinaryInputError, match=r"image\.png: looks like binary data"):
        decode_bytes(png, source="image.png")


def test_utf8_bom_is_stripped() -> None:
    text, used = decode_bytes(codecs.BOM_UTF8 + b"Hello world")
    assert text == "Hello world" and used == "utf-8-sig"


@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise_anything_else(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
    except NewsloomError:
        return
    assert isinstance(text, str)


@given(st.text(max_size=500).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_utf8_text_decodes_to_itself(text: str) -> None:
    """Any real text (NUL-free: NULs every other byte are what UTF-16 looks like)."""
    try:
        got, _ = decode_bytes(text.encode("utf-8"))
    except BinaryInputError:
        return  # text made of control characters is rightly taken for binary
    assert got == text or got == text.lstrip("\ufeff")
