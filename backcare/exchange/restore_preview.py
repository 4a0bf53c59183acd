"""A file chosen on "Bring your data here" waits, unloaded, until the person confirms it.

Uploading checks the whole file exactly as loading it does (the load runs and is rolled
back), so every error still shows at once, and gives a preview: whose file it is (name and
year of birth beside the account's), the diary days it covers, what it adds, which profile
values it replaces, and what the file holds that is not loaded, each with why (``NOT_LOADED``:
care links and the access log, the account's e-mail address, share links, messages with
clinicians, a back check in progress). The file waits in a private folder named after
the account, the time it came and a random token; the person's session holds that token.
"Load it" loads the file only for the same account, session and token, within
``PENDING_MINUTES``; "Cancel", a new upload, loading it or the time running out removes it.
Loading it leaves a note of what was loaded, named after the account and the token's hash,
for ``LOADED_HOURS``: "Load it" pressed again (also at once, before the first press ends)
or the page come back to says the file is loaded, while the account still holds data.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from backcare.accounts.models import User
from backcare.exchange import data_import
from backcare.exchange.data_import import ExportFileError, RestoreSummary, counted, holds_data
from backcare.exchange.tables import PROFILE_FIELDS, TABLES
from backcare.progress.imports import save_upload

#: How long a chosen file waits for "Load it" before it is removed.
PENDING_MINUTES = 30
SESSION_KEY = "restore_pending"
#: How long "Load it" pressed again says the file is loaded (instead of "nothing to load").
LOADED_HOURS = 24
#: The profile as the preview names it.
PROFILE_LABELS = {
    "display_name": "Name",
    "year_of_birth": "Year of birth",
    "sex": "Sex",
    "time_zone": "Time zone",
    "units": "Units",
    "day_ends_hour": "My day ends at",
}


#: What a file holds but a restore does not load, and why, in the preview's words. Care
#: links and the access log are records the export keeps beside its tables (``RECORDS``).
NOT_LOADED = {
    "care_links": (
        "a link joins your account to a clinician's account on the service that made the "
        "file, and only you and your clinician can make one: ask your clinician to link "
        "again (they send you a new invitation)"
    ),
    "access_log": (
        "the record of who viewed your data is kept by the service that made it, not "
        "restored: this service keeps its own from now on"
    ),
    "share_links": (
        "a share link only works on the service that made it: make a new one here if you "
        "want to share your report"
    ),
    "share_link_views": "they go with the share links, which are not loaded",
    "conversations": (
        "they belong to your link with a clinician on the service that made the file; "
        "they stay in your file to read"
    ),
    "messages": (
        "they belong to your link with a clinician on the service that made the file; "
        "they stay in your file to read"
    ),
    "back_check_draft": "an unfinished back check is not carried over: start one again here",
    "account": (
        "loading a file never changes the address of this account, where password resets "
        "and notices go; it changes only when you ask for a new one on your profile and "
        "open the link we e-mail to it"
    ),
}
#: The export's records beside its tables, as the preview counts them: (one, many).
RECORDS = {
    "care_links": ("care link (a clinician you shared your data with)",
                   "care links (clinicians you shared your data with)"),
    "access_log": ("entry in the access log (who viewed your data)",
                   "entries in the access log (who viewed your data)"),
}  # fmt: skip


class NotWaiting(Exception):
    """No file waits for this person and page; the message says what to do."""


def pending_root() -> Path:
    return _private_folder("restore-pending")


def _private_folder(name: str) -> Path:
    """A folder of the data directory only this service's user can read."""
    folder = Path(settings.DATA_DIR) / name
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    return folder


