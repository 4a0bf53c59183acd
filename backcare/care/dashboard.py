"""The clinician's linked patients, sorted by need, in a constant number of queries.

The parts: the figures read per link (``link_figures``, ``pain_figures``), the row they make
(``patient_row``), the need rules (``needs``) and the words for days (``time_words``)."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from backcare.accounts.models import User, person_day
from backcare.care.changed_answers import ChangedAnswer, open_changes
from backcare.care.link_figures import annotated_links, current_triage, screened_on
from backcare.care.models import CareLink
from backcare.care.needs import needs_of
from backcare.care.new_facts import new_facts, told_facts
from backcare.care.pain_figures import daily_pain, pain_weeks
from backcare.care.patient_row import ADHERENCE_DAYS, PatientRow
from backcare.care.score_changes import WorseScore, worse_scores
from backcare.care.told_checks import is_new, told_check_of
from backcare.domain.standing_triage import TriageReading

PAGE_SIZE = 50


def to_row(
    link: Any,
    today: date,
    now: datetime,
    standing: TriageReading | None,
    pain: Mapping[date, float],
    worse: list[WorseScore] | None = None,
    changed: list[ChangedAnswer] | None = None,
) -> PatientRow:
    """``pain``: the patient's daily mean pain (``daily_pain``); days after ``today`` are
    not read. ``worse``: their meaningfully worse questionnaires (``worse_scores``).
    ``changed``: their red-flag answers changed to "no" unchecked (``open_changes``)."""
    row = figures_row(link, today, now, standing, pain)
    add_triage(row, standing)
    row.screened_on, row.screened_in_back_check = screened_on(link)
    add_facts(row, link)
    row.told_check = told_check_of(link)
    row.told_check_new = is_new(row.told_check, link.checks_seen_at, link.accepted_at)
    row.changed_answers = list(changed or [])
    # A crisis answer is listed as such, first: its questionnaire is not listed again.
    crisis = link.crisis_at is not None
    row.worse_scores = [score for score in worse or [] if not (score.crisis and crisis)]
    row.needs = needs_of(row, today, now)
    return row


def figures_row(
    link: Any,
    today: date,
    now: datetime,
    standing: TriageReading | None,
    pain: Mapping[date, float],
) -> PatientRow:
    """The row of the figures read as they are, before the need rules."""
    recent, before = pain_weeks(pain, today)
    return PatientRow(
        patient=link.patient,
        link_id=link.pk,
        last_checkin=link.last_checkin,
        level=standing.level if standing else "",
        level_at=standing.at if standing else None,
        fired=list(standing.titles) if standing else [],
        pain_recent=recent[0] if recent else None,
        pain_before=before[0] if before else None,
        open_flare_since=link.open_flare_since,
        new_flare=link.new_flare,
        crisis_at=link.crisis_at,
        adherence=(link.adherence_days or 0) / ADHERENCE_DAYS,
        today=today,
        unread_messages=link.unread_messages or 0,
        open_warnings=link.open_warnings or 0,
        open_sign_warnings=link.open_sign_warnings or 0,
        crisis_message_at=link.crisis_message_at,
        pain_recent_days=recent[1] if recent else 0,
        pain_before_days=before[1] if before else 0,
        linked_at=link.accepted_at,
        read_at=now,
    )


def add_triage(row: PatientRow, standing: TriageReading | None) -> None:
    """Thoughts of self-harm in the standing triage, and its red flag when another reading
    set the level shown."""
    if standing is None:
        return
    said, red_flag = standing.crisis_reading, standing.red_flag
    if said is not None:
        row.triage_crisis, row.triage_crisis_at = said.source, said.at
    row.red_flag_level = red_flag.signs_level
    if red_flag is not standing:
        row.red_flag_beside = red_flag


def add_facts(row: PatientRow, link: Any) -> None:
    """The standing facts told, and those new to the clinician (``care.new_facts``)."""
    patient = link.patient
    row.told_facts = told_facts(
        patient,
        link.assessment_findings,
        link.assessment_at,
        link.preferences_pregnant,
        link.preferences_conditions,
        link.preferences_at,
        pregnancy_ended=link.assessment_pregnancy_ended_at is not None,
        due_date=link.preferences_due_date,
        due_date_told_at=link.preferences_due_date_told_at,
    )
    row.new_facts = new_facts(row.told_facts, link.facts_seen, link.facts_seen_at, link.accepted_at)
    row.facts_since = link.facts_seen_at or link.accepted_at


def patient_rows(clinician: User, search: str = "", need: str = "") -> list[PatientRow]:
    """Every linked patient matching the search and need filter, most in need first."""
    now = timezone.now()
    matching = Q(patient__display_name__icontains=search)  # never the login name
    mine = CareLink.objects.active().filter(matching, clinician=clinician)
    found = links_on_their_day(clinician, mine, matching, now)
    triage = current_triage([link for link, _today in found])
    pain = daily_pain([(link.patient.pk, today) for link, today in found])
    worse = worse_scores(mine.values("patient"))
    changed = open_changes({link.patient.pk: link.changes_seen_at for link, _today in found})
    rows = [
        to_row(
            link,
            today,
            now,
            standing,
            pain.get(link.patient.pk, {}),
            worse.get(link.patient.pk),
            changed.get(link.patient.pk),
        )
        for (link, today), standing in zip(found, triage, strict=True)
    ]
    if need:
        rows = [row for row in rows if need in row.needs]
    return sorted(rows, key=lambda row: (row.rank, row.patient.name.lower()))


def links_on_their_day(
    clinician: User, mine: QuerySet[CareLink], matching: Q, now: datetime
) -> list[tuple[Any, date]]:
    """Each link with its figures, and the patient's own today (``User.local_date``): their
    figures count their own diary days up to it, whatever the clinician's date. The links
    are read once per day the patients are on (at most three at any instant), found from
    each pair of time zone and hour their day ends (``day_ends_hour``)."""
    by_day: dict[date, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for zone, hour in set(mine.values_list("patient__time_zone", "patient__day_ends_hour")):
        by_day[person_day(now, zone, hour)][hour].append(zone)
    found = []
    for today, zones_by_hour in by_day.items():
        on_it = reduce(
            operator.or_,
            (
                Q(patient__day_ends_hour=hour, patient__time_zone__in=zones)
                for hour, zones in zones_by_hour.items()
            ),
        )
        links = annotated_links(clinician, today).filter(matching, on_it)
        found += [(link, today) for link in links]  # active links: each has its patient
    return found
