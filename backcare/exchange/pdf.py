"""The report as a PDF: the same template as the page, laid out on A4 by WeasyPrint."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.document import Document

STYLESHEET = Path(__file__).resolve().parent / "static" / "exchange" / "report.css"


def report_document(report: dict[str, Any]) -> Document:
    """The report laid out in pages (``.pages``; ``.write_pdf()`` gives the file)."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("exchange/report.html", {"report": report, "pdf": True})
    # No base URL: the template loads nothing from outside, so nothing can be fetched.
    return HTML(string=html).render(stylesheets=[CSS(filename=str(STYLESHEET))])


def report_pdf(report: dict[str, Any]) -> bytes:
    return bytes(report_document(report).write_pdf())
