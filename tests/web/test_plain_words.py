"""Plain words for people: one honest time estimate, errors that say what to enter, the review
status without editorial jargon, the data page without operator terms, no "supine"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.views import intake_estimate
from backcare.domain.exercises import exercises
from backcare.domain.findings import FindingError, finding_catalogue, validate_findings
from backcare.domain.interventions import interventions
from tests.conftest import PASSWORD

CSS = (
    Path(__file__).resolve().parents[2] / "backcare/web/static/backcare/backcare.css"
).read_text()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 5: one honest time estimate -----------------------------------------------------------


def test_the_estimate_counts_every_step_and_question():
    estimate = intake_estimate()
    asked = [f for f in finding_catalogue().values() if wizard.step(f.step)]
    assert estimate.steps == len(wizard.steps())
    assert estimate.questions == len(asked)
    seconds = estimate.questions * 7 + estimate.steps * 5
    assert estimate.minutes == round(seconds / 60)


def test_the_start_page_and_the_warning_signs_page_give_the_same_estimate(ana_client):
    estimate = intake_estimate()
    start = text_of(ana_client.get(reverse("assessments:start")).content.decode())
    signs = text_of(ana_client.get(reverse("web:warning_signs")).content.decode())
    said = f"about {estimate.minutes} minutes"
    assert said in start.lower()
    assert said in signs.lower()
    assert f"{estimate.questions} questions" not in signs  # both say the time only
    assert "about 5 minutes" not in start.lower()


def test_a_legend_of_several_lines_sits_inside_its_box():
    legend = re.search(r"(?m)^legend \{([^}]*)\}", CSS)
    assert legend
    assert "float: left" in legend.group(1)
    assert "width: 100%" in legend.group(1)
    assert "legend + * { clear: both; }" in CSS


# --- 6: error messages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "finding_id", [f.id for f in finding_catalogue().values() if f.type == "int"]
)
def test_a_number_out_of_range_says_what_to_enter_not_what_was_got(finding_id):
    finding = finding_catalogue()[finding_id]
    assert finding.maximum is not None
    with pytest.raises(FindingError) as caught:
        validate_findings({finding_id: finding.maximum + 1})
    message = caught.value.message
    assert f"enter a whole number from {finding.minimum} to {finding.maximum}" in message
    assert "got" not in message
    assert str(finding.maximum + 1) not in message


def test_the_age_error_on_the_page_says_what_to_enter(ana_client):
    response = ana_client.post(
        reverse("assessments:step", kwargs={"step": "safety_health"}), {"age": "130"}
    )
    html = response.content.decode()
    assert "Please enter a whole number from 16 to 120" in html
    assert "got 130" not in html


def signup(client, password):  # type: ignore[no-untyped-def]
    data = {"username": "eve", "email": "eve@example.org", "password1": password}
    return client.post(reverse("accounts:signup"), {**data, "password2": password})


def field_block(html: str, name: str) -> str:
    return html.split(f'for="id_{name}"', 1)[1].split('<div class="field">', 1)[0]


def test_a_weak_password_is_explained_under_the_password_with_what_to_try(client, db):
    html = signup(client, "12345678").content.decode()
    password, confirmation = field_block(html, "password1"), field_block(html, "password2")
    assert "too common" in password
    assert "Try three or four unrelated words" in password
    assert "too common" not in confirmation


def test_a_mismatch_is_still_shown_under_the_confirmation(client, db):
    data = {"username": "eve", "email": "eve@example.org", "password1": PASSWORD}
    html = client.post(reverse("accounts:signup"), {**data, "password2": PASSWORD + "x"})
    html = html.content.decode()
    assert "didn" in field_block(html, "password2")
    assert "Try three" not in field_block(html, "password1")


def test_the_username_hint_names_the_underscore_in_words(client, db):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert "dots, dashes and underscores" in html
    assert re.search(r"(?m)^\.field \.helptext \{ margin-bottom: \.\d+rem; \}", CSS)


# --- 8: the review status in plain words ---------------------------------------------------


def test_an_exercise_page_says_who_wrote_it_and_that_no_clinician_checked_it_yet(client, db):
    html = client.get("/exercises/cat-cow/").content.decode()
    assert exercises()["cat-cow"].meta.reviewed == "unreviewed"  # the content as shipped
    assert "not yet checked by a clinical reviewer" in html
    assert "clinical review:" not in html
    assert "unreviewed" not in html


def test_an_article_page_says_the_same(client, db):
    learn = client.get("/learn/").content.decode()
    slug = re.search(r'href="/learn/([a-z0-9-]+)/"', learn).group(1)  # type: ignore[union-attr]
    html = client.get(f"/learn/{slug}/").content.decode()
    assert "not yet checked by a clinical reviewer" in html
    assert "clinical review:" not in html
    assert "General information, not a diagnosis." in html


def test_reviewed_content_names_its_reviewer():
    html = render_to_string("web/_review_status.html", {"reviewed": "Dr A Lee, 2026-05-01"})
    assert "Checked by a clinical reviewer: Dr A Lee, 2026-05-01." in html
    assert "not yet checked" not in html


# --- 10: the data page in plain words ------------------------------------------------------


def test_my_data_speaks_plainly_and_styles_the_file_picker(ana_client):
    html = ana_client.get("/my-data/").content.decode()
    for jargon in ("FHIR R4", "LOINC", "backcare import", "<code>", "Choose File"):
        assert jargon not in html, jargon
    assert "A copy of everything" in html
    assert "Spreadsheets" in html
    assert "health-record system" in html
    assert re.search(r'<label for="id_file">[^<]+</label>', html)
    assert 'type="file"' in html
    assert "input[type=file]::file-selector-button" in CSS


# --- 12: a whole library card opens the exercise --------------------------------------------


def test_every_library_card_has_one_stretched_link(client, db):
    html = client.get("/exercises/").content.decode()
    cards = re.findall(r'data-slug="([^"]+)">(.*?)</li>', html, re.S)
    assert len(cards) == len(exercises())
    for slug, body in cards:
        assert body.count('class="card-link"') == 1, slug
        assert f'<a class="card-link" href="/exercises/{slug}/">' in body
    stretched = re.search(r"\.plans \.exercise-card a\.card-link::after \{([^}]*)\}", CSS)
    assert stretched
    assert "position: absolute" in stretched.group(1)
    assert "inset: 0" in stretched.group(1)
    assert ".plans .exercise-card { position: relative; }" in CSS


# --- 13: the check-in's "helped?" box and names without jargon -----------------------------


def test_the_rating_column_fits_the_helped_prompt():
    row = re.search(
        r"\.diary \.did-row \{[^}]*grid-template-columns: auto minmax\(0, 1fr\) ([\d.]+)rem", CSS
    )
    assert row
    assert float(row.group(1)) >= 6.5
    select = re.search(r"\.diary \.did-row select \{ min-height: (\d+)px", CSS)
    assert select
    assert int(select.group(1)) >= 44


@pytest.mark.parametrize("word", ["supine", "prone"])
def test_no_name_shown_to_people_uses_positional_jargon(word):
    names = [ex.name for ex in exercises().values()] + [i.name for i in interventions().values()]
    assert not [name for name in names if word in name.lower()]
    assert exercises()["knee-rocking"].name == "Knee rocking (lying on your back)"
