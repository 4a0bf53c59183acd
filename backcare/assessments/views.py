"""Pages for assessments: the intake wizard, the result and the history.

The wizard works with plain form posts and redirects; with HTMX the same views return the
next step's fragment and push its URL. Answers are checked by the domain on every step and
again, in full, by ``assess()`` before anything is stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails

from backcare.accounts.models import User
from backcare.assessments import wizard
from backcare.assessments.context import early_crisis
from backcare.assessments.drafts import DRAFT_DAYS, AccountDrafts, DraftStore, StoredDraft
from backcare.assessments.forms import (
    StepForm,
    answers_to_keep,
    form_data,
    questions,
    sentence,
    step_form,
    unbound_form,
)
from backcare.assessments.intake import assess, assess_emergency, assess_so_far, with_implied
from backcare.assessments.intake import left_out as questions_left_out
from backcare.assessments.models import Assessment
from backcare.assessments.presenting import history_rows, phones_for_user, result_context
from backcare.assessments.waiting import while_you_wait
from backcare.assessments.wizard import intake_estimate, warning_signs_estimate
from backcare.assessments.worry import worried
from backcare.domain.context import FACT_IDS, ages_in_words
from backcare.domain.findings import FindingError, check_follow_ups, validate_findings

#: The "go" a step's form may post besides Next: Back, and the answers kept as they are tapped.
GO_BACK = "back"
KEEP = "keep"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
    user: User


@login_required
@require_http_methods(["GET", "POST"])
def start_assessment(request: HtmxHttpRequest) -> HttpResponse:
    """The wizard's front page: start, continue a draft, or (POST) start again."""
    store = drafts(request)
    if request.method == "POST":
        wizard.clear_draft(store)
        request.session.pop(RECHECK, None)
        return redirect("assessments:step", step=wizard.steps()[0].id)
    resume = wizard.resume_step(store)
    draft = store.read()
    answers = wizard.draft_answers(store)
    emergency = wizard.early_emergency(answers)
    phones = phones_for_user(request.user)
    context = {
        "first": wizard.steps()[0],
        "resume": resume,
        "has_draft": draft is not None,
        "has_results": Assessment.objects.filter(user=request.user).exists(),
        "kept_until": request.user.local_date(draft.kept_until) if draft else None,
        "draft_days": DRAFT_DAYS,
        "estimate": intake_estimate(),
        "warning_signs": warning_signs_estimate(),
        "left": intake_estimate(resume),
        "emergency": emergency,
        "early_crisis": early_crisis(request.user, phones, emergency, wizard.ages_told(answers)),
        "phones": phones,
    }
    return TemplateResponse(request, "assessments/start.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer_step(request: HtmxHttpRequest, step: str) -> HttpResponse:
    current = wizard.step(step)
    if current is None and wizard.is_former_step(step):
        return _go_to_resume(request)  # a page opened before its step was merged into another
    if current is None:
        raise Http404("No such step")
    store = drafts(request)
    if request.method == "POST" and _recheck_replaced(request, store, current):
        messages.warning(request, RECHECK_REPLACED)
        return _go_to_start(request)
    answers = wizard.draft_answers(store)
    if request.method == "GET":
        return _render_step(request, current, unbound_form(step, answers), answers)
    form = _fit(step_form(step)(request.POST), _left_out(request.user, answers))
    _dated(form, request.user)
    going_on = request.POST.get("go") not in (GO_BACK, KEEP)
    if going_on and form.is_valid() and _consistent(form, answers):
        return _step_done(request, store, current, form.answers())
    return _step_unfinished(request, store, current, form, answers)


@login_required
@require_POST
def result_so_far(request: HtmxHttpRequest) -> HttpResponse:
    """The "See what to do now" under the notice that the answers so far already ask for a
    clinician today: the result of the shortened check, stored and shown now. The draft is
    kept, so the person can still finish the check (which can only keep or raise the level).
    """
    store = drafts(request)
    answers = _with_implied(request.user, wizard.draft_answers(store))
    emergency = assess_emergency(request.user, answers)
    if emergency is not None:
        return _show(request, store, emergency)
    shortened = assess_so_far(request.user, answers)
    if shortened is None:  # nothing urgent (any more): back to the questions
        target = wizard.resume_step(store)
        url = reverse("assessments:step", kwargs={"step": target.id})
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    url = reverse("assessments:result", kwargs={"pk": shortened.pk})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


#: Session key: the back check being answered again ("of", its id) and the steps left to
#: answer again ("left", its "not sure" steps, in order).
RECHECK = "back_check_recheck"
#: The POST field that says the person chose to discard the back check in progress.
DISCARD = "discard"


@login_required
@require_POST
def recheck_unsure(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Answer again only the questions answered "not sure" in a stored back check: its other
    answers are kept in a draft, those steps are asked, and the result is worked out again
    from the full set of answers (so it may be more urgent, or less).

    The draft is the person's one back check in progress. If it holds another check (one
    they started since, here or on another device), it is not replaced until they say so:
    they are told what would be lost, and may go back to it instead."""
    assessment = get_object_or_404(Assessment, pk=pk, user=request.user)
    store = drafts(request)
    left = _recheck_left(request, store)
    if left and request.session[RECHECK].get("of") == assessment.pk:
        return redirect("assessments:step", step=left[0])  # already under way: go on
    draft = store.read()
    replacing = draft is not None and not wizard.is_recheck_of(draft.answers, assessment.findings)
    if draft is not None and replacing and request.POST.get(DISCARD) != "yes":
        return _confirm_discard(request, assessment, store, draft)
    chosen = wizard.start_recheck(store, assessment.findings)
    if not chosen:
        return redirect("assessments:result", pk=assessment.pk)
    request.session[RECHECK] = {"of": assessment.pk, "left": [s.id for s in chosen]}
    return redirect("assessments:step", step=chosen[0].id)


def _confirm_discard(
    request: HtmxHttpRequest, assessment: Assessment, store: DraftStore, draft: StoredDraft
) -> HttpResponse:
    """Before answering again replaces a back check in progress: what would be lost."""
    reached = wizard.reached_step(draft.reached)
    context = {
        "assessment": assessment,
        "saved_on": request.user.local_date(draft.updated_at),
        "pages_done": reached.number if reached else 0,
        "pages": len(wizard.steps()),
        "resume": wizard.resume_step(store),
        "recheck_url": reverse("assessments:recheck", kwargs={"pk": assessment.pk}),
    }
    return TemplateResponse(request, "assessments/recheck_confirm.html", context)


def _recheck_left(request: HtmxHttpRequest, store: DraftStore) -> list[str]:
    """The steps left to answer again, while the draft is still the one written for
    answering again. Once it is not (a new back check started since, here or on another
    device), answering again is over: its steps are not asked as such, and nothing is
    worked out from a draft that holds another check's answers."""
    held = request.session.get(RECHECK)
    if not isinstance(held, dict) or not isinstance(held.get("of"), int):
        request.session.pop(RECHECK, None)
        return []
    assessment = Assessment.objects.filter(pk=held["of"], user=request.user).first()
    draft = store.read()
    if (
        assessment is None
        or draft is None
        or not wizard.is_recheck_of(draft.answers, assessment.findings)
    ):
        request.session.pop(RECHECK, None)
        return []
    return [str(s) for s in held.get("left", ())]


#: Said when the draft being answered again was replaced by another back check meanwhile.
RECHECK_REPLACED = (
    "Nothing was saved from that page: the answers you were giving again were replaced by "
    "a back check started since (here or on another device). That back check is below."
)


def _recheck_replaced(request: HtmxHttpRequest, store: DraftStore, current: wizard.Step) -> bool:
    """Whether ``current`` was being answered again for a draft that another back check has
    replaced since: its answers must go into neither."""
    held = request.session.get(RECHECK)
    left = held.get("left", ()) if isinstance(held, dict) else ()
    return current.id in left and not _recheck_left(request, store)


def _go_to_resume(request: HtmxHttpRequest) -> HttpResponse:
    """To the step "Continue" goes to: the answers already kept are all there."""
    target = wizard.resume_step(drafts(request))
    url = reverse("assessments:step", kwargs={"step": target.id})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _go_to_start(request: HtmxHttpRequest) -> HttpResponse:
    url = reverse("assessments:start")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _recheck_next(
    request: HtmxHttpRequest, store: DraftStore, current: wizard.Step
) -> tuple[bool, wizard.Step | None]:
    """While answering again: (True, the next step to answer again, or None to finish)."""
    left = _recheck_left(request, store)
    if current.id not in left:
        return False, None
    after = left[left.index(current.id) + 1 :]
    request.session[RECHECK] = {**request.session[RECHECK], "left": after}
    return True, wizard.step(after[0]) if after else None


def _left_out(user: User, answers: dict[str, object]) -> frozenset[str]:
    """The questions that cannot apply to the person (wizard.not_asked)."""
    return questions_left_out(user, answers)


def _fit(form: StepForm, left_out: frozenset[str]) -> StepForm:
    """The step's form without the questions that cannot apply to the person."""
    for name in left_out:
        form.fields.pop(name, None)
    return form


def _dated(form: StepForm, user: User) -> None:
    """Answers checked against the person's own date (a due date) are checked on it."""
    for field in form.fields.values():
        field.today = user.local_date()  # type: ignore[attr-defined]


def _with_implied(user: User, answers: dict[str, object]) -> dict[str, object]:
    """The answers, with what each question left out for the person is taken to say."""
    return with_implied(user, answers)


def drafts(request: HtmxHttpRequest) -> AccountDrafts:
    """The person's back check in progress, kept on their account."""
    return AccountDrafts(request.user, request.session)


def _step_done(
    request: HtmxHttpRequest, store: DraftStore, current: wizard.Step, given: dict[str, object]
) -> HttpResponse:
    before = wizard.draft_answers(store)
    left_out = _left_out(request.user, before)
    given = {**wizard.implied_answers(current.id, left_out), **given}
    # A question taken as "no" that applies after all (an age corrected) is asked again.
    after = {k: v for k, v in {**before, **given}.items() if k not in wizard.NOT_ASKED}
    forget = left_out - _left_out(request.user, after) - set(given)
    answers = wizard.save_step(store, current.id, given, forget=forget)
    _keep_in_profile(request.user, given)
    emergency = assess_emergency(request.user, answers)
    if emergency is not None:  # show what to do now; the other questions can wait
        return _show(request, store, emergency)
    rechecking, following = _recheck_next(request, store, current)
    if not rechecking:
        following = wizard.neighbour(current.id, 1)
    if following is None:
        return _finish(request, store, answers)
    return _go_to(request, following, answers)


def _step_unfinished(
    request: HtmxHttpRequest,
    store: DraftStore,
    current: wizard.Step,
    form: StepForm,
    saved: dict[str, object],
) -> HttpResponse:
    """Back, a tap kept as it is made, or Next with something to fix: whatever is valid is
    saved (leaving now loses none of it) and nothing more is asked for yet; an emergency
    answer already given is shown at once, as Next would show it."""
    go = request.POST.get("go")
    kept = answers_to_keep(current.id, request.POST, saved)
    answers = wizard.save_step(store, current.id, kept, finished=False)
    if go == KEEP:  # a tap saved in the background: nothing to show
        return HttpResponse(status=204)
    emergency = assess_emergency(request.user, answers)
    if emergency is not None:
        return _show(request, store, emergency)
    if go == GO_BACK:
        return _go_to(request, wizard.neighbour(current.id, -1) or current, answers)
    return _render_step(request, current, form, answers)


def _keep_in_profile(user: User, given: dict[str, object]) -> None:
    """What a finished step told that the profile keeps: the sex answered (also "prefer not
    to say", which leaves it not told), and, when the profile has no year of birth, the one
    the age told allows (the profile keeps a year, so an age fills it approximately; a year
    already given is never replaced)."""
    changed = []
    sex = given.get("sex")
    if isinstance(sex, str) and wizard.profile_sex(sex) != user.sex:
        user.sex = wizard.profile_sex(sex)
        changed.append("sex")
    age = given.get("age")
    if isinstance(age, int) and user.year_of_birth is None:
        user.year_of_birth = wizard.year_of_birth_for(age, user.local_date().year)
        changed.append("year_of_birth")
    if changed:
        user.save(update_fields=changed)


def _for_the_person(form: StepForm, user: User, answers: dict[str, object]) -> StepForm:
    """The step's questions as they are put to this person: the sex the profile keeps
    already chosen (until this check answers it), each question in the words for their
    sex (a man is not asked about a vagina), and with the help for a standing fact that may
    hold for them (``Finding.help_to``: pregnancy, unless it cannot apply or they said no)."""
    sex = wizard.sex_of(user.sex, answers)
    may_hold = _facts_not_ruled_out(user, answers)
    for field in form.fields.values():
        field.label = field.finding.question_to(sex)  # type: ignore[attr-defined]
        field.help_text = field.finding.help_to(may_hold)  # type: ignore[attr-defined]
    if "sex" in form.fields and not form.is_bound and "sex" not in answers and user.sex:
        form.initial["sex"] = user.sex
    return form


def _facts_not_ruled_out(user: User, answers: dict[str, object]) -> frozenset[str]:
    """The standing facts a question's help may speak to (``help_if``): those this check
    asks and the person has not answered "no" (the pregnancy question is on the same page as
    the questions whose help speaks of it, so it may not be answered yet)."""
    left_out = _left_out(user, answers)
    return frozenset(
        fact for fact in FACT_IDS if fact not in left_out and answers.get(fact) != "no"
    )


def _profile_hint(form: StepForm, user: User) -> StepForm:
    """Beside the age question, what the profile's year of birth says. The age is not filled
    in from it: it leaves two ages, and a guess of 20 for someone who is 19 would hide a
    warning sign that depends on age."""
    ages = user.ages_on(user.local_date())
    field = form.fields.get("age")
    if ages is not None and field is not None:
        field.help_text = (
            f"{field.help_text} Your profile says you were born in {user.year_of_birth}, "
            f"so you are {ages_in_words(ages)}."
        )
    return form


def _consistent(form: StepForm, answers: dict[str, object]) -> bool:
    """Cross-field checks (e.g. age when it began vs age) with the answers saved so far."""
    merged = {**answers, **form.answers()}
    try:
        validate_findings(merged)
        if "injury_mechanism" in form.fields:  # asked on this step: catch it here
            check_follow_ups(merged)
    except FindingError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, sentence(exc.message))
        return False
    return True


