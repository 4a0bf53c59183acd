"""Citations in running text ("Based on: A; B."), each a link.

Every citation in ``content/references`` ends with a full stop; joined with "; " it would read
"(patient information page).;". ``{{ ref.citation|in_running_text }}`` drops that stop, and
the template closes the list with one (``backcare.domain.content.citations_in_line`` does the
same for plain text).
"""

from __future__ import annotations

from django import template

from backcare.domain.content import in_running_text as _in_running_text

register = template.Library()


@register.filter
def in_running_text(citation: object) -> str:
    """The citation without its closing full stop, for a list joined with "; "."""
    return _in_running_text(str(citation or ""))
