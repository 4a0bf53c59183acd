"""The report as a PDF: the same template as the page, laid out on A4 by WeasyPrint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

STYLESHEET = Path(__file__).resolve().parent / "static" / "exchange" / "report.css"


def report_pdf(report: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("exchange/report.html", {"report": report, "pdf": True})
    # No base URL: the template loads nothing from outside, so nothing can be fetched.
    document = HTML(string=html)
    return bytes(document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))
