"""Deleting an account offers a copy of the data first; deleting still needs the password."""

from __future__ import annotations

from django.urls import reverse

from backcare.accounts.models import User


def test_the_page_offers_the_download_before_the_password(ana_client):
    page = ana_client.get(reverse("accounts:delete")).content.decode()
    download = page.index(f'href="{reverse("exchange:export_json")}"')
    assert download < page.index('name="password"')
    assert "Download a copy of my data" in page


def test_the_offered_download_is_the_persons_whole_export(ana_client, ana):
    response = ana_client.get(reverse("exchange:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert User.objects.filter(pk=ana.pk).exists()  # downloading deletes nothing


def test_deleting_still_needs_the_password(ana_client, ana):
    response = ana_client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=ana.pk).exists()
