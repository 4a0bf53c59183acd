"""JSON API for diary."""

from ninja import Router

router = Router(tags=["diary"])
