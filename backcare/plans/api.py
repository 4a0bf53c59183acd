"""JSON API for plans."""

from ninja import Router

router = Router(tags=["plans"])
