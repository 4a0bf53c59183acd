"""Pages of the care team: the clinician's side (behind two factors) and the patient's side."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backcare.assessments.models import ClinicianCheck
from backcare.care import idle, linking
from backcare.care.access_summary import access_summary
from backcare.care.dashboard import PAGE_SIZE, patient_rows
from backcare.care.models import AccessRecord, CareLink
from backcare.care.needs import NEED_LABELS, NEEDS
from backcare.care.pain_figures import add_pain_days
from backcare.care.plan_notes import held_despite_check, known_condition_notes
from backcare.care.records import patient_page, summary_row
from backcare.care.twofactor import clinician_required, verified_required
from backcare.spreadsheet import safe_cell


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: clinicians on their dashboard, patients on their home page."""
    user: Any = request.user
    return redirect("care:dashboard" if user.is_clinician else "web:home")


# --- clinician side ------------------------------------------------------------------------


@clinician_required
def dashboard(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:80]
    need = request.GET.get("need", "")
    need = need if need in NEEDS else ""
    rows = patient_rows(request.user, search, need)  # type: ignore[arg-type]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    add_pain_days(list(page.object_list))
    linking.record_list_access(
        request.user,  # type: ignore[arg-type]
        [row.patient for row in page.object_list],
        "saw summary on the patient list",
    )
    context: dict[str, Any] = {
        "page": page,
        "search": search,
        "need": need,
        "needs": NEED_LABELS.items(),
    }
    if not search and not need:  # every linked patient is in rows: no count query needed
        context["unread_messages"] = sum(row.unread_messages for row in rows)
    return TemplateResponse(request, "care/dashboard.html", context)


@clinician_required
def invitations(request: HttpRequest) -> HttpResponse:
    clinician: Any = request.user
    if request.method == "POST":
        link = linking.create_invitation(clinician)
        messages.success(
            request, f"Invitation {link.code} created: give the patient the code or the link."
        )
        return redirect("care:invitations")
    pending = [
        (link, request.build_absolute_uri(reverse("care:join", args=[link.code])))
        for link in CareLink.objects.pending().filter(clinician=clinician)
    ]
    return TemplateResponse(request, "care/invitations.html", {"pending": pending})


@clinician_required
@require_POST
def cancel_invitation(request: HttpRequest, link_id: int) -> HttpResponse:
    if not linking.cancel_invitation(request.user, link_id):  # type: ignore[arg-type]
        raise Http404("No invitation of yours is waiting with this number.")
    messages.success(request, "Invitation cancelled: its code and link no longer work.")
    return redirect("care:invitations")


@clinician_required
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = linking.linked_patient(request.user, patient_id, "viewed diary and results")  # type: ignore[arg-type]
    context = patient_page(request.user, patient)  # type: ignore[arg-type]
    told = context["summary"].told_check if context["summary"] else None
    context["held_after_check"] = held_despite_check(context["conditions"], told)
    context["condition_notes"] = known_condition_notes(patient)
    return TemplateResponse(request, "care/patient.html", context)


@clinician_required
@require_POST
def facts_reviewed(request: HttpRequest, patient_id: int) -> HttpResponse:
    """ "Mark as reviewed" beside standing facts told since the clinician last reviewed
    them: the need leaves the list, as "Mark as handled" does for a message."""
    clinician: Any = request.user
    patient = linking.linked_patient(clinician, patient_id, "marked new standing facts reviewed")
    row = summary_row(clinician, patient)
    link = CareLink.objects.active().filter(clinician=clinician, patient=patient).first()
    if row is not None and link is not None:
        new = {item.fact for item in row.new_facts}
        shown = set(request.POST.getlist("fact"))  # those the page showed as new
        told = {item.fact for item in row.told_facts} - new
        linking.mark_facts_reviewed(link, told, new & shown)
        messages.success(request, "Marked reviewed: the new standing facts leave your list.")
    return redirect("care:patient", patient_id=patient.pk)


@clinician_required
@require_POST
def check_reviewed(request: HttpRequest, patient_id: int) -> HttpResponse:
    """ "Mark as reviewed" beside a clinician's check the patient told: the need leaves the
    list. Only the check the page showed (``check``) and those told before it."""
    clinician: Any = request.user
    patient = linking.linked_patient(
        clinician, patient_id, "marked a told clinician's check reviewed"
    )
    link = CareLink.objects.active().filter(clinician=clinician, patient=patient).first()
    shown = _number(request.POST.get("check"))
    check = ClinicianCheck.objects.filter(user=patient, pk=shown).first() if shown else None
    if link is not None and check is not None:
        linking.mark_check_reviewed(link, check.created_at)
        messages.success(request, "Marked reviewed: the told clinician's check leaves your list.")
    return redirect("care:patient", patient_id=patient.pk)


