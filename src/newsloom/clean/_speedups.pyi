from collections.abc import Callable
from typing import Literal, TypeVar, overload

T = TypeVar("T")

def all_repeats(
    page: str, n_paragraphs: int, min_words: int, containment: float
) -> dict[int, int]: ...
def dfa_counts(
    nextmove: object, rowbase: object, output: object, data: bytes
) -> dict[int, int]: ...
@overload
def lines_with_any(text: str, literals: tuple[str, ...], ignore_case: bool) -> list[int]: ...
@overload
def lines_with_any(
    text: str, literals: tuple[str, ...], ignore_case: bool, with_columns: Literal[True]
) -> tuple[list[int], list[int]]: ...
def split_lf(
    mapped: str,
    original: str,
    special: str,
    deletable: str,
    collapse: Callable[[str], str],
    normalize: Callable[[str], str],
) -> tuple[list[str], list[int], list[int], list[bool]] | None: ...
def joinable(texts: list[str], never_last: frozenset[str]) -> list[int]: ...
def stop_flags(text: str, stop: frozenset[str], strip: str, per_line: bool = False) -> bytes: ...
def line_classes(
    texts: list[str], table: object, masks: tuple[int, int, int, int, int, int]
) -> bytes | None: ...
def best_run(gain: object) -> tuple[float, int, int]: ...
def collapse_space(text: str) -> str: ...
def anchored_candidates(
    lines: list[str],
    prefixes: tuple[str, ...],
    lead: str,
    max_len: int,
    ignore_case: bool = ...,
) -> list[int]: ...
def heading_shaped(
    texts: list[str], words: list[int], max_words: int, max_chars: int, sentence_end: str
) -> list[bool]: ...
def feature_columns(
    x: object,
    packed: bytes,
    nw: object,
    n_stop: object,
    kinds: list[str | None],
    texts: list[str],
    counts: dict[str, int],
    urlish: list[int],
    counted: list[int],
    bits: tuple[int, int],
) -> None: ...
def lower(text: str, fold: bool = ...) -> str | None: ...
def add_context(x: object, first: int, kernel: object, headline_max: float) -> None: ...
def make_lines(
    cls: type[T],
    fields: tuple[object, ...],
    texts: list[str],
    starts: list[int],
    ends: list[int],
    blanks: list[bool],
) -> list[T]: ...
def rule_candidates(
    texts: list[str], digits: list[float], twice_words: int, opening_words: int
) -> list[int]: ...
def glued_opening(text: str, max_words: int) -> bool: ...
def split_count(text: str) -> int: ...
def map_same_length(text: str, sources: str, targets: str) -> str: ...
def collapse_fold(text: str) -> str | None: ...
