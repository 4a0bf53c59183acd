"""Static files are served locally, compressed, from what `backcare serve` collects."""

from django.core.management import call_command
from django.test import Client


def test_collected_assets_are_served_compressed(settings, tmp_path, db):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    response = Client().get("/static/backcare/backcare.css", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" not in response.get("Cache-Control", "")  # names carry no hash
