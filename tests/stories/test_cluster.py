from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.stories import StoryClusterer, StoryDoc
from newsloom.stories.cluster import FEATURES, JoinModel
from newsloom.stories.terms import entities, numbers, years

T0 = datetime(2025, 8, 27, 9, tzinfo=UTC)

QUAKE = (
    "A magnitude 7.1 earthquake struck off the coast of Indonesia's Sulawesi island on "
    "Tuesday, killing at least 12 people, the national disaster agency said. Rescuers in "
    "Palu searched collapsed buildings as aftershocks shook Sulawesi."
)
QUAKE2 = (
    "Rescuers in Palu pulled survivors from the rubble on Wednesday after the Sulawesi "
    "earthquake killed at least 15 people, Indonesia's disaster agency said, as "
    "aftershocks continued to shake the island."
)
REHAB = (
    "Actress Tara Reid has checked into Promises Treatment Center in Malibu, her "
    "representative told People magazine on Tuesday, asking for privacy for her family."
)


def _doc(i: str, title: str, text: str, hours: float = 0, source: str = "Wire") -> StoryDoc:
    return StoryDoc(i, title, text, T0 + timedelta(hours=hours), source)


def test_same_event_joins_and_other_event_does_not() -> None:
    c = StoryClusterer()
    a = c.add(_doc("a", "Earthquake kills 12 in Indonesia's Sulawesi", QUAKE))
    b = c.add(_doc("b", "Sulawesi quake toll rises to 15", QUAKE2, 20, "Daily"))
    r = c.add(_doc("r", "Tara Reid enters rehab", REHAB, 21))
    assert a == b != r
    story = next(s for s in c.stories() if s.id == a)
    assert story.articles == ["a", "b"] and story.sources == ["Wire", "Daily"]
    assert story.first_seen == T0.isoformat()
    assert story.key_terms and story.headline


def test_time_decay_separates_old_stories() -> None:
    c = StoryClusterer()
    a = c.add(_doc("a", "Earthquake kills 12 in Indonesia's Sulawesi", QUAKE))
    later = c.add(_doc("b", "Sulawesi quake toll rises to 15", QUAKE2, 24 * 60))
    assert a != later


def test_same_input_same_ids_and_state_round_trip(tmp_path: Path) -> None:
    docs = [
        _doc("a", "Quake", QUAKE),
        _doc("b", "Quake toll", QUAKE2, 5),
        _doc("r", "Rehab", REHAB, 6),
    ]
    first = StoryClusterer().add_all(docs)
    assert StoryClusterer().add_all(docs) == first
    c = StoryClusterer()
    c.add_all(docs[:1])
    c.save(tmp_path / "s.json")
    c2 = StoryClusterer.load(tmp_path / "s.json")
    assert c2.add(docs[1]) == first[0]


def test_version_3_state_still_loads(tmp_path: Path) -> None:
    """States written before number counts were kept load and keep clustering; an unknown
    version is refused with a message naming it."""
    docs = [_doc("a", "Quake", QUAKE), _doc("b", "Quake toll", QUAKE2, 5)]
    c = StoryClusterer()
    first = c.add(docs[0])
    c.save(tmp_path / "s.json")
    state = json.loads((tmp_path / "s.json").read_text())
    state["version"] = 3
    del state["number_df"]
    (tmp_path / "v3.json").write_text(json.dumps(state))
    old = StoryClusterer.load(tmp_path / "v3.json")
    assert not old.number_df and old.entity_df == c.entity_df
    assert old.add(docs[1]) == first
    state["version"] = 2
    (tmp_path / "v2.json").write_text(json.dumps(state))
    with pytest.raises(ValueError, match="version 2"):
        StoryClusterer.load(tmp_path / "v2.json")


def test_entities_skip_sentence_starts_and_stop_words() -> None:
    ents = entities("Rescuers in Palu searched. The Kremlin said Dmitry Peskov spoke.")
    assert "palu" in ents and "dmitry peskov" in ents and "kremlin" in ents
    assert "rescuers" not in ents and "the kremlin" not in ents


def test_entities_name_forms_meet() -> None:
    """A name opening a sentence is the same key as mid-sentence; a surname alone meets the full
    name; possessives and function words in front are dropped; names the cleaner's frequent-word
    list holds ("New York", "George") survive."""
    first = entities("x. Lindsay Lohan has checked in. Then Turkmenistan's vote, the Sixers' men.")
    later = entities("x. Friends said Lindsay Lohan left and Lohan met George Bush in New York.")
    assert first["lindsay lohan"] == later["lindsay lohan"] == 1
    assert "lohan" in first and later["lohan"] == 2  # once alone, once as the last word
    assert "turkmenistan" in first and "sixers" in first
    assert "turkmenistan's" not in first and "sixers'" not in first
    assert "new york" in later and "george bush" in later and "bush" in later
    # a lone capitalised word opening a sentence is still not a name
    assert "friends" not in later and entities("Police said so.") == {}


