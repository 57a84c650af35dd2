from collections.abc import Callable

def all_repeats(
    page: str, n_paragraphs: int, min_words: int, containment: float
) -> dict[int, int]: ...
def dfa_counts(
    nextmove: object, rowbase: object, output: object, data: bytes
) -> dict[int, int]: ...
def lines_with_any(text: str, literals: tuple[str, ...], ignore_case: bool) -> list[int]: ...
def split_lf(
    mapped: str,
    original: str,
    special: str,
    deletable: str,
    collapse: Callable[[str], str],
    normalize: Callable[[str], str],
) -> tuple[list[str], list[int], list[int], list[bool]] | None: ...
def joinable(texts: list[str], never_last: frozenset[str]) -> list[int]: ...
