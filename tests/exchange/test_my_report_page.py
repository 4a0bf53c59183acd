"""The person's own report opens inside the app: a short preface saying this is what their
clinician will see, its actions, then the document. The share link stays the bare document."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from backcare.exchange.fhir_export import pseudonym
from tests.exchange.conftest import seed_patient

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    return html.split('<main id="main"')[1].split("</main>")[0]


def test_my_report_opens_inside_the_app_with_a_preface(ana_client, ana, frozen):
    seed_patient(ana)
    html = ana_client.get("/report/").content.decode()
    assert 'class="site-header"' in html  # the site's own header and navigation
    assert '<nav aria-label="Main" class="tabs">' in html
    main = _main(html)
    preface = main.split('<article class="report-preview"')[0]
    assert "This is what your clinician will see" in preface
    assert '<a class="button" href="/report/pdf/">Download PDF</a>' in preface
    assert 'href="/my-data/#share-h">Share a link</a>' in preface
    assert 'href="/report/?identified=1">Show my name on it</a>' in preface
    assert pseudonym(ana) in preface  # the code a clinician sees, explained
    # the document follows the preface, whole
    document = main.split('<article class="report-preview"')[1]
    assert "<h1>Back pain report</h1>" in document
    for heading in ("Safety: triage and red flags", "Current self-care plan"):
        assert heading in document
    assert document.count('<svg class="chart') == 3
    # On screen the app's stylesheet frames it, no clash of rules; on paper the report's own.
    assert html.count("report.css") == 1
    assert '<link rel="stylesheet" href="/static/exchange/report.css" media="print">' in html


def test_showing_my_name_carries_into_the_pdf_and_can_be_undone(ana_client, ana, frozen):
    seed_patient(ana)
    main = _main(ana_client.get("/report/?identified=1").content.decode())
    assert '<a class="button" href="/report/pdf/?identified=1">Download PDF</a>' in main
    assert 'href="/report/">Hide my name</a>' in main
    assert "<strong>Ana</strong>" in main


def test_a_share_link_still_opens_the_bare_document(ana_client, ana, client, frozen):
    cache.clear()
    seed_patient(ana)
    response = ana_client.post("/my-data/share/", {"days": "7", "label": "Dr Moreau"})
    url = re.search(r'value="https?://[^/]+(/shared/[^"]+)"', response.content.decode()).group(1)
    ana_client.logout()
    html = client.get(url).content.decode()
    assert "site-header" not in html
    assert "This is what your clinician will see" not in html
    assert '<link rel="stylesheet" href="/static/exchange/report.css">' in html
    assert '<nav class="report-actions" aria-label="Report">' in html
    assert "<h1>Back pain report</h1>" in html
    cache.clear()
