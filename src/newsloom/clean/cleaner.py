"""The text cleaner: a flattened page in, its main article (and any carried ones) out.

Order of work, each step in its own module:
  lines -> language -> aggregator split -> line features + classifier -> main region
  -> related-link tails -> title, byline -> repeats -> glued headings, sections -> dateline.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from newsloom.clean import aggregator, layout
from newsloom.clean.classify import (
    KEEP_THRESHOLD,
    content_probability,
    extend_region,
    main_region,
    region_threshold,
)
from newsloom.clean.compiled import (
    GLUED_JOIN,
    WORDS,
    Range,
    glued_opening,
    lines_with_any_py,
    opening_reach,
    range_masks,
    rule_candidates,
)
from newsloom.clean.compiled import core as _speedups
from newsloom.clean.corpus import LineFrequency, host_of
from newsloom.clean.dates import FULL_DATE, parse_date_line
from newsloom.clean.features import FEATURE_NAMES, SENTENCE_END, char_table, line_features
from newsloom.clean.html import extract_html
from newsloom.clean.lang import SAMPLE_CHARS, LanguageDetector
from newsloom.clean.lines import Line, split_lines
from newsloom.clean.normalize import normalize_line
from newsloom.clean.reflow import reflow
from newsloom.clean.repeats import find_repeats
from newsloom.clean.stopwords import stopwords
from newsloom.clean.tails import (
    COMMENTS_KEYWORDS,
    mark_author_box,
    mark_comment_section,
    mark_related_tails,
)
from newsloom.errors import EmptyInputError
from newsloom.model import Article, Page, RemovedBlock, Section, content_id

SENTENCE_END_COL = FEATURE_NAMES.index("sentence_end")
COLON_END_COL = FEATURE_NAMES.index("colon_end")
STOP_RATIO_COL = FEATURE_NAMES.index("stop_ratio")
TITLE_CASE_COL = FEATURE_NAMES.index("title_case")
DIGIT_RATIO_COL = FEATURE_NAMES.index("digit_ratio")
# A menu flattened into one line: see _extract.
MENU_RUN_MIN_WORDS = 12
MENU_RUN_MIN_CAPITALISED = 0.6
MENU_RUN_MAX_DIGIT_RATIO = 0.03
# ... or holding teaser headlines: at least this many words, this share capitalised, few digits
# (not a list of tour dates), no sentence end at the end and fewer than one sentence end per
# TEASER_RUN_WORDS_PER_END words. Set from line counts on the four development sets (25/40
# words, 0.35/0.45, 30/50 words per end), then checked by F1: it cuts 48 furniture lines (2,459
# words) the menu rule missed and no article line, most on p/h/li text.
TEASER_RUN_MIN_WORDS = 25
TEASER_RUN_MIN_CAPITALISED = 0.45
TEASER_RUN_WORDS_PER_END = 50
# ... or opening with a menu: its first MENU_LEAD_WORDS words all capitalised and free of
# punctuation ("Local Bay Area & State News Traffic Weather & Storms Crime ..." before teaser
# headlines). Prose opens so only with a long name and a verb ("Philippine Marine Corps
# Commandant Major General Arturo Rojas said"): on the four development sets lines of 20+ words
# with such an opening of 8+ words are 12,700 furniture words against 240 article words. Like
# the teaser rule, it spares lines with prose's density of sentence ends (a subheading glued to
# its paragraph opens the same way).
MENU_LEAD_MIN_WORDS = 20
MENU_LEAD_WORDS = 8
MENU_LEAD_WORDS_PER_END = 30
_MENU_JOINERS = frozenset("&|-–/+")
_WORD_END_PUNCT = frozenset(",.:;!?\"'»)”’")
_SENTENCE_ENDS = re.compile(r"[.!?…。！？](?= |$)")
# A photo caption: a line of at most CAPTION_MAX_WORDS words ending in a credit, "(Image:
# Getty)", "(AP)", "(AP Photo/Jane Doe, File)", "AP Photo/Jane Doe", "Credit: ESA", "Foto: ..."
# (the credit at most CAPTION_CREDIT_CHARS long; an agency photographer's name up to 60).
# Agency names are matched in their own case ("(ePA)" in a German sentence is no credit). On
# the four development sets such lines are 365 furniture lines (5,840 words) against 16 article
# lines (250 words). Long captions are common (a diagram explained in 70 words, then "Credit:
# ESA"): 100 words beat 40, 60 and 80 on all four F1 figures (ScrapingHub +0.0005 / +0.0020).
# A credit in brackets may name a photographer and a client ("(Photo by Kevin Mazur/Getty Images
# for Ithaca Holdings)": up to 70 characters) or a source via an agency ("(NASA via AP, File)"):
# 13 more furniture lines kept before, no article line.
CAPTION_MAX_WORDS = 100
CAPTION_CREDIT_CHARS = 50
# No _CAPTION_CREDIT match is longer (it ends the line): the search starts this far from the
# end (tests/clean/test_speedups_rules.py checks the bound against the pattern).
CAPTION_MATCH_MAX_CHARS = 90
_CAPTION_CREDIT = re.compile(
    r"(\((image|photo|pic|picture|credit|foto|bild)s?\b[^()]{0,70}\)"
    r"|\([^()]{1,50} via (?-i:AP|Reuters|AFP|Getty Images|EPA)(, File)?\)"
    r"|\((?-i:AP|Reuters|AFP|Getty Images|Getty|EPA|PA)( Photos?| Video)?([/ ,][^()]{1,60})?\)"
    r"|\b(?-i:AP|Reuters|AFP|EPA) Photo(/| by )[^()]{1,60}"
    r"|\b(credit|photo|image|picture|foto|bild)s?: [^.]{2,40}\.?)$",
    re.IGNORECASE,
)
# Every _CAPTION_CREDIT match holds one of these, case-insensitively (a credit word, " via "
# or a bracket opening on an agency's name): the lines holding none, most of those ending in
# ")" or holding a ":", skip the regex (tests/clean/test_speedups_rules.py checks the list).
CAPTION_KEYWORDS = (
    # "via ", not " via ": the scan looks closer at each position opening a keyword (spaces)
    *("image", "photo", "pic", "credit", "foto", "bild", "via "),
    *("(ap", "(reuters", "(afp", "(getty", "(epa", "(pa"),
)
# A blog comment with its header on the same line (WordPress's "Name on Month 12, 2018 at 4:47 pm
# said: ..."): on the four development sets 10 lines, none of them article text.
_COMMENT_HEADER = re.compile(
    r"[^.!?]{1,60} on \w+ \d{1,2}, \d{4},? at \d{1,2}:\d{2}\s*([ap]\.?m\.?)? said:", re.IGNORECASE
)
# Teasers or comments flattened into one line, each with its date ("... Madeline Fry Wednesday
# November 20, 2019 Joker killed at the box office. ..."): a line holding DATED_RUN_MIN_DATES
# full dates. On the four development sets 4 lines (2,460 words) hold 4 or more, none of them
# article text; 3 dates are held by one article line (a timeline) among 19.
DATED_RUN_MIN_DATES = 4
DATED_RUN_MIN_DIGITS = DATED_RUN_MIN_DATES * 4  # each date holds at least 4 digits
# A teaser's headline glued to its summary by a flattener that dropped the break between two
# elements ("... In NASCAR FinaleFord v Toyota flopped ..."): a word running on into a capital
# within the first GLUED_TEASER_MAX_WORDS words, after a headline-like opening (at least
# GLUED_TEASER_MIN_HEAD words, GLUED_TEASER_MIN_CAPITALISED of them capitalised). Names such as
# "McDowell", "WeWork" or "iPhone" have fewer than three lower-case letters before the capital.
# On the four development sets: 303 lines (5,980 words) of furniture, 3 article lines (63).
GLUED_TEASER_MIN_WORDS = 8
GLUED_TEASER_MIN_HEAD = 5  # 4-6 give the same F1; 5 spares "Today: Nvidia and CrowdStrike"
GLUED_TEASER_MAX_WORDS = 20
GLUED_TEASER_MIN_CAPITALISED = 0.7
GLUED_TEASER_MAX_LINE = 80  # a teaser summary is short; grid 40-80 and none within 0.0003
# A teaser card whose opening words come again later in the line ("Company Town Paramount
# shakes up distribution ranks Company Town Paramount shakes up ..."): its headline printed
# twice, as the image's text and as the link. On the four development sets lines whose first
# TWICE_TITLED_WORDS words come again are 54 furniture lines (2,180 words), no article line;
# 10 words beat 5, 6, 8, 12 and 15 (a chorus in a quote, "3 anos, 3 anos, 3 anos", repeats 6).
TWICE_TITLED_WORDS = 10
# A photo gallery's counter ("Image 2 of 5", "3 / 12", "Bild 1 von 4") on its own line, or glued
# to its caption ("1of4Grass Valley's ..."). On the four development sets 21 counters and 4
# glued captions, none of them article text. (Cutting the line under a counter too, as its
# caption, cost 0.0003 on ScrapingHub visible text: 2 of the 19 are article text.)
_GALLERY_COUNTER = re.compile(
    r"^(?:(?:image|photo|picture|slide|bild|foto|imagen|immagine)\s+)?\d{1,3}\s*"
    r"(?:of|/|von|de|di|sur|av|van)\s*\d{1,3}$",
    re.IGNORECASE,
)
_GALLERY_GLUED = re.compile(r"\d{1,3}of\d{1,3}(?=[^\W\d])")
# A widget listing categories or archive months with their post counts, flattened into one
# line ("Akhir Zaman (15) Akhlaq (47) Aliran Islam (160) ..."): at least COUNTED_LIST_MIN
# counts "(N)" and one for every COUNTED_LIST_WORDS_PER_COUNT words or fewer. On the four
# development sets 3 lines (all furniture); an enumeration in prose ("(1) private crew
# quarters, (2) exercise, ...") has one number per 11 words, a hockey caption 4 in 75.
COUNTED_LIST_MIN = 5
COUNTED_LIST_WORDS_PER_COUNT = 4
_COUNT = re.compile(r"\(\d{1,6}\)")
# A headline with its comment count ("Alex Guerrero: Tom Brady now says he can play until he's
# 46 or 47 (129)"): a line of COUNTED_HEAD_MIN_WORDS words or more ending in a count in
# brackets (a year, "(2019)", is no count). On the four development sets 35 lines, none of
# them article text.
COUNTED_HEAD_MIN_WORDS = 4
COUNTED_HEAD_MAX_CHARS = 8  # " (12345)": the search starts this far from the end
_COUNTED_HEAD = re.compile(r" \((?!(?:1[89]|20)\d\d\))\d{1,5}\)$")
# A comment policy under the article ("As you comment, please be respectful of other
# commenters ...", "Bitte achten Sie darauf, dass Ihre Kommentare themenbezogen sind"): a line
# of at most COMMENT_POLICY_MAX_WORDS words naming comments at least twice, with a word of
# moderation. News prose names comments as "did not respond to a request for comment", without
# such a word. On the four development sets 1,800 furniture words, no article line.
COMMENT_POLICY_MAX_WORDS = 150
_COMMENT_WORD = re.compile(r"comment|kommentar|commentaire|comentario|commento", re.IGNORECASE)
_MODERATION = re.compile(
    r"\b(?:please|bitte|respectful|moderat\w*|netiquette|richtlinien|regeln|guidelines|"
    r"polic(?:y|ies)|vorbehalten|behalten uns)\b",
    re.IGNORECASE,
)
# A line that is only an e-mail address (the reporter's, under the article).
_EMAIL_LINE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A list of teasers, each a headline over its one-paragraph summary ("Watching This Koala Get
# Rescued From A Bushfire Is Heart-Wrenching" / "Dozens of bushfires are spreading ..."): at
# least TEASER_LIST_MIN_PAIRS such pairs in a row. A headline here has TEASER_HEAD_WORDS words,
# most of them capitalised (TEASER_HEAD_MIN_CAPITALISED) and no sentence end; a summary
# TEASER_SUMMARY_WORDS. An article's subheadings head sections of several or longer
# paragraphs. On the four development sets 1,700 furniture words on 8 pages, no article line
# (summaries of 3 words and up: 230 article words).
TEASER_LIST_MIN_PAIRS = 3
TEASER_HEAD_WORDS = (3, 20)
TEASER_HEAD_MIN_CAPITALISED = 0.6
TEASER_SUMMARY_WORDS = (8, 45)
# Teasers or comments each stamped with a date and a clock time ("... in Buffalo November 19,
# 2019 at 5:10 pm BUFFALO, N.Y. - ...", "24.04.2024 • 23:21 Uhr ..."): STAMPED_RUN_MIN_LINES
# such lines in a row. On the four development sets 18 runs (7,500 words), none of them
# article text; an article names a date with its time in a line here and there, not in three
# lines running.
STAMPED_RUN_MIN_LINES = 3
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_CLOCK_AFTER_DATE = 12  # characters between a date's end and its time ("2019 at 5:10")
_DATE_MAX_CHARS = 40  # the longest full date ("Wednesday, 20 September 2019" is 28)
# A link to another article set inside the text ("READ MORE: China plague outbreak confirmed",
# "Related: ...", "Lire aussi : ..."): a line of at most INLINE_LINK_MAX_WORDS words opening
# with such a label and a colon. On the four development sets 46 such lines, 6 of them
# article text (one fundus publisher whose gold keeps its "Read more:" links). The labels of
# p/h/li text's link lines ("SEE MORE:", "Related post:", "Also:", "Watch:", "Video:", "On
# HoustonChronicle.com:", hence 25 characters) and the Nordic and Dutch "read also" add 96
# lines, none of them article text (ScrapingHub p/h/li F1 +0.0005, visible text +0.0006,
# fundus +0.0001 / +0.0002).
INLINE_LINK_MAX_WORDS = 30
INLINE_LINK_LABEL_CHARS = 25  # the colon comes this early ("Читайте также:" is 14)
_INLINE_LINK = re.compile(
    r"^\W*(?:read more|read also|read next|also read|related(?: \w+)?|see also|see more|also|"
    r"more|watch|video|photos|listen|on [\w.-]+\.(?:com|org|net)|don't miss|must read|"
    r"lesen sie auch|mehr zum thema|lire aussi|[àa] lire aussi|leia tamb[ée]m|"
    r"lee tamb[ée]n|leggi anche(?: su)?|czytaj te[żz]|читайте также|les også|læs også|"
    r"läs också|lees ook)\s*:\s*\w",
    re.IGNORECASE,
)
# Script or style text a scraper kept ("(function() { var t = ...; })"): at least this many
# of { } ; = with two braces, making 1% of the line. On the 876 development pages 97 lines
# qualify and none of them is article text.
CODE_MIN_CHARS = 6
CODE_MIN_SHARE = 0.01
_CODE_CHARS = re.compile(r"[{};=]")
# A short script statement the code rule above lets pass for want of braces ("(adsbygoogle =
# window.adsbygoogle || []).push({});", "googletag.cmd.push(function() { googletag.display('ad');
# });"): a line ending in ");" that calls a method ("x.push(", no space before the dot). On the
# four development sets 27 such lines of at most SCRIPT_MAX_WORDS words, all furniture; longer
# ones are prose with the script glued to its end (2 article lines) or a menu.
SCRIPT_MAX_WORDS = 20
_SCRIPT_CALL = re.compile(r"[\w\])]\.[A-Za-z_$][\w$]*\(")
# Teaser cards in a slider, each a headline glued to its story's dateline and first words ("UN
# 'regrets' new US position on Israeli settlements UNITED NATIONS: United Nations Secretary
# General ..."): DATELINED_RUN_MIN_LINES such lines in a row, the capitalised dateline and its
# colon after DATELINED_HEAD_WORDS words. An article opens with its dateline; a capitalised
# label inside a line ("CHINESE AGGRESSION: ...", "Geoff Yu vom Vermögensverwalter BNY: ...")
# comes alone. On the four development sets the runs are 20 lines on one page (2 of them the
# article's own card, 76 words) and no other line; single such lines are 6 article lines.
DATELINED_RUN_MIN_LINES = 2
DATELINED_HEAD_WORDS = (3, 25)
# The dateline is searched for only before each ": " that an upper-case letter or a quote
# follows, within DATELINE_MAX_CHARS characters ("UNITED NATIONS" is 14).
DATELINE_MAX_CHARS = 40
_DATELINE = re.compile(r"(?<=\S )[A-Z][A-Z.]{2,}(?: [A-Z][A-Z.]+){0,2}$")
_DATELINE_LAST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_DATELINE_NEXT = frozenset('"“ABCDEFGHIJKLMNOPQRSTUVWXYZ')
# How far above the main text a title may sit (logo, menu and date lines come in between).
TITLE_LOOKBACK = 6
# ... and how many short lines into it (kicker, title, standfirst, byline, date).
TITLE_LOOKAHEAD = 4
# Prose, for the tail, comment and region-growth rules: a line ending a sentence with this many
# words and this share of stop words, or any line over PROSE_ANY_WORDS words.
PROSE_MIN_WORDS = 10
PROSE_MIN_STOP_RATIO = 0.2
PROSE_ANY_WORDS = 30
LANG_SAMPLE_MIN_WORDS = 8
# The line masks _score's rules start from, each a conjunction of ranges (column, low, high)
# of the feature matrix (WORDS: the line's word count), found by compiled.range_masks in one
# pass: menu runs, teaser runs (before the sentence-end count), menu-lead candidates, teaser
# headlines, teaser summaries' lengths, and prose as three masks (ending a sentence, ending
# on a colon, long).
_INF = math.inf
_POSITIVE = (math.ulp(0.0), _INF)  # value >= the least positive float: value > 0
_NO_SENTENCE_END = (SENTENCE_END_COL, 0.0, 0.0)
_FEW_DIGITS = (DIGIT_RATIO_COL, -_INF, MENU_RUN_MAX_DIGIT_RATIO)
_PROSE_SHAPED = ((WORDS, PROSE_MIN_WORDS, _INF), (STOP_RATIO_COL, PROSE_MIN_STOP_RATIO, _INF))
_LINE_MASKS: tuple[tuple[Range, ...], ...] = (
    (
        (WORDS, MENU_RUN_MIN_WORDS, _INF),
        (TITLE_CASE_COL, MENU_RUN_MIN_CAPITALISED, _INF),
        _NO_SENTENCE_END,
        _FEW_DIGITS,
    ),
    (
        (WORDS, TEASER_RUN_MIN_WORDS, _INF),
        (TITLE_CASE_COL, TEASER_RUN_MIN_CAPITALISED, _INF),
        _FEW_DIGITS,  # not a list of dates
        _NO_SENTENCE_END,  # not one long sentence naming titles
    ),
    ((WORDS, MENU_LEAD_MIN_WORDS, _INF),),
    (
        (WORDS, *TEASER_HEAD_WORDS),
        (TITLE_CASE_COL, TEASER_HEAD_MIN_CAPITALISED, _INF),
        _NO_SENTENCE_END,
    ),
    ((WORDS, *TEASER_SUMMARY_WORDS),),
    ((SENTENCE_END_COL, *_POSITIVE), *_PROSE_SHAPED),
    ((COLON_END_COL, *_POSITIVE), *_PROSE_SHAPED),
    ((WORDS, PROSE_ANY_WORDS + 1, _INF),),  # word counts are whole numbers: > PROSE_ANY_WORDS
)
# A line matching the widget lexicon is cut outright only when it is this short; longer ones
# are left to the classifier, which sees the lexicon hit as one feature among others.
WIDGET_CUT_MAX_WORDS = 12
# A full page (more than MIN_PAGE_LINES lines) whose best region holds fewer prose words than
# this has no article text we can find (its body was not captured): it yields an empty
# article, not a region of menus.
MIN_ARTICLE_PROSE_WORDS = 40  # bench/extraction.py: 20-40 best (+0.007 F1 on p/h/li text)
MIN_PAGE_LINES = 10


@dataclass(slots=True)
class _Block:
    """A line on its way to becoming a paragraph or a heading."""

    line: Line
    words: int
    prob: float
    shaped: bool  # heading-shaped (layout.is_heading_shaped)
    heading: bool = False


@dataclass(slots=True)
class _Scored:
    """What the line model and the rules say about each line, and the main region."""

    words: list[int]
    prob: np.ndarray
    reasons: list[str | None]
    shaped: list[bool]
    start: int
    end: int
    outside: str
    listed: frozenset[int] = frozenset()  # list items announced by a colon line: kept


@dataclass(slots=True)
class _Extraction:
    blocks: list[_Block]
    title: str | None
    byline: str | None
    removed: list[RemovedBlock] = field(default_factory=list)
    published: str | None = None


class Cleaner:
    """Clean flattened pages. Holds no global state: models load lazily per instance."""

    def __init__(self, *, line_frequency: LineFrequency | None = None) -> None:
        self.line_frequency = line_frequency
        self._lang = LanguageDetector()

    def preload(self) -> None:
        """Load what is otherwise loaded on first use (the language model, the character
        table), so that a timed run or a worker's first page does not pay for it."""
        self._lang.load()
        char_table()

    def clean(self, page: Page) -> list[Article]:
        """The page's main article first, then its embedded (carried) articles."""
        if page.media_type == "text/html":
            return self._clean_html(page)
        articles = self._clean_text(page, page.text, pre_extracted=page.pre_extracted)
        if page.partial:  # a feed item with only its summary
            articles[0].extras["clean"] = {"partial": True}
        return articles

    def _clean_html(self, page: Page) -> list[Article]:
        """trafilatura picks the main text and metadata, this cleaner makes a second pass."""
        ex = extract_html(page.text, page.url)
        if ex is None:
            raise EmptyInputError("trafilatura found no article text in the HTML", source=page.name)
        meta = {
            k: v
            for k, v in (
                ("title", ex.title),
                ("source", ex.sitename),
                ("published", ex.date),
                ("byline", ex.author),
            )
            if v
        }
        text_page = replace(page, text=ex.text, url=ex.url or page.url, meta={**meta, **page.meta})
        articles = self._clean_text(text_page, ex.text, pre_extracted=True)
        articles[0].removed[:0] = _dropped_by_extraction(ex.visible, ex.text)
        return articles

    def _clean_text(self, page: Page, text: str, *, pre_extracted: bool = False) -> list[Article]:
        lines = reflow(split_lines(text))
        if not lines:
            raise EmptyInputError("holds no text", source=page.name)
        lang = self._page_language(lines)
        stop = stopwords(lang)
        headers = aggregator.find_embedded(lines)
        main_end = headers[0].start if headers else len(lines)
        main = self._extract(
            lines[:main_end],
            stop,
            title_hint=page.meta.get("title"),
            host=host_of(page.url),
            carried=pre_extracted,
            drop_repeats=not pre_extracted,
        )
        if pre_extracted:
            main.byline = page.meta.get("byline")
        articles = [self._article(page, main, lang, role="main")]
        for k, h in enumerate(headers):
            end = headers[k + 1].start if k + 1 < len(headers) else len(lines)
            body = self._extract(
                lines[h.headline + 1 : end],
                stop,
                title_hint=None,
                host=None,
                carried=True,
                drop_repeats=not pre_extracted,
            )
            body.title = lines[h.headline].text
            emb = self._article(page, body, None, role="embedded")
            emb.source = h.source
            emb.published_text = h.published_text
            when = aggregator.resolve_relative(h.published_text, page.fetched_at)
            emb.published = when.isoformat() if when else None
            emb.id = content_id(emb.title, emb.text)
            articles.append(emb)
        return articles

    # -- steps -------------------------------------------------------------------------

    def _page_language(self, lines: list[Line]) -> str | None:
        """The language of the page's sentence-length lines (all lines when it has none);
        only the first SAMPLE_CHARS of them are read."""
        picked: list[str] = []
        size = 0
        for ln in lines:
            if ln.text.count(" ") >= LANG_SAMPLE_MIN_WORDS:
                picked.append(ln.text)
                size += len(ln.text) + 1
                if size > SAMPLE_CHARS:
                    break
        return self._lang.detect(" ".join(picked or [ln.text for ln in lines]))

    def _extract(
        self,
        lines: list[Line],
        stop: frozenset[str],
        *,
        title_hint: str | None,
        host: str | None,
        carried: bool = False,
        drop_repeats: bool = True,
    ) -> _Extraction:
        """Pick the article's blocks out of ``lines``.

        ``carried``: the lines are the body of an embedded article, already delimited by its
        header, so only furniture is cut (no main-region search, no title search).
        ``drop_repeats``: off for text extracted from HTML, where a DOM has no capture errors
        and repeated blocks are the page's own (a meal plan's daily blocks).
        """
        removed: list[RemovedBlock] = []
        if not lines:
            return _Extraction([], title_hint, None, removed)
        sc = self._score(lines, stop, host=host, carried=carried)
        words, prob, reasons, shaped = sc.words, sc.prob, sc.reasons, sc.shaped
        start, end, outside = sc.start, sc.end, sc.outside
        carried = carried or outside == _SNIPPET
        title = title_hint
        if not carried and title is None:
            title, title_idx = _find_title(lines, start, end, words, reasons)
            if title_idx is not None:
                reasons[title_idx] = "layout:title"
        published = _take_date(lines, start, end, words, reasons)
        byline = _take_byline(lines, start, end, words, reasons) if not carried else None
        blocks: list[_Block] = []
        probs = prob.tolist()  # list indexing: numpy scalar access costs ~100 ns a line
        for i, line in enumerate(lines):
            reason = reasons[i]
            if reason is None and not start <= i < end:
                reason = outside
            if (
                reason is None
                and not carried
                and probs[i] < KEEP_THRESHOLD
                and i not in sc.listed
                and not _heading_here(shaped, words, probs, i, end)
            ):
                reason = "boilerplate:low-score"
            if reason is None:
                blocks.append(_Block(line, words[i], probs[i], shaped[i]))
            elif reason != "layout:title":
                removed.append(RemovedBlock(line.text, reason, line.start, line.end))
        if drop_repeats:
            blocks = _drop_repeats(blocks, removed)
        for b in blocks:
            b.heading = b.shaped and b.prob < 0.9
        return _Extraction(blocks, title, byline, removed, published)

    def _score(
        self, lines: list[Line], stop: frozenset[str], *, host: str | None, carried: bool
    ) -> _Scored:
        """Features, probabilities, rule verdicts and the main region of ``lines``."""
        x, kinds, words = line_features(lines, stop)
        prob = content_probability(x)
        reasons: list[str | None] = [None] * len(lines)
        for i, kind in enumerate(kinds):
            if kind is not None and words[i] <= WIDGET_CUT_MAX_WORDS:
                reasons[i] = f"boilerplate:{kind}"
            elif self.line_frequency and self.line_frequency.is_boilerplate(host, lines[i].text):
                reasons[i] = "boilerplate:repeated-across-pages"
        # A menu flattened into one line (a p/li holding a whole menu): long, most words
        # capitalised, no sentence end, few digits. The model alone keeps such lines for
        # their length. Thresholds: a grid on both datasets (12/15/20 words, 0.6-0.9
        # capitalised, 0.01-0.03 digits) with fundus checked beside ScrapingHub; this one
        # lifts ScrapingHub p/h/li F1 0.856 -> 0.864 and fundus p/h/li 0.901 -> 0.903,
        # visible text +0.0005 on both. The line masks (_LINE_MASKS) come from one pass.
        menu_runs, teaser_runs, leads, heads, summaries, *prose_parts = range_masks(
            x, words, _LINE_MASKS
        )
        menu = set(menu_runs)
        # A menu holding teaser headlines, flattened into one line: capitalised less uniformly,
        # but long and nearly without sentence ends (prose has one every 15-25 words).
        menu.update(
            i
            for i in teaser_runs
            if i not in menu
            and len(_SENTENCE_ENDS.findall(lines[i].text)) * TEASER_RUN_WORDS_PER_END < words[i]
        )
        menu.update(
            i
            for i in leads
            if i not in menu
            and _menu_lead(lines[i].text)
            and len(_SENTENCE_ENDS.findall(lines[i].text)) * MENU_LEAD_WORDS_PER_END < words[i]
        )
        for i in menu:
            reasons[i] = reasons[i] or "boilerplate:menu-run"
        # digits per line (a cheap filter for the date search)
        texts = [ln.text for ln in lines]
        lengths = list(map(len, texts))  # (also the region's line weights)
        digits = (x[:, DIGIT_RATIO_COL] * lengths).round().tolist()
        # Only the lines rule_candidates returns can match a rule below (~20%): a new rule
        # needs its necessary condition there too (tests/clean/test_speedups_rules.py).
        candidates = rule_candidates(texts, digits, TWICE_TITLED_WORDS, GLUED_TEASER_MAX_WORDS)
        # The rules below look only at the lines holding their literals, found in one
        # compiled pass over the page each (every line without the core).
        page = "\n".join(texts)
        captions = _caption_candidates(texts, words, candidates)
        for i in candidates:
            t = texts[i]
            if ("{" in t or ";" in t) and _is_code(t):
                reasons[i] = reasons[i] or "boilerplate:code"
            elif i in captions and _CAPTION_CREDIT.search(
                t, max(0, len(t) - CAPTION_MATCH_MAX_CHARS)
            ):
                reasons[i] = reasons[i] or "boilerplate:caption"
            elif " said:" in t and _COMMENT_HEADER.match(t):
                reasons[i] = reasons[i] or "comments"
            elif digits[i] >= DATED_RUN_MIN_DIGITS and _dated_run(t):
                reasons[i] = reasons[i] or "boilerplate:dated-run"
            elif t[0].isdigit() and _GALLERY_GLUED.match(t):
                reasons[i] = reasons[i] or "boilerplate:caption"
            elif words[i] <= 4 and _GALLERY_COUNTER.match(t):
                reasons[i] = reasons[i] or "boilerplate:gallery"
            elif (
                (words[i] >= 2 * TWICE_TITLED_WORDS and _twice_titled(t))
                or (
                    GLUED_TEASER_MIN_WORDS <= words[i] <= GLUED_TEASER_MAX_LINE and _glued_teaser(t)
                )
                or (t[-1] == ")" and _counted_head(t, words[i]))
            ):
                reasons[i] = reasons[i] or "boilerplate:teaser"
        if (  # "(" counted first (a memchr scan), the regex only then: few pages pass both
            page.count("(") >= COUNTED_LIST_MIN and len(_COUNT.findall(page)) >= COUNTED_LIST_MIN
        ):
            for i in [i for i, t in enumerate(texts) if t.count("(") >= COUNTED_LIST_MIN]:
                n = len(_COUNT.findall(texts[i]))
                if n >= COUNTED_LIST_MIN and n * COUNTED_LIST_WORDS_PER_COUNT >= words[i]:
                    reasons[i] = reasons[i] or "boilerplate:counted-list"
        if ");" in page:  # a memchr-speed test first: most pages hold no script statement
            for i, t in enumerate(texts):
                if t.endswith(");") and words[i] <= SCRIPT_MAX_WORDS and _SCRIPT_CALL.search(t):
                    reasons[i] = reasons[i] or "boilerplate:code"
        # the lines naming comments, for the policy rule here and the comment section's header
        commented = _lines_holding(page, COMMENTS_KEYWORDS, True)
        for i in commented:
            t = texts[i]
            if (
                words[i] <= COMMENT_POLICY_MAX_WORDS
                and len(_COMMENT_WORD.findall(t)) >= 2
                and _MODERATION.search(t)
            ):
                reasons[i] = reasons[i] or "comments:policy"
        # the lines holding "@" (e-mail lines, and embedded posts further down)
        at_lines = (
            _lines_holding(page, ("@", "t.co/"), False) if "@" in page or "t.co/" in page else []
        )
        for i in at_lines:
            if words[i] == 1 and _EMAIL_LINE.fullmatch(texts[i]):
                reasons[i] = reasons[i] or "boilerplate:email"
        # rule_candidates holds every line with a ":" (a necessary condition of its rules)
        colons = [i for i in candidates if ":" in texts[i]]
        for i in colons:
            t = texts[i]
            if (
                words[i] <= INLINE_LINK_MAX_WORDS
                and t.find(":", 0, INLINE_LINK_LABEL_CHARS) != -1
                and _INLINE_LINK.match(t)
            ):
                reasons[i] = reasons[i] or "related-list"
        _mark_stamped_runs(texts, [i for i in colons if digits[i] >= 6], reasons)
        _mark_datelined_runs(texts, colons, reasons)
        _mark_teaser_lists(heads, summaries, reasons)
        # Prose: sentence-final punctuation, enough words and stop words (or simply long).
        prose = np.zeros(len(lines), dtype=bool)
        for part in prose_parts:
            prose[part] = True
        mark_related_tails(lines, prose, reasons)
        mark_comment_section(lines, words, prose, reasons, commented)
        mark_author_box(lines, reasons)
        blocked = np.array([r is not None for r in reasons])
        # Looked up by the region growth, the subheading rule and the blocks: computed once.
        shaped = _heading_shapes(texts, words)
        listed: frozenset[int] = frozenset()
        if carried:
            start, end, outside = 0, len(lines), "boilerplate:outside-main-text"
        else:
            embedded = _embedded_posts(lines, prose, at_lines)
            # The region grows only over prose the model keeps (a line under KEEP_THRESHOLD
            # is dropped inside the region anyway): a long run of links is no bridge to the
            # teasers beyond it. Grid over the cut (0.15/0.2/0.25/0.3/0.5), both datasets
            # and flatteners: 0.2 lifts ScrapingHub p/h/li +0.0002 and fundus +0.0001 /
            # +0.0003, visible text -0.0003; 0.25 and up lose on p/h/li (recall).
            start, end, outside = _choose_region(
                lengths, words, prob, prose & (prob >= KEEP_THRESHOLD), blocked, shaped, embedded
            )
            if start < end:
                end, listed = _announced_lists(lines, prose, prob, reasons, start, end, colons)
                end, listed = _interview_rest(lines, reasons, end, listed)
                _mark_site_blurb(lines, words, prose, reasons, host, start, end)
                listed = listed | {
                    start + k
                    for k in np.flatnonzero(embedded[start:end]).tolist()
                    if reasons[start + k] is None
                }
        return _Scored(words, prob, reasons, shaped, start, end, outside, listed)

    def _article(self, page: Page, ex: _Extraction, lang: str | None, *, role: str) -> Article:
        sections = _sections(ex.blocks)
        paragraphs: list[str] = []
        for s in sections:
            if s.heading:
                paragraphs.append(s.heading)
            paragraphs.extend(s.paragraphs)
        text = "\n\n".join(paragraphs)
        dateline = None
        first_para = next((p for s in sections for p in s.paragraphs), "")
        found = layout.find_dateline(first_para)
        if found:
            dateline = found[0]
        if lang is None or role == "embedded":
            lang = self._lang.detect(text)
        return Article(
            id=content_id(ex.title, text),
            text=text,
            role="main" if role == "main" else "embedded",
            title=ex.title,
            source_path=page.source_path,
            url=page.url,
            source=page.meta.get("source") if role == "main" else None,
            dateline=dateline,
            byline=ex.byline,
            published=(page.meta.get("published") or ex.published) if role == "main" else None,
            sections=sections,
            lang=lang,
            removed=ex.removed,
        )


