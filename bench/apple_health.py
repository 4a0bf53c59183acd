"""A synthetic Apple Health export with minute-level data, shaped like the real export.zip.

    python -m bench.apple_health export.zip [--days 365]

Per day: a heart rate every minute (1,440, each with its motion-context metadata, from the
watch), steps for every waking minute with movement (from the phone), and the night's sleep
as one-minute stage segments (from the watch), plus an "in bed" record. A year holds over
a million records. Records come grouped by type, in time order, as Apple writes them.
"""

from __future__ import annotations

import argparse
import random
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

MEMBER = "apple_health_export/export.xml"
WATCH = 'sourceName="Ana’s Apple Watch" sourceVersion="10.4"'
PHONE = 'sourceName="Ana’s iPhone" sourceVersion="17.4"'
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x28310a1c0&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,1, software:10.4&gt;"
)
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate value CDATA #REQUIRED>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry key CDATA #REQUIRED value CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="{now}"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1985-04-12" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>
"""  # noqa: E501 - one line, as in the real file
STAGES = ("AsleepCore", "AsleepCore", "AsleepDeep", "AsleepREM", "Awake")


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S +0000")


def heart_rates(first: date, days: int, rng: random.Random) -> Iterator[str]:
    for minute in _minutes(first, days):
        start, end = stamp(minute), stamp(minute + timedelta(seconds=5))
        bpm = 58 + (minute.hour - 3) % 24 + rng.randint(0, 30)
        yield (
            f' <Record type="HKQuantityTypeIdentifierHeartRate" {WATCH} '
            f'device="{WATCH_DEVICE}" unit="count/min" creationDate="{end}" '
            f'startDate="{start}" endDate="{end}" value="{bpm}">\n'
            '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n'
            " </Record>\n"
        )


def steps(first: date, days: int, rng: random.Random) -> Iterator[str]:
    for minute in _minutes(first, days):
        if not 7 <= minute.hour < 23 or rng.random() < 0.35:
            continue  # asleep, or sitting still
        start, end = stamp(minute), stamp(minute + timedelta(minutes=1))
        yield (
            f' <Record type="HKQuantityTypeIdentifierStepCount" {PHONE} unit="count" '
            f'creationDate="{end}" startDate="{start}" endDate="{end}" '
            f'value="{rng.randint(1, 110)}"/>\n'
        )


def sleep(first: date, days: int, rng: random.Random) -> Iterator[str]:
    kind = "HKCategoryTypeIdentifierSleepAnalysis"
    for day in range(days):
        bedtime = datetime.combine(first + timedelta(day), datetime.min.time(), UTC) - timedelta(
            hours=1, minutes=rng.randint(0, 60)
        )
        minutes = rng.randint(380, 500)
        wake = bedtime + timedelta(minutes=minutes)
        yield (
            f' <Record type="{kind}" {PHONE} creationDate="{stamp(wake)}" '
            f'startDate="{stamp(bedtime)}" endDate="{stamp(wake)}" '
            'value="HKCategoryValueSleepAnalysisInBed"/>\n'
        )
        for offset in range(minutes):
            start = bedtime + timedelta(minutes=offset)
            stage = STAGES[(offset // 30 + rng.randint(0, 1)) % len(STAGES)]
            yield (
                f' <Record type="{kind}" {WATCH} creationDate="{stamp(wake)}" '
                f'startDate="{stamp(start)}" endDate="{stamp(start + timedelta(minutes=1))}" '
                f'value="HKCategoryValueSleepAnalysis{stage}"/>\n'
            )


def _minutes(first: date, days: int) -> Iterator[datetime]:
    moment = datetime.combine(first, datetime.min.time(), UTC)
    for _ in range(days * 24 * 60):
        yield moment
        moment += timedelta(minutes=1)


def write_export(path: Path, first: date, days: int, seed: int = 12) -> int:
    """Write export.zip (deflated, as the Health app does) and return the records written."""
    rng = random.Random(seed)
    records = 0
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(MEMBER, "w", force_zip64=True) as out,
    ):
        out.write(
            HEADER.format(now=stamp(datetime.combine(first, datetime.min.time(), UTC))).encode()
        )
        buffer: list[str] = []
        for source in (heart_rates, steps, sleep):
            for record in source(first, days, rng):
                buffer.append(record)
                if len(buffer) == 2000:
                    out.write("".join(buffer).encode())
                    buffer.clear()
                records += 1
        out.write(("".join(buffer) + "</HealthData>\n").encode())
    return records


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.apple_health", description=__doc__)
    parser.add_argument("path", type=Path, help="where to write the export.zip")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--first", type=date.fromisoformat, default=date(2025, 1, 1))
    args = parser.parse_args()
    count = write_export(args.path, args.first, args.days)
    print(f"{args.path}: {count:,} records, {args.path.stat().st_size / 1e6:.1f} MB zipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