def _render_step(
    request: HtmxHttpRequest, current: wizard.Step, form: StepForm, answers: dict[str, object]
) -> HttpResponse:
    emergency = wizard.early_emergency(answers)
    urgent = None if emergency else wizard.urgent_so_far(answers)
    phones = phones_for_user(request.user)
    _fit(form, _left_out(request.user, answers))
    context = {
        "step": current,
        "steps": wizard.steps(),
        "form": form,
        "questions": questions(
            _profile_hint(_for_the_person(form, request.user, answers), request.user)
        ),
        "previous": wizard.neighbour(current.id, -1),
        "is_last": wizard.neighbour(current.id, 1) is None,
        "emergency": emergency,
        "urgent": urgent,
        "urgent_reasons": [r for r in urgent.reasons if r.level == "urgent"] if urgent else [],
        "newly_urgent": urgent is not None and wizard.newly_urgent(answers, current),
        "phones": phones,
        "early_crisis": early_crisis(request.user, phones, emergency, wizard.ages_told(answers)),
        "left": intake_estimate(current),
        "rechecking": current.id in _recheck_left(request, drafts(request)),
    }
    template = "assessments/step.html#wizard" if request.htmx else "assessments/step.html"
    return TemplateResponse(request, template, context)


def _go_to(
    request: HtmxHttpRequest, target: wizard.Step, answers: dict[str, object]
) -> HttpResponse:
    url = reverse("assessments:step", kwargs={"step": target.id})
    if not request.htmx:
        return redirect(url)
    form = unbound_form(target.id, answers)
    return push_url(_render_step(request, target, form, answers), url)


