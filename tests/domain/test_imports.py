"""Steps and sleep from Apple Health, Google Fit, Health Connect and Fitbit exports."""

from __future__ import annotations

import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from backcare.domain.imports import ImportFormatError, read_export

FIXTURES = Path(__file__).parent / "fixtures"
APPLE_XML = (FIXTURES / "apple_export.xml").read_text(encoding="utf-8")
WATCH, PHONE = "apple_health:Ana’s Apple Watch", "apple_health:Ana’s iPhone"

# Expected values are worked out by hand from the fixture files (see their comments/rows).
APPLE = [
    (date(2024, 1, 1), "steps", 2400.0, WATCH),  # watch 1500+900 beats phone 1200+800+100
    (date(2024, 1, 2), "sleep_hours", 7.75, WATCH),  # 0.75+2+1.5+3 asleep, REM twice, +0.5 nap
    (date(2024, 1, 2), "steps", 3000.0, PHONE),  # phone 3000 beats watch 2500
    (date(2024, 1, 3), "sleep_hours", 0.5, WATCH),  # 19:00 nap counts towards the next night
]


def measures(path: Path) -> list[tuple[date, str, float, str]]:
    return [(m.day, m.kind, m.value, m.source) for m in read_export(path).measures]


def write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "export", "expected"),
    [
        ("apple_export.xml", "apple_health", APPLE),
        (
            "Daily activity metrics.csv",
            "google_fit",
            [
                (date(2024, 2, 1), "steps", 5321.0, "google_fit"),
                (date(2024, 2, 3), "steps", 7012.0, "google_fit"),
            ],
        ),
        (
            "HealthConnectAggregates_StepsHourly_20250910-20250912.csv",
            "health_connect_steps",
            [
                (date(2025, 9, 10), "steps", 4000.0, "health_connect_steps"),  # 300+1200+2500
                (date(2025, 9, 11), "steps", 800.0, "health_connect_steps"),
            ],
        ),
        (
            "HealthConnectRecords_Sleep_20250910-20250912.csv",
            "health_connect_sleep",
            [
                # Fitbit's 7.5 h session beats Samsung Health's 7 h for the same night.
                (
                    date(2025, 9, 11),
                    "sleep_hours",
                    7.5,
                    "health_connect_sleep:com.fitbit.FitbitMobile",
                ),
                (
                    date(2025, 9, 12),
                    "sleep_hours",
                    6.5,
                    "health_connect_sleep:com.fitbit.FitbitMobile",
                ),
            ],
        ),
        (
            "fitbit_export_20240131.csv",
            "fitbit",
            [
                (date(2024, 1, 30), "steps", 10234.0, "fitbit"),
                (date(2024, 1, 31), "sleep_hours", 7.37, "fitbit"),  # (402 + 40) / 60
                (date(2024, 1, 31), "steps", 6012.0, "fitbit"),
            ],
        ),
    ],
)
def test_each_export_reads_into_daily_totals(
    file_name: str, export: str, expected: list[object]
) -> None:
    result = read_export(FIXTURES / file_name)
    assert result.format == export
    assert [(m.day, m.kind, m.value, m.source) for m in result.measures] == expected
    assert result.records_skipped == 0


@pytest.mark.parametrize(
    "member",
    ["apple_health_export/export.xml", "export.xml", "apple_health_export/exportar.xml"],
)
def test_apple_zip_is_read_whatever_the_member_is_called(tmp_path: Path, member: str) -> None:
    members = {member: APPLE_XML, "apple_health_export/export_cda.xml": "<ClinicalDocument/>"}
    archive = write_zip(tmp_path / "export.zip", members)
    result = read_export(archive)
    assert result.format == "apple_health"
    assert measures(archive) == APPLE


def test_google_takeout_zip_is_read(tmp_path: Path) -> None:
    csv_text = (FIXTURES / "Daily activity metrics.csv").read_text(encoding="utf-8")
    member = "Takeout/Fit/Daily activity metrics/Daily activity metrics.csv"
    archive = write_zip(tmp_path / "takeout-20240204.zip", {member: csv_text})
    assert [m.value for m in read_export(archive).measures] == [5321.0, 7012.0]


def test_importing_twice_gives_identical_unique_rows(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "export.zip", {"apple_health_export/export.xml": APPLE_XML})
    first, second = read_export(archive), read_export(archive)
    assert first == second
    keys = [(m.day, m.kind) for m in first.measures]
    assert keys == sorted(set(keys))


