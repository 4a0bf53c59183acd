"""The shape of the code is kept honest by tests."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DOMAIN = Path(__file__).resolve().parents[1] / "backcare" / "domain"


@pytest.mark.parametrize("path", sorted(DOMAIN.rglob("*.py")), ids=lambda p: p.name)
def test_domain_imports_nothing_from_django_or_the_web_layer(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(("django", "ninja")), f"{path.name} imports {name}"
            assert not name.startswith("backcare.") or name.startswith("backcare.domain"), (
                f"{path.name} imports {name}"
            )


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
