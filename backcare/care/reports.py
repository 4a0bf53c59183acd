"""A linked patient's report, PDF and FHIR Bundle, as their clinician reads them.

The same builders and template as the patient's own report (backcare/exchange), reached
only through ``linking.linked_patient`` so every look is on the patient's access log.
The clinician's copy is named: the patient shared their name with this clinician when they
accepted the link, and a report filed in the clinic's records must say whose it is. The
pseudonym stays the default wherever the patient hands the report to someone unknown
(share links, their own downloads).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from backcare.accounts.models import User
from backcare.care import linking
from backcare.care.templatetags.patient_words import possessive
from backcare.care.told_checks import report_part
from backcare.care.twofactor import clinician_required
from backcare.exchange.diary_source import WarningSignAnswers
from backcare.exchange.fhir_export import fhir_bundle
from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from backcare.exchange.views import download, today_for
from backcare.plans.api import api_references


def clinician_report(patient: User) -> dict[str, Any]:
    report = build_report(patient, today_for(patient), identified=True)
    # A clinician's check the patient told: beside the triage, which it never changes.
    report["clinician_check"] = report_part(patient)
    return report


def clinician_fhir(patient: User) -> dict[str, Any]:
    return fhir_bundle(patient, timezone.now(), identified=True)


def file_stamp(patient: User) -> str:
    """File names carry the patient's id (not their name) and the day of the report."""
    return f"backcare-patient-{patient.pk}-{today_for(patient):%Y-%m-%d}"


def open_patient(request: HttpRequest, patient_id: int, what: str) -> User:
    return linking.linked_patient(request.user, patient_id, what)  # type: ignore[arg-type]


@clinician_required
@require_GET
def patient_report(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = open_patient(request, patient_id, "viewed the report")
    actions = [
        {"url": reverse("care:patient_report_pdf", args=[patient.pk]), "label": "Download PDF"},
        {"url": reverse("care:patient_fhir", args=[patient.pk]), "label": "Download FHIR"},
        {
            "url": reverse("care:patient", args=[patient.pk]),
            "label": f"Back to {possessive(patient)} record",
        },
    ]
    context = {"report": clinician_report(patient), "actions": actions, "idle_watch": True}
    response = TemplateResponse(request, "exchange/report.html", context)
    response["Cache-Control"] = "no-store"
    return response


@clinician_required
@require_GET
def patient_report_pdf(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = open_patient(request, patient_id, "downloaded the report as PDF")
    body = report_pdf(clinician_report(patient))
    return download(body, "application/pdf", f"{file_stamp(patient)}-report.pdf")


@clinician_required
@require_GET
def patient_fhir(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = open_patient(request, patient_id, "downloaded the FHIR Bundle")
    body = json.dumps(clinician_fhir(patient), ensure_ascii=False).encode()
    return download(body, "application/fhir+json", f"{file_stamp(patient)}-fhir.json")


# --- the report as JSON (the API twin of the page) ------------------------------------------


def report_json(report: dict[str, Any]) -> dict[str, Any]:
    """The figures of the report page without its markup (charts become the weekly table)."""
    return {
        "who": report["who"],
        "age": report["age"],
        "sex": report["sex"],
        "today": report["today"],
        "period_start": report["period_start"],
        "standing_facts": report["context"],
        "safety_conditions": report["conditions"],
        "triage": report["triage"],  # the one that stands: a later check-in may outrank
        "clinician_check": report.get("clinician_check"),  # told by the patient, or None
        "back_check": report["back_check"],  # the latest assessment, as it was shown
        "crisis": report["crisis"],
        "crisis_answers": [
            {"taken_at": item.taken_at, "questionnaire": item.title, "answer": item.answer}
            for item in report["crisis_answers"]
        ],
        "more_urgent_since": alert_json(report["since_assessment"]),
        "red_flag_history": [alert_json(alert) for alert in report["alerts"]],
        "red_flag_count": report["alert_count"],
        "checkin_warning_signs": warning_signs_json(report["warning_signs"]),
        "questionnaires": [questionnaire_json(line) for line in report["questionnaires"]],
        "change": report["change_sentence"],
        "weekly_means": report["weeks"],
        "adherence": adherence_json(report["adherence"], report["adherence_start"]),
        "episodes": episodes_json(report["episodes"]),
        "helps": [
            {
                "label": shown.label,
                "mean": shown.effect.mean,
                "ci_low": shown.effect.ci_low,
                "ci_high": shown.effect.ci_high,
                "days": shown.effect.n,  # the unit: each day's ratings averaged
                "ratings": shown.effect.ratings,
            }
            for shown in report["helps"]
        ],
        "plan": plan_json(report["plan"]),
    }


def warning_signs_json(answers: WarningSignAnswers) -> dict[str, Any]:
    """How the check-ins answered their warning-sign questions: a check-in that left them
    unanswered counts in ``checkins`` only, never as a "no"."""
    return {
        "checkins": answers.checkins,
        "since": answers.first_day,
        "answered": answers.answered,
        "yes_or_not_sure": answers.yes_or_not_sure,
        "no_to_all_answered": answers.no_only,
    }


def alert_json(alert: Any) -> dict[str, Any] | None:
    if alert is None:
        return None
    return {
        "when": alert.when,
        "day": getattr(alert, "day", None),  # a check-in's diary day
        "source": alert.source,
        "level": alert.level,
        "level_label": alert.level_label,
        "reasons": list(alert.reasons),
        # Its red-flag answers a later back check changed to "no", as the report says them
        # ("New bladder change: not sure, changed to no at 19:37 in the next back check, ...").
        "changed": list(getattr(alert, "changed", ())),
    }


def questionnaire_json(line: Any) -> dict[str, Any]:
    def compared(comparison: Any) -> dict[str, Any] | None:
        if comparison is None:
            return None
        return {"movement": comparison.movement, "verdict": comparison.verdict}

    return {
        "title": line.title,
        "taken_at": line.taken_at,
        "total": line.total,
        "band": line.band_label,
        "times": line.times,
        "since_last": compared(line.since_last),
        "since_first": compared(line.since_first),
        "crisis": line.crisis,
    }


def adherence_json(adherence: Any, start: date) -> dict[str, Any]:
    return {
        "since": start,
        "days_with_checkin": adherence.done_days,
        "days": adherence.planned_days,
        "percent": adherence.percent,
    }


def episodes_json(episodes: dict[str, Any]) -> dict[str, Any]:
    return {
        "count": episodes["count"],
        "recent": [
            {
                "started_at": item["row"].started_at,
                "ended_at": item["row"].ended_at,
                "severity": item["row"].severity,
                "trigger": item["row"].trigger,
            }
            for item in episodes["recent"]
        ],
    }


def plan_json(plan: dict[str, Any] | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    view = plan["view"]
    return {
        "created_at": plan["row"].created_at,
        "week": view["week"],
        "status": view["status"],
        "items": [
            {
                "title": item.get("title", ""),
                "dose": item.get("dose", ""),
                "grade": item.get("grade", ""),
                "references": [ref["id"] for ref in item["citations"]],
            }
            for item in plan["items"]
        ],
        "stop_rules": [rule.get("text", "") for rule in view["stop_rules"]],
        # The items name their sources by id, as /api/plan does; each is here once in full.
        "references": api_references(plan["references"]),
    }