def test_a_sleep_segment_longer_than_a_day_is_skipped_and_counted(tmp_path: Path) -> None:
    glitch = (
        ' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Ring" '
        'startDate="2024-01-05 22:00:00 +0100" endDate="2024-01-07 07:00:00 +0100" '
        'value="HKCategoryValueSleepAnalysisAsleepCore"/>\n</HealthData>'
    )
    path = tmp_path / "export.xml"
    path.write_text(APPLE_XML.replace("</HealthData>", glitch), encoding="utf-8")
    result = read_export(path)
    assert result.records_skipped == 1
    assert [(m.day, m.kind, m.value, m.source) for m in result.measures] == APPLE


def test_progress_reports_growing_byte_counts_up_to_the_file_size(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    write_apple_export(archive, megabytes=3, compress=False)
    seen: list[int] = []
    read_export(archive, progress=seen.append)
    assert len(seen) >= 3
    assert seen == sorted(seen)
    assert seen[-1] == archive.stat().st_size


# --- malformed files ------------------------------------------------------------------------


def truncated_xml(path: Path) -> Path:
    path.write_text(APPLE_XML[: APPLE_XML.index("<Correlation")], encoding="utf-8")
    return path


def xml_with(old: str, new: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_text(APPLE_XML.replace(old, new, 1), encoding="utf-8")
        return path

    return build


def text_file(text: str, name: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        target = path.with_name(name)
        target.write_text(text, encoding="utf-8")
        return target

    return build


def binary_file(data: bytes, name: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        target = path.with_name(name)
        target.write_bytes(data)
        return target

    return build


def zip_without_export(path: Path) -> Path:
    return write_zip(path.with_name("export.zip"), {"notes/readme.txt": "hello"})


def damaged_zip(path: Path) -> Path:
    archive = write_zip(path.with_name("export.zip"), {"apple_health_export/export.xml": APPLE_XML})
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 40] = bytes(40)
    archive.write_bytes(bytes(data))
    return archive


def entity_bomb(path: Path) -> Path:
    """Nested entities that would expand to gigabytes; expat refuses to amplify them."""
    entities = ['<!ENTITY e0 "' + "a" * 80 + '">']
    entities += [f'<!ENTITY e{i} "' + f"&e{i - 1};" * 20 + '">' for i in range(1, 7)]
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n' + "\n".join(entities) + "\n]>\n"
        '<HealthData><Record type="x" sourceName="&e6;"/></HealthData>\n',
        encoding="utf-8",
    )
    return path


GOOGLE_HEADER = "Date,Move Minutes count,Step count\n"
HC_SLEEP = "HealthConnectRecords_Sleep_20250910-20250912.csv"
HC_SLEEP_HEADER = "HealthConnectRecordKey,ParticipantIdentifier,StartTime,EndTime\n"
HC_STEPS_HEADER = "ParticipantIdentifier,StartTime,EndTime,MetricName,Value\n"
HC_TWO_PEOPLE = (
    "A,2025-09-10T08:00:00,x,Steps_count_total,3\nB,2025-09-10T09:00:00,x,Steps_count_total,3\n"
)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (truncated_xml, "line"),
        (entity_bomb, "not well-formed"),
        (xml_with("<HealthData locale", "<Health locale"), "expected <HealthData>"),
        (xml_with('value="1200"', 'value="lots"'), "Record #1 (HKQuantityTypeIdentifierStepCount)"),
        (xml_with('value="1200"', 'value="-5"'), "0 or more"),
        (xml_with('startDate="2024-01-01 08:55:00 +0100" ', ""), "'startDate' is missing"),
        (xml_with('startDate="2024-01-01 23:00:00 +0100"', 'startDate="yesterday"'), "startDate"),
        (
            xml_with('endDate="2024-01-01 23:45:00 +0100"', 'endDate="2024-01-01 22:00:00 +0100"'),
            "before",
        ),
        (text_file("not a zip at all", "export.zip"), "not a valid zip archive"),
        (zip_without_export, "neither apple_health_export/export.xml"),
        (damaged_zip, "damaged"),
        (text_file("", "empty.csv"), "empty"),
        (binary_file(b"\xff\xfe\x00garbage\x00\x81", "data.csv"), "not UTF-8"),
        (text_file("a,b,c\n1,2,3\n", "other.csv"), "not a recognised export"),
        (text_file("Date,Steps total\n2024-01-01,3\n", "steps.csv"), "not a recognised export"),
        (
            text_file(GOOGLE_HEADER + "01/02/2024,3,500\n", "g.csv"),
            "line 2: 'Date' must start with a date",
        ),
        (
            text_file(GOOGLE_HEADER + "2024-01-02,3,many\n", "g.csv"),
            "line 2: 'Step count' must be a number",
        ),
        (text_file(GOOGLE_HEADER + "2024-01-02,3\n", "g.csv"), "has 2 fields but the header has 3"),
        (text_file(GOOGLE_HEADER + "2024-01-02,3,5\n2024-01-02,3,5\n", "g.csv"), "appears twice"),
        (text_file('Date,Step count\n"2024-01-02,5\n', "g.csv"), "line"),
        (
            text_file(HC_STEPS_HEADER + HC_TWO_PEOPLE, "h.csv"),
            "several participants",
        ),
        (
            text_file(HC_SLEEP_HEADER + "k,A,2025-09-10T23:00:00,2025-09-11T06:00:00\n", HC_SLEEP),
            "time zone offset",
        ),
        (
            text_file(
                HC_SLEEP_HEADER + "k,A,2025-09-11T06:00:00Z,2025-09-10T23:00:00Z\n", HC_SLEEP
            ),
            "before StartTime",
        ),
        (
            text_file("Body\nDate,Weight\n2024-01-01,70\n", "fitbit_export.csv"),
            "no 'Activities' or 'Sleep'",
        ),
        (
            text_file("Activities\nDate,Calories Burned\n2024-01-01,70\n", "fitbit_export.csv"),
            "line 2: missing column(s) 'Steps'",
        ),
        (
            text_file(
                "Sleep\nStart Time,End Time,Minutes Asleep\n2024-01-01 11PM,2024-01-02 7AM,400\n",
                "fitbit_export.csv",
            ),
            "'End Time' must look like",
        ),
    ],
)
def test_a_malformed_file_is_rejected_with_a_clear_message(
    tmp_path: Path, build: Callable[[Path], Path], message: str
) -> None:
    path = build(tmp_path / "export.xml")
    with pytest.raises(ImportFormatError) as error:
        read_export(path)
    assert path.name in str(error.value)
    assert message in str(error.value)


