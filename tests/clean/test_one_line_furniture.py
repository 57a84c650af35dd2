"""Whole menus and script code flattened into one line are cut; dates and places are not."""

from __future__ import annotations

from newsloom.clean import clean_text

STORY = [
    "Police released video on Tuesday showing the rescue of an eight-year-old girl who was "
    "taken from her mother in broad daylight, and the man was sentenced to life in prison.",
    "In a recorded interview with the FBI he confessed to the kidnapping, admitting that he "
    "had planned it for weeks before he drove to the city where the family lived.",
    "Officers found the girl in a motel room shortly after midnight, and she was returned to "
    "her family the same night, the police chief told reporters at the scene.",
]


def test_a_menu_flattened_into_one_line_is_cut() -> None:
    menu = (
        "Shows CBS This Morning CBS Evening News Face The Nation Sunday Morning Originals "
        "Latest Video Photos Podcasts In Depth Local Log In Alerts Mobile Shop"
    )
    main = clean_text("\n".join(["News", menu, "Girl rescued in Fort Worth", *STORY]))[0]
    assert "Podcasts In Depth" not in main.text
    assert {r.reason for r in main.removed if r.text == menu} == {"boilerplate:menu-run"}
    assert all(p in main.text for p in STORY)


def test_a_tour_dates_line_is_not_a_menu() -> None:
    dates = (
        "June 9 - West Palm Beach, FL @ Coral Sky Amphitheatre June 10 - Tampa, FL @ "
        "Amphitheatre June 12 - Atlanta, GA @ Ameris Bank Amphitheatre June 14 - Raleigh"
    )
    main = clean_text("\n".join(["Band announces tour", *STORY[:2], dates, STORY[2]]))[0]
    assert all(r.reason != "boilerplate:menu-run" for r in main.removed)


def test_script_code_kept_by_a_scraper_is_cut() -> None:
    code = (
        "(function() { function test_adblock(func, id) { var t = '0.1.2-dev', "
        "el = document.createElement('div'); el.id = id; func(t); } })();"
    )
    main = clean_text("\n".join(["Girl rescued in Fort Worth", STORY[0], code, *STORY[1:]]))[0]
    assert "createElement" not in main.text
    assert {r.reason for r in main.removed if r.text == code} == {"boilerplate:code"}
    assert all(p in main.text for p in STORY)
