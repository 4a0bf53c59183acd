"""The ways the reminders page offers to put the calendar link in a phone's calendar, and
which comes first.

- **Google Calendar** (Android phones, and any computer): Google's own "add this calendar"
  page, opened in the browser with the link filled in. The Google Calendar app on Android
  cannot subscribe to a link, and ``webcal://`` does nothing there unless an app such as
  ICSx⁵ is installed, so this is the way that works from an Android phone.
- **Apple Calendar** (iPhone, iPad, Mac): the ``webcal://`` form of the link, which opens
  the Calendar app's Subscribe sheet (it also opens Outlook, Thunderbird or ICSx⁵).

The device (from its User-Agent) only orders the two: both are always offered, as a guess
can be wrong and a person may use Google Calendar on an iPhone.
"""

from __future__ import annotations

import re
from urllib.parse import quote

#: Google's "Add calendar" page in the browser (``/u/0/r``: the Google Calendar app on
#: Android claims the shorter ``/calendar?cid=`` links and then fails on a feed address).
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/u/0/r?cid="
APPLE = re.compile(r"iPhone|iPad|iPod|Macintosh")


def webcal(url: str) -> str:
    """The ``webcal://`` form of a calendar link: phones open it in their calendar app and
    offer to subscribe, instead of downloading the file once."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url.removeprefix(scheme)
    return url


def google_subscribe(feed_url: str) -> str:
    """Google Calendar's page that offers to add the feed, the feed given as ``webcal://``
    and fully encoded, so that its own ``/`` and ``.`` stay inside the ``cid`` value."""
    if not feed_url:
        return ""
    return GOOGLE_SUBSCRIBE + quote(webcal(feed_url), safe="")


def order(user_agent: str) -> tuple[str, str]:
    """The two ways, the likelier one for this device first: Apple's on an iPhone, iPad or
    Mac; Google's on Android, other computers and anything unknown."""
    if APPLE.search(user_agent) and "Android" not in user_agent:
        return ("apple", "google")
    return ("google", "apple")


def first_button(user_agent: str) -> str:
    """The name of the button that comes first for this device."""
    return "Add to my calendar" if order(user_agent)[0] == "apple" else "Add to Google Calendar"
