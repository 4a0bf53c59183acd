"""The ``[help]`` and ``[support]`` of the anxiety and mood questionnaires are checked on load:
a missing article, a move that is not a library relaxation move, a band that does not exist,
a place the phone book does not know, or a named service without the page it rests on is
refused, so nothing reaches a person that the content cannot stand behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backcare.domain.content import ContentError, references
from backcare.domain.instruments import instrument, instruments


@pytest.mark.parametrize(
    ("slug", "old", "new", "error"),
    [
        ("gad7", 'article = "stress-and-muscle-tension"', 'article = "calm-down"',
         "article 'calm-down' is not in content/education"),
        ("gad7", '"slow-exhale-breathing", "diaphragmatic', '"slow-breathing", "diaphragmatic',
         "move 'slow-breathing' is not in content/exercises"),
        ("gad7", '"slow-exhale-breathing", "diaphragmatic', '"bridge", "diaphragmatic',
         "move 'bridge' is not a relaxation or breathing move"),
        ("gad7", 'from_band = "moderate"', 'from_band = "high"',
         "from_band 'high' is not one of this questionnaire's bands"),
        ("phq9", 'places = ["GB"]', 'places = ["UK"]', "places must be [phones] codes"),
        ("phq9", 'references = ["support-quebec-info-social-811", '
                 '"support-quebec-info-social-option-2"]', "references = []",
         "a named service needs the page it rests on"),
        ("phq9", "{crisis_lines}.", "{crisis_line}.", "unknown place word {crisis_line}"),
    ],
)  # fmt: skip
def test_broken_help_or_support_is_refused(
    content_copy: Path, slug: str, old: str, new: str, error: str
) -> None:
    path = content_copy / "instruments" / f"{slug}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(error)):
        instruments()


@pytest.mark.parametrize(
    ("slug", "bands_with_help", "bands_with_support"),
    [
        ("gad7", {"mild", "moderate", "severe"}, {"moderate", "severe"}),
        ("phq9", {"mild", "moderate", "moderately_severe", "severe"},
         {"moderate", "moderately_severe", "severe"}),
    ],
)  # fmt: skip
def test_help_from_mild_and_support_from_moderate(
    slug: str, bands_with_help: set[str], bands_with_support: set[str]
) -> None:
    found = instrument(slug)
    assert {b.id for b in found.bands if found.helps(b.id)} == bands_with_help
    assert {b.id for b in found.bands if found.supports(b.id)} == bands_with_support
    assert found.helps(None) is None
    assert found.supports(None) is None


def test_every_named_service_cites_a_page_with_an_address() -> None:
    known = references()
    for slug in ("gad7", "phq9"):
        support = instrument(slug).support
        assert support is not None
        for service in support.places:
            assert service.references
            assert all(known[ref].url.startswith("https://") for ref in service.references)


def test_no_wording_diagnoses_or_prescribes() -> None:
    for slug in ("gad7", "phq9"):
        found = instrument(slug)
        assert found.help is not None
        assert found.support is not None
        said = " ".join(
            (found.help.text, found.support.clinician, found.support.safety_net,
             *(s.text for s in found.support.places))
        ).lower()  # fmt: skip
        for word in ("you have", "diagnos", "disorder", "medication", "tablets", "you must"):
            assert word not in said, (slug, word)
