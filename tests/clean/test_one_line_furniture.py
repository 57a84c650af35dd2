"""Whole menus and script code flattened into one line are cut; dates and places are not."""

from __future__ import annotations

import numpy as np
import pytest

from newsloom.clean import clean_text
from newsloom.clean.classify import extend_region
from newsloom.clean.cleaner import _embedded_posts
from newsloom.clean.lines import split_lines

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


def test_a_line_opening_with_a_menu_before_teasers_is_cut() -> None:
    menu = (
        "Local News Crime Weather Traffic Obituaries Prince Andrew faces more disgrace as "
        "business backers leave Pioneering teacher who fought segregation dies at 106 Cambodian "
        "princess, classical dance star, dies at 76 The bridge that was built twice"
    )
    main = clean_text("\n".join(["News", menu, "Girl rescued in Fort Worth", *STORY]))[0]
    assert "Prince Andrew faces" not in main.text
    assert {r.reason for r in main.removed if r.text == menu} == {"boilerplate:menu-run"}
    assert all(p in main.text for p in STORY)


def test_prose_opening_with_a_long_name_is_not_a_menu() -> None:
    lead = (
        "Philippine Marine Corps Commandant Major General Arturo Rojas Said At The opening "
        "ceremony in Manila that the exercise was long planned. It was not a reaction to any "
        "one event. Troops from both countries will train together for two weeks. Ships will "
        "join them later."
    )
    main = clean_text("\n".join(["Exercise begins", lead, *STORY]))[0]
    assert lead in main.text


def test_a_list_announced_by_a_colon_line_is_kept_with_the_article() -> None:
    dates = [
        "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL",
        "June 10 -- Credit Union Amphitheatre, Tampa, FL",
        "June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA",
        "June 17 -- Bridgestone Arena, Nashville, TN",
    ]
    page = [
        "Band announces tour",
        *STORY,
        "The band's 50th anniversary tour dates:",
        *dates,
        "Facebook",
        "Twitter",
        "Most Popular",
        "Ten things to do this weekend in the city",
    ]
    main = clean_text("\n".join(page))[0]
    assert all(d in main.text for d in dates)
    assert "Ten things to do" not in main.text


def test_teasers_with_their_dates_flattened_into_one_line_are_cut() -> None:
    teasers = " ".join(
        f"{title} {author} Wednesday November {day}, 2019 {summary}"
        for title, author, day, summary in [
            ("What made the film so popular?", "Madeline Fry", 20, "It killed at the box office."),
            ("The witness with a gripe", "Eddie Scarry", 19, "Only one witness has one."),
            ("Volker and the irregular channel", "Kaylee McGhee", 19, "He kept his distance."),
            ("Relations remain very strong", "Tom Rogan", 18, "Beyond the partisan fight."),
        ]
    )
    main = clean_text("\n".join(["Why Beijing will act", *STORY, "More from us " + teasers]))[0]
    assert "Madeline Fry" not in main.text
    assert all(p in main.text for p in STORY)


def test_a_timeline_paragraph_with_three_dates_is_kept() -> None:
    timeline = (
        "The stadium opened on May 1, 1923, hosted its first professional game on Sept. 29, "
        "1946, and was named a historic landmark on June 20, 1984, after decades of use."
    )
    main = clean_text("\n".join(["A stadium's century", STORY[0], timeline, *STORY[1:]]))[0]
    assert timeline in main.text


def test_the_region_grows_over_embedded_tweets_to_the_text_after_them() -> None:
    texts = [
        "And a whole lot of people on Twitter pointed it out, as they tend to do these days.",
        "Yes this is real and yes the state spent half a million dollars on it: https://t.co/x1",
        "— Jane Roe (@janeroe) November 18, 2019",
        "meth.",
        "we're. on. it. https://t.co/x2",
        "— John Doe (@jdoe) November 19, 2019",
        "Noem saw the reaction online and, a day later, doubled down on the slogan in a post.",
        "Share this article",
    ]
    lines = split_lines("\n".join(texts))
    prose = np.array([True, False, False, False, False, False, True, False])
    embedded = _embedded_posts(lines, prose)
    assert embedded.tolist() == [False, True, True, True, True, True, False, False]
    nothing = np.zeros(len(lines), dtype=bool)
    assert extend_region(0, 1, prose, nothing, embedded) == (0, 7)
    assert extend_region(0, 1, prose, nothing) == (0, 1)


