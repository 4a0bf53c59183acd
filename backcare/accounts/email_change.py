"""Changing the e-mail address: the new one takes over only once its owner opens the link.

A mistyped address ("kb-new@exampel.org") must not become the account's at once: password
resets would go nowhere and the account could be lost. So a new address waits as
``User.pending_email``; the account keeps its address for resets and notices until the link
e-mailed to the new one is opened and its button pressed (confirmation.confirm). The person
can send the link again or cancel; a confirmed previous address is told of the request.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from backcare.accounts.confirmation import link_lasts
from backcare.accounts.models import User

logger = logging.getLogger(__name__)


def ask_for(user: User, address: str) -> str:
    """Record ``address`` as the one the person asked for. Says "waiting" (for the link) or
    "back" (the address last confirmed, which the person showed they read: no link)."""
    if address.lower() == user.confirmed_email.lower():
        user.email, user.pending_email = user.confirmed_email, ""
        user.save(update_fields=["email", "pending_email"])
        return "back"
    user.pending_email = address
    user.save(update_fields=["pending_email"])
    return "waiting"


def cancel(user: User) -> str:
    """Forget the address asked for (its link stops working); the one it was, or ""."""
    address = user.pending_email
    if address:
        user.pending_email = ""
        user.save(update_fields=["pending_email"])
    return address


def tell_current_address(user: User) -> None:
    """Tell the account's confirmed address that a new one was asked for, once saved, so a
    take-over does not go unseen (an unconfirmed address may be a stranger's: not told)."""
    if not user.email_confirmed:
        return
    context = {"user": user, "new_address": user.pending_email, "link_lasts": link_lasts()}
    body = render_to_string("accounts/email_change_asked.txt", context)
    old_address = user.email

    def send() -> None:
        try:
            send_mail("A new e-mail address for your backcare account", body, None, [old_address])
        except OSError:  # the request is saved; a mail server outage must not make it a 500
            logger.exception("could not tell user %s of an e-mail change", user.pk)

    transaction.on_commit(send)
