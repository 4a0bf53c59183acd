"""Short education articles: ``content/education/<slug>.md`` with TOML front matter.

Each file starts with a ``+++`` line, then TOML (slug, title, version, licence, reviewed,
references, summary, keywords), then another ``+++`` line, then the Markdown body.
Articles are linked from plan items and results, and found with :func:`search`.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from backcare.domain.content import ContentError, Meta, content_dir, parse_meta, require, str_tuple

_FOLDER = "education"
_FENCE = "+++"
_FIELDS = frozenset(
    {"slug", "title", "version", "licence", "reviewed", "references", "summary", "keywords"}
)
# Weights for where a query term is found: a title hit says far more than a body mention.
_TITLE_WEIGHT = 6
_KEYWORD_WEIGHT = 4
_SUMMARY_WEIGHT = 2
_BODY_CAP = 3  # a term repeated often in a body should not outweigh a title hit
_STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for",
        "from", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "so",
        "that", "the", "this", "to", "what", "when", "why", "will", "with", "you", "your",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9+]+")


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    keywords: tuple[str, ...]
    body: str  # Markdown
    meta: Meta
    _terms: tuple[Counter[str], ...] = field(repr=False, compare=False, default=())

    @property
    def references(self) -> tuple[str, ...]:
        return self.meta.references

    @property
    def word_count(self) -> int:
        return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’+-]*", self.body))

    def matches(self, term: str) -> int:
        """Weighted count of where an already-normalised ``term`` appears."""
        title, keywords, summary, body = self._terms
        hits = _TITLE_WEIGHT * (term in title) + _KEYWORD_WEIGHT * (term in keywords)
        return hits + _SUMMARY_WEIGHT * (term in summary) + min(body[term], _BODY_CAP)


def articles() -> Mapping[str, Article]:
    """Every article, validated, keyed and ordered by slug."""
    return _library(content_dir())


def article(slug: str) -> Article:
    try:
        return articles()[slug]
    except KeyError:
        raise ContentError(f"unknown education article '{slug}'") from None


def search(query: str, limit: int | None = None) -> list[Article]:
    """Articles matching ``query``, best first (ties by slug); empty if nothing matches.

    Each query word scores by where it appears (title, keywords, summary, body), weighted
    up when few articles use it, so "breathing exercises" favours the article on breathing.
    """
    terms = tuple(dict.fromkeys(t for t in terms_of(query) if t not in _STOPWORDS))
    library = list(articles().values())
    scored = []
    for item in library:
        score = sum(item.matches(term) * _rarity(term, library) for term in terms)
        if score > 0:
            scored.append((-score, item.slug, item))
    ranked = [item for _, _, item in sorted(scored, key=lambda entry: entry[:2])]
    return ranked if limit is None else ranked[:limit]


def _rarity(term: str, library: list[Article]) -> float:
    using = sum(1 for item in library if item.matches(term))
    return 1.0 + math.log(len(library) / using) if using else 0.0


def terms_of(text: str) -> list[str]:
    """Lower-case words with a light plural fold, so "spasms" finds "spasm"."""
    return [_fold(word) for word in _WORD.findall(text.lower())]


def _fold(word: str) -> str:
    # Crude but symmetric: query and text fold the same way, so "worried" finds "worry".
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def _library(root: Path) -> Mapping[str, Article]:
    # Keyed by folder so a test pointing BACKCARE_CONTENT_DIR elsewhere gets its own copy.
    found: dict[str, Article] = {}
    for path in sorted((root / _FOLDER).glob("*.md")):
        where = f"{_FOLDER}/{path.name}"
        found[path.stem] = parse_article(path.read_text(encoding="utf-8"), path.stem, where)
    if not found:
        raise ContentError(f"{_FOLDER}/: no articles found in {root}")
    return MappingProxyType(found)


def parse_article(text: str, stem: str, where: str) -> Article:
    """Split front matter from body, validate both, and index the words for search."""
    front, body = _split(text, where)
    unknown = sorted(set(front) - _FIELDS)
    if unknown:
        raise ContentError(f"{where}: unknown front-matter field(s) {', '.join(unknown)}")
    meta = parse_meta(front, where)
    if meta.slug != stem:
        raise ContentError(f"{where}: field 'slug' is '{meta.slug}' but must equal '{stem}'")
    title = _text(front, "title", where)
    summary = _text(front, "summary", where)
    keywords = str_tuple(front, "keywords", where)
    if not keywords:
        raise ContentError(f"{where}: field 'keywords' needs at least one entry")
    if not body.strip():
        raise ContentError(f"{where}: the article body is empty")
    terms = tuple(Counter(terms_of(part)) for part in (title, " ".join(keywords), summary, body))
    return Article(meta.slug, title, summary, keywords, body.strip() + "\n", meta, terms)


def _split(text: str, where: str) -> tuple[dict[str, Any], str]:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        raise ContentError(f"{where}: must start with a '{_FENCE}' front-matter line")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == _FENCE:
            try:
                front = tomllib.loads("".join(lines[1:index]))
            except tomllib.TOMLDecodeError as exc:
                raise ContentError(f"{where}: front matter is not valid TOML ({exc})") from exc
            return front, "".join(lines[index + 1 :])
    raise ContentError(f"{where}: front matter has no closing '{_FENCE}' line")


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = cast(str, require(data, key, str, where)).strip()
    if not value:
        raise ContentError(f"{where}: field '{key}' must not be empty")
    return value
