"""Render education articles (CommonMark, plus tables) to HTML with markdown-it-py.

Raw HTML is off, so any tag in an article is shown as text; links may point only to
``http(s)``, site-relative (``/...``) or ``#`` addresses; images are not part of articles.
Headings shift so an article's own sections start at ``<h2>`` (the page title is the
``<h1>``), and links that leave the site carry ``rel="noopener noreferrer"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_SAFE_LINK_PREFIXES = ("https://", "http://", "/", "#")


def render_markdown(text: str) -> str:
    """HTML for ``text``; the result is safe to mark as such."""
    return str(_parser().render(text))


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    md.validateLink = _is_safe_link  # type: ignore[method-assign]
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    md.add_render_rule("link_open", _link_open)
    return md


def _is_safe_link(url: str) -> bool:
    # "//host" is protocol-relative, i.e. another site: not a site-relative address.
    return url.lower().startswith(_SAFE_LINK_PREFIXES) and not url.startswith("//")


def _shifted(tag: str) -> str:
    return f"h{min(max(int(tag[1]), 2), 6)}"


def _heading_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f"<{_shifted(tokens[idx].tag)}>"


def _heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f"</{_shifted(tokens[idx].tag)}>\n"


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if str(token.attrGet("href") or "").startswith("http"):
        token.attrSet("rel", "noopener noreferrer")
    return str(self.renderToken(tokens, idx, options, env))
