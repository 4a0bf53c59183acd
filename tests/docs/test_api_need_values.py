"""The API reference names every need the clinician's list can be filtered by."""

import re
from pathlib import Path

from backcare.care.needs import NEEDS

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_every_need_is_listed_in_order():
    line = next(x for x in API_DOC.read_text().splitlines() if "`need` is one of" in x)
    listed = re.findall(r"`(\w+)`", line.split("`need` is one of", 1)[1].split(")", 1)[0])
    assert tuple(listed) == NEEDS