_SNIPPET = "snippet"  # _choose_region's verdict: a few lines, kept whole


_SENTENCE_END_CHARS = "".join(sorted(SENTENCE_END))


def _heading_shapes(texts: list[str], words: list[int]) -> list[bool]:
    """layout.is_heading_shaped of every line: one compiled pass, else line by line."""
    if _speedups is not None:
        return _speedups.heading_shaped(
            texts,
            words,
            layout.MAX_HEADING_WORDS,
            layout.MAX_HEADING_CHARS,
            _SENTENCE_END_CHARS,
        )
    return [layout.is_heading_shaped(t, n) for t, n in zip(texts, words, strict=True)]


def _choose_region(
    lengths: list[int],
    words: list[int],
    prob: np.ndarray,
    prose: np.ndarray,
    blocked: np.ndarray,
    shaped: list[bool],
    embedded: np.ndarray,
) -> tuple[int, int, str]:
    """The main text's ``[start, end)`` and the reason for the lines outside it.

    The best region by score, grown over adjacent prose; a snippet (a few lines, nothing
    article-like) is kept whole; a full page whose region holds too little prose has no
    article text (its body was not captured) and yields an empty article, not its menus."""
    sizes = np.sqrt(np.array(lengths, dtype=np.float64))
    start, end = main_region(prob, sizes, blocked, region_threshold(prob))
    if start == end:
        if len(lengths) <= MIN_PAGE_LINES:
            return 0, len(lengths), _SNIPPET
        return 0, 0, "boilerplate:no-article-text"
    start, end = extend_region(start, end, prose, blocked | np.array(shaped, dtype=bool), embedded)
    region_prose = sum(itertools.compress(words[start:end], prose[start:end].tolist()))
    if region_prose < MIN_ARTICLE_PROSE_WORDS and len(lengths) > MIN_PAGE_LINES:
        return 0, 0, "boilerplate:no-article-text"
    return start, end, "boilerplate:outside-main-text"