def test_teaser_headlines_glued_to_their_summaries_are_cut() -> None:
    teasers = [
        "Harvick Fails To Rally Overmatched Ford In NASCAR FinaleFord v Toyota flopped for the "
        "blue oval at the track on Sunday.",
        "Is Violence In Sports On The Rise?Violence is part of the game in many sports but one "
        "player crossed a line last week.",
        "Say Cheese? The City's Top 3 Cheese ShopsWondering where to find the best cheese near "
        "you? We crunched the numbers.",
    ]
    main = clean_text("\n".join(["Sports", *teasers, "Virus case reported", *STORY]))[0]
    assert not any(t in main.text for t in teasers)
    assert all(p in main.text for p in STORY)
    names = (
        "Steenburgen's son, filmmaker Charlie McDowell, also remembers it as a trying time for "
        "the family, and WeWork and the iPhone maker declined to comment on the report."
    )
    main = clean_text("\n".join(["A trying time", STORY[0], names, *STORY[1:]]))[0]
    assert names in main.text


def test_captions_with_an_agency_photographer_credit_are_cut() -> None:
    captions = [
        "A worker loads garage door trims into his pickup truck outside a store in Hialeah, "
        "Fla. (AP Photo/Alan Diaz, File)",
        "Migrants wait at the border crossing in El Paso on Tuesday. AP Photo/Eric Gay, File",
    ]
    main = clean_text("\n".join(["Retailer beats estimates", STORY[0], *captions, *STORY[1:]]))[0]
    assert not any(c in main.text for c in captions)
    assert {r.reason for r in main.removed if r.text in captions} == {"boilerplate:caption"}


def test_a_tweet_embedded_in_the_article_is_kept_with_it() -> None:
    tweet = [
        "Yes this is real and yes the state spent half a million dollars on it: https://t.co/x1",
        "— Jane Roe (@janeroe) November 18, 2019",
    ]
    main = clean_text("\n".join(["State slogan", STORY[0], *tweet, *STORY[1:]]))[0]
    assert all(t in main.text for t in tweet)
    assert all(p in main.text for p in STORY)


def test_a_long_caption_ending_in_its_credit_is_cut_and_an_agency_name_in_prose_is_not() -> None:
    caption = (
        "A cross-section through the hibernation module showing the individual quarters that "
        "would double as hibernation pods during the cruise phase. The soft shielding around "
        "them is water, stored in bags that line the walls and that the crew would drink on "
        "the way back, so that the same mass serves twice. Credit: ESA"
    )
    german = (
        "Seit Jahren wird über die elektronische Patientenakte gestritten, und die Kassen "
        "drängen nun auf die Einführung: Die elektronische Patientenakte (ePA)"
    )
    main = clean_text("\n".join(["Hibernating astronauts", STORY[0], caption, *STORY[1:]]))[0]
    assert "soft shielding" not in main.text
    assert {r.reason for r in main.removed if r.text == caption} == {"boilerplate:caption"}
    main = clean_text("\n".join(["Patientenakte", STORY[0], german, *STORY[1:]]))[0]
    assert all(r.reason != "boilerplate:caption" for r in main.removed)


def test_gallery_counters_are_cut() -> None:
    counters = ["Image 2 of 5", "3 / 12", "Bild 1 von 4"]
    glued = "1of4A shopper looks at extension cords at a hardware store in Grass Valley, Calif."
    main = clean_text("\n".join(["Power shutoff", STORY[0], *counters, glued, *STORY[1:]]))[0]
    assert not any(c in main.text.split("\n\n") for c in counters)
    assert "extension cords" not in main.text
    assert all(p in main.text for p in STORY)


def test_a_teaser_card_with_its_headline_twice_is_cut() -> None:
    card = (
        "Company Town Paramount shakes up distribution ranks, hiring former Fox executive "
        "Company Town Paramount shakes up distribution ranks, hiring former Fox executive "
        "The studio named a new head of domestic distribution on Tuesday."
    )
    main = clean_text("\n".join(["Disney+ glitches", *STORY, card]))[0]
    assert "distribution ranks" not in main.text
    assert {r.reason for r in main.removed if r.text == card} == {"boilerplate:teaser"}


