"""Uploading a phone or watch export on the imports page: all or nothing, idempotent."""

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backcare.diary.models import Measure

URL = reverse("progress:imports")
FIXTURES = Path(__file__).resolve().parents[1] / "domain" / "fixtures"


def upload(client, name: str, content: bytes | None = None):  # type: ignore[no-untyped-def]
    data = (FIXTURES / name).read_bytes() if content is None else content
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_it_asks_for_a_login(client, db):
    assert client.get(URL).status_code == 302


def test_it_imports_an_export_and_says_what_it_added(ana_client, ana):
    response = upload(ana_client, "Daily activity metrics.csv")
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(URL)  # the job's own page
    assert "Imported steps from Daily activity metrics.csv (2024-02-01 to 2024-02-03)" in page
    assert "2 new, 0 updated, 0 already up to date" in page
    stored = Measure.objects.filter(user=ana).values_list("day", "kind", "value", "source")
    assert sorted(stored) == [
        (date(2024, 2, 1), "steps", 5321.0, "google_fit"),
        (date(2024, 2, 3), "steps", 7012.0, "google_fit"),
    ]
    listing = ana_client.get(URL).content.decode()
    assert '<th scope="row">google_fit</th><td>Steps</td><td>2</td>' in listing
    assert "Daily activity metrics.csv</a>: imported" in listing


def test_importing_the_same_file_again_adds_nothing(ana_client, ana):
    upload(ana_client, "apple_export.xml")
    before = sorted(Measure.objects.filter(user=ana).values_list("day", "kind", "value", "source"))
    page = upload(ana_client, "apple_export.xml").content.decode()
    assert "0 new, 0 updated, 4 already up to date" in page
    after = sorted(Measure.objects.filter(user=ana).values_list("day", "kind", "value", "source"))
    assert after == before


def test_it_keeps_the_file_name_that_identifies_health_connect_sleep(ana_client, ana):
    upload(ana_client, "HealthConnectRecords_Sleep_20250910-20250912.csv")
    assert Measure.objects.filter(user=ana, kind="sleep_hours").exists()


def test_it_refuses_a_malformed_file_next_to_the_field_and_stores_nothing(ana_client, ana):
    good = (FIXTURES / "Daily activity metrics.csv").read_text()
    broken = good.replace("5321", "lots").encode()
    response = upload(ana_client, "Daily activity metrics.csv", broken)
    page = response.content.decode()
    assert response.status_code == 200
    assert "could not be imported, and nothing was stored" in page
    error = page.split('<p class="help import-error">')[1].split("</p>")[0]
    assert "Daily activity metrics.csv: line 2: &#x27;Step count&#x27; must be a number" in error
    assert "Nothing was imported." in error
    assert not Measure.objects.exists()


def test_it_refuses_an_unrecognised_file(ana_client, ana):
    page = upload(ana_client, "notes.csv", b"when,what\n2024-01-01,walk\n").content.decode()
    assert "not a recognised export" in page
    assert not Measure.objects.exists()


def test_it_lists_only_my_imports(client, ana, bo):
    Measure.objects.create(user=ana, day=date(2024, 1, 1), kind="steps", value=10, source="ana-fit")
    client.force_login(bo)
    page = client.get(URL).content.decode()
    assert "ana-fit" not in page
    assert "Nothing imported yet." in page
    upload(client, "Daily activity metrics.csv")
    assert Measure.objects.filter(user=ana).count() == 1
    assert Measure.objects.filter(user=bo).count() == 2
