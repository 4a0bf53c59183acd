"""The questionnaires in content/instruments/: present, licensed, coded, and never the ODI.

CONTENT.md rules 5 (licensing) and 6 (LOINC codes) are checked against the values written
here from the rules and the LOINC panels, so a typo in a content file fails a test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backcare.domain import content
from backcare.domain.content import ContentError
from backcare.domain.instruments import crisis_message, instrument, instruments, is_loinc

EXPECTED = {"nrs", "peg", "gad7", "phq9", "phq4", "startback", "asas_ibp", "berlin_ibp",
            "calin_ibp", "acr2016_fm", "rmdq"}  # fmt: skip
PFIZER = {"gad7", "phq9", "phq4"}


def test_every_instrument_is_present_and_nothing_else() -> None:
    assert set(instruments()) == EXPECTED


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_every_instrument_records_its_licence_copyright_and_wording_source(slug: str) -> None:
    found = instrument(slug)
    assert found.licence
    assert found.copyright
    assert found.wording_source
    assert found.version
    assert found.reviewed == "unreviewed" or "20" in found.reviewed
    assert set(found.references) <= set(content.references())
    assert set(found.change_rule.references) <= set(content.references())
    if not found.wording_verified:
        assert found.wording_note, "unverified wording must say what is missing"


@pytest.mark.parametrize("slug", sorted(PFIZER))
def test_pfizer_questionnaires_carry_the_pfizer_notice(slug: str) -> None:
    found = instrument(slug)
    assert "Copyright © Pfizer Inc." in found.copyright
    assert (
        "No permission required to reproduce, translate, display or distribute" in found.copyright
    )


@pytest.mark.parametrize(
    ("slug", "panel", "total"),
    [("nrs", "", "72514-3"), ("peg", "91148-7", "91147-9"), ("gad7", "69737-5", "70274-6"),
     ("phq9", "44249-1", "44261-6"), ("phq4", "69724-3", "70272-0"),
     ("startback", "91349-1", "91351-7")],
)  # fmt: skip
def test_loinc_panel_and_total_codes(slug: str, panel: str, total: str) -> None:
    loinc = instrument(slug).loinc
    assert (loinc.panel, loinc.total) == (panel, total)


def test_loinc_item_codes_follow_the_published_item_order() -> None:
    gad7 = [item.loinc for item in instrument("gad7").scored_items]
    assert gad7 == ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
    phq9 = instrument("phq9").scored_items
    assert [item.loinc for item in phq9] == ["44250-9", "44255-8", "44259-0", "44254-1",
        "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"]  # fmt: skip
    assert phq9[8].id == "thoughts_self_harm"
    assert dict(instrument("startback").loinc.other) == {"distress": "91350-9", "risk": "91352-5"}
    startback = [item.loinc for item in instrument("startback").items]
    assert startback == [f"913{n}" for n in ("40-0", "41-8", "42-6", "43-4", "44-2", "45-9",
                                             "46-7", "47-5", "48-3")]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "valid"),
    [("72514-3", True), ("44260-8", True), ("91352-5", True), ("69689-8", True),
     ("72514-4", False), ("44260-0", False), ("7251-43", False), ("72514", False),
     ("abc-1", False), ("", False)],
)  # fmt: skip
def test_loinc_check_digit(code: str, valid: bool) -> None:
    assert is_loinc(code) is valid


def test_phq9_item_9_triggers_the_crisis_flag_from_its_first_non_zero_answer() -> None:
    [rule] = instrument("phq9").flags
    assert (rule.id, rule.item, rule.at_least) == ("crisis", "thoughts_self_harm", 1)
    assert crisis_message().contacts


KEELE_ITEMS = [
    "My back pain has spread down my leg(s) at some time in the last 2 weeks",
    "I have had pain in the shoulder or neck at some time in the last 2 weeks",
    "I have only walked short distances because of my back pain",
    "In the last 2 weeks, I have dressed more slowly than usual because of back pain",
    "It’s not really safe for a person with a condition like mine to be physically active",
    "Worrying thoughts have been going through my mind a lot of the time",
    "I feel that my back pain is terrible and it’s never going to get any better",
    "In general I have not enjoyed all the things I used to enjoy",
    "Overall, how bothersome has your back pain been in the last 2 weeks?",
]


def test_startback_is_unmodified_and_keeps_keeles_statement() -> None:
    found = instrument("startback")
    assert [item.text for item in found.items] == KEELE_ITEMS
    assert [o.label for o in found.items[8].options] == [
        "Not at all", "Slightly", "Moderately", "Very much", "Extremely"]  # fmt: skip
    assert found.copyright.startswith("© Keele University 01/08/07.")
    assert "part funded by Arthritis Research UK" in found.copyright
    assert "No license is required for non-commercial use" in found.copyright
    assert "commercial" in found.terms_note
    assert "non-commercial" in found.licence


def test_rmdq_has_the_24_published_statements_with_the_because_of_my_back_qualifier() -> None:
    found = instrument("rmdq")
    assert len(found.items) == 24
    assert all("back" in item.text for item in found.items)
    assert found.items[0].text == "I stay at home most of the time because of my back."
    assert found.items[23].text == "I stay in bed most of the time because of my back."
    assert "no permission is required" in found.licence


def test_acr2016_lists_the_19_areas_in_5_regions_without_jaw_chest_abdomen_in_the_count() -> None:
    areas = instrument("acr2016_fm").members("wpi")
    assert len(areas) == 19
    by_region: dict[str, int] = {}
    for area in areas:
        by_region[area.region] = by_region.get(area.region, 0) + 1
    assert by_region == {"left_upper": 4, "right_upper": 4, "left_lower": 3, "right_lower": 3,
                         "axial": 5}  # fmt: skip
    excluded = {area.id for area in areas if not area.counts_for_region}
    assert excluded == {"jaw_left", "jaw_right", "chest", "abdomen"}
    assert dict(instrument("acr2016_fm").params) == {
        "wpi_high_min": 7, "sss_with_high_wpi_min": 5, "wpi_mid_min": 4, "wpi_mid_max": 6,
        "sss_with_mid_wpi_min": 9, "regions_min": 4}  # fmt: skip


@pytest.mark.parametrize(
    ("slug", "needed", "criteria"),
    [("asas_ibp", 4, 5), ("berlin_ibp", 2, 4), ("calin_ibp", 4, 5)],
)
def test_ibp_criteria_sets_have_the_published_size_and_threshold(
    slug: str, needed: int, criteria: int
) -> None:
    found = instrument(slug)
    assert (found.params["min_count"], len(found.scored_items)) == (needed, criteria)


ODI_SECTIONS = ("personal care", "lifting", "sex life", "social life", "travelling")


def test_no_oswestry_disability_index_is_bundled() -> None:
    for slug, found in instruments().items():
        assert "odi" not in slug
        assert "oswestry" not in found.title.lower()
    for path in content.CONTENT_DIR.rglob("*"):
        if path.suffix not in (".toml", ".md", ".yaml", ".yml", ".json"):
            continue
        text = path.read_text(encoding="utf-8").lower()
        sections = [name for name in ODI_SECTIONS if name in text]
        assert len(sections) < 4, f"{path} looks like ODI item text ({sections})"


# --- Broken content is refused on load -----------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "old", "new", "error"),
    [
        ("gad7", "min = 10\nmax = 14", "min = 11\nmax = 14", "moderate: expected to start at 10"),
        ("gad7", 'max = 21\nlabel = "Severe"', 'max = 20\nlabel = "Severe"', "bands stop at 20"),
        ("gad7", 'id = "restless"', 'id = "nervous"', "item id(s) used twice: nervous"),
        ("gad7", 'total = "70274-6"', 'total = "70274-5"', "LOINC code for total is malformed"),
        ("gad7", 'references = ["toussaint-2020-gad7-mcid"]', 'references = ["nobody-2099"]',
         "unknown reference id(s) nobody-2099"),
        ("phq9", "range = [0, 27]", "range = [0, 26]", "range (0, 26) but items give (0, 27)"),
        ("phq9", 'item = "thoughts_self_harm"', 'item = "thoughts"', "unknown item 'thoughts'"),
        ("phq9", "at_least = 1", "at_least = 2", 'needs a flag "crisis" raised by any answer'),
        ("phq9", 'id = "crisis"', 'id = "worry"', 'needs a flag "crisis" raised by any answer'),
        ("startback", 'id = "high"', 'id = "severe"', "bands must be exactly high, low, medium"),
        ("nrs", 'slug = "nrs"', 'slug = "pain"', "must match the file name"),
    ],
)  # fmt: skip
def test_broken_content_is_refused_with_a_clear_message(
    content_copy: Path, slug: str, old: str, new: str, error: str
) -> None:
    path = content_copy / "instruments" / f"{slug}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(error)):
        instruments()


def test_docs_describe_every_instrument_and_its_loinc_codes() -> None:
    docs = (content.CONTENT_DIR.parents[1] / "docs" / "instruments.md").read_text(encoding="utf-8")
    for slug, found in instruments().items():
        assert f"`{slug}`" in docs, slug
        codes = [found.loinc.panel, found.loinc.total, *(code for _, code in found.loinc.other)]
        codes += [item.loinc for item in found.items]
        for code in filter(None, codes):
            assert code in docs, f"{slug}: LOINC {code} missing from docs/instruments.md"