def test_a_category_widget_with_post_counts_is_cut() -> None:
    widget = (
        "Categories Akhir Zaman (15) Akhlaq (47) Aliran Islam (160) Hizbut Tahrir (5) "
        "Ikhwanul Muslimin (68) Khawarij (50) Wahabi (185) Amal Shaleh (1)"
    )
    enumeration = (
        "The module has five functional areas: (1) private crew quarters, (2) exercise, "
        "(3) hygiene and waste, (4) dining and (5) the medical bay, which doubles as storage "
        "for the experiments the crew runs on the way out and on the way back."
    )
    main = clean_text("\n".join(["Sunni and Shia", *STORY, enumeration, widget]))[0]
    assert "Akhlaq" not in main.text
    assert {r.reason for r in main.removed if r.text == widget} == {"boilerplate:counted-list"}
    assert enumeration in main.text and all(p in main.text for p in STORY)


def test_a_line_holding_only_an_email_address_is_cut() -> None:
    main = clean_text("\n".join(["Girl rescued", *STORY, "Jane.Doe@example.com"]))[0]
    assert "example.com" not in main.text
    assert all(p in main.text for p in STORY)


TEASERS = [
    "Watching This Koala Get Rescued From A Bushfire Is Heart-Wrenching",
    "Dozens of bushfires are spreading across Australia, burning across more than two million "
    "acres and putting koalas in harm's way.",
    "Military Armored Car Massively Misjudges Its Speed, Careens Into A House",
    "We don't have too many details on this armored car crash, other than that it happened "
    "in Suriname and that the driver is probably in trouble.",
    "US Senate Unanimously Passes Hong Kong Rights And Democracy Bill",
    "The United States Senate unanimously passed a bill on Tuesday that would require an annual "
    "review of the special treatment Hong Kong receives under US law.",
]


def test_a_list_of_teasers_under_the_article_is_cut() -> None:
    main = clean_text("\n".join(["Girl rescued in Fort Worth", *STORY, *TEASERS]))[0]
    assert all(p in main.text for p in STORY)
    assert not any(t in main.text for t in TEASERS)
    assert {r.reason for r in main.removed if r.text in TEASERS} == {"boilerplate:teaser"}


def test_two_headlines_with_summaries_are_no_teaser_list() -> None:
    # an article may have a Title Case subheading over a short paragraph, and another
    text = "\n".join(["Girl rescued in Fort Worth", *STORY, *TEASERS[:4], STORY[0][:60] + "."])
    main = clean_text(text)[0]
    assert all(r.reason != "boilerplate:teaser" for r in main.removed)


def test_teasers_stamped_with_a_date_and_a_time_are_cut() -> None:
    stamped = [
        "Minnesotan finding his legs in Buffalo November 19, 2019 at 5:10 pm BUFFALO, N.Y. - "
        "About the time he scored his first goal, the rookie had settled in for good.",
        "Wild's personal 'GEEK Squad' helping Minnesota fix problems November 18, 2019 at 2:01 "
        "pm Maybe the Wild have found the answer to their problems after all this season.",
        "Vikings star can talk the talk and walk the walk November 17, 2019 at 7:21 pm Akin to "
        "the shark that never stops swimming, the receiver kept moving all game long.",
    ]
    dated = "On November 19, 2019 at 5:10 pm the police received the first call about the girl."
    main = clean_text("\n".join(["Girl rescued", STORY[0], dated, *STORY[1:], *stamped]))[0]
    assert all(p in main.text for p in [*STORY, dated])
    assert not any(t in main.text for t in stamped)
    assert {r.reason for r in main.removed if r.text in stamped} == {"boilerplate:teaser"}


