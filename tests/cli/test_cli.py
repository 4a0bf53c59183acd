import io

import pytest

from backcare.accounts.models import User
from backcare.cli import COMMANDS, main


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: backcare" in capsys.readouterr().out


def test_createclinician_creates_a_clinician(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long clinician passphrase\n"))
    assert main(["createclinician", "cy", "--email", "cy@example.org", "--name", "Dr Cy"]) == 0
    user = User.objects.get(username="cy")
    assert user.is_clinician
    assert user.check_password("a long clinician passphrase")


def test_createclinician_refuses_a_weak_password_and_creates_nothing(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("password\n"))
    assert main(["createclinician", "cy", "--email", "cy@example.org"]) == 2
    assert "too common" in capsys.readouterr().err
    assert not User.objects.exists()


def test_createclinician_refuses_a_taken_username(cy, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long clinician passphrase\n"))
    assert main(["createclinician", "cy", "--email", "other@example.org"]) == 2
    assert "taken" in capsys.readouterr().err


def test_check_passes_on_a_valid_setup(db, capsys):
    assert main(["check"]) == 0