@clinician_required
@require_POST
def changes_reviewed(request: HttpRequest, patient_id: int) -> HttpResponse:
    """ "Mark as reviewed" beside red-flag answers changed to "no" without a clinician's
    check: the need leaves the list. Only the changes the page showed (up to ``until``, the
    newest shown) and those before them; one made since stays."""
    clinician: Any = request.user
    patient = linking.linked_patient(
        clinician, patient_id, "marked red-flag answers changed to no reviewed"
    )
    link = CareLink.objects.active().filter(clinician=clinician, patient=patient).first()
    row = summary_row(clinician, patient)
    shown = _number(request.POST.get("until"))
    changes = [
        change
        for change in (row.changed_answers if row is not None else [])
        if shown is not None and int(change.after_at.timestamp()) <= shown
    ]
    if link is not None and changes:
        linking.mark_changes_reviewed(link, max(change.after_at for change in changes))
        messages.success(
            request, "Marked reviewed: the red-flag answers changed to no leave your list."
        )
    return redirect("care:patient", patient_id=patient.pk)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


# --- patient side --------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(label="Invitation code", max_length=20)

    def clean_code(self) -> str:
        try:
            return linking.clean_code(self.cleaned_data["code"])
        except linking.LinkError as error:
            raise forms.ValidationError(str(error)) from error


@never_cache
@verified_required(idle.watched)
@require_POST
def still_here(request: HttpRequest) -> HttpResponse:
    """The idle warning's "Stay logged in" (static/care/idle.js): a request, so the idle
    clock starts again from now, not from within the last minute."""
    idle.note_activity(request)
    return HttpResponse(status=204)


@never_cache
@require_GET
def idle_left(request: HttpRequest) -> JsonResponse:
    """Seconds before the idle sign-out, for static/care/idle.js; asking is not activity,
    so it is not behind ``clinician_required``. 0 once signed out (or never signed in)."""
    user: Any = request.user
    if not (idle.watched(user) and user.is_verified()):
        return JsonResponse({"seconds_left": 0})
    return JsonResponse({"seconds_left": idle.seconds_left(request)})


@login_required
def care_team(request: HttpRequest) -> HttpResponse:
    patient: Any = request.user
    links = CareLink.objects.active().filter(patient=patient).select_related("clinician")
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("care:join", code=form.cleaned_data["code"])
    context = {
        "links": links,
        "form": form,
        "access": access_summary(patient),
        "shared": linking.SHARED_DATA,
    }
    return TemplateResponse(request, "care/care_team.html", context)


class NameForm(forms.Form):
    """The name a clinician reads, asked when sharing starts if the person never gave one:
    without it, the clinician's list shows only a code and cannot tell who is who."""

    display_name = forms.CharField(max_length=80)

    def __init__(self, *args: Any, clinician_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["display_name"]
        field.label = f"Your name, as {clinician_name} will see it"
        field.help_text = (
            f"So {clinician_name} knows who you are. You can change it later on your profile."
        )
        field.error_messages["required"] = (
            f"Write the name {clinician_name} knows you by, so they can tell who you are."
        )
        field.widget.attrs["autocomplete"] = "name"

    def clean_display_name(self) -> str:
        name = str(self.cleaned_data["display_name"])
        if any(not char.isprintable() for char in name):
            raise forms.ValidationError("Write the name with letters, not invisible characters.")
        return name


@login_required
def join(request: HttpRequest, code: str) -> HttpResponse:
    patient: Any = request.user
    try:
        link = linking.find_invitation(code, patient)
        name_form = None
        if not patient.display_name:
            data = request.POST if request.method == "POST" else None
            name_form = NameForm(data, clinician_name=link.clinician_name)
        if request.method == "POST" and (name_form is None or name_form.is_valid()):
            name = name_form.cleaned_data["display_name"] if name_form is not None else ""
            linking.accept_invitation(link, patient, name)
            messages.success(request, f"{link.clinician_name} can now see your diary.")
            return redirect("care:team")
    except linking.AlreadyShared as shared:  # e.g. the link opened again: nothing is wrong
        messages.info(request, str(shared))
        return redirect("care:team")
    except linking.LinkError as error:
        return TemplateResponse(request, "care/join.html", {"error": str(error)}, status=422)
    context = {
        "link": link,
        "shared": linking.SHARED_DATA,
        "not_shared": linking.NOT_SHARED,
        "name_form": name_form,
    }
    status = 422 if name_form is not None and name_form.errors else 200
    return TemplateResponse(request, "care/join.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    """Asks first (GET): one tap must not cut a person off from their clinician, who would
    have to invite them again."""
    link = get_object_or_404(CareLink.objects.active(), pk=link_id, patient=request.user)
    if request.method == "GET":
        return TemplateResponse(request, "care/stop_sharing.html", {"link": link})
    linking.revoke(link)
    messages.success(
        request,
        f"{link.clinician_name} can no longer see your diary. Any changes they made to your "
        "plan stay until you undo them on your plan page.",
    )
    return redirect("care:team")


@login_required
def access_log_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="backcare-access-log.csv"'
    response.write("\ufeff")  # a byte-order mark, so Excel reads accented names as UTF-8
    writer = csv.writer(response)
    writer.writerow(["when", "clinician", "what"])
    for record in AccessRecord.objects.filter(patient_id=request.user.pk).iterator():
        # A clinician chooses their own name: it must not reach the patient as a formula.
        row = [record.at.isoformat(), safe_cell(record.clinician_name), safe_cell(record.what)]
        writer.writerow(row)
    return response
