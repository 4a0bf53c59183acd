"""`backcare check` validates every part of content/ (system check backcare.E003)."""

import shutil
from pathlib import Path

import pytest

from backcare.cli import main
from backcare.domain import content

CONTENT = Path(content.CONTENT_DIR)


@pytest.fixture
def broken_content(tmp_path, monkeypatch):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    rules = copy / "red_flags.toml"
    rules.write_text(rules.read_text().replace('level = "emergency"', 'level = "whenever"', 1))
    monkeypatch.setenv("BACKCARE_CONTENT_DIR", str(copy))
    from backcare.domain import triage

    content.references.cache_clear()
    triage.rule_book.cache_clear()
    yield copy
    content.references.cache_clear()
    triage.rule_book.cache_clear()


def test_it_reports_content_that_does_not_validate(db, broken_content, capsys):
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "backcare.E003" in out
    assert "red_flags.toml" in out
