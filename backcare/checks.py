"""Misconfiguration reported as Django system checks (ids backcare.E00x / backcare.W00x).

Run them with `backcare check`; every id is documented in docs/configuration.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from backcare.domain.content import ContentError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}

#: Loaders that validate a part of content/; later parts append theirs.
CONTENT_LOADERS: list[Callable[[], object]] = []


def content_loader(func: Callable[[], object]) -> Callable[[], object]:
    CONTENT_LOADERS.append(func)
    return func


@register(Tags.security, deploy=False)
def check_secret_key(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.PRODUCTION and (
        not settings.SECRET_KEY or settings.SECRET_KEY == settings.DEV_SECRET_KEY
    ):
        return [
            Error(
                "Production mode without a secret key of its own.",
                hint="Set BACKCARE_SECRET_KEY to a long random string (e.g. `python -c "
                "'import secrets; print(secrets.token_urlsafe(50))'`).",
                id="backcare.E001",
            )
        ]
    return []


@register(Tags.security)
def check_debug_hosts(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    public = [host for host in settings.ALLOWED_HOSTS if host not in LOCAL_HOSTS]
    if settings.DEBUG and public:
        return [
            Warning(
                f"BACKCARE_DEBUG is on while serving non-local hosts: {', '.join(public)}.",
                hint="Debug pages show settings and code; turn BACKCARE_DEBUG off before "
                "serving anyone but yourself.",
                id="backcare.W001",
            )
        ]
    return []


@register(Tags.security)
def check_production_https(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.PRODUCTION and not settings.HTTPS:
        return [
            Warning(
                "Production mode with BACKCARE_HTTPS off: cookies are sent without the Secure "
                "flag and no HSTS header is set.",
                hint="Serve backcare over HTTPS and set BACKCARE_HTTPS=true.",
                id="backcare.W002",
            )
        ]
    return []


@register()
def check_email(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.PRODUCTION and not settings.EMAIL_HOST:
        return [
            Warning(
                "Production mode without an SMTP server: password-reset e-mails are only "
                "printed to the console.",
                hint="Set BACKCARE_EMAIL_HOST (and BACKCARE_EMAIL_USER / _PASSWORD).",
                id="backcare.W003",
            )
        ]
    return []


@register(Tags.database)
def check_data_dir(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DATABASE_URL:
        return []
    data_dir = settings.DATA_DIR
    existing = data_dir if data_dir.exists() else data_dir.parent
    if not os.access(existing, os.W_OK):
        return [
            Error(
                f"The data directory {data_dir} is not writable.",
                hint="Set BACKCARE_DATA_DIR to a folder you can write, or DATABASE_URL.",
                id="backcare.E002",
            )
        ]
    return []


@register()
def check_content(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for loader in CONTENT_LOADERS:
        try:
            loader()
        except ContentError as exc:
            errors.append(
                Error(
                    f"Clinical content does not validate: {exc}",
                    hint="Fix the named file under content/ (see docs/clinical-content.md).",
                    id="backcare.E003",
                )
            )
    return errors


def _all_content() -> None:
    """Load every part of content/; each loader validates its files and cross-references."""
    from backcare.domain import course, education, exercises, factors, findings, triage
    from backcare.domain import interventions as catalogue
    from backcare.domain.content import references
    from backcare.domain.instruments import crisis_message, instruments
    from backcare.domain.known_conditions import condition_book
    from backcare.domain.message_warnings import message_warnings

    for load in (
        references,
        findings.finding_schema,
        triage.rule_book,
        factors.factor_book,
        course.course_book,
        instruments,
        crisis_message,
        exercises.exercises,
        catalogue.interventions,
        education.articles,
        message_warnings,
        condition_book,
    ):
        load()


CONTENT_LOADERS.append(_all_content)
