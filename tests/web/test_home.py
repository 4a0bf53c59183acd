from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn, SpasmEpisode


def _assessment(user, level, days_ago=0):
    return Assessment.objects.create(
        user=user,
        level=level,
        findings={},
        result={"level": level},
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def test_a_newcomer_is_invited_to_check_their_back(ana_client):
    html = ana_client.get(reverse("web:home")).content.decode()
    assert reverse("assessments:start") in html
    assert "Check in now" in html


def test_a_recent_urgent_result_stays_on_the_home_page(ana_client, ana):
    assessment = _assessment(ana, "urgent", days_ago=3)
    html = ana_client.get(reverse("web:home")).content.decode()
    assert "Your last check asked you to get care" in html
    assert reverse("assessments:result", args=[assessment.pk]) in html


def test_an_old_or_self_care_result_does_not_nag(ana_client, ana):
    _assessment(ana, "urgent", days_ago=30)
    _assessment(ana, "self_care")
    assert "asked you to get care" not in ana_client.get(reverse("web:home")).content.decode()


def test_it_shows_todays_check_ins_and_an_open_flare(ana_client, ana):
    from backcare.diary.checkins import local_today

    CheckIn.objects.create(user=ana, day=local_today(ana), moment="morning", pain=3)
    SpasmEpisode.objects.create(user=ana)
    html = ana_client.get(reverse("web:home")).content.decode()
    assert "You have checked in today (morning)" in html
    assert "A flare is in progress" in html


def test_it_never_shows_someone_elses_data(client, ana, dee):
    _assessment(ana, "emergency")
    SpasmEpisode.objects.create(user=ana)
    client.force_login(dee)
    html = client.get(reverse("web:home")).content.decode()
    assert "asked you to get care" not in html
    assert "A flare is in progress" not in html


def test_it_needs_few_queries(ana_client, ana, django_assert_max_num_queries):
    _assessment(ana, "soon")
    with django_assert_max_num_queries(8):
        ana_client.get(reverse("web:home"))
