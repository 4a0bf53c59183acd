from django.urls import reverse

from backcare.accounts.models import User
from tests.conftest import PASSWORD


def test_it_needs_the_password_and_the_confirmation(ana_client, ana):
    response = ana_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=ana.pk).exists()
    response = ana_client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert "not your current password" in response.content.decode()
    assert User.objects.filter(pk=ana.pk).exists()


def test_it_deletes_the_account_and_logs_out(ana_client, ana, bo):
    response = ana_client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=ana.pk).exists()
    assert User.objects.filter(pk=bo.pk).exists()
    assert ana_client.get(reverse("web:home")).status_code == 302
