"""Names in Chinese, Japanese or Korean print as themselves in the PDF, not as
boxes: WeasyPrint takes the glyphs DejaVu Sans lacks from the fonts installed, and the install
(docs/deployment.md, .ci/run) adds Noto CJK."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from tests.conftest import make_user
from tests.exchange.conftest import NOW

pytestmark = pytest.mark.django_db
NAME = "山田 花子"


def cjk_font_installed() -> bool:
    found = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def needs(ready: bool, what: str) -> None:
    if not ready:  # CI installs them: missing there is a failure, not a skip
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"{what} is missing")


def test_a_japanese_name_prints_in_a_font_that_has_it(tmp_path, frozen):
    needs(shutil.which("pdffonts") is not None, "pdffonts (poppler-utils)")
    needs(shutil.which("fc-list") is not None and cjk_font_installed(), "a CJK font")
    person = make_user("hanako", display_name=NAME, time_zone="Asia/Tokyo")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(build_report(person, NOW.date(), identified=True)))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "CJK" in fonts.stdout, fonts.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert NAME in text.stdout
