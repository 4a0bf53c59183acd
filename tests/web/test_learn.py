import re
from html import escape

import pytest

from backcare.domain.content import references
from backcare.domain.education import articles
from backcare.plans.article_html import render_markdown

ALL = sorted(articles())


def found(html):
    return re.findall(r'class="article-card" data-slug="([^"]+)"', html)


def test_it_lists_every_article_without_a_search(client, db):
    html = client.get("/learn/").content.decode()
    assert sorted(found(html)) == ALL
    assert len(ALL) >= 12


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("stress", "stress-and-muscle-tension"),
        ("spasms", "why-spasms-happen"),
        ("morning stiffness", "morning-stiffness"),
        ("heat or ice", "heat-or-cold"),
    ],
)
def test_search_puts_the_best_article_first(client, db, query, first):
    html = client.get("/learn/", {"q": query}).content.decode()
    assert found(html)[0] == first


def test_a_search_with_no_match_says_so(client, db):
    html = client.get("/learn/", {"q": "xylophone"}).content.decode()
    assert found(html) == []
    assert "No article matches" in html


@pytest.mark.parametrize("slug", ALL)
def test_every_article_renders_with_its_sources_at_the_end(client, db, slug):
    item = articles()[slug]
    html = client.get(f"/learn/{slug}/").content.decode()
    assert html.count("<h1>") == 1
    assert escape(item.title) in html
    assert "<h2>" in html  # the article's own sections
    assert "##" not in html
    assert "**" not in html
    sources = html.split('id="sources-title"', 1)[1]
    for ref in item.references:
        assert escape(references()[ref].citation) in sources


def test_an_unknown_article_is_not_found(client, db):
    assert client.get("/learn/not-an-article/").status_code == 404


def flat(html: str) -> str:
    """The rendered HTML without the newlines markdown-it puts between block tags."""
    return re.sub(r"(?<=>)\n|\n(?=<)", "", html).strip()


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("## Title", "<h2>Title</h2>"),
        ("# Top", "<h2>Top</h2>"),
        ("### Sub", "<h3>Sub</h3>"),
        ("one\ntwo", "<p>one\ntwo</p>"),
        (
            "a **bold** and *soft* _word_",
            "<p>a <strong>bold</strong> and <em>soft</em> <em>word</em></p>",
        ),
        ("snake_case_name", "<p>snake_case_name</p>"),
        ("- one\n  more\n- two", "<ul><li>one\nmore</li><li>two</li></ul>"),
        ("1. first\n2. second", "<ol><li>first</li><li>second</li></ol>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<img src=x onerror=y>", "<p>&lt;img src=x onerror=y&gt;</p>"),
        (
            "[NHS](https://www.nhs.uk/a_b_c)",
            '<p><a href="https://www.nhs.uk/a_b_c" rel="noopener noreferrer">NHS</a></p>',
        ),
        ("[home](/learn/)", '<p><a href="/learn/">home</a></p>'),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("[x](JavaScript:alert(1))", "<p>[x](JavaScript:alert(1))</p>"),
        ("[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>"),
        ("[x](//elsewhere.example)", "<p>[x](//elsewhere.example)</p>"),
        (
            '[x](https://a.org/" onmouseover="y)',
            "<p>[x](https://a.org/&quot; onmouseover=&quot;y)</p>",
        ),
    ],
)
def test_the_markdown_renders_safely(markdown, html):
    assert flat(render_markdown(markdown)) == html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        # Real Markdown that the former hand-written subset got wrong.
        (r"\*not italic\*", "<p>*not italic*</p>"),
        ("> a quote", "<blockquote><p>a quote</p></blockquote>"),
        ("- outer\n  - inner", "<ul><li>outer<ul><li>inner</li></ul></li></ul>"),
        ("use `heat` first", "<p>use <code>heat</code> first</p>"),
        (
            "| when | what |\n|---|---|\n| now | walk |",
            "<table><thead><tr><th>when</th><th>what</th></tr></thead>"
            "<tbody><tr><td>now</td><td>walk</td></tr></tbody></table>",
        ),
    ],
)
def test_articles_get_real_markdown(markdown, html):
    assert flat(render_markdown(markdown)) == html
