from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "backcare.questionnaires"
    label = "questionnaires"
