from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "backcare.diary"
    label = "diary"
