"""Load every questionnaire in ``content/instruments/`` once, validated, keyed by slug."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from backcare.domain.content import ContentError, read_toml, toml_files

from .model import Instrument
from .parsing import parse_instrument
from .validation import validate


@cache
def instruments() -> Mapping[str, Instrument]:
    """Every instrument, validated on load; a broken file fails loudly, naming itself."""
    found: dict[str, Instrument] = {}
    for path in toml_files("instruments"):
        where = f"instruments/{path.name}"
        instrument = parse_instrument(read_toml(Path("instruments") / path.name), where)
        if instrument.slug != path.stem:
            raise ContentError(f"{where}: slug '{instrument.slug}' must match the file name")
        validate(instrument, where)
        found[instrument.slug] = instrument
    return MappingProxyType(found)


class UnknownInstrument(ValueError):
    """No questionnaire has this slug; the message lists the ones that exist."""


def instrument(slug: str) -> Instrument:
    try:
        return instruments()[slug]
    except KeyError:
        known = ", ".join(sorted(instruments()))
        raise UnknownInstrument(f"unknown instrument '{slug}'; known: {known}") from None
