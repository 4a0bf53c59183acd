from django.urls import reverse


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
