"""Web shell: base templates, the stylesheet, the welcome and home pages."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "backcare.web"
    label = "web"

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib import admin

        admin.site.site_header = f"{settings.SITE_NAME} administration"
        admin.site.site_title = f"{settings.SITE_NAME} admin"
        admin.site.index_title = "Records and settings"
