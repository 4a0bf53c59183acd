"""Free text in CSV files that people open in a spreadsheet.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (links that send other cells away, DDE commands), and OWASP adds a leading tab
or carriage return. OWASP's remedy is a single quote in front, which spreadsheets read as
"this is text". Some spreadsheets trim leading spaces when they import, so a trigger after
leading whitespace is quoted too.

A cell is quoted when its text, after any single quotes already there, matches the pattern:
so text that really starts with ``'=`` gains one more quote, and ``read_cell`` removes exactly
one quote only where ``safe_cell`` would have added it. The pair round-trips every string.

Only text a person wrote goes through here: numbers and dates the program formats stay as
they are, so a spreadsheet still reads ``-2.5`` as a number.
"""

from __future__ import annotations

import re

# Optional quotes (see above), optional whitespace, then a trigger. A tab or carriage return
# is itself a trigger, so "\tabc" is quoted; plain leading spaces or newlines are not.
TRIGGER = re.compile(r"'*[ \t\r\n]*[=+\-@\t\r]")


def safe_cell(text: str) -> str:
    """``text`` with a single quote in front if a spreadsheet would run it as a formula."""
    return f"'{text}" if TRIGGER.match(text) else text


def read_cell(text: str) -> str:
    """The inverse of ``safe_cell``: the text as it was before it was written."""
    return text[1:] if text.startswith("'") and TRIGGER.match(text, 1) else text
