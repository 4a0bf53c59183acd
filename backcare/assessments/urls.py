from django.urls import path

from backcare.assessments import birth, clinician_check_views, views

app_name = "assessments"

urlpatterns = [
    path("assess/", views.start_assessment, name="start"),
    path("assess/so-far/", views.result_so_far, name="so_far"),
    path("assess/<slug:step>/", views.answer_step, name="step"),
    path("assessments/", views.history, name="history"),
    path("assessments/<int:pk>/", views.show_result, name="result"),
    path("assessments/<int:pk>/details/", views.show_details, name="details"),
    path("assessments/<int:pk>/not-sure/", views.recheck_unsure, name="recheck"),
    path(
        "assessments/<int:pk>/clinician-check/",
        clinician_check_views.clinician_check,
        name="clinician_check",
    ),
    path("pregnancy/born/", birth.baby_born, name="baby_born"),
]
