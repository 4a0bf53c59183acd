"""JSON API for assessments."""

from ninja import Router

router = Router(tags=["assessments"])
