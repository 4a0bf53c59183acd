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