def test_an_export_without_steps_or_sleep_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "Daily activity metrics.csv"
    path.write_text(GOOGLE_HEADER + "2024-01-01,30,\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="no step or sleep data"):
        read_export(path)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="file not found"):
        read_export(tmp_path / "nope.zip")


# --- bounded memory -----------------------------------------------------------------------

STEP = (
    ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ana’s iPhone" '
    'sourceVersion="17.2" device="&lt;&lt;HKDevice: 0x283e3c0f0&gt;, name:iPhone, '
    'manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.2&gt;" '
    'unit="count" creationDate="{day} 10:{m:02d}:30 +0100" startDate="{day} 10:{m:02d}:00 +0100" '
    'endDate="{day} 10:{m:02d}:50 +0100" value="{value}"/>\n'
)


def write_apple_export(path: Path, megabytes: float, compress: bool = True) -> int:
    """A synthetic export.zip of about ``megabytes`` of XML; returns the number of step records."""
    head = APPLE_XML[: APPLE_XML.index(" <Record")]
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    count, size = 0, len(head)
    with (
        zipfile.ZipFile(path, "w", method, compresslevel=1) as archive,
        archive.open("apple_health_export/export.xml", "w") as out,
    ):
        out.write(head.encode())
        while size < megabytes * 1_000_000:
            day = date.fromordinal(date(2020, 1, 1).toordinal() + count // 600).isoformat()
            chunk = "".join(STEP.format(day=day, m=i % 60, value=i + 1) for i in range(600))
            out.write(chunk.encode())
            size, count = size + len(chunk), count + 600
        out.write(b"</HealthData>\n")
    return count


def peak_memory_reading(path: Path) -> tuple[int, float]:
    tracemalloc.start()
    try:
        result = read_export(path)
        return len(result.measures), tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_export_grows(tmp_path: Path) -> None:
    small, large = tmp_path / "small.zip", tmp_path / "large.zip"
    write_apple_export(small, megabytes=1)
    records = write_apple_export(large, megabytes=4)
    days_small, peak_small = peak_memory_reading(small)
    days_large, peak_large = peak_memory_reading(large)
    assert days_large == records // 600 > days_small
    assert peak_large < 30  # megabytes; about 0.3 here, for 4 MB of XML
    assert peak_large < 1.5 * peak_small + 0.5  # grows with the days kept, not with the file
