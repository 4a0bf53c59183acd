"""`backcare import` of backcare's own export shows whose file it is and asks first, as the
page does ("Is this your file?"): on a terminal it waits for a yes; `--yes` loads without
asking; with no terminal and no `--yes` it refuses. Nothing is stored before the answer."""

from __future__ import annotations

import io
import json

import pytest

from backcare.cli import main
from backcare.diary.models import CheckIn
from backcare.exchange.data_export import export_data
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    """Standard input typed by a person at a terminal."""

    def isatty(self) -> bool:
        return True


class Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def export(ana, frozen, tmp_path):  # type: ignore[no-untyped-def]
    seed_patient(ana)
    path = tmp_path / "backcare-ana.json"
    path.write_text(json.dumps(export_data(ana, NOW), default=str))
    return path


def load(path, *extra: str) -> int:  # type: ignore[no-untyped-def]
    return main(["import", str(path), "--user", "ana2", "--no-progress", *extra])


def test_on_a_terminal_it_shows_whose_file_and_loads_after_a_yes(export, monkeypatch, capsys):
    fresh = make_user("ana2", display_name="Ana", year_of_birth=1985)
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert load(export) == 0
    out = capsys.readouterr().out
    assert "Is this ana2's file? Nothing is loaded yet." in out
    assert "backcare-ana.json, downloaded on 2026-03-20." in out
    assert "In the file" in out
    assert "Account 'ana2' now" in out
    assert "Name           Ana                     Ana" in out
    assert "Year of birth  1985                    1985" in out
    assert "Load it into the account 'ana2'? [y/N]" in out
    assert "someone else's" not in out
    assert "Loaded" in out
    assert CheckIn.objects.filter(user=fresh).count() == 57


@pytest.mark.parametrize("answer", ["n\n", "\n", "maybe\n", ""])
def test_anything_but_yes_loads_nothing(export, monkeypatch, capsys, answer):
    fresh = make_user("ana2")
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    assert load(export) == 1
    assert "Nothing was imported." in capsys.readouterr().out
    assert not CheckIn.objects.filter(user=fresh).exists()
    fresh.refresh_from_db()
    assert fresh.display_name == ""  # the profile is not taken either


def test_a_different_name_and_year_of_birth_warn_before_the_question(export, monkeypatch, capsys):
    bo = make_user("ana2", display_name="Bo", year_of_birth=1960)
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert load(export) == 1
    out = capsys.readouterr().out
    warning = (
        "Warning: this file looks like someone else's: the name in it is Ana, the account's "
        "is Bo; the year of birth in it is 1985, the account's is 1960."
    )
    assert warning in out
    assert out.index(warning) < out.index("Load it into the account 'ana2'?")
    assert "Name           Ana                     Bo" in out
    assert not CheckIn.objects.filter(user=bo).exists()


def test_yes_loads_without_asking(export, monkeypatch, capsys):
    fresh = make_user("ana2", display_name="Bo")
    monkeypatch.setattr("builtins.input", lambda *_: pytest.fail("asked despite --yes"))
    assert load(export, "--yes") == 0
    out = capsys.readouterr().out
    assert "looks like someone else's" in out  # still shown, for the script's log
    assert CheckIn.objects.filter(user=fresh).count() == 57


def test_without_a_terminal_or_yes_it_refuses_and_says_to_add_yes(export, monkeypatch, capsys):
    fresh = make_user("ana2")
    monkeypatch.setattr("sys.stdin", Pipe("y\n"))  # a piped yes is not an answer
    assert load(export) == 2
    captured = capsys.readouterr()
    assert "Is this ana2's file?" in captured.out
    assert captured.err.startswith("backcare: error: no terminal to ask before loading")
    assert "add --yes to load it (nothing was imported)" in captured.err
    assert not CheckIn.objects.filter(user=fresh).exists()


def test_a_broken_file_fails_before_the_question(export, monkeypatch, capsys):
    document = json.loads(export.read_text())
    document["tables"]["episodes"][0]["severity"] = "very"
    export.write_text(json.dumps(document))
    make_user("ana2")
    monkeypatch.setattr("builtins.input", lambda *_: pytest.fail("asked about a broken file"))
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert load(export) == 2
    captured = capsys.readouterr()
    assert "episodes" in captured.err
    assert "nothing was imported" in captured.err
    assert "Is this" not in captured.out
    assert not CheckIn.objects.filter(user__username="ana2").exists()
