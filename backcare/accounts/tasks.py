"""E-mailed links, sent by the worker. Password reset: a request for an address with an
account and one without then cost the same (queuing the task), so the time of the answer does
not tell whether someone has a backcare account. Confirmation: the page answers without
waiting for the mail server."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from backcare.accounts.confirmation import confirmation_token, link_lasts
from backcare.accounts.models import User


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


@task()
def send_confirmation_link(user_id: int, email: str, site: str) -> None:
    """The link that confirms ``email``, if it is still the person's unconfirmed address or
    the new one they asked for: either may have changed, or been confirmed, while the task
    waited."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    change = bool(email) and email == user.pending_email
    if not change and (email != user.email or user.email_confirmed):
        return
    path = reverse("accounts:confirm_email", args=[confirmation_token(user, email)])
    context = {
        "link": site + path,
        "link_lasts": link_lasts(),
        "change": change,
        "clinician": user.is_clinician,  # told of patients' messages there, not reminders
    }
    body = render_to_string("accounts/confirm_email.txt", context)
    subject = "Confirm your new e-mail address for backcare" if change else None
    send_mail(subject or "Confirm your e-mail address for backcare", body, None, [email])
