"""Where a back check in progress is kept: on the person's account, one draft each.

The wizard (backcare/assessments/wizard.py) reads and writes its draft through a
:class:`DraftStore`, so that signing out, a new session or another device loses none of the
answers. Every wizard page needs a signed-in person, so the account is the only store; a draft
kept in the session before drafts moved to the account is taken over on first use.

A draft is gone when the check ends (a result is stored), on "Start again", when the account
or its data is deleted, and :data:`DRAFT_DAYS` days after its last change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone

from backcare.accounts.models import User, lock_person
from backcare.assessments.models import BackCheckDraft
from backcare.domain.findings import FindingError, finding_catalogue, validate_findings

#: How long a draft is kept after its last change (the start page says so).
DRAFT_DAYS = 30
#: Where the session held the draft before drafts were kept on the account.
SESSION_KEY = "assessment_draft"


@dataclass(frozen=True)
class StoredDraft:
    answers: dict[str, object]
    reached: str  # the furthest step finished, "" for none yet
    updated_at: datetime

    @property
    def kept_until(self) -> datetime:
        return self.updated_at + timedelta(days=DRAFT_DAYS)


class DraftStore(Protocol):
    def read(self) -> StoredDraft | None: ...

    def write(self, answers: Mapping[str, object], reached: str) -> None: ...

    def clear(self) -> None: ...

    def changing(self) -> AbstractContextManager[None]: ...


class AccountDrafts:
    """One person's draft, in their account. ``read`` is cached for the request."""

    def __init__(self, user: User, session: SessionBase | None = None) -> None:
        self.user = user
        self.session = session
        self._read = False
        self._draft: StoredDraft | None = None

    def read(self) -> StoredDraft | None:
        if not self._read:
            self._draft = self._load()
            self._read = True
        return self._draft

    def write(self, answers: Mapping[str, object], reached: str) -> None:
        now = timezone.now()
        _, created = BackCheckDraft.objects.update_or_create(
            user=self.user,
            defaults={"answers": dict(answers), "reached_step": reached, "updated_at": now},
        )
        if created:  # a check begins: drafts nobody came back to go (never shown anyway)
            BackCheckDraft.objects.filter(updated_at__lte=now - timedelta(DRAFT_DAYS)).delete()
        self._draft, self._read = StoredDraft(dict(answers), reached, now), True

    def clear(self) -> None:
        BackCheckDraft.objects.filter(user=self.user).delete()
        if self.session is not None:
            self.session.pop(SESSION_KEY, None)
        self._draft, self._read = None, True

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Read, change and write the draft as one: two saves at once (a tap kept in the
        background and Next, or two devices) never leave half of each."""
        with transaction.atomic():
            lock_person(self.user.pk)
            self._read = False  # read again under the lock
            yield

    def _load(self) -> StoredDraft | None:
        row = BackCheckDraft.objects.filter(user=self.user).first()
        if row is None:
            return self._take_over_session_draft()
        if row.updated_at <= timezone.now() - timedelta(DRAFT_DAYS):
            BackCheckDraft.objects.filter(pk=row.pk).delete()
            return None
        return StoredDraft(still_valid(row.answers), row.reached_step, row.updated_at)

    def _take_over_session_draft(self) -> StoredDraft | None:
        held = self.session.pop(SESSION_KEY, None) if self.session is not None else None
        if not isinstance(held, dict):
            return None
        answers, reached = still_valid(held.get("answers", {})), str(held.get("reached", ""))
        self.write(answers, reached)
        return self._draft


def still_valid(answers: object) -> dict[str, object]:
    """The saved answers the questions still accept. A draft lasts weeks, and a question may
    change meanwhile; an answer it no longer takes is asked again rather than kept, so that
    one stale answer never stops the others being read for warning signs."""
    if not isinstance(answers, Mapping):
        return {}
    catalogue = finding_catalogue()
    kept: dict[str, object] = {}
    for key, value in answers.items():
        if key in catalogue:
            try:
                validate_findings({key: value})
            except FindingError:
                continue
            kept[key] = value
    while kept:
        try:
            validate_findings(kept)
            break
        except FindingError as exc:  # two answers that no longer agree: ask the second again
            if exc.field not in kept:
                return {}
            del kept[exc.field]
    return kept