# A list announced by a line ending in a colon ("Tour dates:", "The Senate resolves to:") at
# the end of the main text or inside it: its items belong to the article, however little
# they look like prose (tour dates, product lists, results). The items run until prose resumes,
# a line the widget lexicon cut (a share bar, "Related") or LIST_MAX_ITEMS lines; a menu-run
# verdict does not end them (a long tour date looks like one). The intro has at least
# LIST_INTRO_MIN_WORDS words ("Related links:", "Sources:" and "Legende:" announce furniture)
# and sits at most LIST_INTRO_MAX_GAP lines past the region. Grid on both datasets and
# flatteners (intro 1-5 words, 2 or 3 items, gap 1-3): 3 words, 2 items, gap 1 is best on
# ScrapingHub; fundus, whose gold bodies leave most lists out, prefers 5 words by 0.0004.
LIST_MAX_ITEMS = 60
LIST_MIN_ITEMS = 2
LIST_INTRO_MAX_GAP = 1
LIST_INTRO_MIN_WORDS = 3
# Prose resumes after a list only at a line the model scores at least this high: a list glued
# into long lines ("1) Lego Star Wars 75188 ... http://amzn.to/2iJFhRj 2) Polistil ...") is
# prose by length alone. Grid on both datasets and flatteners (0.1/0.2/0.25/0.3/0.4/0.5):
# 0.3 lifts ScrapingHub p/h/li +0.0019 and visible +0.0012 (fundus visible -0.0002); 0.4 and
# 0.5 lose 0.0004-0.0005 on fundus, 0.1-0.2 leave visible text unchanged.
LIST_PROSE_MIN_PROB = 0.3
_LIST_BREAKING = ("boilerplate:menu-run",)


