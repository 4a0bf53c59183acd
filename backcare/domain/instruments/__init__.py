"""Validated questionnaires: load them from content, score answers, compare scores.

    score("gad7", {"nervous": 2, "control_worrying": 1, ...}).values()
    -> {"total": 12, "band": "moderate"}

Item wording, licences, LOINC codes, bands and change thresholds live in
``content/instruments/<slug>.toml``; this package holds only the published scoring rules.
"""

from .change import change
from .crisis import (
    CrisisContact,
    CrisisMessage,
    crisis_message,
    crisis_sources,
    sources_said,
)
from .loading import UnknownInstrument, instrument, instruments
from .model import (
    INCOMPLETE,
    NOT_APPLICABLE,
    AnswerError,
    Band,
    Change,
    ChangeError,
    ChangeRule,
    FlagRule,
    Instrument,
    Item,
    Loinc,
    Option,
    Score,
    Subscale,
)
from .scoring import score
from .validation import is_loinc

__all__ = [
    "INCOMPLETE",
    "NOT_APPLICABLE",
    "AnswerError",
    "Band",
    "Change",
    "ChangeError",
    "ChangeRule",
    "CrisisContact",
    "CrisisMessage",
    "FlagRule",
    "Instrument",
    "Item",
    "Loinc",
    "Option",
    "Score",
    "Subscale",
    "UnknownInstrument",
    "change",
    "crisis_message",
    "crisis_sources",
    "instrument",
    "instruments",
    "is_loinc",
    "score",
    "sources_said",
]
