from django.contrib import admin
from django.urls import include, path

from backcare.api.urls import api

# The API first: its prefix settles in one comparison whether the page patterns below, all
# mounted at the root, need trying at all (URLs resolve in order, on every request).
urlpatterns = [
    path("api/", api.urls),
    path("", include("backcare.web.urls")),
    path("accounts/", include("backcare.accounts.urls")),
    path("", include("backcare.assessments.urls")),
    path("", include("backcare.questionnaires.urls")),
    path("", include("backcare.plans.urls")),
    path("", include("backcare.diary.urls")),
    path("", include("backcare.progress.urls")),
    path("", include("backcare.reminders.urls")),
    path("", include("backcare.exchange.urls")),
    path("", include("backcare.care.urls")),
    path("", include("backcare.messaging.urls")),
    path("", include("backcare.outcomes.urls")),
    path("admin/", admin.site.urls),
]
