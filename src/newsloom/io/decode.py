"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, then charset detection, cp1252, latin-1.

Scraped files arrive in every encoding; a wrong guess produces mojibake that poisons every
later stage, so we prefer strict decoders and say which one won.
"""

from __future__ import annotations

import codecs

from newsloom.errors import BinaryInputError, EmptyInputError, EncodingError

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Share of control bytes (other than tab/newline/CR/form feed) above which data is binary.
# Text in any 8-bit or multibyte encoding has essentially none; images and archives have ~10%+.
MAX_CONTROL_BYTE_SHARE = 0.02
_SNIFF_BYTES = 65536
# Below this, alternating NULs are as likely noise as UTF-16 (8 characters of text).
MIN_UTF16_SNIFF_BYTES = 16
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in every other byte for Latin-script text."""
    if len(sample) < MIN_UTF16_SNIFF_BYTES:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(len(odd), 1)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def check_not_binary(sample: bytes, *, source: str | None = None) -> None:
    """Raise BinaryInputError when ``sample`` (a file's first bytes, without a BOM and not
    UTF-16) holds more control bytes than text in any encoding has."""
    if not sample:
        return
    controls = sum(sample.count(c) for c in _CONTROL)
    if controls / len(sample) > MAX_CONTROL_BYTE_SHARE:
        raise BinaryInputError(
            f"looks like binary data, not text ({controls} control bytes in the first "
            f"{len(sample)})",
            source=source,
        )


def check_text_head(head: bytes, *, source: str | None = None) -> None:
    """:func:`check_not_binary` for the head of a file read line by line: a BOM or UTF-16
    without one is text, whatever its NUL bytes."""
    if any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(head):
        return
    check_not_binary(head, source=source)


def decode_bytes(data: bytes, *, source: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding_name)`` or raise a ``NewsloomError``."""
    if not data.strip():
        raise EmptyInputError("input is empty", source=source)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"has a {name} byte-order mark but is not valid {name}: "
                    f"{exc.reason} at byte {exc.start}",
                    source=source,
                ) from exc
    sample = data[:_SNIFF_BYTES]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    check_not_binary(sample, source=source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    guessed = _detect(data)
    if guessed:
        try:
            return data.decode(guessed), guessed
        except (UnicodeDecodeError, LookupError):
            pass
    for name in ("cp1252", "latin-1"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise EncodingError(
        f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
        "and no other encoding fits",
        source=source,
    )  # pragma: no cover


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess, or None when it is not confident."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SNIFF_BYTES]).best()
    if best is None:
        return None
    name: str = best.encoding
    # Single-byte Western guesses are better served by cp1252, which maps 0x80-0x9F to the
    # curly quotes and dashes that news text actually contains.
    if name in {"latin_1", "iso8859_15", "cp1250", "iso8859_2"} and _is_cp1252(data):
        return "cp1252"
    return name


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
