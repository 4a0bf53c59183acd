"""Phone numbers that never break across lines on a page.

A number written in parts ("13 11 14", "0800 611 116", "9-8-8") would otherwise wrap at its
space or hyphen on a narrow phone, leaving "13 11" on one line and "14" on the next. The texts
keep ordinary spaces, so the command line, the API and FHIR read them as written; on a page
``{{ text|unbroken_numbers }}`` escapes the text and puts each number in a
``<span class="unbroken">`` that the stylesheet keeps on one line.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from backcare.domain.phones import NUMBER

register = template.Library()


@register.filter(is_safe=True)
def unbroken_numbers(text: object) -> SafeString:
    """``text``, escaped, with each phone number written in parts kept on one line."""
    escaped = str(conditional_escape(text if isinstance(text, str) else str(text or "")))
    # The text is escaped above: only the span is added.
    return mark_safe(
        NUMBER.sub(lambda match: f'<span class="unbroken">{match.group(0)}</span>', escaped)
    )
