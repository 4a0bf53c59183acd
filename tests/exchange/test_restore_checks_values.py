"""Loading an export checks every value as the product's own writers do: a value a column
takes but the check-in API, the episode or reminder rules refuse is a form error naming
the table, row and column, and nothing is stored.

Each case once loaded, or gave a 500: 1e308 hours of sleep, 10^12 steps, a note of 100,000
characters, an unknown safety answer or level, a list where the triage result belongs (after
which the check-ins API failed until all data was deleted), ``Infinity`` in a whole-number
column, a NUL character (PostgreSQL refuses it), a movement break every 0 minutes (the
reminders page failed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError

from backcare.diary.models import ActivityRating, CheckIn
from backcare.exchange import data_import
from backcare.exchange.data_export import export_csv_zip, export_data
from backcare.exchange.data_import import ExportFileError, read_export, restore
from backcare.exchange.tables import TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_restore_checks import rewrite

Change = Callable[[dict[str, Any]], None]


def nothing_stored(user) -> bool:  # type: ignore[no-untyped-def]
    return all(not found.rows(user.pk).exists() for found in TABLES)


def first(table: str, **values: object) -> Change:
    return lambda document: document["tables"][table][0].update(values)


@pytest.fixture
def document(ana, frozen) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from backcare.reminders.service import reminders_for

    seed_patient(ana)
    reminders_for(ana)
    return json.loads(json.dumps(export_data(ana, NOW)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # What the check-in API refuses (checkins.LIMITS, notes, safety, ratings).
        (first("checkins", sleep_hours=1e308), "sleep_hours: must be a number from 0 to 24"),
        (first("checkins", sleep_hours=-5), "sleep_hours: must be a number from 0 to 24"),
        (first("checkins", sleep_hours=float("nan")), r"sleep_hours: must be a number, got nan"),
        (first("checkins", sleep_hours=float("inf")), r"sleep_hours: must be a number, got inf"),
        (first("checkins", steps=300_000), "steps: must be a whole number from 0 to 200000"),
        (first("checkins", water_litres=21), "water_litres: must be a number from 0 to 20"),
        (first("checkins", notes="n" * 2001), "notes: must be at most 2,000 characters"),
        (first("checkins", safety={"no_such_finding": "perhaps"}),
         "column safety.no_such_finding: must be one of yes, no, not_sure; got 'perhaps'"),
        (first("checkins", safety={"fever": "perhaps"}), "column safety.fever: "),
        (first("checkins", safety="fever"), "column safety: must be an object"),
        (first("checkins", safety_level="apocalypse"),
         "column safety_level: must be one of emergency, urgent, soon, self_care, or empty"),
        (first("checkins", safety_result=[1, 2, 3]),
         r"column safety_result: must be an object \(\{...\}\), got a list"),
        (first("checkins", sleep_position="upside_down"), "column sleep_position: must be one of"),
        (first("activity_ratings", item="no such exercise"),
         "activity_ratings row 1: item: Enter a valid “slug”"),
        (first("activity_ratings", relief=11),
         "activity_ratings row 1, column relief: must be a whole number from 0 to 10"),
        # Text and JSON the database cannot hold.
        (first("checkins", notes="a\x00b"), "column notes: must not contain NUL characters"),
        (first("checkins", notes="a\ud800b"), "column notes: must not contain lone UTF-16"),
        (first("checkins", safety={"fever": "\x00"}),
         "column safety: fever: must not contain NUL characters"),
        (first("plans", body={"note": "\udfff"}),
         "plans row 1, column body: note: must not contain lone UTF-16 surrogates"),
        (first("episodes", trigger="lift\x00ing"), "episodes row 1, column trigger: must not"),
        # Other tables: values that would break a page later.
        (first("assessments", result=[1]), "assessments row 1, column result: must be an object"),
        (first("assessments", findings="yes"), "assessments row 1, column findings: must be an"),
        (first("questionnaire_responses", answers=[1]),
         "questionnaire_responses row 1, column answers: must be an object"),
        (first("plan_preferences", equipment="mat"),
         r"plan_preferences row 1, column equipment: must be a list \(\[...\]\), got text"),
        (first("episodes", notes="x" * 2001), "episodes row 1, column notes: must be at most"),
        (first("episodes", severity=11), "episodes row 1, column severity: must be a whole number"),
        (first("experiments", days=30000), "experiments row 1, column days: days must be from"),
        (first("experiments", outcome="nonsense"), "experiments row 1, column outcome: must be"),
        (first("reminders", every_minutes=0), "reminders row 1, column every_minutes: must be 15"),
        (first("reminders", workdays="mon"), "reminders row 1, column workdays: must list days"),
        (first("reminders", weekday=12), r"reminders row 1, column weekday: must be 0 \(Monday\)"),
        (first("measures", value=float("-inf")), "measures row 1, column value: must be a number"),
        # Values of another kind than their column's.
        (first("checkins", day={"a": 1}), r"column day: \{'a': 1\} cannot be read as a day"),
        (first("checkins", recorded_at=[1]), r"column recorded_at: \[1\] cannot be read as a date"),
        (first("checkins", sleep_hours=10**400), r"sleep_hours: 1000.*\.\.\. cannot be read"),
        (first("checkins", notes={"a": 1}), r"column notes: must be text, got \{'a': 1\}"),
        (first("reminders", at=[8, 30]), r"reminders row 1, column at: \[8, 30\] cannot be read"),
        # The profile.
        (lambda d: d["profile"].update(year_of_birth=float("inf")),
         "profile, year_of_birth: must be a number, got inf"),
        (lambda d: d["profile"].update(display_name="A\x00na"),
         "profile, display_name: must not contain NUL characters"),
        (lambda d: d["profile"].update(time_zone=["UTC"]),
         r"profile, time_zone: must be text, got \['UTC'\]"),
    ],
)  # fmt: skip
def test_a_value_the_product_refuses_is_refused_with_its_place(ana, document, change, message):
    change(document)
    fresh = make_user("ana2", display_name="Kept")
    with pytest.raises(ExportFileError, match=message):
        restore(fresh, document)
    assert nothing_stored(fresh)
    fresh.refresh_from_db()
    assert fresh.display_name == "Kept"


LOST = "Nothing was loaded: "  # the page says so first
ROW = LOST + "checkins row 1, column "


@pytest.mark.parametrize(
    ("literal", "message"),
    [
        ('"pain": Infinity', ROW + "pain: must be a number, got inf"),
        ('"pain": -Infinity', ROW + "pain: must be a number, got -inf"),
        ('"pain": 1e400', ROW + "pain: must be a number, got inf"),
        ('"sleep_hours": NaN', ROW + "sleep_hours: must be a number, got nan"),
        ('"year_of_birth": Infinity', LOST + "profile, year_of_birth: must be a number, got inf"),
        ('"notes": "a\\u0000b"', ROW + "notes: must not contain NUL"),
        ('"notes": "a\\ud83db"', ROW + "notes: must not contain lone UTF-16"),
        ('"pain": 1' + "0" * 5000, LOST + "b.json is not valid JSON (Exceeds the limit (4300"),
    ],
)
def test_the_page_names_the_place_of_a_value_json_allows_and_no_column_holds(
    ana, document, literal, message
):
    """Python's JSON reader takes Infinity, NaN and escaped NUL or surrogates; the page
    answers with a form error, not a server error, on SQLite and PostgreSQL alike."""
    first_checkin = document["tables"]["checkins"][0]
    first_checkin.update(pain=4, sleep_hours=7.5, notes="")
    text = json.dumps(document)
    key = literal.split(":")[0]
    stock = {'"pain"': '"pain": 4', '"sleep_hours"': '"sleep_hours": 7.5', '"notes"': '"notes": ""'}
    stock['"year_of_birth"'] = f'"year_of_birth": {document["profile"]["year_of_birth"]}'
    assert stock[key] in text
    raw = text.replace(stock[key], literal, 1).encode()
    fresh = make_user("ana2", display_name="Kept")
    from django.test import Client

    client = Client()
    client.force_login(fresh)
    response = client.post("/my-data/restore/", {"file": SimpleUploadedFile("b.json", raw)})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert nothing_stored(fresh)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (b"nan", "checkins row 1, column sleep_hours: must be a number, got nan"),
        (b"inf", "checkins row 1, column sleep_hours: must be a number, got inf"),
        (b"-Infinity", "checkins row 1, column sleep_hours: must be a number, got -inf"),
        (b"25", "checkins row 1, column sleep_hours: must be a number from 0 to 24"),
    ],
)
def test_a_csv_number_that_is_not_finite_or_in_range_is_refused(
    ana, frozen, tmp_path, cell, message
):
    from backcare.diary.models import CheckIn

    seed_patient(ana)
    CheckIn.objects.filter(user=ana).update(sleep_hours=7.5)
    data = export_csv_zip(ana, NOW)
    path = tmp_path / "export.zip"
    path.write_bytes(
        rewrite(data, {"checkins.csv": lambda b: b.replace(b",7.5,", b"," + cell + b",", 1)})
    )
    fresh = make_user("ana2")
    with pytest.raises(ExportFileError, match=message):
        restore(fresh, read_export(path))
    assert nothing_stored(fresh)


def test_a_value_the_database_refuses_is_a_form_error_too(ana, document, monkeypatch):
    """Whatever the checks before it miss, the database's refusal names the table."""
    from backcare.diary.models import SpasmEpisode

    real = SpasmEpisode.objects.bulk_create

    def refuse(*args: object, **kwargs: object) -> object:
        raise DataError("value out of range")

    monkeypatch.setattr(SpasmEpisode.objects, "bulk_create", refuse)
    fresh = make_user("ana2")
    with pytest.raises(ExportFileError, match=r"^episodes: the database cannot store a value"):
        restore(fresh, document)
    assert nothing_stored(fresh)
    monkeypatch.setattr(SpasmEpisode.objects, "bulk_create", real)
    assert data_import.restore(fresh, document).rows["episodes"] == 1


