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


def numbered(html: str) -> list[tuple[int, str]]:
    """Each source of the report's reference lists (one per column on paper): its number and
    what follows it."""
    sections = re.findall(r'<ol class="references">(.*?)</ol>', html, flags=re.S)
    items = [i for s in sections for i in re.findall(r"<li>(.*?)</li>", s, flags=re.S)]
    found = [re.fullmatch(r'<span class="ref-number">(\d+)\.</span> (.*)', i, re.S) for i in items]
    assert all(found), items
    return [(int(m.group(1)), m.group(2)) for m in found if m]


def listed(html: str) -> list[str]:
    return [text for _, text in numbered(html)]


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


def test_sources_are_numbered_in_order_across_the_columns(ana_client, ana, frozen):
    """The plan's rows cite sources by number ("ref. 1, 2"); the list, split into columns
    for paper, keeps one run of numbers."""
    seed_patient(ana)
    html = ana_client.get("/report/").content.decode()
    assert html.count('<ol class="references">') == 2  # two columns on paper
    numbers = [n for n, _ in numbered(html)]
    assert numbers == list(range(1, len(numbers) + 1))
