from django.urls import path

from backcare.progress import views

app_name = "progress"

urlpatterns: list = []
