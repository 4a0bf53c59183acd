from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "backcare.messaging"
    label = "messaging"
    verbose_name = "Messages"
