from django.urls import path

from backcare.care import reports, tailor_views, twofactor, views

app_name = "care"

urlpatterns = [
    path("signed-in/", views.start, name="start"),
    path("clinician/", views.dashboard, name="dashboard"),
    path("clinician/two-factor/setup/", twofactor.setup, name="setup"),
    path("clinician/two-factor/verify/", twofactor.verify, name="verify"),
    path(
        "clinician/two-factor/recovery-codes/",
        twofactor.new_recovery_codes,
        name="new_recovery_codes",
    ),
    path("clinician/invitations/", views.invitations, name="invitations"),
    path(
        "clinician/invitations/<int:link_id>/cancel/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
    path("clinician/still-here/", views.still_here, name="still_here"),
    path("clinician/idle-left/", views.idle_left, name="idle_left"),
    path("clinician/patients/<int:patient_id>/", views.patient_detail, name="patient"),
    path(
        "clinician/patients/<int:patient_id>/facts-reviewed/",
        views.facts_reviewed,
        name="facts_reviewed",
    ),
    path(
        "clinician/patients/<int:patient_id>/check-reviewed/",
        views.check_reviewed,
        name="check_reviewed",
    ),
    path(
        "clinician/patients/<int:patient_id>/changes-reviewed/",
        views.changes_reviewed,
        name="changes_reviewed",
    ),
    path(
        "clinician/patients/<int:patient_id>/report/",
        reports.patient_report,
        name="patient_report",
    ),
    path(
        "clinician/patients/<int:patient_id>/report.pdf",
        reports.patient_report_pdf,
        name="patient_report_pdf",
    ),
    path(
        "clinician/patients/<int:patient_id>/fhir.json", reports.patient_fhir, name="patient_fhir"
    ),
    path(
        "clinician/patients/<int:patient_id>/plan/",
        tailor_views.tailor_plan,
        name="tailor_plan",
    ),
    path(
        "clinician/patients/<int:patient_id>/plan/changes/<int:tailoring_id>/withdraw/",
        tailor_views.withdraw,
        name="tailor_withdraw",
    ),
    path("care/", views.care_team, name="team"),
    path("care/join/<str:code>/", views.join, name="join"),
    path("care/links/<int:link_id>/revoke/", views.revoke, name="revoke"),
    path("care/access-log.csv", views.access_log_csv, name="access_log_csv"),
]
