"""Password reset e-mails, sent by the worker: a request for an address with an account
and one without then cost the same (queuing this task), so the time of the answer does not
tell whether someone has a backcare account."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task


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
        )
