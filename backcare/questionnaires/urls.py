from django.urls import path

from backcare.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("questionnaires/", views.questionnaire_list, name="list"),
    path("questionnaires/<slug:slug>/", views.take_questionnaire, name="take"),
    path(
        "questionnaires/<slug:slug>/results/<int:pk>/",
        views.questionnaire_result,
        name="result",
    ),
    path("questionnaires/<slug:slug>/history/", views.questionnaire_history, name="history"),
]
