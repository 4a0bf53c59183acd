"""Education articles: the required set, short, structured, referenced and searchable."""

import re

import pytest

from backcare.domain.content import ContentError, references
from backcare.domain.education import article, articles, parse_article, search
from backcare.domain.factors import EDUCATION_SLUGS

REQUIRED = (
    "stress-and-muscle-tension", "why-spasms-happen", "morning-stiffness", "red-flags-explained",
    "natural-course", "pain-and-damage", "pacing-and-graded-activity", "sleep-and-back-pain",
    "inflammatory-back-pain", "fibromyalgia", "heat-or-cold", "popular-remedies-evidence",
    "work-and-back-pain",
)  # fmt: skip
ALL = sorted(articles())


def test_the_required_articles_exist():
    assert set(REQUIRED) <= set(articles())


def test_every_article_the_factor_engine_links_to_exists():
    assert set(EDUCATION_SLUGS) <= set(articles())


@pytest.mark.parametrize("slug", ALL)
def test_articles_are_short(slug):
    assert 150 <= article(slug).word_count <= 400


@pytest.mark.parametrize("slug", ALL)
def test_articles_have_headings_and_short_paragraphs(slug):
    body = article(slug).body
    assert len(re.findall(r"^## \S", body, re.M)) >= 2
    for block in re.split(r"\n\s*\n|\n(?=- )", body):  # paragraphs and list items
        assert len(block.split()) <= 110, f"long paragraph: {block[:60]}..."


@pytest.mark.parametrize("slug", ALL)
def test_articles_carry_metadata_and_known_references(slug):
    item = article(slug)
    assert item.title
    assert item.summary
    assert item.keywords
    assert item.meta.licence
    assert item.meta.reviewed
    assert item.meta.version
    assert item.references
    assert set(item.references) <= set(references())


@pytest.mark.parametrize("slug", ALL)
def test_articles_never_diagnose(slug):
    text = article(slug).body.lower()
    conditions = "fibromyalgia|spondyloarthritis|inflammatory back pain|cauda equina|a slipped disc"
    assert not re.search(rf"\byou (have|probably have|definitely have) ({conditions})", text)


def test_the_red_flag_article_names_the_emergency_signs():
    text = article("red-flags-explained").body.lower()
    for sign in ("both legs", "bladder", "bowel", "genitals", "chest pain", "emergency"):
        assert sign in text


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("spasm", "why-spasms-happen"),
        ("My back spasms", "why-spasms-happen"),
        ("stiff in the morning", "morning-stiffness"),
        ("sleeping on my stomach", "sleep-and-back-pain"),
        ("pillow", "sleep-and-back-pain"),
        ("TENS", "popular-remedies-evidence"),
        ("ibuprofen", "popular-remedies-evidence"),
        ("is it serious", "red-flags-explained"),
        ("bladder numbness", "red-flags-explained"),
        ("worried about my scan", "pain-and-damage"),
        ("how long will it last", "natural-course"),
        ("stress", "stress-and-muscle-tension"),
        ("breathing exercises", "stress-and-muscle-tension"),
        ("boom and bust", "pacing-and-graded-activity"),
        ("ANKYLOSING spondylitis", "inflammatory-back-pain"),
        ("fibro fog", "fibromyalgia"),
        ("ice or heat", "heat-or-cold"),
        ("going back to work", "work-and-back-pain"),
        ("sick note", "work-and-back-pain"),
        ("will I lose my job", "work-and-back-pain"),
    ],
)
def test_search_ranks_the_obvious_article_first(query, first):
    assert search(query)[0].slug == first


@pytest.mark.parametrize("query", ["", "   ", "the and of", "xyzzy plugh"])
def test_search_returns_nothing_for_empty_or_unknown_queries(query):
    assert search(query) == []


def test_search_is_stable_and_limited():
    assert [a.slug for a in search("back pain")] == [a.slug for a in search("back pain")]
    assert len(search("back pain", limit=2)) == 2


GOOD = '+++\nslug = "x"\ntitle = "T"\nversion = "1"\nlicence = "CC-BY-SA-4.0"\nreviewed = "unreviewed"\nreferences = ["nice-ng59"]\nsummary = "S"\nkeywords = ["k"]\n+++\n## Head\n\nBody.\n'  # noqa: E501


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("+++\n", "", 1), "must start with"),
        (GOOD.replace("+++\n## Head", "## Head"), "no closing"),
        (GOOD.replace('summary = "S"', 'summary = "S"\nauthor = "me"'), "unknown front-matter"),
        (GOOD.replace('slug = "x"', 'slug = "y"'), "must equal 'x'"),
        (GOOD.replace('references = ["nice-ng59"]', 'references = ["nope"]'), "unknown reference"),
        (GOOD.replace('keywords = ["k"]', "keywords = []"), "'keywords'"),
        (GOOD.split("## Head")[0], "body is empty"),
    ],
)
def test_malformed_articles_are_rejected(text, message):
    with pytest.raises(ContentError, match=re.escape(message)):
        parse_article(text, "x", "education/x.md")


def test_a_well_formed_article_parses():
    item = parse_article(GOOD, "x", "education/x.md")
    assert (item.slug, item.title, item.keywords) == ("x", "T", ("k",))
