"""The printed plan's sources carry their address, so a reader of the paper can find them."""

from __future__ import annotations

import re

import pytest

from backcare.assessments.models import Assessment
from backcare.domain.content import references

pytestmark = pytest.mark.django_db


def printed_sources(html: str) -> list[str]:
    section = html.split('class="print-sources"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", section, flags=re.S)


def test_each_printed_source_shows_its_address(ana_client, ana):
    Assessment.objects.create(
        user=ana, findings={}, level="self_care", result={}, factors=[{"id": "stress_anxiety"}]
    )
    rows = printed_sources(ana_client.get("/plan/print/").content.decode())
    assert rows
    by_citation = {item.citation: item for item in references().values()}
    for row in rows:
        citation = row.split(" <a ", 1)[0].strip()
        item = by_citation[citation.replace("&#x27;", "'").replace("&amp;", "&")]
        shown = f"https://doi.org/{item.doi}" if item.doi else item.url
        assert f'href="{shown}"' in row, row
        assert f">{shown}</a>" in row, row
    assert any("https://doi.org/10." in row for row in rows)  # a DOI, shown as its link
