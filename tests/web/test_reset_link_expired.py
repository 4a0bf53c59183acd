"""A reset link that no longer works says that links expire, and sends a new one from the page."""

from __future__ import annotations

import re

import time_machine
from django.core import mail
from django.urls import reverse


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_expired_link_says_links_expire_and_sends_a_new_one_from_the_page(client, ana):
    with time_machine.travel("2026-03-10 08:00Z", tick=False):
        client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    path = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    with time_machine.travel("2026-03-10 09:30Z", tick=False):
        page = client.get(path.group(1), follow=True)
        shown = text(page.content.decode())
        assert "This reset link no longer works" in shown
        assert "A reset link works once, for 1 hour after it is sent." in shown
        assert "invalid" not in shown
        form = re.search(r'<form method="post" action="([^"]+)"', page.content.decode())
        assert form.group(1) == reverse("accounts:password_reset")
        sent = client.post(form.group(1), {"email": "ana@example.org"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 2  # the new link is on its way


def test_a_made_up_link_offers_the_same_way_out(client, db):
    shown = text(client.get("/accounts/password/reset/MQ/abc-123/").content.decode())
    assert "This reset link no longer works" in shown
    assert "Send a new link" in shown