def _announced_lists(
    lines: list[Line],
    prose: np.ndarray,
    prob: np.ndarray,
    reasons: list[str | None],
    start: int,
    end: int,
    colons: list[int],
) -> tuple[int, frozenset[int]]:
    """The region's end grown over the lists its colon lines announce, and the lists' lines
    (prose ends a list where the model scores it LIST_PROSE_MIN_PROB or more); ``colons``: the
    lines holding a ":", in order."""
    intros = [i for i in colons if i >= start and lines[i].text[-1] == ":"]
    if not intros:  # most pages
        return end, frozenset()
    is_prose = (prose & (prob >= LIST_PROSE_MIN_PROB)).tolist()
    listed: set[int] = set()
    done = start
    for i in intros:
        if i >= min(end + LIST_INTRO_MAX_GAP, len(lines) - 1):
            break
        if (
            i < done
            or reasons[i] is not None
            or lines[i].text.count(" ") + 1 < LIST_INTRO_MIN_WORDS
        ):
            continue
        j = i + 1
        while (
            j < len(lines)
            and j - i <= LIST_MAX_ITEMS
            and not is_prose[j]
            and (reasons[j] is None or reasons[j] in _LIST_BREAKING)
        ):
            j += 1
        if j - i - 1 >= LIST_MIN_ITEMS:
            for k in range(i, j):
                reasons[k] = None
                listed.add(k)
            end = max(end, j)
            done = j
    return end, frozenset(listed)


