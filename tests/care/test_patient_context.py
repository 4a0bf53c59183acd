"""A linked clinician sees the patient's clinical context: the facts every decision uses."""

from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids


def test_the_patient_page_lists_possible_standing_facts_and_unknowns(cy_client, ana, ana_linked):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 61, "onset": "gradual"}
    assess(ana, {**answers, "cancer_history": "yes", "osteoporosis": "not_sure"})
    html = cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode()
    facts = html.split("Standing facts that change what is safe")[1].split("</p>")[0]
    assert "history of cancer" in facts
    assert "osteoporosis (not sure)" in facts
    assert (
        "Not yet asked: inflammatory arthritis diagnosed by a clinician, heart disease, "
        "high blood pressure" in facts
    )
