"""Docs are checked by tests: every setting, command and check id is documented."""

import re
from pathlib import Path

from backcare.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def _all_docs() -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / "docs").glob("*.md")))


def test_every_environment_setting_is_documented():
    source = (ROOT / "backcare" / "settings.py").read_text()
    names = set(re.findall(r'env(?:_bool|_int|_list)?\("([A-Z_]+)"', source))
    assert names, "no settings found: the pattern no longer matches settings.py"
    doc = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in doc)
    assert not missing, f"document these in docs/configuration.md: {missing}"


def test_every_check_id_is_documented():
    ids = set(
        re.findall(r'id="(backcare\.[EW]\d{3})"', (ROOT / "backcare" / "checks.py").read_text())
    )
    doc = (ROOT / "docs" / "configuration.md").read_text()
    assert ids
    assert not sorted(i for i in ids if i not in doc)


def test_every_cli_command_is_documented():
    doc = _all_docs()
    missing = [c for c in COMMANDS if f"`backcare {c}" not in doc]
    assert not missing, f"document these commands in docs/cli.md: {missing}"


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make run") < readme.index("make test") < 1500


def test_every_api_endpoint_is_documented():
    from backcare.api.urls import api

    doc = (ROOT / "docs" / "api.md").read_text()
    missing = [
        f"{method.upper()} {path}"
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
        if f"| {method.upper()} | `{path}` |" not in doc
    ]
    assert not missing, f"document these endpoints in docs/api.md: {missing}"
