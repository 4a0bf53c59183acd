"""Reference writes for the profiles: what any signed-in JSON write costs before its own work.

The check-in write is compared with two writes that do as little as a write through this
stack can, served by a NinjaAPI with the product API's authentication (the session, the
person, the CSRF check) and the same path parameters and body:

* ``PUT /floor/nothing/{day}/{moment}`` validates the body and answers, writing nothing;
* ``PUT /floor/one-row/{day}/{moment}`` also inserts the check-in row (pain and stiffness
  only) in a transaction, so it pays for one durable commit.

They exist only here: ``bench/profile_write.py`` and ``bench/instructions.py`` serve them with
``ROOT_URLCONF = "bench.floor"``: the product's patterns with these placed right after the
API's, so an API request resolves as it does in the product, a reference write tries one
prefix before its own (as the check-in does), and a page one prefix more. docs/performance.md
keeps the figures.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.urls import path
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.security import django_auth

from backcare.diary import slot_write
from backcare.diary.api import Moment
from backcare.diary.models import CheckIn
from backcare.prebuilt import insert_row
from backcare.urls import urlpatterns as product_urlpatterns

floor_api = NinjaAPI(title="reference writes", auth=django_auth, urls_namespace="floor")


class Body(Schema):
    pain: int = Field(ge=0, le=10)
    stiffness: int | None = Field(None, ge=0, le=10)


@floor_api.put("/nothing/{day}/{moment}")
def nothing(request: HttpRequest, day: date, moment: Moment, payload: Body) -> dict[str, object]:
    return {"person": request.user.pk, "day": day, "moment": moment, "pain": payload.pain}


@floor_api.put("/one-row/{day}/{moment}")
def one_row(request: HttpRequest, day: date, moment: Moment, payload: Body) -> dict[str, object]:
    checkin = CheckIn(
        user=request.user,
        day=day,
        moment=moment,
        recorded_at=timezone.now(),
        pain=payload.pain,
        stiffness=payload.stiffness,
    )
    if slot_write.applies():  # PostgreSQL: one statement in autocommit, as the check-in's
        insert_row(checkin)
    else:  # SQLite: a transaction, queued for the write lock and its WAL synced
        with transaction.atomic():
            insert_row(checkin)
    return {"id": checkin.pk, "day": day, "moment": moment, "pain": checkin.pain}


api_patterns, *page_patterns = product_urlpatterns
assert str(api_patterns.pattern) == "api/", "the product's URLs no longer start with the API"
urlpatterns = [api_patterns, path("floor/", floor_api.urls), *page_patterns]