def _finish(
    request: HtmxHttpRequest, store: DraftStore, answers: dict[str, object]
) -> HttpResponse:
    try:
        assessment = assess(request.user, _with_implied(request.user, answers))
    except FindingError as exc:
        return _refused(request, answers, exc)
    return _show(request, store, assessment)


def _show(request: HtmxHttpRequest, store: DraftStore, assessment: Assessment) -> HttpResponse:
    wizard.clear_draft(store)
    request.session.pop(RECHECK, None)
    url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _refused(
    request: HtmxHttpRequest, answers: dict[str, object], exc: FindingError
) -> HttpResponse:
    """Show the domain's message on the step that asks the refused answer."""
    target = wizard.step_of(exc.field)
    form = _fit(
        step_form(target.id)(form_data(answers, target.id)), _left_out(request.user, answers)
    )
    if form.is_valid() or exc.field not in form.errors:  # no double message on one field
        form.add_error(exc.field if exc.field in form.fields else None, sentence(exc.message))
    response = _render_step(request, target, form, answers)
    if request.htmx:
        push_url(response, reverse("assessments:step", kwargs={"step": target.id}))
    return response


@login_required
@require_GET
def show_result(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment, pk=pk, user=request.user)
    context = {**result_context(assessment), "has_draft": wizard.has_draft(drafts(request))}
    context.update(_for_tonight(assessment, context))
    return TemplateResponse(request, "assessments/result.html", context)


def _for_tonight(assessment: Assessment, context: dict[str, object]) -> dict[str, object]:
    """What eases it while waiting to be seen (a same-day result only: never under an
    emergency, nor when a check-in since raised one), and, for a worried person, what
    usually happens opened rather than folded."""
    raised = context.get("raised")
    level = raised.level if raised is not None else assessment.level  # type: ignore[attr-defined]
    crisis = bool(context.get("crisis") or context.get("raised_crisis"))
    return {
        "wait": while_you_wait(assessment.user, level, crisis=crisis),
        "course_open": assessment.level not in ("emergency", "urgent") and worried(assessment),
    }


@login_required
@require_GET
def show_details(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Everything about an assessment, also for emergencies (kept off the first page)."""
    assessment = get_object_or_404(Assessment, pk=pk, user=request.user)
    context = result_context(assessment, everything=True)
    return TemplateResponse(request, "assessments/result.html", context)


@login_required
@require_GET
def history(request: HtmxHttpRequest) -> HttpResponse:
    assessments = Assessment.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return TemplateResponse(
        request, "assessments/history.html", {"rows": history_rows(assessments)}
    )
