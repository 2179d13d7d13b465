"""Participants' tests, survey and materials through the private link; public materials;
the staff results page and the copying of questions.

A private page's links reuse the key of the address it was opened with
(`private_key`), so they keep working whatever the private link is made of.
"""

from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import ADD_QUESTION, VIEW_EVENT
from events.access import staff_required
from events.models import Event
from events.selectors import event_for_staff, events_visible_to
from participants.access import private_link as participant_private_link

from . import errors, services
from .filetypes import TYPES
from .forms import QuestionsCopyForm, QuizForm, SurveyForm
from .models import Assessment, Material
from .selectors import (
    assessment_of,
    evaluation_results,
    event_questions,
    materials_of_registration,
    participant_learning,
    public_materials,
)


def private_key(request) -> str:
    """The private link's key in the address of this request (the one place that knows)."""
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    return kwargs.get("code") or kwargs.get("token") or ""


def private_page_url(request) -> str:
    return reverse("participants:detail", args=[private_key(request)])


def _add_error(form, error: errors.LearningError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _download(material: Material, *, private: bool) -> FileResponse:
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.file_name or f"materi.{material.file_type}",
        content_type=_mime(material.file_type),
    )
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


def _mime(code: str) -> str:
    kind = TYPES.get(code)
    return kind.mime if kind else "application/octet-stream"


# --- participants --------------------------------------------------------------


# The name of the private link's part of the address (see learning/urls.py PRIVATE).
PRIVATE_KEY = "token"


def private_link(view):
    """participants' private-link check (lookup, misses counted per address) for a view
    that takes more from the address than the link itself."""

    @wraps(view)
    def wrapped(request, **kwargs):
        key = kwargs.pop(PRIVATE_KEY)

        # *_link: participants' decorator may hand the link itself on too.
        def inner(request, registration, *_link):
            return view(request, registration, **kwargs)

        return participant_private_link(inner)(request, key)

    return wrapped


@private_link
def material_download(request, registration, pk):
    material = get_object_or_404(materials_of_registration(registration=registration), pk=pk)
    return _download(material, private=True)


def public_material_download(request, slug, pk):
    event = get_object_or_404(Event.objects.exclude(status=Event.Status.DRAFT), slug=slug)
    material = get_object_or_404(public_materials(event_id=event.pk), pk=pk)
    return _download(material, private=False)


KINDS = {"pre": Assessment.Kind.PRE, "post": Assessment.Kind.POST}


@private_link
def quiz(request, registration, kind):
    if kind not in KINDS:
        raise Http404
    assessment = assessment_of(event_id=registration.event_id, kind=KINDS[kind])
    if assessment is None:
        raise Http404
    questions = event_questions(event_id=registration.event_id)
    state = next(
        t
        for t in participant_learning(registration=registration, fresh=True).tests
        if t.kind == kind
    )
    form = QuizForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.quiz_submit(
                assessment=assessment, registration=registration, choices=form.choices()
            )
        except errors.LearningError as error:
            messages.error(request, error.message)
            return redirect(private_page_url(request))
        messages.success(
            request,
            _("Your %(test)s is recorded: %(correct)s of %(total)s answers correct.")
            % {
                "test": assessment.get_kind_display(),
                "correct": submission.correct,
                "total": submission.total,
            },
        )
        return redirect(private_page_url(request))
    return render(
        request,
        "learning/quiz.html",
        {
            "registration": registration,
            "event": registration.event,
            "assessment": assessment,
            "state": state,
            "form": form,
            "back_url": private_page_url(request),
        },
    )


@private_link
def survey(request, registration):
    assessment = assessment_of(event_id=registration.event_id, kind=Assessment.Kind.SURVEY)
    if assessment is None:
        raise Http404
    event = registration.event
    state = next(
        t
        for t in participant_learning(registration=registration, fresh=True).tests
        if t.kind == "survey"
    )
    form = SurveyForm(
        request.POST or None,
        speakers=list(event.speakers.all()),
        materials=list(event.materials.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit(
                assessment=assessment,
                registration=registration,
                speaker_scores=form.scores("speaker"),
                material_scores=form.scores("material"),
                comment=form.cleaned_data["comment"],
            )
        except errors.Incomplete as error:
            _add_error(form, error)
        except errors.LearningError as error:
            messages.error(request, error.message)
            return redirect(private_page_url(request))
        else:
            messages.success(request, _("Thank you: your evaluation is recorded."))
            return redirect(private_page_url(request))
    return render(
        request,
        "learning/survey.html",
        {
            "registration": registration,
            "event": event,
            "assessment": assessment,
            "state": state,
            "form": form,
            "back_url": private_page_url(request),
        },
    )


# --- staff ---------------------------------------------------------------------------


# The whole event's names and scores: not for a PPK's account (events.access).
@staff_required(VIEW_EVENT, whole_event=True)
def results(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    results = evaluation_results(event=event)
    return render(
        request,
        "learning/results.html",
        {"event": event, "results": results, "distribution": _distribution(results)},
    )


def _distribution(results) -> list[tuple]:
    """(band, pre count, post count, pre bar %, post bar %) for the page's bars."""
    pre, post = results.pre.distribution, results.post.distribution
    most = max([count for _band, count in pre + post] + [1])
    return [
        (band, a, b, round(a * 100 / most), round(b * 100 / most))
        for (band, a), (_same, b) in zip(pre, post, strict=True)
    ]


@staff_required(ADD_QUESTION)
def questions_copy(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    sources = events_visible_to(user=request.user).exclude(pk=event.pk).order_by("-first_day")
    form = QuestionsCopyForm(request.POST or None, events=sources)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.questions_copy(source=form.cleaned_data["source"], target=event)
        except errors.LearningError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("%(count)s questions copied.") % {"count": count})
            return redirect("learning:results", slug=event.slug)
    return render(request, "learning/questions_copy.html", {"event": event, "form": form})
