from django.urls import path

from backcare.questionnaires import views

app_name = "questionnaires"

urlpatterns: list = []
