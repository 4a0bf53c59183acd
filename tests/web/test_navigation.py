"""The tab bar, the "More" page, branded error pages, login and admin branding."""

import re

import pytest
from django.contrib import admin
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from backcare.assessments.models import Assessment
from tests.intake_data import intake

TABS = ("Today", "Plan", "Diary", "Progress", "More")


def _tabs(html):
    nav = html.split('<nav aria-label="Main" class="tabs">')[1].split("</nav>")[0]
    return re.findall(r'<a href="([^"]+)"( aria-current="page")?>.*?<span>(\w+)</span>', nav)


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("web:home", "Today"),
        ("plans:plan", "Plan"),
        ("diary:history", "Diary"),
        ("diary:today", "Diary"),
        ("diary:episodes", "Diary"),
        ("progress:dashboard", "Progress"),
        ("progress:insights", "Progress"),
        ("questionnaires:list", "More"),
        ("plans:learn", "More"),
        ("web:more", "More"),
        ("assessments:start", "Today"),
        ("assessments:history", "More"),
    ],
)
def test_the_tab_bar_marks_the_current_section(ana_client, url_name, current):
    tabs = _tabs(ana_client.get(reverse(url_name)).content.decode())
    assert [label for _href, _cur, label in tabs] == list(TABS)
    assert [label for _href, cur, label in tabs if cur] == [current]


def test_a_back_check_step_and_its_result_sit_under_today(ana_client, ana):
    step = ana_client.get(reverse("assessments:step", args=["safety_legs"])).content.decode()
    assert [label for _href, cur, label in _tabs(step) if cur] == ["Today"]
    intake(ana)
    result = reverse("assessments:result", args=[Assessment.objects.get(user=ana).pk])
    html = ana_client.get(result).content.decode()
    assert [label for _href, cur, label in _tabs(html) if cur] == ["Today"]


def test_visitors_get_no_tab_bar(client, db):
    html = client.get(reverse("web:welcome")).content.decode()
    assert 'class="tabs"' not in html
    assert reverse("accounts:signup") in html


def test_more_reaches_every_page_that_was_only_on_the_home_page(ana_client):
    html = ana_client.get(reverse("web:more")).content.decode()
    for name in (
        "questionnaires:list",
        "diary:episodes",
        "progress:insights",
        "progress:experiments",
        "plans:exercises",
        "plans:toolbox",
        "plans:learn",
        "assessments:history",
        "progress:imports",
        "accounts:profile",
    ):
        assert f'href="{reverse(name)}"' in html, name


def test_a_missing_page_is_a_branded_404(ana_client):
    with override_settings(DEBUG=False):
        response = ana_client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We can't find that page" in html
    assert 'class="tabs"' in html


def test_a_missing_page_gives_the_persons_own_emergency_number(ana_client, ana):
    """Signed in, the place is known (from the time zone), so the 404 names its number, as
    the footer does; a visitor gets the general words."""
    ana.time_zone = "America/Toronto"
    ana.save(update_fields=["time_zone"])
    html = ana_client.get("/no-such-page/").content.decode()
    warning = html[html.index("If your back is getting worse") :]
    assert 'in an emergency call <a href="tel:911">911</a>.' in warning
    assert "local emergency number" not in warning


def test_a_visitor_on_a_missing_page_is_told_their_local_emergency_number(client, db):
    html = client.get("/no-such-page/").content.decode()
    assert "in an emergency call your local emergency number." in html


def test_the_500_page_stands_alone_and_names_backcare():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert ">backcare<" in html


@override_settings(ALLOWED_HOSTS=["127.0.0.1"])
def test_the_login_page_shows_backcare_not_the_server_address(client, db):
    html = client.get(reverse("accounts:login"), HTTP_HOST="127.0.0.1:8101").content.decode()
    assert "127.0.0.1" not in html
    assert "<title>Log in · backcare</title>" in html
    assert ">backcare</a>" in html


def test_the_admin_carries_the_brand():
    assert admin.site.site_header == "backcare administration"
    assert admin.site.site_title == "backcare admin"


def test_sign_up_speaks_plainly(client, db):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert "@/./+/-/_" not in html
    assert "The name you log in with" in html
    assert 'aria-describedby="id_username_helptext"' in html
