from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "backcare.assessments"
    label = "assessments"
