"""Lists set in side-by-side columns on paper, split in the template rather than by CSS.

WeasyPrint balances CSS ``columns`` by laying the block out again and again until the
columns are even: for the report's stop rules and references that took over half the time
of a whole PDF (about 0.7 s each of 2.5 s, the demo's 26-week report). Splitting the list
here, by the length of its text, and placing the parts in a grid lays each out once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

register = template.Library()


def split_evenly(items: Sequence[Any], count: int, sizes: Sequence[int]) -> list[list[Any]]:
    """``items`` in at most ``count`` consecutive parts of about equal total size (``sizes``:
    one per item, e.g. its text length). An item starts the next part when more than half of
    it would lie past the share of the part it would end."""
    total = sum(sizes) or 1
    parts: list[list[Any]] = []
    taken = 0
    for item, size in zip(items, sizes, strict=True):
        share = total * len(parts) / count
        if not parts or (taken + size / 2 > share and len(parts) < count):
            parts.append([])
        parts[-1].append(item)
        taken += size
    return parts


@register.filter
def in_columns(items: Sequence[Any] | None, count: int | str) -> list[list[Any]]:
    """``{% for part in list|in_columns:2 %}``: the list in ``count`` parts balanced by the
    length of each item's text."""
    listed = list(items or [])
    return split_evenly(listed, int(count), [len(_text(item)) for item in listed])


def _text(item: Any) -> str:
    if isinstance(item, dict):  # a source: its citation and address are what is printed
        return f"{item.get('citation', '')} {item.get('doi') or item.get('url') or ''}"
    return str(getattr(item, "text", item))
