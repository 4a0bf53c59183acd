"""`backcare check` validates every part of content/ (system check backcare.E003)."""

from backcare.cli import main


def test_it_reports_content_that_does_not_validate(db, content_copy, capsys):
    rules = content_copy / "red_flags.toml"
    rules.write_text(rules.read_text().replace('level = "emergency"', 'level = "whenever"', 1))
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "backcare.E003" in out
    assert "red_flags.toml" in out
