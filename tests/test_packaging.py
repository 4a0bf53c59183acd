"""The built wheel carries everything backcare reads at run time: content, templates, static."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "backcare"


def _data_files() -> set[str]:
    """Every non-Python file backcare loads: clinical content, templates and static files."""
    found = set()
    for path in PACKAGE.rglob("*"):
        parts = path.relative_to(PACKAGE).parts
        data = parts[0] == "content" or "templates" in parts or "static" in parts
        if data and path.is_file() and "__pycache__" not in parts:
            found.add(path.relative_to(ROOT).as_posix())
    return found


def _source_copy(target: Path) -> Path:
    """The tracked and new files of the working tree (no stale build/ output)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    archive = target / "source.tar"
    with tarfile.open(archive, "w") as tar:
        for name in listed:
            if (ROOT / name).is_file():
                tar.add(ROOT / name, arcname=name)
    with tarfile.open(archive) as tar:
        tar.extractall(target / "src", filter="data")
    return target / "src"


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory) -> set[str]:  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("wheel")
    source = _source_copy(work)
    dist = work / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("backcare-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_source_has_content_templates_and_static_files():
    files = _data_files()
    assert any(name.startswith("backcare/content/") for name in files)
    assert any("/templates/" in name for name in files)
    assert any("/static/" in name for name in files)


def test_every_content_template_and_static_file_is_in_the_wheel(wheel_files):
    missing = sorted(_data_files() - wheel_files)
    assert not missing, f"not packaged (see [tool.setuptools.package-data]): {missing}"


def test_the_wheel_has_the_command_and_no_tests(wheel_files):
    assert "backcare/cli.py" in wheel_files
    assert not any(name.startswith("tests/") for name in wheel_files)
