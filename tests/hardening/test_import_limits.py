"""Imports cannot take the service down, and imported values are as plausible as check-ins.

Before: 200 MB of whitespace inside a 204 KB zip cost 200 MB of memory; sleep ending in
9999 was a 500; a steps value of 1e308 was stored and shown.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from backcare.diary.models import Measure
from backcare.domain.imports import ImportFormatError, ImportLimits, read_export
from backcare.domain.plausible import DayRange

FIXTURES = Path(__file__).parents[1] / "domain" / "fixtures"
APPLE_XML = (FIXTURES / "apple_export.xml").read_text(encoding="utf-8")
HEAD = APPLE_XML[: APPLE_XML.index(" <Record")]
STEPS = (
    '<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" '
    'startDate="{day} 10:00:00 +0100" endDate="{day} 10:05:00 +0100" value="{value}"/>\n'
)
SLEEP = (
    '<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" '
    'startDate="{start}" endDate="{end}" value="HKCategoryValueSleepAnalysisAsleepCore"/>\n'
)
HC_SLEEP = "HealthConnectRecords_Sleep_20250910-20250912.csv"
HC_SLEEP_HEADER = "HealthConnectRecordKey,ParticipantIdentifier,StartTime,EndTime\n"
HC_STEPS_HEADER = "ParticipantIdentifier,StartTime,EndTime,MetricName,Value\n"
FITBIT_SLEEP = "Sleep\nStart Time,End Time,Minutes Asleep\n"
PERSON = ImportLimits(days=DayRange(date(1985, 1, 1), date(2025, 6, 15)))


def apple(tmp_path: Path, *records: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(HEAD + "".join(records) + "</HealthData>\n", encoding="utf-8")
    return path


def text(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


IMPLAUSIBLE = {
    "apple sleep ending in 9999": lambda d: apple(
        d, SLEEP.format(start="2025-01-01 23:00:00 +0100", end="9999-12-31 23:59:59 +0100")
    ),
    "apple steps in year 1": lambda d: apple(d, STEPS.format(day="0001-01-01", value=10)),
    "apple steps before birth": lambda d: apple(d, STEPS.format(day="1984-12-31", value=10)),
    "apple steps 1e308": lambda d: apple(d, STEPS.format(day="2025-01-01", value="1e308")),
    "apple steps next week": lambda d: apple(d, STEPS.format(day="2025-06-22", value=10)),
    "health connect sleep ending in 9999": lambda d: text(
        d, HC_SLEEP, HC_SLEEP_HEADER + "k,A,2025-01-01T23:00:00Z,9999-12-31T23:59:59Z\n"
    ),
    "health connect steps 1e308": lambda d: text(
        d, "steps.csv", HC_STEPS_HEADER + "A,2025-01-01T08:00:00,x,Steps_count_total,1e308\n"
    ),
    "google fit steps 1e308": lambda d: text(
        d, "g.csv", "Date,Move Minutes count,Step count\n2025-01-01,3,1e308\n"
    ),
    "google fit in year 1": lambda d: text(
        d, "g.csv", "Date,Move Minutes count,Step count\n0001-01-01,3,50\n"
    ),
    "fitbit sleep ending in 9999": lambda d: text(
        d, "fitbit.csv", FITBIT_SLEEP + "2025-01-01 11:00PM,9999-12-31 7:00AM,400\n"
    ),
    "fitbit steps 1e308": lambda d: text(
        d, "fitbit.csv", "Activities\nDate,Steps\n2025-01-01,1e308\n"
    ),
}


@pytest.mark.parametrize("case", sorted(IMPLAUSIBLE))
def test_an_implausible_record_refuses_the_file_naming_the_place(tmp_path, case):
    path = IMPLAUSIBLE[case](tmp_path)
    with pytest.raises(ImportFormatError) as caught:
        read_export(path, limits=PERSON)
    assert caught.value.where, "the error says which record or line"
    assert path.name in str(caught.value)


def test_a_day_adding_up_past_the_check_in_maximum_is_refused(tmp_path):
    path = apple(tmp_path, *(STEPS.format(day="2025-01-01", value=90_000) for _ in range(3)))
    with pytest.raises(ImportFormatError, match=r"2025-01-01, steps.*more than the 200,000"):
        read_export(path, limits=PERSON)


def test_too_many_records_refuse_the_file(tmp_path):
    path = apple(tmp_path, *(STEPS.format(day="2025-01-0" + str(i), value=5) for i in range(1, 6)))
    with pytest.raises(ImportFormatError, match="more than 4 records"):
        read_export(path, limits=ImportLimits(max_records=4))
    assert read_export(path, limits=ImportLimits(max_records=5)).records_read == 5


def test_a_zip_that_unpacks_past_the_cap_is_refused(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("apple_health_export/export.xml", HEAD + " " * (3 << 20) + "</HealthData>")
    assert archive.stat().st_size < 20_000
    with pytest.raises(ImportFormatError, match="unpacks to more than 2 MB"):
        read_export(archive, limits=ImportLimits(max_unpacked_bytes=2 << 20))


def test_an_endless_csv_line_is_refused_without_reading_it_whole(tmp_path):
    path = text(tmp_path, "g.csv", "Date,Move Minutes count,Step count\n" + "9" * 5000)
    with pytest.raises(ImportFormatError, match="line 2: runs over 1,000 characters"):
        read_export(path, limits=ImportLimits(max_line_chars=1000))


def test_an_endless_xml_tag_is_refused(tmp_path):
    path = apple(tmp_path, '<Record type="x" sourceName="' + "a" * 300_000 + '"/>')
    with pytest.raises(ImportFormatError, match="one tag runs over 100,000 characters"):
        read_export(path, limits=ImportLimits(max_line_chars=100_000))


def test_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE HealthData [<!ENTITY e "x">]>'
        '<HealthData><Record type="x" sourceName="&e;"/></HealthData>',
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError, match="declares the entity 'e'"):
        read_export(path)


# --- through the service: nothing stored, no 500 -------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel("2025-06-15T10:00:00+00:00", tick=False):
        yield


@pytest.mark.parametrize(
    "case", ["apple sleep ending in 9999", "apple steps 1e308", "apple steps before birth"]
)
def test_the_api_reports_an_implausible_import_and_stores_nothing(
    ana_client, ana, tmp_path, frozen, case
):
    path = IMPLAUSIBLE[case](tmp_path)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = ana_client.post("/api/imports", {"file": upload})
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "failed"
    assert "Nothing was imported" in job["error"]
    assert not Measure.objects.exists()
    assert ana_client.get("/dashboard/").status_code == 200


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_a_background_import_reports_progress_while_the_worker_reads(ana, tmp_path, settings):
    """With the database queue, the upload is only queued; the worker reads it later."""
    from django.core.management import call_command

    from backcare.progress.import_jobs import start_import

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    content = (FIXTURES / "Daily activity metrics.csv").read_bytes()
    job = start_import(ana, SimpleUploadedFile("Daily activity metrics.csv", content))
    assert (job.status, job.percent) == ("queued", 0)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.percent) == ("done", 100)
    assert job.summary["added"] == Measure.objects.filter(user=ana).count() == 2
    assert not any((tmp_path / "imports").iterdir()), "the upload is removed afterwards"


def test_the_job_page_and_api_are_the_owners_only(client, ana, bo, tmp_path):
    from backcare.progress.models import ImportJob

    job = ImportJob.objects.create(user=ana, file_name="x.zip", folder="", size_bytes=100)
    client.force_login(bo)
    assert client.get(f"/imports/{job.pk}/").status_code == 404
    assert client.get(f"/api/imports/jobs/{job.pk}").status_code == 404
    client.force_login(ana)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Waiting to start: 0% of 100" in page
    assert 'hx-trigger="every 2s"' in page


# --- memory: a 200 MB export, generated on the fly -----------------------------------------

# VmHWM is this process's own peak (ru_maxrss would carry over the parent's from before exec).
MEASURE = """
import re, sys, tracemalloc
from pathlib import Path
from backcare.domain.imports import read_export
tracemalloc.start()
result = read_export(sys.argv[1])
peak = tracemalloc.get_traced_memory()[1]
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)
print(len(result.measures), result.records_read, peak, hwm)
"""


def write_big_export(path: Path, megabytes: int) -> int:
    """Step records (about a fifth) around one 100 MB run of whitespace, as an attacker sends."""
    records, size = 0, 0
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("apple_health_export/export.xml", "w", force_zip64=True) as out,
    ):
        out.write(HEAD.encode())
        while size < megabytes * 1_000_000:
            if records == 60_000:
                for _ in range(100):
                    out.write(b" " * 1_000_000)  # one run of text: never accumulated
                size += 100_000_000
            day = date.fromordinal(date(2015, 1, 1).toordinal() + records // 100)
            block = "".join(STEPS.format(day=day, value=i + 1) for i in range(100)).encode()
            out.write(block + b" " * (len(block) * 3))
            size, records = size + 4 * len(block), records + 100
        out.write(b"</HealthData>\n")
    return records


def test_importing_a_200_mb_export_stays_under_a_fixed_memory_bound(tmp_path):
    archive = tmp_path / "export.zip"
    records = write_big_export(archive, megabytes=200)
    assert archive.stat().st_size < 30_000_000
    found = subprocess.run(
        [sys.executable, "-c", MEASURE, str(archive)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    days, read, python_peak, max_rss_kib = map(int, found)
    assert (read, days) == (records, records // 100)
    assert python_peak < 16_000_000, f"{python_peak / 1e6:.1f} MB of Python objects at the peak"
    assert max_rss_kib < 64_000, f"{max_rss_kib / 1024:.0f} MiB resident at the peak"
