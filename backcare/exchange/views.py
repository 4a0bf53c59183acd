"""Pages for the report, downloads of one's data, share links and deleting all data."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backcare.accounts.models import User
from backcare.exchange.data_export import export_csv_zip, export_json
from backcare.exchange.data_import import ExportFileError, holds_data
from backcare.exchange.erasure import delete_all_data
from backcare.exchange.fhir_export import fhir_bundle
from backcare.exchange.forms import DeleteDataForm, RestoreForm, ShareForm
from backcare.exchange.models import ShareLink
from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from backcare.exchange.restore_preview import (
    PENDING_MINUTES,
    NotWaiting,
    as_day,
    discard,
    hold_upload,
    load_waiting,
    loaded_before,
    waiting,
)
from backcare.exchange.sharing import (
    allow_miss,
    allow_view,
    create_link,
    find_link,
    record_view,
    revoke,
)


def me(request: HttpRequest) -> User:
    return cast(User, request.user)


def today_for(user: User) -> date:
    return user.local_date()


def wants_name(request: HttpRequest) -> bool:
    return request.GET.get("identified") == "1"


def download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def stamp(user: User) -> str:
    return f"backcare-{today_for(user):%Y-%m-%d}"


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    """The person's own report, inside the app: a short preface (this is what your clinician
    will see) with its actions, then the document. Clinicians and share links get the bare
    document (``exchange/report.html``)."""
    user = me(request)
    identified = wants_name(request)
    query = "?identified=1" if identified else ""
    report = build_report(user, today_for(user), identified=identified, for_the_person=True)
    context = {"report": report, "pdf_url": reverse("exchange:report_pdf") + query}
    return TemplateResponse(request, "exchange/my_report.html", context)


@login_required
@require_GET
def report_pdf_download(request: HttpRequest) -> HttpResponse:
    user = me(request)
    report = build_report(user, today_for(user), identified=wants_name(request))
    return download(report_pdf(report), "application/pdf", f"{stamp(user)}-report.pdf")


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "exchange/my_data.html", data_context(me(request), ShareForm())
    )


def data_context(
    user: User, form: ShareForm, new_link: str = "", restore_form: RestoreForm | None = None
) -> dict[str, Any]:
    links = ShareLink.objects.filter(user=user).prefetch_related("views")
    return {
        "form": form,
        "links": links,
        "new_link": new_link,
        "now": timezone.now(),
        "restore_form": restore_form or RestoreForm(),
        # A file would be refused: say so instead of offering the form (unless it was just
        # sent and its error needs showing).
        "restore_refused": restore_form is None and holds_data(user),
    }


@login_required
@require_POST
def restore_data(request: HttpRequest) -> HttpResponse:
    """Check the chosen file whole and keep it, unloaded, for the confirmation page."""
    user = me(request)
    form = RestoreForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            hold_upload(request.session, user, form.cleaned_data["file"], timezone.now())
        except ExportFileError as exc:
            # Said first: the person's data is as it was; then what to fix (which may start
            # with a file name, so it is not capitalised).
            form.add_error("file", f"Nothing was loaded: {exc}.")
        else:
            # Its own anchor: the browser would otherwise keep the form's (#restore-h).
            return redirect(reverse("exchange:restore_confirm") + "#main")
    context = data_context(user, ShareForm(), restore_form=form)
    return TemplateResponse(request, "exchange/my_data.html", context, status=422)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def restore_confirm(request: HttpRequest) -> HttpResponse:
    """Whose file it is and what loading it does (GET); "Load it" (POST) loads it."""
    user = me(request)
    now = timezone.now()
    token = request.POST.get("token", "") if request.method == "POST" else None
    try:
        pending = waiting(request.session, user, now, token)
    except NotWaiting as exc:
        if (said := loaded_before(user, now, token)) is not None:
            return already_loaded(request, said)  # "Load it" again, or the page come back to
        if token is not None and another_file_waits(request, user, now):
            messages.info(request, str(exc))
            return redirect("exchange:restore_confirm")
        return TemplateResponse(
            request, "exchange/restore_gone.html", {"message": str(exc)}, status=410
        )
    if request.method == "GET":
        preview = pending.preview
        context = {
            "pending": pending,
            "preview": preview,
            "first_day": as_day(preview["first_day"]),
            "last_day": as_day(preview["last_day"]),
            "exported_on": as_day(preview["exported_on"]),
            "minutes": PENDING_MINUTES,
            "account_name": user.display_name or user.username,
        }
        return TemplateResponse(request, "exchange/restore_confirm.html", context)
    try:
        summary = load_waiting(request.session, user, now, pending.token)
    except ExportFileError as exc:
        if (said := loaded_before(user, now, pending.token)) is not None:
            return already_loaded(request, said)  # pressed twice at once: the first loaded it
        # The account took data meanwhile (another window), or the file changed on disk.
        messages.error(request, f"Nothing was loaded: {exc}.")
        return redirect(reverse("exchange:my_data") + "#main")
    messages.success(request, summary.sentence())
    # To the messages at the top: the form's own anchor would show the section that now
    # says the account holds data, as if the file had been refused.
    return redirect(reverse("exchange:my_data") + "#main")


def already_loaded(request: HttpRequest, said: str) -> HttpResponse:
    """The file of this page was loaded (by the first of two presses): say so, not that
    nothing was loaded."""
    return TemplateResponse(request, "exchange/restore_loaded.html", {"said": said})


def another_file_waits(request: HttpRequest, user: User, now: datetime) -> bool:
    """Whether another file, chosen since the page was shown, waits for this person."""
    try:
        waiting(request.session, user, now)
    except NotWaiting:
        return False
    return True


@login_required
@require_POST
def restore_cancel(request: HttpRequest) -> HttpResponse:
    """Remove the waiting file unloaded (whichever it is: cancelling never loads)."""
    discard(request.session)
    messages.info(
        request, "Cancelled: nothing was loaded, and the file you chose is no longer kept here."
    )
    return redirect(reverse("exchange:my_data") + "#main")


@login_required
@require_GET
def export_json_download(request: HttpRequest) -> HttpResponse:
    user = me(request)
    body = export_json(user, timezone.now())
    return download(body, "application/json", f"{stamp(user)}.json")


@login_required
@require_GET
def export_csv_download(request: HttpRequest) -> HttpResponse:
    user = me(request)
    return download(
        export_csv_zip(user, timezone.now()), "application/zip", f"{stamp(user)}-csv.zip"
    )


@login_required
@require_GET
def export_fhir_download(request: HttpRequest) -> HttpResponse:
    user = me(request)
    document = fhir_bundle(user, timezone.now(), identified=wants_name(request))
    body = json.dumps(document, ensure_ascii=False).encode()
    return download(body, "application/fhir+json", f"{stamp(user)}-fhir.json")


@login_required
@require_http_methods(["GET", "POST"])
def delete_data(request: HttpRequest) -> HttpResponse:
    user = me(request)
    form = DeleteDataForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        deleted = delete_all_data(user)
        messages.success(
            request,
            f"All your data is deleted ({sum(deleted.values())} records). Your account stays.",
        )
        return redirect("exchange:my_data")
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "exchange/delete_data.html", {"form": form}, status=status)


@login_required
@require_POST
def share_create(request: HttpRequest) -> HttpResponse:
    user = me(request)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request, "exchange/my_data.html", data_context(user, form), status=422
        )
    made = create_link(
        user,
        days=form.cleaned_data["days"],
        label=form.cleaned_data["label"],
        identified=form.cleaned_data["identified"],
        now=timezone.now(),
    )
    url = request.build_absolute_uri(reverse("exchange:shared_report", args=[made.token]))
    response = TemplateResponse(
        request, "exchange/my_data.html", data_context(user, ShareForm(), new_link=url)
    )
    response["Cache-Control"] = "no-store"  # the page shows the only copy of the link
    return response


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink, pk=pk, user=me(request))
    revoke(link, timezone.now())
    messages.success(request, "The link is revoked: it no longer opens your report.")
    return redirect("exchange:my_data")


def shared_link_or_error(request: HttpRequest, token: str) -> ShareLink | HttpResponse:
    link = find_link(token)
    if link is None:
        if not allow_miss(request):
            return gone(request, "Too many attempts. Try again in an hour.", 429)
        raise Http404("No such link")
    if not link.is_active(timezone.now()):
        return gone(request, "This link has expired or was withdrawn by its owner.", 410)
    if not allow_view(link):
        return gone(request, "This link was opened too often in the last hour. Try later.", 429)
    return link


def gone(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return TemplateResponse(
        request, "exchange/shared_gone.html", {"message": message}, status=status
    )


@never_cache
@require_GET
def shared_report(request: HttpRequest, token: str) -> HttpResponse:
    found = shared_link_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    now = timezone.now()
    record_view(found, request, "html", now)
    report = build_report(found.user, today_for(found.user), identified=found.identified)
    actions = [
        {"url": reverse("exchange:shared_report_pdf", args=[token]), "label": "Download PDF"}
    ]
    response = TemplateResponse(
        request, "exchange/report.html", {"report": report, "actions": actions}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def shared_report_pdf(request: HttpRequest, token: str) -> HttpResponse:
    found = shared_link_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    record_view(found, request, "pdf", timezone.now())
    report = build_report(found.user, today_for(found.user), identified=found.identified)
    return download(report_pdf(report), "application/pdf", "backcare-report.pdf")
