from django.urls import path

from backcare.diary import views

app_name = "diary"

urlpatterns: list = []
