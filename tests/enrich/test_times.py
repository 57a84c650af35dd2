"""TimeExtractor: each family of expressions, the false-positive traps, no reference date,
pipeline mode with the shared spaCy doc, and a property test over arbitrary text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.records import Enrichment, TimeExpr
from newsloom.enrich.times import TimeExtractor
from newsloom.model import Article

# Thursday 28 August 2025, noon: the seeds' fetch time.
REF = datetime(2025, 8, 28, 12, 0, tzinfo=UTC)


def found(text: str, ref: datetime | None = REF) -> list[TimeExpr]:
    exprs = TimeExtractor().find(text, ref)
    for e in exprs:
        assert text[e.start : e.end] == e.text
    return exprs


def one(text: str, ref: datetime | None = REF) -> TimeExpr:
    exprs = found(text, ref)
    assert len(exprs) == 1, [(e.text, e.value) for e in exprs]
    return exprs[0]


def triples(text: str, ref: datetime | None = REF) -> list[tuple[str, str, str | None]]:
    return [(e.text, e.kind, e.value) for e in found(text, ref)]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Russia pushed back on Wednesday against the idea.", "Wednesday", "2025-08-27"),
        ("The army said Thursday that the strike failed.", "Thursday", "2025-08-28"),
        ("The leaders will meet on Friday in Geneva.", "Friday", "2025-08-29"),
        ("On Monday, ministers are set to vote.", "Monday", "2025-09-01"),
        ("Talks ended last Thursday.", "last Thursday", "2025-08-21"),
        ("Talks resume next Tuesday.", "next Tuesday", "2025-09-02"),
        ("Clashes broke out on Tuesday night.", "Tuesday night", "2025-08-26TNI"),
        ("The ban stays in place until Friday.", "Friday", "2025-08-29"),
    ],
)
def test_weekdays_follow_the_clause_tense(text: str, surface: str, value: str) -> None:
    e = one(text)
    assert (e.text, e.kind, e.value) == (surface, "date", value)


@pytest.mark.parametrize(
    ("surface", "value", "granularity"),
    [
        ("today", "2025-08-28", "day"),
        ("yesterday", "2025-08-27", "day"),
        ("tomorrow", "2025-08-29", "day"),
        ("tonight", "2025-08-28TNI", "part-of-day"),
        ("this morning", "2025-08-28TMO", "part-of-day"),
        ("last night", "2025-08-27TNI", "part-of-day"),
        ("last week", "2025-W34", "week"),
        ("this week", "2025-W35", "week"),
        ("next week", "2025-W36", "week"),
        ("the coming week", "2025-W36", "week"),
        ("last month", "2025-07", "month"),
        ("earlier this month", "2025-08", "month"),
        ("late last month", "2025-07", "month"),
        ("last year", "2024", "year"),
        ("later this year", "2025", "year"),
        ("next year", "2026", "year"),
        ("the end of the year", "2025", "year"),
        ("the third quarter", "2025-Q3", "quarter"),
        ("the first half of next year", "2026-H1", "half-year"),
    ],
)
def test_relative_dates(surface: str, value: str, granularity: str) -> None:
    e = one(f"Officials said {surface} that prices rose.")
    assert (e.text, e.value, e.granularity) == (surface, value, granularity)


@pytest.mark.parametrize(
    ("surface", "kind", "value"),
    [
        ("an hour ago", "time", "2025-08-28T11:00"),
        ("3 days ago", "date", "2025-08-25"),
        ("two years ago", "date", "2023"),
        ("a week ago", "date", "2025-W34"),
        ("two weeks from now", "date", "2025-W37"),
    ],
)
def test_ago_and_from_now(surface: str, kind: str, value: str) -> None:
    e = one(f"It was announced {surface}.")
    assert (e.text, e.kind, e.value) == (surface, kind, value)


@pytest.mark.parametrize(
    ("surface", "value"),
    [
        ("Aug. 27", "2025-08-27"),
        ("Aug 27", "2025-08-27"),
        ("27 August 2025", "2025-08-27"),
        ("August 27, 2025", "2025-08-27"),
        ("2025-08-27", "2025-08-27"),
        ("Sept. 3rd, 2019", "2019-09-03"),
        ("the 4th of July 1976", "1976-07-04"),
        ("Tuesday, July 27, 2004", "2004-07-27"),
        ("February 2022", "2022-02"),
        ("2014", "2014"),
        ("the 1990s", "199X"),
        ("the '80s", "198X"),
        ("the 19th century", "18XX"),
        ("mid-2023", "2023"),
        ("late March", "2025-03"),
        ("early 2020", "2020"),
        ("the summer of 2021", "2021-SU"),
        ("Q3 2024", "2024-Q3"),
    ],
)
def test_absolute_dates(surface: str, value: str) -> None:
    e = one(f"The deal was signed in {surface}, officials said.")
    assert surface.endswith(e.text) or e.text.endswith(surface.removeprefix("the "))
    assert (e.kind, e.value) == ("date", value)


def test_all_capital_names_in_datelines_and_headlines() -> None:
    ref = datetime(2013, 6, 15, 12)
    assert triples("THURSDAY, JUNE 30, 2005 RIP", ref) == [
        ("THURSDAY, JUNE 30, 2005", "date", "2005-06-30")
    ]
    assert triples("PUTIN MAY MEET TRUMP", ref) == []
    assert triples("Police said MONDAY that he fled.", ref) == [("MONDAY", "date", "2013-06-10")]


def test_yearless_dates_take_the_nearest_year_or_the_tense() -> None:
    ref = datetime(2025, 1, 2, 18, 0)
    assert triples("Sales fell on Dec. 28.", ref) == [("Dec. 28", "date", "2024-12-28")]
    assert triples("The bank decides on Feb. 6.", ref) == [("Feb. 6", "date", "2025-02-06")]
    assert triples("Prices rose in December.", ref) == [("December", "date", "2024-12")]
    assert triples("The talks will resume in March.", datetime(2025, 8, 28)) == [
        ("March", "date", "2026-03")
    ]


@pytest.mark.parametrize(
    ("surface", "value", "begin", "end"),
    [
        ("the past decade", "2015-08-28/2025-08-28", "2015-08-28", "2025-08-28"),
        ("the past three years", "2022-08-28/2025-08-28", "2022-08-28", "2025-08-28"),
        ("the next two days", "2025-08-28/2025-08-30", "2025-08-28", "2025-08-30"),
        (
            "the past 24 hours",
            "2025-08-27T12:00/2025-08-28T12:00",
            "2025-08-27T12:00",
            "2025-08-28T12:00",
        ),
        ("since 2014", "2014/2025-08-28", "2014", "2025-08-28"),
        ("since October 2023", "2023-10/2025-08-28", "2023-10", "2025-08-28"),
        ("2002-2003", "2002/2003", "2002", "2003"),
        ("July 26-27", "2025-07-26/2025-07-27", "2025-07-26", "2025-07-27"),
    ],
)
def test_intervals(surface: str, value: str, begin: str, end: str) -> None:
    e = one(f"Fighting has shaped {surface} in the region.")
    assert (e.text, e.kind, e.value, e.begin, e.end_value) == (
        surface,
        "interval",
        value,
        begin,
        end,
    )


@pytest.mark.parametrize(
    ("surface", "value"),
    [
        ("three and a half years", "P3Y6M"),
        ("a year and a half", "P1Y6M"),
        ("48 hours", "PT48H"),
        ("a decade", "P10Y"),
        ("two decades", "P20Y"),
        ("twenty-five years", "P25Y"),
        ("half an hour", "PT30M"),
        ("90 minutes", "PT90M"),
        ("three-year", "P3Y"),
        ("10-day", "P10D"),
        ("several months", "PXM"),
        ("months-long", "PXM"),
        ("4-1/2-month", "P4M15D"),
    ],
)
def test_durations(surface: str, value: str) -> None:
    e = one(f"The {surface} war of attrition went on.")
    assert (e.text, e.kind, e.value, e.duration) == (surface, "duration", value, value)


def test_durations_keep_approximators_and_bare_plurals() -> None:
    assert triples("It has raged for over three and a half years.") == [
        ("over three and a half years", "duration", "P3Y6M")
    ]
    assert triples("People have not eaten for days.") == [("days", "duration", "PXD")]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The briefing starts at 3 p.m. in Kyiv.", "3 p.m.", "2025-08-28T15:00"),
        ("Links were back at 10:30 GMT, it said.", "10:30 GMT", "2025-08-28T10:30"),
        ("Markets reopen at noon.", "noon", "2025-08-28T12:00"),
        ("The ship left at 1400 GMT.", "1400 GMT", "2025-08-27T14:00"),
        ("Polls close at 5 p.m. on Aug. 31.", "5 p.m. on Aug. 31", "2025-08-31T17:00"),
        ("He will speak Wednesday at 2 p.m. ET.", "Wednesday at 2 p.m. ET", "2025-09-03T14:00"),
        ("Voting ends at 9 a.m. tomorrow.", "9 a.m. tomorrow", "2025-08-29T09:00"),
        ("Published Dec. 19, 2005 at 9: 44 PM", "Dec. 19, 2005 at 9: 44 PM", "2005-12-19T21:44"),
    ],
)
def test_clock_times(text: str, surface: str, value: str) -> None:
    e = one(text)
    assert (e.text, e.kind, e.value) == (surface, "time", value)


def test_a_clock_time_in_a_past_clause_after_the_reference_time_was_yesterday() -> None:
    # "10:30 GMT" above: before noon would be today; 14:00 in a past clause is the day before.
    assert one("The ship left at 1400 GMT.").value == "2025-08-27T14:00"
    assert one("The ship leaves at 1400 GMT.").value == "2025-08-28T14:00"


def test_a_bare_clock_time_takes_the_day_named_before_it() -> None:
    text = "A gunman opened fire on Saturday evening. The shooting began at 6:11 p.m."
    assert triples(text, datetime(2024, 7, 15, 6, 30))[-1] == (
        "6:11 p.m.",
        "time",
        "2024-07-13T18:11",
    )


@pytest.mark.parametrize(
    ("surface", "value"),
    [
        ("every Monday", "XXXX-WXX-1"),
        ("every November", "XXXX-11"),
        ("every day", "P1D"),
        ("every five years", "P5Y"),
        ("every other week", "P2W"),
        ("each year", "P1Y"),
        ("daily", "P1D"),
        ("weekly", "P1W"),
        ("annually", "P1Y"),
    ],
)
def test_sets(surface: str, value: str) -> None:
    e = one(f"The committee meets {surface} in Brussels.")
    assert (e.text, e.kind, e.value) == (surface, "set", value)


def test_plural_weekday_is_a_set() -> None:
    assert triples("The market is closed on Sundays.") == [("Sundays", "set", "XXXX-WXX-7")]


def test_seeds_wire_story_expressions() -> None:
    text = (
        "Russia pushed back on Wednesday against the idea of European peacekeeping troops, "
        "in another blow to a conflict which has been raging for over three and a half years. "
        "It launched the all-out offensive in February 2022. Russia's defence ministry claimed "
        "earlier this month that its forces had taken the two villages in their three-year war."
    )
    assert triples(text) == [
        ("Wednesday", "date", "2025-08-27"),
        ("over three and a half years", "duration", "P3Y6M"),
        ("February 2022", "date", "2022-02"),
        ("earlier this month", "date", "2025-08"),
        ("three-year", "duration", "P3Y"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said she may resign.",
        "Former prime minister Theresa May urged calm.",
        "After May failed to win backing, the deal collapsed.",
        "Protesters will march through the city. March Madness starts.",
        "The Sunday Times reported the story first.",
        "He bought a drink at 7-Eleven.",
        "Spain won 2-1 and Madrid beat Sevilla 4-0.",
        "The report is on page 12 of the annex.",
        "One of them was hurt, and one more fled.",
        "A 3-year-old boy and a 63 - year - old woman were rescued.",
        "The victim, aged 33, was the second person to die.",
        "It was the second round of talks and the 86th minute of the match.",
        "More than 2014 people signed it and 1500 troops left.",
        "Prices fall when spring water runs short.",
        "The Winter Olympics open in Milan.",
        "The ratio rose to 3.25 percent.",
        "She is in her forties.",
        "Always make a booking on a Tuesday or any Sunday.",
        "The Kyiv Independent and the Daily Mail reported it.",
    ],
)
def test_false_positive_traps(text: str) -> None:
    assert triples(text) == []


def test_no_reference_keeps_expressions_without_invented_values() -> None:
    text = (
        "The museum said on Monday that it will reopen next month, an hour ago, after 18 "
        "months of work begun in August 1961, on Nov. 9, 1989 and in the 1990s. It will open "
        "daily on Aug. 27."
    )
    got = {e.text: e.value for e in found(text, None)}
    assert got == {
        "Monday": None,
        "next month": None,
        "an hour ago": None,
        "18 months": "P18M",
        "August 1961": "1961-08",
        "Nov. 9, 1989": "1989-11-09",
        "the 1990s": "199X",
        "daily": "P1D",
        "Aug. 27": "XXXX-08-27",
    }


def test_since_without_reference_keeps_the_begin() -> None:
    e = one("Rates have risen since 2014.", None)
    assert (e.kind, e.value, e.begin, e.end_value) == ("interval", None, "2014", None)


def test_naive_reference_and_empty_text() -> None:
    assert TimeExtractor().find("", REF) == []
    assert one("It rained on Tuesday.", datetime(2025, 8, 28)).value == "2025-08-26"


def test_pure_text_mode_never_calls_dateparser() -> None:
    ext = TimeExtractor()
    ext.find("The deadline was 3/14/2024, two weeks ago, on Friday.", REF)
    assert ext.dateparser_calls == 0


def test_pipeline_mode_uses_the_shared_doc_and_falls_back_to_dateparser() -> None:
    from newsloom.enrich.nlp import load_nlp

    text = "Filings closed on 3/14/2024. The court ruled on Wednesday, a week after the hearing."
    doc = load_nlp()(text)
    ext = TimeExtractor()
    out = Enrichment()
    ext.extract(doc, ArticleContext(Article(id="a1", text=text), REF), out)
    got = [(t.text, t.value, t.source) for t in out.times]
    assert ("Wednesday", "2025-08-27", "rules") in got
    assert ("3/14/2024", "2024-03-14", "dateparser") in got
    assert ("a week", "P1W", "rules") in got
    # dateparser saw only the span no rule took.
    assert ext.dateparser_calls == 1


def test_pipeline_mode_without_reference_keeps_relative_times_without_values() -> None:
    from newsloom.enrich.nlp import load_nlp

    text = "The museum said on Monday that it will reopen next month, as it did in 1998."
    out = Enrichment()
    ctx = ArticleContext(Article(id="a2", text=text), None)
    TimeExtractor().extract(load_nlp()(text), ctx, out)
    assert {t.text: t.value for t in out.times} == {
        "Monday": None,
        "next month": None,
        "1998": "1998",
    }


def test_records_round_trip() -> None:
    e = one("since 2014")
    assert TimeExpr.from_dict(e.to_dict()) == e


_WORDS = st.sampled_from(
    [
        "on",
        "Wednesday",
        "May",
        "March",
        "2014",
        "the",
        "past",
        "decade",
        "since",
        "a",
        "an",
        "hour",
        "ago",
        "three",
        "and",
        "half",
        "years",
        "-",
        "year",
        "old",
        "at",
        "3",
        "p.m.",
        "10:30",
        "GMT",
        "every",
        "Monday",
        "Aug.",
        "27",
        ",",
        "2025",
        "1990s",
        "mid-",
        "late",
        "will",
        "said",
        "last",
        "next",
        "week",
        "1/2",
        "'",
        "’",
        ".",
        "\n\n",
        "Q3",
        "noon",
        "tonight",
        "from",
        "now",
        "Sunday",
        "Times",
        "7-Eleven",
        "0",
        "99999",
        "Christmas",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(_WORDS, max_size=60).map(" ".join),
        st.lists(_WORDS, max_size=60).map("".join),
    ),
    st.one_of(
        st.none(), st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2099, 10, 1))
    ),
)
def test_arbitrary_text_never_raises_and_offsets_hold(text: str, ref: datetime | None) -> None:
    exprs = TimeExtractor().find(text, ref)
    last_end = 0
    for e in exprs:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.start >= last_end  # no overlaps
        last_end = e.end
        assert e.kind in ("date", "time", "duration", "set", "interval")


def test_trigger_windows_find_what_whole_text_scans_find(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules run only near their trigger words (speed); that must not change the output."""
    import dataclasses
    import sys

    import newsloom.enrich.times as times_module
    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    from times import DATA, load_marked

    docs = load_marked(DATA / "dev.txt", "dev") + load_marked(DATA / "heldout.txt", "heldout")
    windowed = [TimeExtractor().find(d.text, d.reference) for d in docs]
    whole_rules = tuple(dataclasses.replace(r, trigger=None) for r in times_module.RULES)
    monkeypatch.setattr(times_module, "RULES", whole_rules)
    assert [TimeExtractor().find(d.text, d.reference) for d in docs] == windowed


