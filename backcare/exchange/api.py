"""JSON twins of the data page: exports, the FHIR Bundle and share links.

Every endpoint sees only the caller's data; someone else's link is a 404. Bad input is a
422 naming the field; nothing is stored.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import StrictBool

from backcare.accounts.models import User
from backcare.api.input import StrictInput
from backcare.exchange.data_export import export_data
from backcare.exchange.fhir_export import fhir_bundle
from backcare.exchange.models import ShareLink
from backcare.exchange.sharing import ShareError, create_link, revoke

router = Router(tags=["exchange"])


def me(request: HttpRequest) -> User:
    return cast(User, request.user)


class ShareIn(StrictInput):
    days: int = 7
    label: str = ""
    identified: StrictBool = False  # decides whether the link shows the name: only true/false


class ShareViewOut(Schema):
    viewed_at: datetime
    ip_address: str | None
    user_agent: str
    format: str


class ShareLinkOut(Schema):
    id: int
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    identified: bool
    active: bool
    views: list[ShareViewOut]


class NewShareLinkOut(ShareLinkOut):
    url: str  # shown only in this response


def link_out(link: ShareLink) -> dict[str, object]:
    return {
        "id": link.pk,
        "label": link.label,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "revoked_at": link.revoked_at,
        "identified": link.identified,
        "active": link.is_active(timezone.now()),
        "views": list(link.views.all()),
    }


@router.get("/export")
def get_export(request: HttpRequest) -> HttpResponse:
    """All my data, as the JSON 'Download my data' file."""
    body = json.dumps(export_data(me(request), timezone.now()), ensure_ascii=False)
    return HttpResponse(body, content_type="application/json")


@router.get("/fhir")
def get_fhir(request: HttpRequest, identified: bool = False) -> HttpResponse:
    """My FHIR R4 Bundle (pseudonymous unless identified=true)."""
    document = fhir_bundle(me(request), timezone.now(), identified=identified)
    return HttpResponse(json.dumps(document), content_type="application/fhir+json")


@router.get("/share-links", response=list[ShareLinkOut])
def list_share_links(request: HttpRequest) -> list[dict[str, object]]:
    links = ShareLink.objects.filter(user=me(request)).prefetch_related("views")
    return [link_out(link) for link in links]


@router.post("/share-links", response={201: NewShareLinkOut})
def make_share_link(request: HttpRequest, payload: ShareIn) -> Status[dict[str, object]]:
    try:
        made = create_link(
            me(request),
            days=payload.days,
            label=payload.label,
            identified=payload.identified,
            now=timezone.now(),
        )
    except ShareError as exc:
        raise ValidationError(
            [{"type": "value_error", "loc": ["body", "payload", exc.field], "msg": exc.message}]
        ) from exc
    path = reverse("exchange:shared_report", args=[made.token])
    return Status(201, {**link_out(made.link), "url": request.build_absolute_uri(path)})


@router.post("/share-links/{link_id}/revoke", response=ShareLinkOut)
def revoke_share_link(request: HttpRequest, link_id: int) -> dict[str, object]:
    link = get_object_or_404(ShareLink, pk=link_id, user=me(request))
    revoke(link, timezone.now())
    return link_out(link)
