"""Every script and stylesheet of a page the service worker keeps for offline use is in its
cached app shell: the check-in page's own script (a rating ticks its item) was not, so
offline the page opened without it and a rating no longer ticked its box."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from backcare.diary.checkins import save_checkin
from backcare.reminders.pwa import shell_urls
from tests.progress_data import today_for

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')


def _config(client) -> dict:  # type: ignore[no-untyped-def]
    body = client.get("/sw.js").content.decode()
    return json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])


def _assets(html: str) -> set[str]:
    """The same-site scripts and stylesheets a page links."""
    found = set(SCRIPT.findall(html)) | set(STYLESHEET.findall(html))
    return {url for url in found if url.startswith("/")}


def _kept_pages(user) -> list[str]:  # type: ignore[no-untyped-def]
    """Pages under the check-in's address, which the worker keeps once visited online."""
    checkin = save_checkin(user, {"day": today_for(user), "moment": "morning", "pain": 4})
    return [
        reverse("diary:today"),
        reverse("diary:history"),
        reverse("diary:edit_entry", args=[checkin.pk]),
        reverse("diary:saved", args=[checkin.pk]),
    ]


def test_every_script_and_stylesheet_of_a_kept_page_is_in_the_cached_shell(ana_client, ana):
    config = _config(ana_client)
    assert config["shell"] == shell_urls()
    linked: dict[str, set[str]] = {}
    for url in _kept_pages(ana):
        assert url.startswith(config["checkin"])  # so the worker keeps it
        response = ana_client.get(url)
        assert response.status_code == 200, url
        linked[url] = _assets(response.content.decode())
    missing = {url: sorted(assets - set(config["shell"])) for url, assets in linked.items()}
    assert not any(missing.values()), missing
    assert any(src.endswith("/diary/checkin.js") for src in linked[reverse("diary:today")])


def test_the_check_in_script_is_served_from_the_cache_list(client):
    assert "/static/diary/checkin.js" in _config(client)["shell"]
