"""Every warning-sign question, which allows "not sure", says how to settle the doubt
(``how_to_tell``) or why there is no way (``no_how_to_tell``), checked when findings.toml loads.

Found in a review: the page for answering again what someone was not sure about repeated the
question with nothing to help settle the doubt. Each line says what to notice, look at or ask,
never that a sign is probably nothing; the page adds that still not sure stays "Not sure".
"""

from __future__ import annotations

import re

import pytest

from backcare.domain import findings
from backcare.domain.content import ContentError

#: Words that would reassure a warning sign away.
REASSURING = re.compile(
    r"\b(probably|likely|normal|fine|nothing to worry|don't worry|do not worry|usually nothing|"
    r"harmless|just|only a|no need|answer no)\b",
    re.I,
)


def edit(path, old, new):  # type: ignore[no-untyped-def]
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_every_warning_sign_question_says_how_to_tell_or_why_not():
    for finding in findings.finding_catalogue().values():
        if finding.red_flag:
            assert bool(finding.how_to_tell) != bool(finding.no_how_to_tell), finding.id


def test_the_nerve_signs_each_say_how_to_tell():
    catalogue = findings.finding_catalogue()
    for fid in ("bladder_change", "bowel_change", "saddle_numbness", "both_legs"):
        assert catalogue[fid].how_to_tell, fid
    assert "Next time you pee" in catalogue["bladder_change"].how_to_tell
    assert "tissue" in catalogue["saddle_numbness"].how_to_tell


def test_no_line_reassures_a_sign_away_or_says_answer_no():
    for finding in findings.finding_catalogue().values():
        if finding.how_to_tell:
            assert not REASSURING.search(finding.how_to_tell), finding.id
            assert len(finding.how_to_tell) <= 240, f"{finding.id}: keep it short"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (  # a warning sign with neither
            '\nhow_to_tell = "Next time you pee',
            '\nx_how = "Next time you pee',
            "needs how_to_tell",
        ),
        (  # a warning sign with both
            '\nhow_to_tell = "Next time you pee',
            '\nno_how_to_tell = "None."\nhow_to_tell = "Next time you pee',
            "not both",
        ),
        ('\nhow_to_tell = "Next time you pee', '\nhow_to_tell = " "\n# "', "must be text"),
        (
            'question = "How do you usually sleep?"\n',
            'question = "How do you usually sleep?"\nhow_to_tell = "Look."\n',
            "only for questions with a 'not sure' answer",
        ),
    ],
)
def test_a_findings_file_without_a_way_to_tell_is_refused(content_copy, old, new, message):
    edit(content_copy / "findings.toml", old, new)
    with pytest.raises(ContentError, match=message):
        findings.finding_schema()
