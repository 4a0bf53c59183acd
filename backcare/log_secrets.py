"""Logs without the secrets some links carry in their path.

Share links, the calendar feed, reminder answers, unsubscribe, password-reset and e-mail
confirmation links are credentials: whoever reads a log line holding one could open the link.
Every log line backcare writes about a request goes through :func:`mask`: gunicorn's access
log (:class:`GunicornLogger`) and Django's request warnings, such as "Not Found: /shared/…"
(:class:`MaskSecrets`). nginx does the same with deploy/nginx/backcare-log.conf.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

#: The paths whose next segment is a secret (a reset link's is the one after the user's id).
SECRET_SEGMENT = re.compile(
    r"(/shared/|/reminders/calendar/|/reminders/r/|/reminders/unsubscribe/"
    r"|/accounts/email/confirm/|/accounts/password/reset/[^/?#\s\"]+/)[^/?#\s\"]+"
)


def mask(text: str) -> str:
    """``text`` with each secret path segment replaced by "[secret]"."""
    return SECRET_SEGMENT.sub(r"\1[secret]", text)


def _masked(value: Any) -> Any:
    return mask(value) if isinstance(value, str) else value


class MaskSecrets(logging.Filter):
    """Masks secret link segments in a record's message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _masked(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(arg) for key, arg in record.args.items()}
        return True


class GunicornLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, masking its access lines (the request line, path, Referer) and its
    error lines ("Error handling request /shared/…")."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(found, MaskSecrets) for found in log.filters):  # a reload
                log.addFilter(MaskSecrets())
