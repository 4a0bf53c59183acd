"""Jean-Marc (58, axial spondyloarthritis on a biologic, back pain for 40 years) told the back
check a clinician diagnosed it. The ASAS, Berlin and Calin checks look for an inflammatory
arthritis nobody has found yet: to him they are not offered, and a result he has says what it
means for someone already diagnosed (nothing new; questions go to his rheumatology team), not
"worth asking a doctor about". Anyone else reads them as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare.domain.content import ContentError
from backcare.domain.instruments import instrument, instruments

FACT = "known_inflammatory_arthritis"
SCREENS = ("asas_ibp", "berlin_ibp", "calin_ibp")
SEEKING = ("worth asking a doctor", "worth checking with a doctor", "answer again")


@pytest.mark.parametrize("slug", SCREENS)
def test_each_inflammatory_pattern_check_names_the_diagnosis_it_looks_for(slug: str) -> None:
    found = instrument(slug)
    assert found.known is not None
    assert found.known.fact == FACT
    assert found.known.references  # its words rest on sources like every other line


@pytest.mark.parametrize("slug", SCREENS)
def test_to_him_a_result_adds_nothing_new_and_questions_go_to_his_team(slug: str) -> None:
    meaning = instrument(slug).known_meaning(frozenset({FACT}))
    assert "already diagnosed" in meaning
    assert "nothing new" in meaning
    assert "rheumatology team" in meaning
    assert not any(words in meaning for words in SEEKING)
    purpose = instrument(slug).known_purpose(frozenset({FACT}))
    assert "rheumatology team" in purpose
    assert not any(words in purpose for words in SEEKING)


@pytest.mark.parametrize("slug", SCREENS)
def test_anyone_else_reads_it_as_before(slug: str) -> None:
    found = instrument(slug)
    assert found.known_meaning(frozenset()) == ""
    assert found.known_purpose(frozenset({"weak_immune_system"})) == found.purpose
    assert found.offered_to(frozenset({"weak_immune_system"}))


def test_they_are_not_offered_to_him_and_every_other_questionnaire_is() -> None:
    offered = {slug for slug, found in instruments().items() if found.offered_to({FACT})}
    assert offered == set(instruments()) - set(SCREENS)


def test_only_a_standing_fact_may_be_named(content_copy: Path) -> None:
    path = content_copy / "instruments" / "asas_ibp.toml"
    path.write_text(path.read_text().replace(f'fact = "{FACT}"', 'fact = "ibp"', 1))
    with pytest.raises(ContentError, match="standing fact"):
        instruments()