# The site describing itself under the article ("Ascom is a global solutions provider ...",
# "Reuters, the news and media division of Thomson Reuters, is ..."): a line in the region's
# tail opening with the site's name (its host's registered label, at least SITE_NAME_MIN_CHARS
# long, spaces and case ignored) and "is" or "are", an apposition between. Searched from the
# region's end up to its last prose line of more than SITE_BLURB_MAX_SKIPPED words: a
# company's own news names it throughout. On the four development sets it cuts 5 lines (two
# press releases' and a fundus page's), none of them article text; lines naming the site so
# anywhere on the page are 43 furniture lines and 2 article lines (a press release's own).
SITE_NAME_MIN_CHARS = 4
SITE_BLURB_MAX_SKIPPED = 60
_SITE_BLURB_VERB = re.compile(r"(?:,[^.,]{1,80},)? (?:is|are) ")
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gov", "ac", "edu"))


def _site_name(host: str | None) -> str | None:
    """The registered label of ``host`` ("bbc" for "news.bbc.co.uk"), if long enough."""
    if not host:
        return None
    labels = host.split(".")[:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    name = labels[-1] if labels else ""
    return name if len(name) >= SITE_NAME_MIN_CHARS else None


def _names_site(text: str, name: str) -> bool:
    """Whether ``text`` opens with ``name`` (spaces, punctuation and case ignored), then "is"
    or "are" (see above)."""
    k = 0
    for pos, c in enumerate(text):
        if k == len(name):  # the name ends here: its verb must follow
            return _SITE_BLURB_VERB.match(text, pos) is not None
        if c.isalnum():
            if c.lower() != name[k]:
                return False
            k += 1
    return False


def _mark_site_blurb(
    lines: list[Line],
    words: list[int],
    prose: np.ndarray,
    reasons: list[str | None],
    host: str | None,
    start: int,
    end: int,
) -> None:
    """Cut the site's self-description in the region's tail (see above)."""
    name = _site_name(host)
    if name is None:
        return
    for i in range(end - 1, start - 1, -1):
        if _names_site(lines[i].text, name):
            reasons[i] = reasons[i] or "boilerplate:site-blurb"
            return
        if prose[i] and words[i] > SITE_BLURB_MAX_SKIPPED:
            return


# An interview in question and answer lines ("Q: Favorite books?" / "A: A Fistful of Rice"):
# when the region ends on such a line, it grows over the ones that follow however short they
# are (a rapid-fire round at the end), at most INTERVIEW_MAX_LINES, stepping over a
# menu-run verdict (a list of names as an answer). On the development sets the Q/A lines are
# all article text (68 lines on one page; 4 stray ones elsewhere are no run).
INTERVIEW_MAX_LINES = 60
INTERVIEW_LOOKBACK = 3  # the region's last lines searched for a question or answer
_QA_LINE = re.compile(r"^(?:Q|A|Question|Answer|Frage|Antwort)\s?[:.]\s")


def _interview_rest(
    lines: list[Line], reasons: list[str | None], end: int, listed: frozenset[int]
) -> tuple[int, frozenset[int]]:
    """The region's end grown over the rest of an interview it ends in, and those lines."""
    if not any(_QA_LINE.match(ln.text) for ln in lines[max(end - INTERVIEW_LOOKBACK, 0) : end]):
        return end, listed  # most pages
    j = end
    while (
        j < len(lines)
        and j - end < INTERVIEW_MAX_LINES
        and reasons[j] in (None, "boilerplate:menu-run")
        and _QA_LINE.match(lines[j].text)
    ):
        reasons[j] = None
        j += 1
    return j, listed | frozenset(range(end, j))


# A post embedded in the article (a tweet) ends in its attribution line: "— Jane Doe (@jdoe)
# November 18, 2019". The region grows over it, its text and the lines between it and the prose
# above (at most EMBED_MAX_LINES), to the article text that follows, and inside the region the
# post is kept: the reporter quotes it. On the four development sets 34 attribution lines, all
# under an article paragraph; ScrapingHub's gold bodies hold the 21 of its pages, fundus's gold
# leaves embeds out (keeping them: ScrapingHub +0.0012 / +0.0001, fundus -0.0002 / -0.0004).
# p/h/li flattening keeps a tweet's text but not its attribution (outside the p): a line with a
# tweet's link ("pic.twitter.com/...", "https://t.co/...") counts as a post too (19 lines on
# ScrapingHub, all article text; ScrapingHub p/h/li +0.0012, the three others unchanged).
EMBED_MAX_LINES = 4
_EMBED_ATTRIBUTION = re.compile(r"^[—–-]\s*.{1,80}\(@\w{1,20}\)\s+\w+\.? \d{1,2}, \d{4}")


def _embedded_posts(
    lines: list[Line], prose: np.ndarray, found: Iterable[int] | None = None
) -> np.ndarray:
    """Embedded posts (see above); ``found``: the lines holding "@" or "t.co/", if known."""
    embedded = np.zeros(len(lines), dtype=bool)
    if found is None:
        found = [i for i, ln in enumerate(lines) if "@" in ln.text or "t.co/" in ln.text]
    for i in found:
        if lines[i].text[0] in "—–-" and _EMBED_ATTRIBUTION.match(lines[i].text):
            embedded[i] = True
            j = i - 1
            while j >= max(i - EMBED_MAX_LINES, 0) and not prose[j] and not embedded[j]:
                embedded[j] = True
                j -= 1
    for i in found:  # a tweet's own text, its attribution lost (p/h/li keeps no footer)
        text = lines[i].text
        if "pic.twitter.com/" in text or "https://t.co/" in text:
            embedded[i] = True
    return embedded


def _dropped_by_extraction(visible: str, extracted: str) -> list[RemovedBlock]:
    """What the HTML extraction left out, line by line, so it can be audited like the rest.

    Offsets are -1: the lines come from the rendered text, not from the HTML source. (The
    rendered lines are already whitespace-collapsed, so plain splitting is enough here.)"""
    kept = {normalize_line(line) for line in extracted.splitlines()}
    return [
        RemovedBlock(line, "html:not-main-text")
        for line in visible.split("\n")
        if line and normalize_line(line) not in kept
    ]


def _heading_here(
    shaped: list[bool], words: list[int], prob: list[float], i: int, end: int
) -> bool:
    """A heading-shaped line followed by article text is a subheading, whatever its score."""
    return (
        shaped[i] and i + 1 < end and prob[i + 1] >= 0.5 and words[i + 1] > layout.MAX_HEADING_WORDS
    )


def _find_title(
    lines: list[Line], start: int, end: int, words: list[int], reasons: list[str | None]
) -> tuple[str | None, int | None]:
    """The headline: a title-shaped line just above the main text or among its first lines.

    Lines already cut as furniture, bylines and dates are never the title. A candidate inside
    the region must come before the first real paragraph.
    """

    def candidate(i: int) -> bool:
        t = lines[i].text
        return (
            reasons[i] is None
            and layout.is_title_shaped(t)
            and layout.find_byline(t) is None
            and not aggregator.is_time(t)
        )

    first_para = next((i for i in range(start, end) if words[i] > layout.MAX_HEADING_WORDS), end)
    for i in range(start, min(first_para, start + TITLE_LOOKAHEAD)):
        if candidate(i):
            return lines[i].text, i
    for i in range(start - 1, max(start - TITLE_LOOKBACK, 0) - 1, -1):
        if candidate(i):
            return lines[i].text, i
    return None, None


def _take_date(
    lines: list[Line], start: int, end: int, words: list[int], reasons: list[str | None]
) -> str | None:
    """Cut date-only lines around the headline; the first one is the publication date."""
    first_para = next((i for i in range(start, end) if words[i] > layout.MAX_HEADING_WORDS), end)
    found: str | None = None
    for i in range(max(start - TITLE_LOOKBACK, 0), first_para):
        when = parse_date_line(lines[i].text) if words[i] <= 12 else None
        if when is None:
            continue
        found = found or when.isoformat()
        reasons[i] = reasons[i] or "layout:date"
    return found


def _take_byline(
    lines: list[Line], start: int, end: int, words: list[int], reasons: list[str | None]
) -> str | None:
    """The author line around the headline ("By Jane Doe and John Roe"), cut from the text."""
    first_para = next((i for i in range(start, end) if words[i] > layout.MAX_HEADING_WORDS), end)
    for i in range(max(start - TITLE_LOOKBACK, 0), min(first_para + 1, len(lines))):
        name = layout.find_byline(lines[i].text)
        if name:
            reasons[i] = "layout:byline"
            return name
    return None


# A teaser is a paragraph's first words: when a later copy is this many times longer than the
# first one, the first is the teaser (a slider above the article) and the later one is kept.
REPEAT_TEASER_RATIO = 1.5  # grid 1.1-2.0 within 0.0003 F1 on all four sets; 3.0 lower


def _drop_repeats(blocks: list[_Block], removed: list[RemovedBlock]) -> list[_Block]:
    repeats = find_repeats([b.line.text for b in blocks])
    copies: dict[int, list[int]] = {}
    for i, first in repeats.items():
        copies.setdefault(first, []).append(i)
    drop = set(repeats)
    for first, later in copies.items():
        longest = max(later, key=lambda i: blocks[i].words)
        if blocks[longest].words > REPEAT_TEASER_RATIO * blocks[first].words:
            drop.discard(longest)
            drop.add(first)
    for i in sorted(drop):
        b = blocks[i]
        removed.append(RemovedBlock(b.line.text, "repeat", b.line.start, b.line.end))
    return [b for i, b in enumerate(blocks) if i not in drop]


def _sections(blocks: list[_Block]) -> list[Section]:
    sections = [Section(None)]
    for b in blocks:
        if b.heading and not (sections[-1].heading and not sections[-1].paragraphs):
            sections.append(Section(b.line.text))
            continue
        split = layout.split_glued_heading(b.line.text)
        if split:
            sections[-1].paragraphs.append(split[0])
            sections.append(Section(split[1]))
        else:
            sections[-1].paragraphs.append(b.line.text)
    return [s for s in sections if s.heading or s.paragraphs]


def _stamped(text: str) -> bool:
    """Whether ``text`` holds a full date followed by a clock time (the date searched for only
    just before each time: the date regex is the costly part)."""
    for clock in _CLOCK.finditer(text):
        lo = max(clock.start() - _CLOCK_AFTER_DATE - _DATE_MAX_CHARS, 0)
        for m in FULL_DATE.finditer(text, lo, clock.start()):
            if m.end() + _CLOCK_AFTER_DATE >= clock.start():
                return True
    return False


def _mark_stamped_runs(
    texts: list[str], candidates: Iterable[int], reasons: list[str | None]
) -> None:
    """Cut runs of STAMPED_RUN_MIN_LINES or more lines stamped with a date and a time.

    ``candidates``: the lines that may be stamped, in order (a ":" and 6 digits or more: "Nov
    5, 2019 9:42")."""
    stamped = [i for i in candidates if _stamped(texts[i])]
    _mark_runs(stamped, STAMPED_RUN_MIN_LINES, reasons, "boilerplate:teaser")


def _glued_dateline(text: str) -> bool:
    """Whether a capitalised dateline and its colon follow a headline inside ``text``."""
    lo, hi = DATELINED_HEAD_WORDS
    k = text.find(": ")
    while k != -1:
        if text[k - 1] in _DATELINE_LAST and text[k + 2 : k + 3] in _DATELINE_NEXT:
            m = _DATELINE.search(text, max(k - DATELINE_MAX_CHARS, 0), k)
            if m is not None and lo <= text.count(" ", 0, m.start()) <= hi:
                return True
        k = text.find(": ", k + 2)
    return False


def _mark_datelined_runs(
    texts: list[str], candidates: Iterable[int], reasons: list[str | None]
) -> None:
    """Cut runs of DATELINED_RUN_MIN_LINES or more headlines glued to a dateline.

    ``candidates``: the lines holding a ":", in order. Only those next to another can be in
    a run: the dateline is searched for in them alone."""
    held = set(candidates)
    paired = [i for i in held if i - 1 in held or i + 1 in held]
    glued = [i for i in sorted(paired) if _glued_dateline(texts[i])]
    _mark_runs(glued, DATELINED_RUN_MIN_LINES, reasons, "boilerplate:teaser")


def _mark_runs(hits: list[int], min_lines: int, reasons: list[str | None], reason: str) -> None:
    """Give ``reason`` to every line of each run of ``min_lines`` or more consecutive lines
    among ``hits`` (line numbers, ascending), keeping a reason a line already has."""
    start = 0
    for k in range(1, len(hits) + 1):
        if k == len(hits) or hits[k] != hits[k - 1] + 1:  # the run hits[start:k] ends here
            if k - start >= min_lines:
                for i in hits[start:k]:
                    reasons[i] = reasons[i] or reason
            start = k


def _caption_candidates(texts: list[str], words: list[int], candidates: list[int]) -> set[int]:
    """The candidate lines _CAPTION_CREDIT may match: short enough, ending in ")" or with a
    ":" or "Photo" near the end, and holding a CAPTION_KEYWORDS word (one pass over those
    lines only)."""
    shaped = [
        i
        for i in candidates
        if words[i] <= CAPTION_MAX_WORDS
        and (
            texts[i][-1] == ")"
            or ":" in texts[i][-CAPTION_CREDIT_CHARS:]
            or "Photo" in texts[i][-80:]
        )
    ]
    held = _lines_holding("\n".join([texts[i] for i in shaped]), CAPTION_KEYWORDS, True)
    return {shaped[k] for k in held}


def _lines_holding(page: str, literals: tuple[str, ...], ignore_case: bool) -> Iterable[int]:
    """The lines of ``page`` (its lines joined by "\n") holding one of ``literals``: one
    compiled pass, or its pure-Python twin (every line would let the comment-policy rule
    see lines without a comment keyword: other output than with the core)."""
    if _speedups is not None:
        return _speedups.lines_with_any(page, literals, ignore_case)
    return lines_with_any_py(page, literals, ignore_case)


def _mark_teaser_lists(heads: list[int], summaries: list[int], reasons: list[str | None]) -> None:
    """Cut runs of TEASER_LIST_MIN_PAIRS or more (headline, summary) pairs; ``heads``: the
    headline-shaped lines, ``summaries``: the lines of a summary's length (in order)."""
    head = set(heads)
    summary = set(summaries) - head
    # a headline whose next line is a summary
    pairs = {i for i in heads if i + 1 in summary}
    if len(pairs) < TEASER_LIST_MIN_PAIRS:  # most pages: no reason lookups
        return
    # a headline may have been cut as a menu run already, a summary must be free
    is_pair = [
        i in pairs and reasons[i] in (None, "boilerplate:menu-run") and reasons[i + 1] is None
        for i in range(len(reasons))
    ]
    i, n = 0, len(reasons)
    while i < n:
        j = i
        while j < n and is_pair[j]:
            j += 2
        if (j - i) // 2 >= TEASER_LIST_MIN_PAIRS:
            for k in range(i, j):
                reasons[k] = reasons[k] or "boilerplate:teaser"
            i = j
        else:
            i += 1


def _glued_teaser(text: str) -> bool:
    """Whether a headline-like opening of ``text`` runs on into the next element's text."""
    if not glued_opening(text, GLUED_TEASER_MAX_WORDS):  # most lines: no join to look at
        return False
    # a join past the opening's last allowed word cannot count: search the opening only
    for m in GLUED_JOIN.finditer(text, 0, opening_reach(text, GLUED_TEASER_MAX_WORDS)):
        head = text[: m.end() - 3].split()
        if len(head) >= GLUED_TEASER_MIN_HEAD:
            capitalised = sum(w[0].isupper() or not w[0].isalpha() for w in head)
            return capitalised >= GLUED_TEASER_MIN_CAPITALISED * len(head)
    return False


def _twice_titled(text: str) -> bool:
    """Whether the first TWICE_TITLED_WORDS words of ``text`` come again later in it."""
    head = " ".join(text.split(" ", TWICE_TITLED_WORDS)[:TWICE_TITLED_WORDS])
    return text.find(head, len(head)) != -1


def _counted_head(text: str, n_words: int) -> bool:
    """Whether ``text`` is a headline ending in its comment count (a line of several counts
    is left to the counted-list rule)."""
    return (
        n_words >= COUNTED_HEAD_MIN_WORDS
        and text.count("(") < COUNTED_LIST_MIN
        and _COUNTED_HEAD.search(text, max(len(text) - COUNTED_HEAD_MAX_CHARS, 0)) is not None
    )


def _dated_run(text: str) -> bool:
    """Whether ``text`` holds DATED_RUN_MIN_DATES full dates (the search stops there)."""
    dates = FULL_DATE.finditer(text)
    return sum(1 for _ in itertools.islice(dates, DATED_RUN_MIN_DATES)) >= DATED_RUN_MIN_DATES


def _menu_lead(text: str) -> bool:
    """Whether ``text`` opens with MENU_LEAD_WORDS capitalised words and no punctuation."""
    second = text.find(" ") + 1  # most prose fails on its second word: spare the split
    if second > 1 and text[second : second + 1].isalpha() and not text[second].isupper():
        return False
    words = text.split(" ", MENU_LEAD_WORDS)[:MENU_LEAD_WORDS]
    return len(words) == MENU_LEAD_WORDS and all(
        (w[0].isupper() or w in _MENU_JOINERS) and w[-1] not in _WORD_END_PUNCT for w in words
    )


def _is_code(text: str) -> bool:
    n = len(_CODE_CHARS.findall(text))
    return (
        n >= CODE_MIN_CHARS
        and text.count("{") + text.count("}") >= 2
        and n >= CODE_MIN_SHARE * len(text)
    )
