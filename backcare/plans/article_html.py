"""Render the small Markdown subset our education articles use, safely, to HTML.

Supported: ``#`` headings (shifted so the article's own sections start at ``<h2>``; the page
title is the ``<h1>``), paragraphs, ``-``/``*`` and numbered lists (with indented or lazy
continuation lines), ``**bold**``, ``*italic*``/``_italic_`` and ``[links](url)`` to
``http(s)``, site-relative (``/...``) or ``#`` addresses. Everything else is text: it is
escaped first, so no HTML in an article can reach the page.
"""

from __future__ import annotations

import re
from html import escape

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|/|#)[^\s()\"'<>]*)\)")


def render_markdown(text: str) -> str:
    """HTML for ``text``; the result is safe to mark as such."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    list_tag = ""

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            rows = "".join(f"<li>{inline(' '.join(item))}</li>" for item in items)
            out.append(f"<{list_tag}>{rows}</{list_tag}>")
            items.clear()
            list_tag = ""

    for raw in text.splitlines():
        line = raw.strip()
        heading, bullet, numbered = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level = min(max(len(heading.group(1)), 2), 6)
            out.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            tag = "ul" if bullet else "ol"
            if paragraph or (list_tag and list_tag != tag):
                flush()
            list_tag = tag
            items.append([(bullet or numbered).group(1)])  # type: ignore[union-attr]
        elif items:
            items[-1].append(line)  # continuation of the current list item
        else:
            paragraph.append(line)
    flush()
    return "\n".join(out)


def inline(text: str) -> str:
    """Escape, then turn links, bold and italic into tags (emphasis never inside a URL)."""
    html = escape(text, quote=True)
    out, last = [], 0
    for match in _LINK.finditer(html):
        out.append(_emphasis(html[last : match.start()]))
        label, url = _emphasis(match.group(1)), match.group(2)
        rel = ' rel="noopener noreferrer"' if url.startswith("http") else ""
        out.append(f'<a href="{url}"{rel}>{label}</a>')
        last = match.end()
    out.append(_emphasis(html[last:]))
    return "".join(out)


def _emphasis(html: str) -> str:
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\2</em>", html)
