from django.urls import path

from backcare.assessments import views

app_name = "assessments"

urlpatterns: list = []
