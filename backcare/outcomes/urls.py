from django.urls import path

from backcare.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("clinician/outcomes/", views.outcomes, name="outcomes"),
    path("clinician/outcomes.csv", views.outcomes_csv, name="outcomes_csv"),
]
