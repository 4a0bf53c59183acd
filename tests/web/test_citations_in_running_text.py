"""Citations joined in running text read "A; B.": each citation ends with its own full stop,
which a "; " after it left as "(patient information page).;" on the flare page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.models import SpasmEpisode
from backcare.domain.content import citations_in_line

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_the_flare_page_joins_its_sources_without_a_stray_stop(ana_client, ana):
    SpasmEpisode.objects.create(user=ana, started_at=NOW - timedelta(days=9), severity=6)
    with time_machine.travel(NOW, tick=False):
        page = ana_client.get(reverse("diary:episodes")).content.decode()
    based_on = page.split("Based on: ")[1].split("</p>")[0]
    assert "(patient information page)</a>; <a" in based_on
    assert ".;" not in based_on.replace("</a>", "")
    assert based_on.endswith("</a>.")


def test_plain_text_citations_read_a_semicolon_b_full_stop():
    line = citations_in_line(["NHS. Back pain (patient information page).", "Pengel LH. BMJ."])
    assert line == "NHS. Back pain (patient information page); Pengel LH. BMJ."
