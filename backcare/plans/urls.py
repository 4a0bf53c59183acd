from django.urls import path

from backcare.plans import views

app_name = "plans"

urlpatterns: list = []