@dataclass(frozen=True)
class Pending:
    token: str
    user_id: int
    folder: str
    file_name: str
    made_at: datetime
    preview: dict[str, Any]

    @property
    def path(self) -> Path:
        return Path(self.folder) / self.file_name

    @property
    def expires_at(self) -> datetime:
        return self.made_at + timedelta(minutes=PENDING_MINUTES)

    def to_session(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "user_id": self.user_id,
            "folder": self.folder,
            "file_name": self.file_name,
            "made_at": self.made_at.isoformat(),
            "preview": self.preview,
        }

    @classmethod
    def from_session(cls, data: object) -> Pending | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                token=str(data["token"]),
                user_id=int(data["user_id"]),
                folder=str(data["folder"]),
                file_name=str(data["file_name"]),
                made_at=datetime.fromisoformat(str(data["made_at"])),
                preview=dict(data["preview"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def hold_upload(session: SessionBase, user: User, upload: UploadedFile, now: datetime) -> Pending:
    """Keep the upload for ``PENDING_MINUTES`` and return what loading it would do.

    A file over the page's limit (``PAGE_MAX_BYTES``) is refused before it is stored; a file
    that would not load raises the same ``ExportFileError`` as loading it, and is removed."""
    name = Path(upload.name or "the file").name
    if (upload.size or 0) > data_import.PAGE_MAX_BYTES:
        raise ExportFileError(data_import.too_big_for_page(name))
    discard(session)  # one file waits at a time: the newest
    sweep(now)
    token = secrets.token_urlsafe(24)
    folder = Path(
        tempfile.mkdtemp(prefix=f"u{user.pk}-{int(now.timestamp())}-", dir=pending_root())
    )
    try:
        path = save_upload(upload, folder)
        preview = preview_restore(
            user, data_import.read_export(path, max_unpacked=data_import.PAGE_MAX_BYTES)
        )
    except BaseException:
        remove(folder)
        raise
    preview["file_name"] = name
    pending = Pending(token, user.pk, str(folder), path.name, now, preview)
    session[SESSION_KEY] = pending.to_session()
    return pending


def waiting(session: SessionBase, user: User, now: datetime, token: str | None = None) -> Pending:
    """The file this person's session holds for them, or ``NotWaiting`` saying why not."""
    pending = Pending.from_session(session.get(SESSION_KEY))
    if pending is None or pending.user_id != user.pk or not owns(pending, user):
        session.pop(SESSION_KEY, None)
        raise NotWaiting("No file is waiting to be loaded: choose your file again.")
    if now >= pending.expires_at or not pending.path.is_file():
        discard(session)
        raise NotWaiting(
            f"The file you chose was kept for {PENDING_MINUTES} minutes and has been removed "
            "unloaded: choose it again to load it."
        )
    if token is not None and not secrets.compare_digest(token, pending.token):
        raise NotWaiting(
            "You chose another file since, in this window or another: check that one "
            "before loading it."
        )
    return pending


def owns(pending: Pending, user: User) -> bool:
    """The folder is one of this account's, inside the pending folder (never elsewhere)."""
    folder = Path(pending.folder)
    return (
        folder.parent.resolve() == pending_root().resolve()
        and folder.name.startswith(f"u{user.pk}-")
        and Path(pending.file_name).name == pending.file_name
    )


def load_waiting(session: SessionBase, user: User, now: datetime, token: str) -> RestoreSummary:
    """Load the waiting file as the one-step page did, then remove it (also when it fails).
    The note that it was loaded is written before the load commits: a second press, waiting
    on the first, is refused because the account then holds data, and finds the note."""
    pending = waiting(session, user, now, token)
    note: Path | None = None
    try:
        document = data_import.read_export(pending.path, max_unpacked=data_import.PAGE_MAX_BYTES)
        with transaction.atomic():
            summary = data_import.restore(user, document)
            note = remember_loaded(user, pending.token, summary, now)
    except BaseException:
        if note is not None:  # written, but the load did not commit
            note.unlink(missing_ok=True)
        raise
    finally:
        discard(session)
    return summary


def loaded_root() -> Path:
    return _private_folder("restore-loaded")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def remember_loaded(user: User, token: str, summary: RestoreSummary, now: datetime) -> Path:
    """Note that this account loaded the file of ``token``, and what loading it said."""
    sweep_loaded(now)
    note = loaded_root() / f"u{user.pk}-{int(now.timestamp())}-{_token_hash(token)}.json"
    note.write_text(json.dumps({"said": summary.sentence()}), encoding="utf-8")
    return note


def loaded_before(user: User, now: datetime, token: str | None = None) -> str | None:
    """What loading said, when this account loaded the file of ``token`` (or any file, for
    no token) in the last ``LOADED_HOURS`` and still holds data; None otherwise."""
    sweep_loaded(now)
    pattern = f"u{user.pk}-*-{'*' if token is None else _token_hash(token)}.json"
    notes = sorted(loaded_root().glob(pattern), key=lambda note: _made(note.name) or 0)
    if not notes or not holds_data(user):
        return None
    try:
        said = json.loads(notes[-1].read_text(encoding="utf-8")).get("said")
    except (OSError, ValueError, AttributeError):
        return None
    return said if isinstance(said, str) else None


def forget_loaded(user_id: int) -> None:
    """Remove every note of this account's loads: deleting the data or the account leaves none
    of what loading said behind."""
    for note in loaded_root().glob(f"u{user_id}-*.json"):
        note.unlink(missing_ok=True)


def _made(name: str) -> int | None:
    parts = name.split("-", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def sweep_loaded(now: datetime) -> None:
    """Remove every note of a load older than ``LOADED_HOURS``."""
    oldest = now.timestamp() - LOADED_HOURS * 3600
    for note in loaded_root().iterdir():
        made = _made(note.name)
        if made is None or made < oldest:
            remove(note) if note.is_dir() else note.unlink(missing_ok=True)


def discard(session: SessionBase) -> None:
    """Remove the session's waiting file, if any."""
    pending = Pending.from_session(session.pop(SESSION_KEY, None))
    if pending is not None and Path(pending.folder).parent.resolve() == pending_root().resolve():
        remove(Path(pending.folder))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def sweep(now: datetime) -> None:
    """Remove every waiting file older than ``PENDING_MINUTES``, whoever chose it (a person
    who closed the page, or signed out, never comes back for it)."""
    oldest = now.timestamp() - PENDING_MINUTES * 60
    for folder in pending_root().iterdir():
        parts = folder.name.split("-", 2)
        made = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
        if made is None or made < oldest:
            remove(folder) if folder.is_dir() else folder.unlink(missing_ok=True)


class _DryRun(Exception):
    def __init__(self, summary: RestoreSummary, after: User) -> None:
        self.summary = summary
        self.after = after


def preview_restore(user: User, document: Mapping[str, Any]) -> dict[str, Any]:
    """What loading ``document`` into ``user`` would do, found by loading it and rolling
    back: the same checks, the same errors, the same counts. ``user`` is left unchanged."""
    before = User.objects.get(pk=user.pk)
    after = User.objects.get(pk=user.pk)
    try:
        with transaction.atomic():
            raise _DryRun(data_import.restore(after, document), after)
    except _DryRun as run:
        return describe(document, before, run.after, run.summary)
    raise AssertionError("unreachable")  # pragma: no cover


def describe(
    document: Mapping[str, Any], before: User, after: User, summary: RestoreSummary
) -> dict[str, Any]:
    tables = document["tables"]
    profile = document["profile"]
    days = sorted(
        row["day"]
        for row in tables.get("checkins", [])
        if isinstance(row, dict) and isinstance(row.get("day"), str)
    )
    rows = []
    for name in PROFILE_FIELDS:
        was, now = getattr(before, name), getattr(after, name)
        rows.append(
            {
                "label": PROFILE_LABELS[name],
                "file": shown_value(name, profile.get(name)),
                "account": shown_value(name, was),
                "after": shown_value(name, now),
                "changes": was != now,
                "kept": profile.get(name) in (None, "") and was not in (None, ""),
                "neither": profile.get(name) in (None, "") and was in (None, ""),
            }
        )
    return {
        "exported_on": exported_day(document.get("exported_at")),
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
        "adds": [counted(n, name) for name, n in summary.rows.items() if n],
        "not_loaded": not_loaded(document),
        "profile": rows,
        "someone_else": someone_else(profile, before, after),
        "health_facts": bool(
            summary.rows.get("assessments")
            or summary.rows.get("plan_preferences")
            or summary.rows.get("questionnaire_responses")
        ),
    }


def not_loaded(document: Mapping[str, Any]) -> list[dict[str, str]]:
    """What the file holds that loading leaves out, each counted and with why: the care
    links and access log first (a person most expects those back), then the tables that
    are exported for the record only. A record a zip holds but that could not be read is
    named without a count."""
    found = []
    for key, (one, many) in RECORDS.items():
        rows = document.get(key)
        if isinstance(rows, list) and rows:
            what = f"{len(rows):,} {one if len(rows) == 1 else many}"
        elif key in document and not isinstance(rows, list):
            what = f"the {many}"
        else:
            continue
        found.append({"what": what, "why": NOT_LOADED[key]})
    address = file_address(document)
    if address:
        found.append({"what": address, "why": NOT_LOADED["account"]})
    tables = document["tables"]
    for table in TABLES:
        if not table.importable and tables.get(table.name):
            what = counted(len(tables[table.name]), table.name)
            found.append({"what": what, "why": NOT_LOADED[table.name]})
    return found


def file_address(document: Mapping[str, Any]) -> str:
    """The e-mail address the file records for the account it came from (and a new one
    that waited for its link), as the preview names it; "" for a file without one."""
    account = document.get("account")
    if not isinstance(account, Mapping) or not account.get("email"):
        return ""
    said = "the e-mail address in the file"
    email, pending = account.get("email"), account.get("pending_email")
    if _an_address(email):
        said += f", {email}"
    if _an_address(pending):
        said += f", and the new address that was waiting for its link, {pending}"
    return said


def _an_address(value: object) -> bool:
    """Text as long as an address can be (a file may hold anything: not shown then)."""
    return isinstance(value, str) and 0 < len(value) <= 254 and value.strip() == value


def shown_value(name: str, value: object) -> str:
    if name == "day_ends_hour" and isinstance(value, int | str) and str(value).isdigit():
        return f"{int(value):02d}:00" if int(value) else "midnight"
    if value in (None, ""):
        return {"display_name": "no name", "year_of_birth": "none", "sex": "not given"}.get(
            name, "none"
        )
    return str(value)


def exported_day(value: object) -> str | None:
    try:
        return datetime.fromisoformat(str(value)).date().isoformat() if value else None
    except ValueError:
        return None


def someone_else(profile: Mapping[str, Any], account: User, after: User) -> list[str]:
    """Why the file may be another person's: a name or year of birth that both the file and
    the account give, and that differ (``after`` holds the file's values as stored)."""
    found = []
    mine, theirs = account.display_name.strip(), after.display_name.strip()
    differ = " ".join(theirs.split()).casefold() != " ".join(mine.split()).casefold()
    if profile.get("display_name") and mine and theirs and differ:
        found.append(f"the name in it is {theirs}, yours is {mine}")
    born, mine_born = after.year_of_birth, account.year_of_birth
    given = profile.get("year_of_birth") not in (None, "")
    if given and mine_born is not None and born != mine_born:
        found.append(f"the year of birth in it is {born}, yours is {mine_born}")
    return found


def as_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
