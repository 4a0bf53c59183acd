from django.apps import AppConfig
from django.db.models.signals import post_delete


class ProgressConfig(AppConfig):
    name = "backcare.progress"
    label = "progress"

    def ready(self) -> None:
        from backcare.progress.import_jobs import forget_upload

        # However an import job's row goes (deleting the data, the account, the admin), the
        # uploaded export goes with it: the worker could no longer find it by the row.
        post_delete.connect(forget_upload, sender="progress.ImportJob")
