"""Every request tries the API's URL patterns in order until one matches: the check-in
write and the dashboard read, which most requests are, match within the first few."""

from backcare.api.urls import api


def _position(path: str) -> int:
    patterns = api.urls[0]
    for index, pattern in enumerate(patterns):
        if pattern.resolve(path):
            return index
    raise AssertionError(f"no API pattern matches {path}")


def test_the_busiest_paths_are_tried_first():
    assert _position("checkins/2026-12-03/morning") < 8
    assert _position("dashboard") < 14
    assert _position("me") > _position("dashboard")  # the rest come after
