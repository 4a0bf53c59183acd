"""Static files are served locally, compressed, from what `backcare serve` collects; each start
compresses only what changed since the last one."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

#: The other apps' folders (the admin's, the API documentation's): backcare's own files are
#: enough to see what the storage does, and compressing the rest takes seconds.
OTHER_APPS = ["admin", "ninja", "django_htmx", "otp_*", "rest_framework"]


def collect(options: dict[str, object] | None = None) -> None:
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=OTHER_APPS,
        **(options or {}),
    )


@pytest.fixture
def static_root(settings, tmp_path) -> Path:
    settings.STATIC_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def source(settings, tmp_path_factory) -> Path:
    """A static files folder of the test's own, collected with backcare's."""
    folder = tmp_path_factory.mktemp("source")
    settings.STATICFILES_DIRS = [folder]
    return folder


def test_collected_assets_are_served_compressed(static_root, db):
    collect()
    response = Client().get("/static/backcare/backcare.css", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" not in response.get("Cache-Control", "")  # names carry no hash


def test_a_second_collection_compresses_nothing_again(static_root):
    collect()
    compressed = [*static_root.rglob("*.gz"), *static_root.rglob("*.br")]
    assert compressed, "the first collection wrote no compressed copies"
    for path in compressed:  # a marker in place of each copy, with the copy's time kept
        kept = path.stat()
        path.write_bytes(b"not compressed again")
        os.utime(path, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    collect()
    assert {path.read_bytes() for path in compressed} == {b"not compressed again"}


def test_a_changed_file_gets_new_compressed_copies(static_root, source):
    (source / "changing.css").write_text("body { color: red; }\n" * 200)
    collect()
    copy = static_root / "changing.css"
    old_gzip = (static_root / "changing.css.gz").read_bytes()

    (source / "changing.css").write_text("main { margin: 0; }\n" * 300)
    later = copy.stat().st_mtime + 5  # a later edit, even where the clock's steps are coarse
    os.utime(source / "changing.css", (later, later))
    collect()
    assert copy.read_text().startswith("main")
    assert (static_root / "changing.css.gz").read_bytes() != old_gzip
    response = Client().get("/static/changing.css", HTTP_ACCEPT_ENCODING="gzip")
    assert b"".join(response.streaming_content).startswith(b"\x1f\x8b")


def test_a_changed_file_that_no_longer_compresses_loses_its_old_copies(static_root, source):
    (source / "shrinking.css").write_text("p { margin: 0; }\n" * 200)
    collect()
    assert (static_root / "shrinking.css.gz").exists()

    (source / "shrinking.css").write_bytes(os.urandom(2000))  # compression would not pay
    later = (static_root / "shrinking.css").stat().st_mtime + 5
    os.utime(source / "shrinking.css", (later, later))
    collect()
    assert not (static_root / "shrinking.css.gz").exists()
    assert not (static_root / "shrinking.css.br").exists()


def test_source_maps_are_not_compressed(static_root, source):
    (source / "app.js.map").write_text('{"mappings": "' + "AAAA;" * 2000 + '"}')
    collect()
    assert (static_root / "app.js.map").exists()
    assert not list(static_root.glob("app.js.map.*"))
