"""Who may reach each route: ONE table, keyed by route name (``namespace:name``).

Every route in the URL configuration and every operation in the OpenAPI schema needs a line
here, or tests/hardening/test_access_matrix.py fails. Adding a route is one line, e.g.::

    "reports:pdf": owner(lambda w: {"pk": Report.objects.create(user=w.owner).pk}),

Kinds: ``PUBLIC`` (anyone), ``LOGIN`` (any logged-in person, each sees their own data),
``owner(args)`` (only the person whose object the URL names; others get 404),
``STAFF`` (admin: none of the test personas), ``NOBODY`` (answers no one),
``CLINICIAN`` (a clinician account only), ``SECOND_FACTOR`` (a clinician who has passed the
two-step sign-in: none of the test personas, so no one here; tests/care covers the linked
clinician), ``TOKEN`` (a secret in the URL is the credential: a made-up one answers no one).
``method`` and ``data`` say how to call a page; the owner is called last, so a rule may delete
what it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Args = Callable[[Any], dict[str, Any]]  # World -> URL keyword arguments


def no_args(_world: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Rule:
    kind: str  # public | login | owner | staff
    args: Args = no_args
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)

    def post(self, **data: Any) -> Rule:
        return Rule(self.kind, self.args, "post", data)

    def using(self, method: str) -> Rule:
        return Rule(self.kind, self.args, method, self.data)


PUBLIC = Rule("public")
LOGIN = Rule("login")
STAFF = Rule("staff")  # none of the personas is staff
NOBODY = Rule("nobody")  # answers no one (e.g. the API root without docs)
CLINICIAN = Rule("clinician")
SECOND_FACTOR = Rule("nobody")  # clinician pages: no persona here has a second factor
TOKEN = Rule("nobody", lambda w: {"token": "made-up-token"})


def login(args: Args) -> Rule:
    return Rule("login", args)


def owner(args: Args) -> Rule:
    return Rule("owner", args)


def _checkin(w: Any) -> dict[str, Any]:
    return {"day": w.checkin.day, "moment": w.checkin.moment}


def _api_checkin(w: Any) -> dict[str, Any]:
    return {"day": w.checkin.day.isoformat(), "moment": w.checkin.moment}


def _former_change(w: Any) -> dict[str, Any]:
    """A plan change from a clinician whose account is gone: only its patient may undo it."""
    from backcare.plans.models import Tailoring

    change = Tailoring.objects.create(
        user=w.owner, clinician_name="Dr Gone", kind="walking", walking_minutes=20, reason="x"
    )
    return {"pk": change.pk}


def _instrument(w: Any) -> dict[str, Any]:
    return {"slug": w.response.instrument}


EXERCISE = {"slug": "cat-cow"}
DAY = {"day": date(2025, 6, 1), "moment": "morning"}

RULES: dict[str, Rule] = {
    # --- pages ---------------------------------------------------------------------------
    "web:welcome": PUBLIC,
    "web:home": LOGIN,
    "web:health": PUBLIC,
    "web:warning_signs": PUBLIC,
    "accounts:signup": PUBLIC,
    "accounts:login": PUBLIC,
    # Only after the right password of an account with two-step sign-in on: else the sign-in page.
    "accounts:login_code": NOBODY,
    "accounts:logout": PUBLIC.post(),
    "accounts:profile": LOGIN,
    "accounts:delete": LOGIN,
    "accounts:two_step_on": LOGIN,
    "accounts:two_step_off": LOGIN,
    "accounts:two_step_codes": LOGIN,
    "accounts:confirm_email": TOKEN,
    "accounts:send_confirmation": LOGIN.post(),
    "accounts:cancel_email_change": LOGIN.post(),
    "accounts:sign_out_others": LOGIN.post(),
    "accounts:password_change": LOGIN,
    "accounts:password_change_done": LOGIN,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": Rule("public", lambda w: {"uidb64": "x", "token": "y"}),
    "accounts:password_reset_complete": PUBLIC,
    "assessments:start": LOGIN,
    "assessments:step": login(lambda w: {"step": "where_and_feel"}),
    "assessments:so_far": LOGIN.using("post"),
    "assessments:history": LOGIN,
    "assessments:result": owner(lambda w: {"pk": w.assessment.pk}),
    "assessments:details": owner(lambda w: {"pk": w.assessment.pk}),
    "assessments:recheck": owner(lambda w: {"pk": w.assessment.pk}).using("post"),
    "assessments:clinician_check": owner(lambda w: {"pk": w.assessment.pk}),
    "assessments:baby_born": LOGIN,  # the person's own latest back check only
    "questionnaires:list": LOGIN,
    "questionnaires:take": login(lambda w: {"slug": "nrs"}),
    "questionnaires:result": owner(lambda w: {**_instrument(w), "pk": w.response.pk}),
    "questionnaires:history": login(lambda w: {"slug": "nrs"}),
    "plans:plan": LOGIN,
    "plans:print": LOGIN,
    "plans:progress": LOGIN,
    "plans:preferences": LOGIN,
    "plans:swap": login(lambda w: EXERCISE).post(why="dislike"),
    "plans:toolbox": LOGIN,
    "plans:pin": login(lambda w: EXERCISE).post(),
    "plans:unpin": owner(lambda w: EXERCISE).post(),  # only the owner has it pinned
    "plans:undo_change": owner(_former_change).post(),
    "plans:exercises": PUBLIC,
    "plans:exercise": Rule("public", lambda w: EXERCISE),
    "plans:learn": PUBLIC,
    "plans:article": Rule("public", lambda w: {"slug": w.article}),
    "diary:today": LOGIN,
    "diary:history": LOGIN,
    "diary:edit": login(lambda w: DAY),
    "diary:delete": owner(_checkin).post(),
    "diary:episodes": LOGIN,
    "diary:episode_start": LOGIN.post(),
    "diary:episode_end": owner(lambda w: {"pk": w.episode.pk}).post(),
    "diary:episode_undo": owner(lambda w: {"pk": w.episode.pk}).post(),
    "progress:dashboard": LOGIN,
    "progress:insights": LOGIN,
    "progress:experiments": LOGIN,
    "progress:experiment": owner(lambda w: {"experiment_id": w.experiment.pk}),
    "progress:stop": owner(lambda w: {"experiment_id": w.experiment.pk}).post(),
    "progress:imports": LOGIN,
    "progress:import_job": owner(lambda w: {"job_id": w.import_job.pk}),
    # --- API (one line per operation; the method comes from the OpenAPI schema) -----------
    "api:api-root": NOBODY,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:get_profile": LOGIN,
    "api:update_profile": LOGIN,
    "api:create_assessment": LOGIN,
    "api:list_assessments": LOGIN,
    "api:get_assessment": owner(lambda w: {"assessment_id": w.assessment.pk}),
    "api:list_findings": PUBLIC,
    "api:triage_only": PUBLIC,
    "api:list_instruments": LOGIN,
    "api:get_instrument": login(lambda w: {"slug": "nrs"}),
    "api:create_response": login(lambda w: {"slug": "nrs"}),
    "api:list_responses": login(lambda w: {"slug": "nrs"}),
    "api:get_response": owner(lambda w: {**_instrument(w), "response_id": w.response.pk}),
    "api:get_plan": LOGIN,
    "api:rebuild": LOGIN,
    "api:progress": LOGIN,
    "api:get_preferences": LOGIN,
    "api:put_preferences": LOGIN,
    "api:get_toolbox": LOGIN,
    "api:put_pin": login(lambda w: EXERCISE),
    "api:delete_pin": owner(lambda w: EXERCISE),
    "api:list_exercises": PUBLIC,
    "api:get_exercise": Rule("public", lambda w: EXERCISE),
    "api:list_interventions": PUBLIC,
    "api:list_articles": PUBLIC,
    "api:get_article": Rule("public", lambda w: {"slug": w.article}),
    "api:create_checkin": LOGIN,
    "api:list_checkins": LOGIN,
    "api:put_checkin": login(lambda w: {k: str(v) for k, v in DAY.items()}),
    "api:delete_checkin": owner(_api_checkin),
    "api:start_episode": LOGIN,
    "api:list_episodes": LOGIN,
    "api:end_episode": owner(lambda w: {"episode_id": w.episode.pk}),
    "api:get_episode": owner(lambda w: {"episode_id": w.episode.pk}),
    "api:get_dashboard": LOGIN,
    "api:get_insights": LOGIN,
    "api:list_experiments": LOGIN,
    "api:experiment_choices": LOGIN,
    "api:create_experiment": LOGIN,
    "api:get_experiment": owner(lambda w: {"experiment_id": w.experiment.pk}),
    "api:stop": owner(lambda w: {"experiment_id": w.experiment.pk}),
    "api:list_imports": LOGIN,
    "api:upload_import": LOGIN,
    "api:list_import_jobs": LOGIN,
    "api:get_import_job": owner(lambda w: {"job_id": w.import_job.pk}),
    # --- diary entries, guided sessions, first run ----------------------------------------
    "web:start": LOGIN,
    "web:more": LOGIN,
    "diary:edit_entry": owner(lambda w: {"pk": w.checkin.pk}),
    "diary:delete_entry": owner(lambda w: {"pk": w.checkin.pk}).post(),
    "diary:saved": owner(lambda w: {"pk": w.checkin.pk}),
    "plans:what_about": PUBLIC,
    "plans:picture": Rule("public", lambda w: EXERCISE),
    "plans:session": LOGIN,
    "plans:session_step": owner(lambda w: {"pk": w.session.pk, "position": 1}),
    "plans:session_finish": owner(lambda w: {"pk": w.session.pk}),
    "plans:session_done": owner(lambda w: {"pk": w.session.pk}),
    "api:update_checkin": owner(lambda w: {"checkin_id": w.checkin.pk}).post(
        day="2025-06-10", moment="morning", pain=2
    ),
    "api:delete_checkin_by_id": owner(lambda w: {"checkin_id": w.checkin.pk}),
    "api:list_sessions": LOGIN,
    "api:post_session": LOGIN,
    "api:preview_progress": LOGIN,
    # --- reminders -------------------------------------------------------------------------
    "reminders:settings": LOGIN,
    "reminders:save": login(lambda w: {"kind": "movement"}).post(),
    "reminders:quiet_hours": LOGIN.post(),
    "reminders:test": login(lambda w: {"channel": "email"}).post(),
    "reminders:download": LOGIN,
    "reminders:feed_link": LOGIN.post(),
    "reminders:feed": TOKEN,
    "reminders:respond": TOKEN,
    "reminders:unsubscribe": TOKEN,
    "reminders:service_worker": PUBLIC,
    "reminders:manifest": PUBLIC,
    "reminders:offline_safety": PUBLIC,
    "api:list_reminders": LOGIN,
    "api:add_subscription": LOGIN,
    "api:remove_subscription": LOGIN,
    # --- report, my data, share links ------------------------------------------------------
    "exchange:report": LOGIN,
    "exchange:report_pdf": LOGIN,
    "exchange:my_data": LOGIN,
    "exchange:export_json": LOGIN,
    "exchange:export_csv": LOGIN,
    "exchange:export_fhir": LOGIN,
    "exchange:delete_data": LOGIN,
    "exchange:restore_data": LOGIN.post(),
    "exchange:restore_confirm": LOGIN,
    "exchange:restore_cancel": LOGIN.post(),
    "exchange:share_create": LOGIN.post(),
    "exchange:share_revoke": owner(lambda w: {"pk": w.share_link.pk}).post(),
    "exchange:shared_report": TOKEN,
    "exchange:shared_report_pdf": TOKEN,
    "api:get_export": LOGIN,
    "api:get_fhir": LOGIN,
    "api:list_share_links": LOGIN,
    "api:make_share_link": LOGIN,
    "api:revoke_share_link": owner(lambda w: {"link_id": w.share_link.pk}),
    # --- care team -------------------------------------------------------------------------
    "care:start": LOGIN,
    "care:team": LOGIN,
    "care:join": login(lambda w: {"code": "NOTACODE12"}),  # a made-up code: a clear 422
    "care:revoke": owner(lambda w: {"link_id": w.care_link.pk}).post(),
    "care:access_log_csv": LOGIN,
    "care:setup": CLINICIAN,
    "care:verify": NOBODY,  # a clinician without a device is sent to set one up
    "care:dashboard": SECOND_FACTOR,
    "care:invitations": SECOND_FACTOR,
    "care:cancel_invitation": Rule("nobody", lambda w: {"link_id": 1}).post(),
    "care:still_here": SECOND_FACTOR.post(),
    "care:idle_left": PUBLIC,  # says 0 to anyone but a verified clinician
    "care:new_recovery_codes": SECOND_FACTOR.post(),
    "care:patient": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "care:facts_reviewed": Rule("nobody", lambda w: {"patient_id": w.owner.pk}).post(),
    "care:check_reviewed": Rule("nobody", lambda w: {"patient_id": w.owner.pk}).post(),
    "care:changes_reviewed": Rule("nobody", lambda w: {"patient_id": w.owner.pk}).post(),
    "care:patient_report": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "care:patient_report_pdf": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "care:patient_fhir": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "api:list_patients": SECOND_FACTOR,
    "api:get_patient": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "api:get_patient_report": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "api:get_patient_fhir": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "care:tailor_plan": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "care:tailor_withdraw": Rule(
        "nobody", lambda w: {"patient_id": w.owner.pk, "tailoring_id": 1}
    ).post(),
    "api:get_tailored_plan": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "api:add_plan_change": Rule("nobody", lambda w: {"patient_id": w.owner.pk}).post(
        kind="note", reason="A note"
    ),
    "api:withdraw_plan_change": Rule(
        "nobody", lambda w: {"patient_id": w.owner.pk, "tailoring_id": 1}
    ),
    "api:list_plan_changes": LOGIN,
    "api:undo_plan_change": owner(lambda w: {"tailoring_id": _former_change(w)["pk"]}),
    "api:list_invitations": SECOND_FACTOR,
    "api:create_invitation": SECOND_FACTOR,
    "api:cancel_invitation": Rule("nobody", lambda w: {"link_id": 1}),
    "api:list_links": LOGIN,
    "api:access_log": LOGIN,
    "api:preview_invitation": login(lambda w: {"code": "NOTACODE12"}),
    "api:accept": login(lambda w: {"code": "NOTACODE12"}),
    "api:revoke_link": owner(lambda w: {"link_id": w.care_link.pk}),
    # --- messages (the linked clinician is covered in tests/messaging) ---------------------
    "messaging:inbox": LOGIN,
    "messaging:conversation": owner(lambda w: {"link_id": w.care_link.pk}),
    "messaging:clinician_inbox": SECOND_FACTOR,
    "messaging:clinician_conversation": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "messaging:mark_handled": Rule(
        "nobody", lambda w: {"patient_id": w.owner.pk, "message_id": 1}
    ).post(),
    "api:list_conversations": LOGIN,
    "api:get_conversation": owner(lambda w: {"link_id": w.care_link.pk}),
    "api:send_to_clinician": owner(lambda w: {"link_id": w.care_link.pk}).post(body="Hello"),
    "api:get_patient_messages": Rule("nobody", lambda w: {"patient_id": w.owner.pk}),
    "api:send_to_patient": Rule("nobody", lambda w: {"patient_id": w.owner.pk}).post(body="Hello"),
    "api:mark_message_handled": Rule(
        "nobody", lambda w: {"patient_id": w.owner.pk, "message_id": 1}
    ).post(),
    # --- programme outcomes (a lead with the second factor, or staff: no persona here) ----
    "outcomes:outcomes": SECOND_FACTOR,
    "outcomes:outcomes_csv": SECOND_FACTOR,
    "api:programme_outcomes": SECOND_FACTOR,
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
}

#: Whole families of routes that share one rule (Django's admin: staff only).
PREFIX_RULES: dict[str, Rule] = {"admin:": STAFF}


def rule_for(route: str) -> Rule | None:
    if route in RULES:
        return RULES[route]
    return next((rule for prefix, rule in PREFIX_RULES.items() if route.startswith(prefix)), None)
