"""The plan's "When to stop and get help" leads with the warning signs the person's own
answers make more urgent, on the page, in print and in the API."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from backcare.domain.personal_warnings import PREFIX
from tests.intake_data import intake


def test_a_cancer_history_leads_the_stop_rules_with_an_emergency(ana_client, ana):
    intake(ana, cancer_history="yes")
    stop_rules = ana_client.get("/api/plan").json()["plan"]["stop_rules"]
    first = stop_rules[0]
    assert first["level"] == "emergency"
    assert first["text"].startswith(PREFIX + "Back pain with numbness, weakness")
    assert "nice-ng234" in first["references"]
    print_html = ana_client.get(reverse("plans:print")).content.decode()
    assert print_html.index(PREFIX) < print_html.index(
        "now if you get numbness around your genitals"
    )
    # On screen, said once above the warnings it is about, each in its own words.
    html = ana_client.get(reverse("plans:plan")).content.decode()
    lead = f'<p class="personal-stops-lead">{PREFIX.strip()}</p>'
    assert html.count(PREFIX.strip()) == 1
    first = html.index('<ul class="personal-stops"><li class="stop-rule stop-emergency">Back pain')
    assert html.index(lead) < first < html.index("now if you get numbness around your genitals")


def test_without_risk_factors_the_stop_rules_are_everyones(ana_client, ana):
    intake(ana)
    stop_rules = ana_client.get("/api/plan").json()["plan"]["stop_rules"]
    assert not any(rule["text"].startswith(PREFIX) for rule in stop_rules)


def _stored_stop_rules(user):  # type: ignore[no-untyped-def]
    from backcare.plans.models import Plan

    return Plan.objects.filter(user=user).first().body["stop_rules"]


def test_a_version_stored_without_them_gains_them_where_it_stands(ana_client, ana):
    """A version stored before the plan named the person's own warning signs, or before
    they told us what makes them more urgent, is brought up to date at once, keeping its
    week and its day: a warning sign does not wait for next week's version."""
    from backcare.plans.models import Plan

    intake(ana, cancer_history="yes")
    ana_client.get(reverse("plans:plan"))
    version = Plan.objects.get(user=ana)
    general = [rule for rule in version.body["stop_rules"] if not rule["text"].startswith(PREFIX)]
    Plan.objects.filter(pk=version.pk).update(body={**version.body, "stop_rules": general})
    html = ana_client.get(reverse("plans:plan")).content.decode()
    first = html.index('<ul class="personal-stops"><li class="stop-rule stop-emergency">Back pain')
    assert first < html.index("now if you get numbness around your genitals")
    after = Plan.objects.get(user=ana)
    assert (after.pk, after.week, after.created_at) == (
        version.pk,
        version.week,
        version.created_at,
    )
    assert after.body["stop_rules"][0]["text"].startswith(PREFIX)


def test_a_year_of_birth_given_later_reaches_the_stop_rules(ana_client, ana):
    intake(ana)
    ana_client.get(reverse("plans:plan"))
    assert not any(rule["text"].startswith(PREFIX) for rule in _stored_stop_rules(ana))
    ana.year_of_birth = timezone.now().year - 80
    ana.save(update_fields=["year_of_birth"])
    stop_rules = ana_client.get("/api/plan").json()["plan"]["stop_rules"]
    assert stop_rules[0]["text"].startswith(PREFIX)
    assert "fall" in stop_rules[0]["text"].lower()


def test_an_up_to_date_version_is_not_written_again(ana_client, ana):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    intake(ana, cancer_history="yes")
    ana_client.get(reverse("plans:plan"))
    with CaptureQueriesContext(connection) as queries:
        ana_client.get(reverse("plans:plan"))
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "plans_plan" in q["sql"]]


def test_the_report_shows_the_stop_rules_that_apply_now(ana_client, ana):
    """The clinician's copy reads the stored version too: a warning sign told since (a year
    of birth making the person 80) shows there without the person opening their plan."""
    from backcare.exchange.report import build_report
    from backcare.exchange.views import today_for

    intake(ana)
    ana_client.get(reverse("plans:plan"))
    ana.year_of_birth = timezone.now().year - 80
    ana.save(update_fields=["year_of_birth"])
    report = build_report(ana, today_for(ana), identified=True)
    rules = [rule["text"] for rule in report["plan"]["view"]["stop_rules"]]
    assert rules[0].startswith(PREFIX)
    assert "fall" in rules[0].lower()
