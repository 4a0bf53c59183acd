from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "backcare.plans"
    label = "plans"
