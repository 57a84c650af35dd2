"""Hand-made stored articles with known annotations, for the API and browser tests.

They are written with the real store's ``write_batch`` (no fake store): one article whose
quote, entities and places sit at known offsets, and one hostile article whose every field
carries markup, event handlers or ``javascript:`` links.
"""

from __future__ import annotations

from newsloom.enrich.records import Enrichment, Entity, Mention, Place, Quote
from newsloom.model import Article, RemovedBlock, Section
from newsloom.store.base import Batch, Store, StoredArticle
from newsloom.stories.model import Story

QUOTE_TEXT = "peace will not come from Moscow"
ANNOTATED_TEXT = (
    "Ukrainian President Volodymyr Zelenskyy said on Monday that "
    f"“{QUOTE_TEXT}” and urged allies to keep up their support.\n\n"
    "Attacks\n\n"
    "The Kremlin denied the claim. Fighting continued near Dnipro, officials in Kyiv said."
)
ZELENSKYY_ID = "ent-test-zelenskyy"
KREMLIN_ID = "ent-test-kremlin"
KYIV_ID = "ent-test-kyiv"
ANNOTATED_ID = "test-annotated-0001"
HOSTILE_ID = "test-hostile-0001"
SIBLING_ID = "test-sibling-0001#2"  # a renamed copy id: "#" must be escaped in URLs
COPY_ID = "test-copy-0001"
HAND_STORY_ID = "story-test-hand-made"

PWN = "window.__pwned"  # the flag any script that ran would set
HOSTILE_TITLE = f'<script>{PWN}=1</script>Hostile <img src=x onerror="{PWN}=2"> headline'
HOSTILE_TEXT = (
    f"Before the script <script>{PWN}=3;alert(3)</script> after it.\n\n"
    f'An image <img src="x" onerror="{PWN}=4;alert(4)"> and a link '
    f'<a href="javascript:{PWN}=5">click me</a> in the text.\n\n'
    f'A quoted attack: “<svg onload="{PWN}=6">” said <b onmouseover="{PWN}=7">Mallory</b>.'
)


def _span(text: str, needle: str, start_at: int = 0) -> tuple[int, int]:
    start = text.index(needle, start_at)
    return start, start + len(needle)


def annotated_article() -> StoredArticle:
    text = ANNOTATED_TEXT
    q0, q1 = _span(text, QUOTE_TEXT)
    z0, z1 = _span(text, "Volodymyr Zelenskyy")
    k0, k1 = _span(text, "Kremlin")
    d0, d1 = _span(text, "Dnipro")
    m0, m1 = _span(text, "Moscow")  # inside the quote: nested highlight
    y0, y1 = _span(text, "Kyiv")
    article = Article(
        id=ANNOTATED_ID,
        text=text,
        title="Zelenskyy: peace will not come from Moscow",
        source_path="tests/hand-made/annotated.txt",
        url="https://example-news.test/world/zelenskyy-peace",
        source="Example News",
        byline="Test Reporter",
        published="2025-08-27T09:30:00+00:00",
        sections=[Section(None, [text.split("\n\n")[0]]), Section("Attacks", [])],
        lang="en",
        removed=[RemovedBlock("Share on Facebook | Share on X", "boilerplate:share", 0, 31)],
    )
    enrichment = Enrichment(
        entities=[
            Entity(ZELENSKYY_ID, "Volodymyr Zelenskyy", "PERSON", [Mention(z0, z1, text[z0:z1])]),
            Entity(KREMLIN_ID, "Kremlin", "ORG", [Mention(k0, k1, text[k0:k1])]),
            Entity("ent-test-moscow", "Moscow", "GPE", [Mention(m0, m1, text[m0:m1])]),
            Entity(KYIV_ID, "Kyiv", "GPE", [Mention(y0, y1, text[y0:y1])]),
        ],
        quotes=[
            Quote(
                id="quote-test-0001",
                start=q0,
                end=q1,
                text=QUOTE_TEXT,
                kind="direct",
                speaker="Volodymyr Zelenskyy",
                speaker_id=ZELENSKYY_ID,
                speaker_start=z0,
                speaker_end=z1,
                cue="said",
            )
        ],
        places=[
            Place(
                d0,
                d1,
                "Dnipro",
                "Dnipro",
                709930,
                48.45,
                34.98,
                "UA",
                "Dnipropetrovsk Oblast",
                "city",
                0.9,
            ),
            Place(
                y0,
                y1,
                "Kyiv",
                "Kyiv",
                703448,
                50.45,
                30.52,
                "UA",
                "Kyiv City",
                "city",
                0.95,
                entity_id=KYIV_ID,
            ),
        ],
    )
    return StoredArticle(article, enrichment, story_id=HAND_STORY_ID, page_key="hand-made-page-1")


