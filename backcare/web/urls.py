from django.urls import path

from backcare.web import views

app_name = "web"

urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("home/", views.home, name="home"),
    path("health/", views.health, name="health"),
]
