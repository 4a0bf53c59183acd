from django.urls import path

from backcare.progress import views

app_name = "progress"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("insights/", views.insights, name="insights"),
    path("experiments/", views.experiments, name="experiments"),
    path("experiments/<int:experiment_id>/", views.experiment, name="experiment"),
    path("experiments/<int:experiment_id>/stop", views.stop, name="stop"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:job_id>/", views.import_job, name="import_job"),
]
