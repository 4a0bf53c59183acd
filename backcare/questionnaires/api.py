"""JSON API for questionnaires."""

from ninja import Router

router = Router(tags=["questionnaires"])
