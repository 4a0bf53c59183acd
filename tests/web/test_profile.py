import datetime
import re

import time_machine
from django.urls import reverse

from backcare.accounts.models import TIME_ZONES
from backcare.assessments.context import clinical_context_for


def _profile(**changes):
    data = {
        "display_name": "Ana",
        "email": "ana@example.org",
        "year_of_birth": "1985",
        "sex": "female",
        "time_zone": "Europe/Lisbon",
        "units": "metric",
    }
    data.update(changes)
    return data


def test_it_saves_the_profile(ana_client, ana):
    response = ana_client.post(
        reverse("accounts:profile"), _profile(display_name="Ana S", units="imperial")
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.display_name, ana.units) == ("Ana S", "imperial")


def test_it_rejects_an_impossible_year_next_to_the_field_and_saves_nothing(ana_client, ana):
    response = ana_client.post(
        reverse("accounts:profile"), _profile(display_name="Changed", year_of_birth="1800")
    )
    assert response.status_code == 200
    assert "Enter a year between" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    ana.refresh_from_db()
    assert ana.display_name == "Ana"


def test_it_rejects_an_unknown_time_zone(ana_client, ana):
    response = ana_client.post(reverse("accounts:profile"), _profile(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    ana.refresh_from_db()
    assert ana.time_zone == "Europe/Lisbon"


def test_a_new_time_zone_drops_pages_drawn_in_the_old_one(ana_client, ana):
    """Cached dashboards are keyed by the data version: days drawn in Lisbon must not be
    served after a move to New York, nor after an unchanged save."""
    before = ana.data_version
    ana_client.post(reverse("accounts:profile"), _profile(display_name="Ana S"))
    ana.refresh_from_db()
    assert ana.data_version == before
    ana_client.post(reverse("accounts:profile"), _profile(time_zone="America/New_York"))
    ana.refresh_from_db()
    assert ana.data_version == before + 1


# --- the sex and time zone lists read in plain words ---------------------------------------

TODAY = datetime.datetime(2026, 5, 4, 8, tzinfo=datetime.UTC)


def _field(html: str, name: str) -> str:
    found = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert found is not None, name
    return found.group(0)


@time_machine.travel(TODAY, tick=False)
def test_an_empty_sex_reads_not_told_as_triage_reads_it_unknown(ana_client, ana):
    """Django's "---------" said nothing; an empty sex is one not told (the clinical context
    reads it as unknown), so the empty choice says so, and choosing it saves an empty value."""
    ana.sex = ""
    ana.save()
    sex = _field(ana_client.get(reverse("accounts:profile")).content.decode(), "sex")
    assert "---------" not in sex
    assert re.search(r'<option value="" selected>Not told</option>', sex)
    ana.sex = "female"
    ana.save()
    ana_client.post(reverse("accounts:profile"), _profile(sex=""))
    ana.refresh_from_db()
    assert ana.sex == ""
    assert clinical_context_for(ana).sex is None


@time_machine.travel(TODAY, tick=False)
def test_the_time_zone_list_starts_with_mine_then_the_common_ones_by_place(ana_client, ana):
    zone = _field(ana_client.get(reverse("accounts:profile")).content.decode(), "time_zone")
    groups = re.findall(r'<optgroup label="([^"]+)">', zone)
    assert groups[:3] == ["Your time zone now", "Common time zones", "Africa"]
    assert groups[-1] == "Other names"
    first = re.search(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', zone)
    assert first is not None
    assert first.groups() == ("Europe/Lisbon", " selected", "Lisbon, Europe")
    assert (
        '<option value="America/Argentina/Buenos_Aires">Argentina – Buenos Aires</option>' in zone
    )
    assert zone.index("Europe/London") < zone.index("Africa/Abidjan")
    assert set(re.findall(r'<option value="([^"]+)"', zone)) == set(TIME_ZONES)
    for listed_last in ("Africa/Abidjan", "Etc/GMT+5", "US/Eastern"):  # still valid choices
        response = ana_client.post(reverse("accounts:profile"), _profile(time_zone=listed_last))
        assert response.status_code == 302
        ana.refresh_from_db()
        assert ana.time_zone == listed_last
