"""Template context shared by every page: the product's name and where the person is."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from backcare.domain.phones import Phones
from backcare.domain.triage import rule_book

#: Which tab a page belongs to, by URL namespace; a few pages sit under another tab.
SECTION_BY_NAMESPACE = {
    "web": "today",
    "assessments": "today",  # the back check starts from Today and its result leads on
    "plans": "plan",
    "diary": "diary",
    "progress": "progress",
}
SECTION_BY_VIEW = {
    "web:more": "more",
    "plans:learn": "more",
    "plans:article": "more",
    "assessments:history": "more",  # "Your checks" is listed under More
}


def nav_section(request: HttpRequest) -> str:
    """The tab to mark as current: today, plan, diary, progress or more."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    view = f"{match.namespace}:{match.url_name}"
    return SECTION_BY_VIEW.get(view) or SECTION_BY_NAMESPACE.get(match.namespace, "more")


def site(request: HttpRequest) -> dict[str, object]:
    # ``brand_name`` rather than ``site_name``: Django's auth views put the server's
    # address into ``site_name``, which would then show as the product's name.
    return {
        "site_name": settings.SITE_NAME,
        "brand_name": settings.SITE_NAME,
        "nav_section": nav_section(request),
        # The footer's "in an emergency, call …": the person's own number once signed in.
        "footer_phones": SimpleLazyObject(lambda: _own_phones(request)),
        # What follows "Call 999 now": not the action's general list of numbers.
        "emergency_after_call": rule_book().levels["emergency"].after_call,
    }


def _own_phones(request: HttpRequest) -> Phones | None:
    from backcare.assessments.presenting import phones_for_user

    user = getattr(request, "user", None)
    return phones_for_user(user) if user is not None and user.is_authenticated else None
