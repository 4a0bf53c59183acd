"""Writes like a busy server until told to stop: each transaction adds a person and their
reminder preferences, so a consistent backup always holds as many of one as of the other.

    python tests/deploy/busy_writer.py STOP_FILE     (settings from the environment)
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(stop_file: Path) -> int:
    import django

    django.setup()
    from django.db import transaction

    from backcare.accounts.models import User
    from backcare.reminders.models import ReminderPreferences

    written = 0
    while not stop_file.exists():
        with transaction.atomic():
            user = User.objects.create(username=f"busy{written}", email=f"busy{written}@x.org")
            ReminderPreferences.objects.create(user=user)
        written += 1
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
