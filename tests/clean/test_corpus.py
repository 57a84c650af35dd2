from __future__ import annotations

from newsloom.clean.corpus import LineFrequency, host_of


def _page(i: int) -> list[str]:
    return [
        "Home",
        "Sign in to your account",
        f"Headline number {i}",
        f"A long paragraph of the article number {i}, with enough words to be prose.",
    ]


def test_site_furniture_is_found_per_host() -> None:
    freq = LineFrequency()
    for i in range(5):
        freq.add_page("news.test", _page(i))
    assert freq.is_boilerplate("news.test", "Sign in to your account")
    assert not freq.is_boilerplate("news.test", "Headline number 1")
    assert not freq.is_boilerplate("other.test", "Sign in to your account")


def test_repeated_captures_and_unknown_sites_do_not_vote() -> None:
    freq = LineFrequency()
    for _ in range(10):  # one page captured ten times: its title is not furniture
        freq.add_page("news.test", _page(1))
        freq.add_page(None, _page(1))
    assert not freq.is_boilerplate("news.test", "Headline number 1")
    assert not freq.is_boilerplate(None, "Sign in to your account")


def test_host_of() -> None:
    assert host_of("https://www.News.test/a/b") == "news.test"
    assert host_of(None) is None and host_of("not a url") is None