def test_english_terms_keep_names_and_topic_words() -> None:
    from newsloom.stories.terms import content_words

    words = content_words("The church in New York said the species was at risk", "en")
    assert words == ["church", "new", "york", "said", "species", "risk"]


def test_cluster_cli_end_to_end(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a",
            "title": "Earthquake kills 12",
            "text": QUAKE,
            "source": "Wire",
            "published": "2025-08-27T09:00:00Z",
        },
        {
            "id": "a-copy",
            "title": "Earthquake kills 12",
            "text": QUAKE + " Updated.",
            "source": "Echo",
            "published": "2025-08-27T10:00:00Z",
        },
        {"id": "b", "title": "Earthquake toll rises", "text": QUAKE2, "published": "2025-08-28"},
        {"id": "r", "title": "Tara Reid enters rehab", "text": REHAB},
        {"id": "a", "title": "same id again", "text": REHAB + " More."},
        {"id": "e", "title": "empty", "text": ""},
        {"title": "no id", "text": "x"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(
        app, ["cluster", str(src), "-o", str(out), "--state", str(tmp_path / "state")]
    )
    assert res.exit_code == 0, res.output
    got = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert got["a-copy"]["duplicate_of"] == "a" and got["a"]["duplicate_of"] is None
    assert got["a-copy"]["story_id"] == got["a"]["story_id"]
    assert got["a"]["source"] == "Wire"  # input fields are kept
    assert "a#2" in got  # duplicate ids are kept under a new id, with a warning
    assert "duplicate id 'a'" in res.output
    assert f"{src}:7: has no string field 'id'" in res.output
    assert f"{src}:8: not valid JSON" in res.output
    # a later batch joins the stored stories
    more = tmp_path / "more.jsonl"
    more.write_text(
        json.dumps(
            {
                "id": "a-late",
                "title": "Earthquake kills 12",
                "text": QUAKE + " Later.",
                "published": "2025-08-29",
            }
        )
        + "\n"
    )
    res2 = CliRunner().invoke(
        app,
        [
            "cluster",
            str(more),
            "-o",
            str(tmp_path / "o2.jsonl"),
            "--state",
            str(tmp_path / "state"),
        ],
    )
    assert res2.exit_code == 0, res2.output
    late = json.loads((tmp_path / "o2.jsonl").read_text())
    assert late["duplicate_of"] == "a" and late["story_id"] == got["a"]["story_id"]
    table = CliRunner().invoke(app, ["stories", str(out)])
    assert table.exit_code == 0 and "3 stories" in table.output and "Earthquake" in table.output


def test_numbers_and_years() -> None:
    nums = numbers("A magnitude 7.1 quake in 2008 killed 1,200 people; 3 towns, 12.5% of homes.")
    assert set(nums) == {"7.1", "2008", "1200", "3", "12.5"}
    assert years(nums) == {"2008"}
    assert numbers("no digits here") == {}


def test_year_clash_separates_two_events_of_the_same_kind() -> None:
    """Two earthquakes told in the same words, years apart: the year clash keeps them apart."""
    c = StoryClusterer()
    first = c.add(
        StoryDoc("a", "Earthquake strikes Sulawesi", QUAKE + " It was the worst since 2009.")
    )
    features = c.pair_features(
        StoryDoc("b", "Earthquake strikes Sulawesi", QUAKE2 + " It was the worst since 2018.")
    )
    assert list(features) == [first]
    assert len(features[first]) == len(FEATURES)
    assert features[first][FEATURES.index("year_clash")] == 1.0
    assert c.n_docs == 1 and len(c.active) == 1  # scoring changes no state
    same_year = c.pair_features(StoryDoc("c", "Sulawesi quake", QUAKE2 + " Worst since 2009."))
    assert same_year[first][FEATURES.index("year_clash")] == 0.0


def test_nearest_member_remembers_a_story_s_early_articles() -> None:
    """An article close to a story's first article, after many unlike members joined it."""
    c = StoryClusterer()
    first = c.add(StoryDoc("a", "Earthquake strikes Sulawesi", QUAKE))
    for i in range(8):
        c.add(StoryDoc(f"r{i}", "Rehab", f"{REHAB} Update {i}: no comment."), join="a")
    features = c.pair_features(StoryDoc("b", "Earthquake strikes Sulawesi", QUAKE))
    assert features[first][FEATURES.index("nearest_member")] > 0.99


def test_join_model_checks_its_size() -> None:
    with pytest.raises(ValueError, match="coefficients"):
        JoinModel((1.0, 2.0))
    assert JoinModel().join_logit < 0  # many candidates, one right one: the bar is below even
