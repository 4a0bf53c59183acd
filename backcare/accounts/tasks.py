"""Password reset e-mails, sent by the worker: a request for an address with an account
and one without then cost the same (queuing this task), so the time of the answer does not
tell whether someone has a backcare account."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task


def reset_link_lasts() -> str:
    """How long a reset link works, in words: "1 hour", "30 minutes", "3 days"."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


@task()
def send_password_reset(
    email: str,
    domain: str,
    use_https: bool,
    subject_template_name: str,
    email_template_name: str,
    from_email: str | None,
) -> None:
    """Django's reset e-mail to every active account with ``email``, if there is one."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            from_email=from_email,
            extra_email_context={"link_lasts": reset_link_lasts()},
        )
