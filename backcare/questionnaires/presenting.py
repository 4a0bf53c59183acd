"""How questionnaires are ordered and labelled on the pages and in the API."""

from __future__ import annotations

from collections.abc import Mapping

from backcare.domain.instruments import Instrument, instruments

#: Pain and function first, then mood and worry; the pattern checks follow by name.
SHOWN_FIRST = ("nrs", "peg", "rmdq", "startback", "phq4", "gad7", "phq9")

#: Values scoring adds that are not content subscales.
DERIVED_LABELS = {"regions": "Body regions with pain (of 5)"}


def listed_instruments() -> list[Instrument]:
    found = instruments()
    first = [found[slug] for slug in SHOWN_FIRST if slug in found]
    rest = sorted((i for i in found.values() if i.slug not in SHOWN_FIRST), key=lambda i: i.slug)
    return first + rest


def question_count(found: Instrument) -> str:
    """ "9 questions", or "10 questions (1 optional)"."""
    total = len(found.items)
    optional = sum(1 for item in found.items if item.role == "unscored")
    text = f"{total} question{'s' if total != 1 else ''}"
    return f"{text} ({optional} optional)" if optional else text


def subscale_label(found: Instrument, subscale_id: str) -> str:
    for subscale in found.subscales:
        if subscale.id == subscale_id:
            return subscale.label
    return DERIVED_LABELS.get(subscale_id, subscale_id.replace("_", " ").capitalize())


def subscale_rows(found: Instrument, values: Mapping[str, float]) -> list[tuple[str, str]]:
    """(label, value) in the content's order, then anything scoring derived."""
    order = [subscale.id for subscale in found.subscales]
    ids = order + sorted(key for key in values if key not in order)
    return [(subscale_label(found, key), f"{values[key]:g}") for key in ids if key in values]
