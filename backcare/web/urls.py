from django.urls import path

from backcare.web import views

app_name = "web"

urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("home/", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("more/", views.more, name="more"),
    path("warning-signs/", views.warning_signs, name="warning_signs"),
    path("health/", views.health, name="health"),
]
