import re

from django.core import mail
from django.urls import reverse


def test_it_emails_a_one_time_link_that_sets_a_new_password(client, ana):
    client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    new = {
        "new_password1": "a fresh long passphrase 7",
        "new_password2": "a fresh long passphrase 7",
    }
    response = client.post(form_page.redirect_chain[-1][0], new)
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.check_password("a fresh long passphrase 7")


def test_it_does_not_reveal_whether_an_address_has_an_account(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_request_does_the_same_work_with_or_without_an_account(client, ana, monkeypatch):
    """Both answers only queue the e-mail for the worker, which looks the address up: the
    time of the answer cannot tell whether the address has an account."""
    from types import SimpleNamespace

    queued = []
    queue = SimpleNamespace(enqueue=lambda **kw: queued.append(kw))
    monkeypatch.setattr("backcare.accounts.tasks.send_password_reset", queue)
    for address in ("ana@example.org", "nobody@example.org"):
        response = client.post(reverse("accounts:password_reset"), {"email": address})
        assert response.status_code == 302
    assert mail.outbox == []  # nothing sent inside a request
    assert [call["email"] for call in queued] == ["ana@example.org", "nobody@example.org"]
    assert queued[0].keys() == queued[1].keys()
    assert {call["domain"] for call in queued} == {"testserver"}


def test_the_link_works_for_an_hour_and_the_pages_say_so(client, ana):
    """A reset link opens the account: one left in a mailbox must not work for days."""
    import time_machine

    with time_machine.travel("2026-03-10 08:00Z", tick=False):
        sent = client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
        assert "It works once, for 1 hour." in client.get(sent.url).content.decode()
    body = mail.outbox[0].body
    assert "(it works once, for 1 hour)" in body
    path = re.search(r"http://testserver(/accounts/password/reset/\S+/)", body).group(1)
    with time_machine.travel("2026-03-10 08:59Z", tick=False):
        assert client.get(path, follow=True).context["validlink"]
    with time_machine.travel("2026-03-10 09:01Z", tick=False):
        assert not client.get(path, follow=True).context["validlink"]