def test_the_rapid_fire_round_that_ends_an_interview_is_kept() -> None:
    interview = [
        "Q: What's on the horizon for the business?",
        "A: We are moving subscription access to the next level with our direct to consumer "
        "offering, which lets fans buy a season of games the way they buy music.",
        "Q: Where did you grow up?",
        "A: St. Croix in the U.S. Virgin Islands, the most beautiful 87 square miles in the world, "
        "and then in Atlanta, where I went to college and met my wife.",
    ]
    rapid = ["Q: Favorite apps?", "A: Bleacher Report, Uber Eats, and ParkMobile"]
    rapid += ["Q: Favorite books?", "A: A Fistful of Rice and The Hard Thing About Hard Things"]
    page = ["New CEO", *STORY, *interview, *rapid, "Categories: Press Pro Tips", "Who We Are"]
    main = clean_text("\n".join(page))[0]
    assert all(p in main.text for p in [*STORY, *interview, *rapid])
    assert "Who We Are" not in main.text


@pytest.mark.parametrize(
    "link",
    [
        "READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing",
        "Related: Police arrest two after death of student-athlete",
        "Lire aussi : Les brochures préparant les pays nordiques à une guerre",
    ],
)
def test_a_link_to_another_article_inside_the_text_is_cut(link: str) -> None:
    main = clean_text("\n".join(["Girl rescued", STORY[0], link, *STORY[1:]]))[0]
    assert link not in main.text and all(p in main.text for p in STORY)
    assert {r.reason for r in main.removed if r.text == link} == {"related-list"}


def test_a_paragraph_opening_with_related_is_kept() -> None:
    para = (
        "Related to that, the police chief said the department would review how the first call "
        "was handled and publish what it finds before the end of the month."
    )
    main = clean_text("\n".join(["Girl rescued", STORY[0], para, *STORY[1:]]))[0]
    assert para in main.text


def test_tweets_without_their_attribution_keep_the_article_going() -> None:
    tweet = "Yes this is real and the state spent half a million dollars on it: https://t.co/Nc0nK"
    rest = [
        "Still, this isn't the first time a slogan has gone awry in the state, and officials "
        "said they expected the campaign to draw attention.",
        "The road safety slogan was meant as a double entendre, but drew enough criticism to "
        "get the ax from the state department within weeks.",
    ]
    page = ["Meth. We're on it.", *STORY, tweet, "Ad Choices", *rest, "Privacy Policy"]
    main = clean_text("\n".join(page))[0]
    assert all(p in main.text for p in [*STORY, tweet, *rest])


@pytest.mark.parametrize(
    "credit",
    [
        "(Photo by Kevin Mazur/Getty Images for Ithaca Holdings)",
        "(NASA via AP, File)",
        "(Elias Funez/The Union via AP)",
    ],
)
def test_captions_with_long_or_relayed_credits_are_cut(credit: str) -> None:
    caption = "Astronauts take part in a space walk during construction of the station. " + credit
    main = clean_text("\n".join(["Hibernating astronauts", STORY[0], caption, *STORY[1:]]))[0]
    assert caption not in main.text and all(p in main.text for p in STORY)
    assert {r.reason for r in main.removed if r.text == caption} == {"boilerplate:caption"}


def test_a_short_script_statement_is_cut() -> None:
    ads = "(adsbygoogle = window.adsbygoogle || []).push({});"
    glued = STORY[1][:-1] + " (adsbygoogle = window.adsbygoogle || []).push({});"
    page = "\n".join(["Girl rescued in Fort Worth", STORY[0], ads, glued, STORY[2]])
    main = clean_text(page)[0]
    assert {r.reason for r in main.removed if r.text == ads} == {"boilerplate:code"}
    assert glued in main.text  # a paragraph with the script glued to its end stays
    assert STORY[0] in main.text and STORY[2] in main.text


def test_headlines_glued_to_datelines_in_a_row_are_cut() -> None:
    cards = [
        "Mayor opens the new bridge after years of delay CHICAGO: The mayor on Monday opened "
        "the bridge that was first planned a decade ago.",
        "Storm leaves thousands without power across the state NEW YORK: More than 40,000 homes "
        "were still without power on Tuesday.",
        "Council approves budget with more money for parks BOSTON: The city council approved "
        "the budget late on Wednesday.",
    ]
    label = (
        "Officers found the girl in a motel room, the report said. KEY FINDING: the alarm "
        "was raised too late, and the motel's cameras were not working that night."
    )
    page = "\n".join(["Girl rescued in Fort Worth", *cards, *STORY, label])
    main = clean_text(page)[0]
    assert all(c not in main.text for c in cards)
    assert {r.reason for r in main.removed if r.text in cards} == {"boilerplate:teaser"}
    assert all(p in main.text for p in STORY) and label in main.text


