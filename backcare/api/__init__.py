"""JSON API (django-ninja): the same domain objects as the pages, documented at /api/docs."""
