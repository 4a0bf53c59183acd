"""The shared test setup skips collecting some modules when ``-m`` leaves them out: that is
right only while every test in them carries the marks it names."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import COSTLY_TO_COLLECT, pytest_ignore_collect

TESTS = Path(__file__).resolve().parent


def module_marks(path: Path) -> set[str]:
    """The marks of a module's ``pytestmark = pytest.mark.x`` (or a list of them)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets
        ):
            values = node.value.elts if isinstance(node.value, ast.List) else [node.value]
            return {value.attr for value in values if isinstance(value, ast.Attribute)}
    return set()


@pytest.mark.parametrize("name", sorted(COSTLY_TO_COLLECT))
def test_each_module_skipped_at_collection_carries_its_marks(name):
    (path,) = TESTS.rglob(name)
    assert COSTLY_TO_COLLECT[name] <= module_marks(path)


@pytest.mark.parametrize(
    ("expression", "ignored"),
    [("not e2e and not slow", True), ("slow", None), ("", None), ("not e2e", None)],
)
def test_the_fast_selection_leaves_the_fuzzing_out_and_the_slow_one_takes_it(expression, ignored):
    config = SimpleNamespace(option=SimpleNamespace(markexpr=expression))
    fuzz = TESTS / "hardening" / "test_api_fuzz.py"
    assert pytest_ignore_collect(fuzz, config) is ignored
