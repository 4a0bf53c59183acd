"""Every back-check step carries its own lead in findings.toml ([leads])."""

from __future__ import annotations

import pytest

from backcare.domain import findings
from backcare.domain.content import ContentError


def edit(path, old, new):  # type: ignore[no-untyped-def]
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_leads_cover_every_step_once():
    schema = findings.finding_schema()
    assert list(schema.leads) == [step_id for step_id, _ in schema.steps]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('\ncoping = "Living with', '\n# coping = "Living with', "missing: coping"),
        ("[leads]\n", '[leads]\nelbow = "Elbows."\n', "unknown: elbow"),
        ("[leads]\n", "[no_leads]\n", "missing field 'leads'"),
        (
            '\nwhere_and_feel = "Where you feel',
            '\nwhere_and_feel = ""\nx_where = "Where you feel',
            "unknown",
        ),
    ],
)
def test_a_findings_file_with_wrong_leads_is_refused(content_copy, old, new, message):
    edit(content_copy / "findings.toml", old, new)
    with pytest.raises(ContentError, match=message):
        findings.finding_schema()


def test_an_empty_lead_is_refused(content_copy):
    edit(
        content_copy / "findings.toml",
        '\nwhere_and_feel = "Where you feel it',
        '\nwhere_and_feel = " "\n# "',
    )
    with pytest.raises(ContentError, match="the lead must be text"):
        findings.finding_schema()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[former_steps]\n", '[former_steps]\ncoping = "where_and_feel"\n', "is still a step"),
        ('\nfeel = "where_and_feel"', '\nfeel = "where_and_fee"', "not listed in \\[steps\\]"),
    ],
)
def test_a_former_step_must_lead_to_a_step_of_today(content_copy, old, new, message):
    """A draft saved at a step since merged continues at a step that exists."""
    edit(content_copy / "findings.toml", old, new)
    with pytest.raises(ContentError, match=message):
        findings.finding_schema()
