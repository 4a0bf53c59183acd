"""The report's references carry their address, on the page and in the PDF, so a clinician
can look each one up."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from backcare.domain.content import references
from tests.exchange.conftest import seed_patient

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[str]:
    section = html.split('<ol class="references">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", section, flags=re.S)


def address(citation: str) -> str:
    item = next(i for i in references().values() if i.citation == citation)
    return f"https://doi.org/{item.doi}" if item.doi else item.url


def test_each_reference_on_the_page_links_its_address(ana_client, ana, frozen):
    seed_patient(ana)
    rows = listed(ana_client.get("/report/").content.decode())
    assert rows
    for row in rows:
        shown = address(row.split(" <a ", 1)[0].strip().replace("&#x27;", "'"))
        assert f'<a class="url" href="{shown}"' in row, row


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is missing")
def test_the_pdf_prints_each_address(ana_client, ana, frozen, tmp_path):
    seed_patient(ana)
    rows = listed(ana_client.get("/report/").content.decode())
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(ana_client.get("/report/pdf/").content)
    # -raw: in the order it was laid out; the list runs in two columns on paper, which the
    # default reading order interleaves line by line.
    command = ["pdftotext", "-raw", str(pdf), "-"]
    text = subprocess.run(command, capture_output=True, text=True).stdout
    joined = re.sub(r"\s+", "", text)  # an address may wrap anywhere
    for row in rows:
        shown = address(row.split(" <a ", 1)[0].strip().replace("&#x27;", "'"))
        assert shown in joined, shown
