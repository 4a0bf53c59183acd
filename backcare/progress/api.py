"""JSON API for progress."""

from ninja import Router

router = Router(tags=["progress"])
