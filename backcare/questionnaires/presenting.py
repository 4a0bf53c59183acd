"""How questionnaires are ordered and labelled on the pages and in the API."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from backcare.accounts.models import User
from backcare.assessments.context import clinical_context_for
from backcare.domain.context import FACT_IDS
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


#: Names people understand, with the short name clinicians know in brackets.
PLAIN_NAMES = {
    "nrs": "Pain score (NRS)",
    "peg": "Pain and daily life (PEG)",
    "rmdq": "What your back stops you doing (RMDQ)",
    "startback": "Is it likely to last? (STarT Back)",
    "phq4": "Quick stress and mood check (PHQ-4)",
    "gad7": "Anxiety check (GAD-7)",
    "phq9": "Mood check (PHQ-9)",
    "acr2016_fm": "Widespread pain and tiredness check (ACR 2016)",
    "asas_ibp": "Inflammatory back pain check (ASAS)",
    "berlin_ibp": "Inflammatory back pain check (Berlin)",
    "calin_ibp": "Inflammatory back pain check (Calin)",
}


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    why: str
    slugs: tuple[str, ...]


#: Grouped by why someone would take one; anything new lands in the last group.
GROUPS = (
    Group("pain", "How much it hurts and holds you back",
          "Take one every few weeks: the change over time matters more than one score.",
          ("nrs", "peg", "rmdq")),
    Group("outlook", "Is it likely to last?",
          "Early on, this shows what kind of care is most likely to help.", ("startback",)),
    Group("mood", "Stress, worry and mood",
          "Worry and low mood often travel with back pain, and each can feed the other.",
          ("phq4", "gad7", "phq9")),
    Group("patterns", "Patterns worth checking with a doctor",
          "For back pain that has lasted months: signs of inflammation or widespread pain.",
          ("acr2016_fm", "asas_ibp", "berlin_ibp", "calin_ibp")),
)  # fmt: skip
#: Suggested in this order when not taken in the last ``SUGGEST_AGAIN_AFTER``.
SUGGESTIONS = (
    ("peg", "Three quick questions: a measure of pain and daily life to compare against later."),
    ("startback", "Shows whether your back pain is likely to settle, so care can match it."),
    ("phq4", "Four questions on stress and mood, which often travel with back pain."),
)
SUGGEST_AGAIN_AFTER = timedelta(days=28)


def plain_name(found: Instrument) -> str:
    return PLAIN_NAMES.get(found.slug) or found.short_title or found.title


def known_facts(user: User) -> frozenset[str]:
    """The standing facts ``user`` answered "yes": a condition a clinician diagnosed among
    them leaves out the checks that look for it (``Instrument.offered_to``)."""
    context = clinical_context_for(user)
    return frozenset(fact for fact in FACT_IDS if context.answer(fact) == "yes")


def left_out(known: frozenset[str], taken: Collection[str] = ()) -> list[Instrument]:
    """Checks not offered to someone already diagnosed with what they look for, unless taken
    before (their results stay listed, with what they mean for the person)."""
    return [i for i in listed_instruments() if not i.offered_to(known) and i.slug not in taken]


def offered_instruments(
    known: frozenset[str] = frozenset(), taken: Collection[str] = ()
) -> list[Instrument]:
    """The questionnaires listed for a person, on the page and in the API: every one but those
    ``left_out`` for them."""
    hidden = {item.slug for item in left_out(known, taken)}
    return [item for item in listed_instruments() if item.slug not in hidden]


def grouped_instruments(
    known: frozenset[str] = frozenset(), taken: Collection[str] = ()
) -> list[tuple[Group, list[Instrument]]]:
    found = {item.slug: item for item in offered_instruments(known, taken)}
    placed = {slug for group in GROUPS for slug in group.slugs}
    groups = [(g, [found[s] for s in g.slugs if s in found]) for g in GROUPS]
    extra = [item for slug, item in found.items() if slug not in placed]
    groups[-1][1].extend(extra)
    return [(group, items) for group, items in groups if items]


def suggestion(last_taken: Mapping[str, datetime], now: datetime) -> tuple[str, str] | None:
    """(slug, why) of the questionnaire worth taking now, or None when all are recent."""
    for slug, why in SUGGESTIONS:
        taken = last_taken.get(slug)
        if taken is None or now - taken >= SUGGEST_AGAIN_AFTER:
            return slug, why
    return None


def question_count(found: Instrument) -> str:
    """ "9 questions", "9 questions, plus 1 optional", matching the purpose's own count."""
    optional = sum(1 for item in found.items if item.role == "unscored")
    entry = sum(1 for item in found.items if item.role == "entry")
    main = len(found.items) - optional - entry
    text = f"{main} question{'s' if main != 1 else ''}"
    if optional:
        text += f", plus {optional} optional"
    if entry:
        text += f", after {entry} to check it applies to you"
    return text


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