def test_the_sites_description_under_the_article_is_cut() -> None:
    blurb = (
        "Example News, the news division of Example Group, is the largest news provider in "
        "the region, reaching a billion people every day with its reporting and its pictures."
    )
    page = "\n".join(["Girl rescued in Fort Worth", *STORY, blurb, "Contact us"])
    main = clean_text(page, url="https://www.examplenews.co.uk/story/1")[0]
    assert {r.reason for r in main.removed if r.text == blurb} == {"boilerplate:site-blurb"}
    assert all(p in main.text for p in STORY)
    # another site's page keeps it, and the site's name inside the story does not count
    assert blurb in clean_text(page, url="https://other.example.org/a")[0].text


def test_site_name_of_a_host() -> None:
    from newsloom.clean.cleaner import _names_site, _site_name

    assert _site_name("news.bbc.co.uk") is None  # "bbc": too short to trust
    assert _site_name("detroit.cbslocal.com") == "cbslocal"
    assert _site_name("livescience.com") == "livescience"
    assert _site_name(None) is None
    assert _names_site("Live Science is part of Future US Inc.", "livescience")
    assert not _names_site("Live Science Flash headlines are here.", "livescience")
    assert not _names_site("Livescienceland is a park.", "livescience")


@pytest.mark.parametrize(
    "link",
    [
        "SEE MORE: Hong Kong protests: 800 students under siege in university",
        "Related post: Pickled Brussels Sprouts Recipe",
        "On HoustonChronicle.com: Car sales plunge nearly 17 percent in August",
        "Watch: Crowds gather in the square as the vote is counted",
        "(Leggi anche su: I Cavalieri dello Zodiaco: ecco gli attori del film)",
        "Les også: Regjeringen legger fram nytt budsjett",
    ],
)
def test_a_labelled_link_inside_the_story_is_cut(link: str) -> None:
    page = "\n".join(["Girl rescued in Fort Worth", STORY[0], link, *STORY[1:]])
    main = clean_text(page)[0]
    assert {r.reason for r in main.removed if r.text == link} == {"related-list"}
    assert all(p in main.text for p in STORY)


def test_a_headline_with_its_comment_count_is_cut() -> None:
    heads = [
        "Alex Guerrero: Tom Brady now says he can play until he's 46 or 47 (129)",
        "NFL says it is disappointed Colin Kaepernick did not appear (122)",
    ]
    film = "The film he remembers best is the first one he saw with his father, Joker (2019)"
    page = "\n".join([*heads, "Girl rescued in Fort Worth", STORY[0], film, *STORY[1:]])
    main = clean_text(page)[0]
    assert {r.reason for r in main.removed if r.text in heads} == {"boilerplate:teaser"}
    assert all(p in main.text for p in STORY) and film in main.text


def test_a_list_glued_into_long_lines_is_kept_after_its_intro() -> None:
    intro = "Here are the best deals for fans of the eighties that we found this week:"
    items = [
        " ".join(f"{k}) Vintage Toy Model {k} http://amzn.to/2iJFh{k}" for k in range(1, 9)),
        " ".join(f"{k}) Classic Board Game {k} http://amzn.to/2hWHt{k}" for k in range(9, 17)),
    ]
    page = "\n".join(["Black Friday for nostalgics", *STORY, intro, *items, "Leave a comment"])
    main = clean_text(page)[0]
    assert all(item in main.text for item in items)
    assert all(p in main.text for p in STORY)


def test_the_region_does_not_grow_over_a_long_run_of_links() -> None:
    links = " ".join(f"http://example.com/tag/{k} |" for k in range(40))
    teaser = (
        "The mayor said on Friday that the new bridge would open to traffic next spring, "
        "after a decade of delays and rising costs."
    )
    page = "\n".join(["Girl rescued in Fort Worth", *STORY, links, teaser, "Home"])
    main = clean_text(page)[0]
    assert teaser not in main.text
    assert all(p in main.text for p in STORY)
