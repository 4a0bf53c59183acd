"""One backup archive: the database copy, the data directory's secrets a restore needs, and
a manifest with the row count and checksum of every table, checked again after a restore.

    backcare-20261203T0400Z.tar.gz
        manifest.json           format, database kind, when, and every table's fingerprint
        database.sqlite3        or database.pgdump (pg_dump -Fc)
        secrets/vapid_private.pem
"""

from __future__ import annotations

import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings

from backcare.backups import database
from backcare.backups.database import BackupError
from backcare.backups.fingerprint import Fingerprint, differences

FORMAT = 1
PREFIX = "backcare-"
SUFFIX = ".tar.gz"
#: Files in the data directory that a restored server needs: the web push key pair (every
#: browser subscription is bound to it). Pending import uploads are not kept.
SECRETS = ("vapid_private.pem",)


@dataclass(frozen=True)
class Restored:
    archive: Path
    tables: Fingerprint
    problems: list[str]  # empty when every table matches the manifest


def backup(folder: Path, now: datetime, keep: int | None = None) -> Path:
    """Write a new archive into ``folder`` (owner-only permissions); keep the newest
    ``keep`` archives there if given."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backcare-backup-") as work:
        staging = Path(work)
        file_name, fingerprint = database.dump(staging)
        secrets = [name for name in SECRETS if (data_dir() / name).exists()]
        manifest = {
            "format": FORMAT,
            "database": database.kind(),
            "database_file": file_name,
            "created": now.isoformat(),
            "secrets": secrets,
            "tables": fingerprint,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = staging / "archive.partial"
        partial.touch(mode=0o600)  # owner only: the archive holds health data and keys
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(staging / "manifest.json", "manifest.json")
            tar.add(staging / file_name, file_name)
            for name in secrets:
                tar.add(data_dir() / name, f"secrets/{name}")
        partial.replace(final)  # a half-written archive never carries the final name
    if keep is not None:
        prune(folder, keep)
    return final


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives (names sort by time); return them."""
    archives = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
    old = archives[: max(len(archives) - keep, 0)]
    for path in old:
        path.unlink()
    return old


def restore(archive: Path) -> Restored:
    """Replace the database and secrets with the archive's, then compare every table with
    the manifest."""
    with tempfile.TemporaryDirectory(prefix="backcare-restore-") as work:
        staging = Path(work)
        manifest = unpack(archive, staging)
        found = database.load(staging, manifest["database_file"])
        for name in manifest["secrets"]:
            _put_secret(staging / "secrets" / name, data_dir() / name)
    return Restored(archive, found, differences(manifest["tables"], found))


def unpack(archive: Path, into: Path) -> dict:  # type: ignore[type-arg]
    """Extract the known members only, and check the manifest before anything changes."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{archive.name}: unknown backup format {manifest.get('format')}")
            names = [manifest["database_file"]] + [f"secrets/{n}" for n in manifest["secrets"]]
            unknown = [n for n in names if n not in {*database_files(), *secret_members()}]
            if unknown:
                raise BackupError(f"{archive.name}: unexpected member {unknown[0]}")
            tar.extractall(into, members=[tar.getmember(n) for n in names], filter="data")
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive}: not a readable backcare backup ({exc})") from exc
    return manifest  # type: ignore[no-any-return]


def database_files() -> set[str]:
    return {database.SQLITE_FILE, database.POSTGRES_FILE}


def secret_members() -> set[str]:
    return {f"secrets/{name}" for name in SECRETS}


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def _put_secret(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
    with os.fdopen(fd, "wb") as out:
        out.write(source.read_bytes())
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
