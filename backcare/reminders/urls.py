from django.urls import path

from backcare.reminders import pwa, views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.settings_page, name="settings"),
    path("reminders/quiet-hours/", views.save_quiet_hours, name="quiet_hours"),
    path("reminders/test/<str:channel>/", views.test_channel, name="test"),
    path("reminders/calendar.ics", views.download, name="download"),
    path("reminders/calendar/link/", views.feed_link, name="feed_link"),
    path("reminders/calendar/<str:token>.ics", views.feed, name="feed"),
    path("reminders/r/<str:token>/", views.respond_view, name="respond"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("reminders/<str:kind>/", views.save_reminder, name="save"),
    path("offline/safety.json", pwa.offline_safety, name="offline_safety"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
]