def test_a_restored_account_reads_back_through_the_api(ana, document):
    """Every check-in that loads is one the check-ins API can list."""
    from django.test import Client

    fresh = make_user("ana2")
    restore(fresh, document)
    client = Client()
    client.force_login(fresh)
    response = client.get("/api/checkins?start=2026-01-01&end=2026-03-20")
    assert response.status_code == 200
    assert len(response.json()) == len(document["tables"]["checkins"])
    assert client.get("/reminders/").status_code == 200
    assert client.get("/experiments/").status_code == 200


def test_history_outlives_the_catalogue(ana, document):
    """An exercise since left out of the catalogue, or a question no longer asked at
    check-in, is the person's history: it loads, and the pages that read it still work."""
    first("activity_ratings", item="an-exercise-since-retired")(document)
    first("checkins", safety={"a_question_no_longer_asked": "yes", "fever": "no"})(document)
    fresh = make_user("ana2")
    restore(fresh, document)
    assert ActivityRating.objects.filter(
        checkin__user=fresh, item="an-exercise-since-retired"
    ).exists()
    assert CheckIn.objects.filter(
        user=fresh, safety={"a_question_no_longer_asked": "yes", "fever": "no"}
    ).exists()
    from django.test import Client

    client = Client()
    client.force_login(fresh)
    for path in ("/api/checkins?start=2026-01-01&end=2026-03-20", "/insights/", "/dashboard/",
                 "/diary/history/"):  # fmt: skip
        assert client.get(path).status_code == 200, path
