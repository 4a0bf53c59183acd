"""PHQ-9 question 9 answered above "Not at all": which such answers the pages still show.

Scoring stores the flag "crisis" on a response with that answer (the instrument's content
decides it). The clinician's patient list, the person's dashboard and the clinician report
all read those answers here and look back at least ``CRISIS_WINDOW``, so no view forgets an
answer that another still shows, and a later calmer answer never hides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from backcare.domain.instruments import Instrument, UnknownInstrument, instrument
from backcare.questionnaires.models import InstrumentResponse

CRISIS_FLAG = "crisis"
CRISIS_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class CrisisAnswer:
    taken_at: datetime
    title: str  # the questionnaire's short title ("PHQ-9")
    answer: str  # the option chosen ("Nearly every day"); empty if not stored


def crisis_answers(since: datetime) -> QuerySet[InstrumentResponse]:
    """Every response with a crisis answer taken at or after ``since``, newest first.

    Narrow it to one person with ``.filter(user=...)`` (or ``user=OuterRef(...)``).
    """
    # The flags are a JSON list of strings; SQLite has no JSON containment, so match the text.
    return InstrumentResponse.objects.filter(
        flags__icontains=f'"{CRISIS_FLAG}"', taken_at__gte=since
    ).order_by("-taken_at", "-pk")


def window_start(now: datetime) -> datetime:
    """The oldest crisis answer still shown at ``now``."""
    return now - CRISIS_WINDOW


def window_start_for_day(today: date) -> datetime:
    """The same for a page built for a whole day (and cached for it): counted from the start
    of ``today`` in the active time zone, so all day long it shows at least what
    ``window_start(now)`` does."""
    midnight = datetime.combine(today, time.min, tzinfo=timezone.get_current_timezone())
    return window_start(midnight)


def crisis_answers_since(user_id: int, since: datetime) -> list[CrisisAnswer]:
    """One person's crisis answers since ``since``, newest first, whatever they answered
    later, each with the option they chose."""
    answers = []
    for row in crisis_answers(since).filter(user_id=user_id):
        try:
            found = instrument(row.instrument)
        except UnknownInstrument:  # its content is gone; the answer and its date still count
            answers.append(CrisisAnswer(row.taken_at, row.instrument, ""))
            continue
        title = found.short_title or found.title
        answers.append(CrisisAnswer(row.taken_at, title, crisis_option(found, row)))
    return answers


def crisis_option(found: Instrument, row: InstrumentResponse) -> str:
    """The label of the answer that raised the crisis flag ("Nearly every day")."""
    for rule in found.flags:
        if rule.id != CRISIS_FLAG or not rule.item:
            continue
        value = row.answers.get(rule.item) if isinstance(row.answers, dict) else None
        option = found.item(rule.item).option(value) if isinstance(value, int) else None
        if option is not None:
            return option.label
    return ""