def sibling_article() -> StoredArticle:
    """A second article of the annotated article's page, as an aggregator would carry it."""
    text = "Officials in Kyiv reported new strikes overnight; the Kremlin did not comment."
    article = Article(
        id=SIBLING_ID,
        text=text,
        role="embedded",
        title="New strikes reported overnight",
        source_path="tests/hand-made/annotated.txt",
        source="Other Wire",
        published="2025-08-27T15:00:00+00:00",
        lang="en",
    )
    k0, k1 = _span(text, "Kremlin")
    y0, y1 = _span(text, "Kyiv")
    enrichment = Enrichment(
        entities=[
            Entity(KREMLIN_ID, "Kremlin", "ORG", [Mention(k0, k1, "Kremlin")]),
            Entity(KYIV_ID, "Kyiv", "GPE", [Mention(y0, y1, "Kyiv")]),
        ]
    )
    return StoredArticle(article, enrichment, story_id=HAND_STORY_ID, page_key="hand-made-page-1")


def copy_article() -> StoredArticle:
    """A syndicated copy of the annotated article, which the story page folds under it."""
    original = annotated_article().article
    article = Article(
        id=COPY_ID,
        text=original.text,
        title=original.title,
        source_path="tests/hand-made/copy.txt",
        url="https://mirror-wire.test/zelenskyy-peace",
        source="Mirror Wire",
        published="2025-08-27T11:00:00+00:00",
        lang="en",
    )
    return StoredArticle(article, story_id=HAND_STORY_ID, duplicate_of=ANNOTATED_ID)


def hostile_article() -> StoredArticle:
    text = HOSTILE_TEXT
    inner = f'<svg onload="{PWN}=6">'
    q0, q1 = _span(text, inner)
    b0, b1 = _span(text, "Mallory")
    evil_name = f'<img src=x onerror="{PWN}=8">Mallory'
    article = Article(
        id=HOSTILE_ID,
        text=text,
        title=HOSTILE_TITLE,
        source_path="tests/hand-made/hostile.txt",
        url=f"javascript:{PWN}=9",
        source=f'<b onmouseover="{PWN}=10">Evil Outlet</b>',
        byline=f"<script>{PWN}=11</script>",
        dateline='"><script>alert(12)</script>',
        published="2025-08-28T10:00:00+00:00",
        lang="en",
        removed=[
            RemovedBlock(f"<script>{PWN}=13</script> Subscribe!", "boilerplate:newsletter", 0, 40)
        ],
    )
    enrichment = Enrichment(
        entities=[Entity("ent-test-mallory", evil_name, "PERSON", [Mention(b0, b1, "Mallory")])],
        quotes=[
            Quote(
                id="quote-test-hostile",
                start=q0,
                end=q1,
                text=inner,
                kind="direct",
                speaker=evil_name,
                speaker_id="ent-test-mallory",
                cue="said",
            )
        ],
        places=[
            Place(
                b0,
                b1,
                "Mallory",
                f"<img src=x onerror={PWN}=14>",
                None,
                10.0,
                10.0,
                "NG",
                None,
                "city",
                0.5,
            )
        ],
    )
    return StoredArticle(article, enrichment, story_id="story-test-hostile")


def hand_made_batch() -> Batch:
    annotated, sibling, hostile = annotated_article(), sibling_article(), hostile_article()
    return Batch(
        articles=[annotated, sibling, copy_article(), hostile],
        stories=[
            Story(
                HAND_STORY_ID,
                annotated.article.title,
                "2025-08-27T09:30:00+00:00",
                "2025-08-27T15:00:00+00:00",
                [ANNOTATED_ID, COPY_ID, SIBLING_ID],
                ["Example News", "Mirror Wire", "Other Wire"],
                ["zelenskyy", "peace", "moscow"],
            ),
            Story(
                "story-test-hostile",
                HOSTILE_TITLE,
                "2025-08-28T10:00:00+00:00",
                "2025-08-28T10:00:00+00:00",
                [HOSTILE_ID],
                [hostile.article.source or ""],
                [f"<script>{PWN}=15</script>"],
            ),
        ],
    )


def write_hand_made(store: Store) -> None:
    store.write_batch(hand_made_batch())
