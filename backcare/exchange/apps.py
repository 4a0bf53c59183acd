from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "backcare.exchange"
    label = "exchange"
    verbose_name = "Reports and data exchange"
