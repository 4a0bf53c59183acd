"""Store daily steps and sleep from a phone or watch export, all or nothing.

``read_export`` (domain) reads and checks the whole file before it returns, so a malformed
file raises ``ImportFormatError`` before anything is written. The measures are then upserted
in one transaction on the model's unique key (user, day, kind, source), where the source is
the export (``apple_health``, ``google_fit``, ...): importing the same file twice adds
nothing, and a newer export of the same days updates their values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max, Min

from backcare.accounts.models import User, record_data_change
from backcare.diary.checkins import LIMITS, local_today
from backcare.diary.models import Measure
from backcare.domain.imports import (
    DailyMeasure,
    ImportFormatError,
    ImportLimits,
    Progress,
    read_export,
)
from backcare.domain.plausible import DayRange

__all__ = [
    "ImportFormatError",
    "ImportSummary",
    "ImportedSource",
    "import_file",
    "imported_sources",
]

SOURCE_LENGTH = Measure._meta.get_field("source").max_length or 32
UNIQUE_FIELDS = ["user", "day", "kind", "source"]
Key = tuple[date, str, str]  # day, kind, source


@dataclass(frozen=True)
class ImportSummary:
    file_name: str
    format: str
    added: int
    updated: int
    unchanged: int
    first_day: date
    last_day: date
    kinds: tuple[str, ...]  # "steps", "sleep_hours"
    records_read: int
    records_skipped: int

    @property
    def days(self) -> int:
        return self.added + self.updated + self.unchanged

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (dates as ISO text), with the sentence the page shows."""
        data: dict[str, object] = {**vars(self), "kinds": list(self.kinds)}
        data.update(first_day=self.first_day.isoformat(), last_day=self.last_day.isoformat())
        return {**data, "message": self.sentence()}

    def sentence(self) -> str:
        what = " and ".join("steps" if k == "steps" else "sleep" for k in self.kinds)
        return (
            f"Imported {what} from {self.file_name} ({self.first_day} to {self.last_day}): "
            f"{self.added} new, {self.updated} updated, {self.unchanged} already up to date."
        )


def import_limits(user: User) -> ImportLimits:
    """The person's plausible days, the check-in's own maxima, and the configured caps."""
    return ImportLimits(
        days=DayRange.for_person(user.year_of_birth, local_today(user)),
        max_unpacked_bytes=settings.BACKCARE_IMPORT_MAX_UNPACKED_MB << 20,
        max_records=settings.BACKCARE_IMPORT_MAX_RECORDS,
        max_steps_per_day=LIMITS["steps"].high,
        max_sleep_hours_per_day=LIMITS["sleep_hours"].high,
    )


def import_file(
    user: User,
    path: str | Path,
    progress: Progress | None = None,
    before_write: Callable[[], None] | None = None,
) -> ImportSummary:
    """Read ``path`` completely, then upsert its daily measures for ``user`` in one transaction.

    ``before_write`` runs first inside that transaction: if it raises, nothing is stored. A
    background job uses it to stop when the person deleted their data while it was reading.
    """
    user_id = user.pk
    result = read_export(path, progress, import_limits(user))
    incoming = _by_key(result.measures)
    with transaction.atomic():
        if before_write is not None:
            before_write()
        record_data_change(user_id)
        existing = _existing(user_id, incoming, result.first_day, result.last_day)
        changed = [key for key, value in incoming.items() if existing.get(key) != value]
        added = sum(1 for key in changed if key not in existing)
        Measure.objects.bulk_create(
            [
                Measure(user_id=user_id, day=day, kind=kind, source=source, value=incoming[key])
                for key in changed
                for day, kind, source in (key,)
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=UNIQUE_FIELDS,
            update_fields=["value"],
        )
    return ImportSummary(
        file_name=result.file_name,
        format=result.format,
        added=added,
        updated=len(changed) - added,
        unchanged=len(incoming) - len(changed),
        first_day=result.first_day,
        last_day=result.last_day,
        kinds=tuple(sorted({m.kind for m in result.measures}, key=("steps", "sleep_hours").index)),
        records_read=result.records_read,
        records_skipped=result.records_skipped,
    )


def stored_source(measure: DailyMeasure) -> str:
    """The export a measure came from ("apple_health"), without the device after the colon.

    One row per day, kind and export: a later export in which another device had the
    larger total then updates that day instead of adding a second row for it. (The column
    is also too short for device names such as "health_connect_sleep:com.fitbit.…".)
    """
    return measure.source.split(":", 1)[0][:SOURCE_LENGTH]


def _by_key(measures: Iterable[DailyMeasure]) -> dict[Key, float]:
    return {(m.day, m.kind, stored_source(m)): m.value for m in measures}


def _existing(
    user_id: int, incoming: dict[Key, float], first: date, last: date
) -> dict[Key, float]:
    sources = {source for _, _, source in incoming}
    rows = Measure.objects.filter(
        user_id=user_id, day__gte=first, day__lte=last, source__in=sources
    ).values_list("day", "kind", "source", "value")
    return {(day, kind, source): value for day, kind, source, value in rows}


@dataclass(frozen=True)
class ImportedSource:
    """What is stored from one source, for the imports page."""

    source: str
    kind: str
    days: int
    first_day: date
    last_day: date


def imported_sources(user_id: int) -> tuple[ImportedSource, ...]:
    rows = (
        Measure.objects.filter(user_id=user_id)
        .values("source", "kind")
        .annotate(days=Count("id"), first=Min("day"), last=Max("day"))
        .order_by("source", "kind")
    )
    return tuple(
        ImportedSource(row["source"], row["kind"], row["days"], row["first"], row["last"])
        for row in rows
    )


def save_upload(upload: UploadedFile, folder: Path) -> Path:
    """Stream an upload into ``folder`` under its own base name (some exports are known by it)."""
    name = Path(upload.name or "").name
    if name in ("", ".", ".."):
        name = "export"
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path