@pytest.mark.parametrize(
    ("text", "ref", "value"),
    [
        ("Another batch is expected on Monday.", datetime(2024, 1, 7, 1, 20), "2024-01-08"),
        (
            "Records were made public since Wednesday.",
            datetime(2024, 1, 7),
            "2024-01-03/2024-01-07",
        ),
        ("He has not been seen since Oct. 7.", datetime(2024, 8, 8), "2023-10-07/2024-08-08"),
        (
            "In a May 7 memo obtained by the paper, it said staff will return.",
            datetime(2026, 5, 25),
            "2026-05-07",
        ),
        (
            "On Tuesday, the spokesman said Sinwar would be found.",
            datetime(2024, 8, 8),
            "2024-08-06",
        ),
        (
            "A vigil will be held in the square at 6 p.m.",
            datetime(2017, 3, 23, 20),
            "2017-03-23T18:00",
        ),
        ("Schools will remain closed through Friday.", datetime(2024, 10, 9, 13), "2024-10-11"),
        ("They asked for answers no later than May 10.", datetime(2023, 4, 26), "2023-05-10"),
        ("It ran the station until October.", datetime(2023, 4, 26), "2022-10"),
    ],
)
def test_tense_cues_nearest_the_date_decide(text: str, ref: datetime, value: str) -> None:
    assert one(text, ref).value == value
