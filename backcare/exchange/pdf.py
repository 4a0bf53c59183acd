"""The report as a PDF: the same template as the page, laid out by WeasyPrint on A4 (or on
US Letter, the paper a browser in North America prints on)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.document import Document

STYLESHEET = Path(__file__).resolve().parent / "static" / "exchange" / "report.css"
Paper = Literal["A4", "letter"]


def report_document(report: dict[str, Any], paper: Paper = "A4") -> Document:
    """The report laid out in pages (``.pages``; ``.write_pdf()`` gives the file)."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("exchange/report.html", {"report": report, "pdf": True})
    # No base URL: the template loads nothing from outside, so nothing can be fetched.
    sheets = [CSS(filename=str(STYLESHEET)), CSS(string=f"@page {{ size: {paper} }}")]
    return HTML(string=html).render(stylesheets=sheets)


def report_pdf(report: dict[str, Any], paper: Paper = "A4") -> bytes:
    return bytes(report_document(report, paper).write_pdf())
