"""Giving out document numbers: never the same number twice.

`document_number_allocate` takes the next running number of an office, type and
year under a lock on the office row (PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers already), and the unique constraints refuse a duplicate if
anything slips past; on that refusal it simply takes the next one.
`document_number_register` records a number given outside the portal.
`document_number_resolve` says which number a document carries, taking or
recording it as the `NumberMode` chosen on the print page or the command line
says: the one rule every numbered document follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import ALLOCATE_NUMBER
from bodies.models import Body
from reports.models import DocumentNumber, format_document_number

NUMBER_RE = re.compile(
    r"^(?P<running>\d{1,6})/(?P<classification>[A-Z]{2}\.\d{2}(?:\.\d{2})*)"
    r"-(?P<doc_type>[A-Za-z]{1,6})/(?P<satker>\d{1,10})/(?P<year>\d{4})$"
)
CLASSIFICATION_RE = re.compile(r"^[A-Z]{2}\.\d{2}(?:\.\d{2})*$")
DOC_TYPE_RE = re.compile(r"^[A-Za-z]{1,6}$")
# The years a number may carry, and so the years a document may be dated in.
YEARS = range(2000, 2100)
# How often to take the next number when the one just computed was taken
# meanwhile (by a number registered by hand in the same instant, say).
ALLOCATE_ATTEMPTS = 5


class NumberMode(models.TextChoices):
    """How a numbered document gets its number: chosen once (the print page's
    "Nomor" field, render_document's --allocate/--number/--draft) and passed
    down unchanged to `document_number_resolve`.

    The values are the print page's form values.
    """

    REPRINT = "reuse", gettext_lazy("Print again with its number")  # or a draft if none yet
    DRAFT = "none", gettext_lazy("Draft (no number)")
    NEW = "new", gettext_lazy("Take the next number")
    MANUAL = "manual", gettext_lazy("Number given outside the portal")


class NumberingError(Exception):
    """A number cannot be given or recorded; the message is for the user."""


@dataclass(frozen=True)
class ParsedNumber:
    running_number: int
    classification: str
    doc_type: str
    satker: str
    year: int


def document_number_parse(number: str) -> ParsedNumber:
    match = NUMBER_RE.match((number or "").strip())
    if not match:
        raise NumberingError(
            _(
                "The number “%(number)s” does not follow the pattern "
                "number/classification-type/satker/year, e.g. 231/PL.02-BA/1509/2024."
            )
            % {"number": number}
        )
    running = int(match["running"])
    if running < 1:
        raise NumberingError(_("The running number must be 1 or more."))
    return ParsedNumber(
        running_number=running,
        classification=match["classification"],
        doc_type=match["doc_type"],
        satker=match["satker"],
        year=int(match["year"]),
    )


def _check_office(office: Body) -> None:
    if not office.satker_code:
        raise NumberingError(
            _("%(office)s has no satker code, so its documents cannot be numbered.")
            % {"office": office}
        )


def _clean_classification(classification: str) -> str:
    classification = (classification or "").strip().upper()
    if not CLASSIFICATION_RE.match(classification):
        raise NumberingError(
            _("“%(code)s” is not an archive classification code such as PL.02 or PP.06.")
            % {"code": classification}
        )
    return classification


def _check_satker(parsed: ParsedNumber, *, office: Body) -> None:
    """A number given by hand names its office: the satker code must be this office's."""
    if parsed.satker != office.satker_code:
        raise NumberingError(
            _(
                "The satker code %(given)s in the number does not match the office's "
                "satker code %(expected)s."
            )
            % {"given": parsed.satker, "expected": office.satker_code}
        )


def _check_year(year: int) -> None:
    if year not in YEARS:
        raise NumberingError(_("The year %(year)s is not a valid year.") % {"year": year})


def document_number_allocate(
    *,
    office: Body,
    classification: str,
    doc_type: str,
    year: int,
    event=None,
    document: str = "",
    actor=None,
    once: bool = False,
) -> DocumentNumber:
    """Takes the next running number of `office` for `doc_type` in `year`.

    With `once`, refuses when `document` of `event` already carries a number:
    checked under the office's lock, so two prints at once take one number.
    """
    _check_office(office)
    classification = _clean_classification(classification)
    doc_type = (doc_type or "").strip()
    if not DOC_TYPE_RE.match(doc_type):
        raise NumberingError(
            _("“%(code)s” is not a document type code such as BA, Und or ST.") % {"code": doc_type}
        )
    _check_year(year)
    for _attempt in range(ALLOCATE_ATTEMPTS):
        try:
            with transaction.atomic():
                # One allocation per office at a time; others wait here, then
                # see the number this one wrote.
                Body.objects.select_for_update().only("pk").get(pk=office.pk)
                if once:
                    _refuse_a_second_number(event=event, document=document)
                highest = DocumentNumber.objects.filter(
                    office=office, doc_type=doc_type, year=year
                ).aggregate(highest=Max("running_number"))["highest"]
                running = (highest or 0) + 1
                return DocumentNumber.objects.create(
                    office=office,
                    classification=classification,
                    doc_type=doc_type,
                    year=year,
                    running_number=running,
                    number=format_document_number(
                        running_number=running,
                        classification=classification,
                        doc_type=doc_type,
                        satker=office.satker_code,
                        year=year,
                    ),
                    event=event,
                    document=document,
                    created_by=actor,
                )
        except IntegrityError:
            continue
    raise NumberingError(_("No free number could be taken just now; please try again."))


def _refuse_a_second_number(*, event, document: str) -> None:
    carried = document_number_current(event=event, document=document)
    if carried is not None:
        raise NumberingError(
            _(
                "This document already has the number %(number)s: print it again with "
                "that number. If it really needs a new one, type the number the office "
                "gave as a number given outside the portal."
            )
            % {"number": carried}
        )


def document_number_register(
    *, office: Body, number: str, event=None, document: str = "", actor=None
) -> DocumentNumber:
    """Records a number the office gave outside the portal (its paper register)."""
    _check_office(office)
    number = (number or "").strip()
    parsed = document_number_parse(number)
    _check_satker(parsed, office=office)
    _check_year(parsed.year)
    used = _("The number %(number)s is already used.") % {"number": number}
    try:
        with transaction.atomic():
            taken = DocumentNumber.objects.filter(office=office).filter(
                number=number
            ) | DocumentNumber.objects.filter(
                office=office,
                doc_type=parsed.doc_type,
                year=parsed.year,
                running_number=parsed.running_number,
            )
            if taken.exists():
                raise NumberingError(used)
            record = DocumentNumber(
                office=office,
                classification=parsed.classification,
                doc_type=parsed.doc_type,
                year=parsed.year,
                running_number=parsed.running_number,
                number=number,
                event=event,
                document=document,
                entered_manually=True,
                created_by=actor,
            )
            record.full_clean(validate_unique=False, validate_constraints=False)
            record.save()
            return record
    except IntegrityError:
        raise NumberingError(used) from None
    except ValidationError as error:
        raise NumberingError(" ".join(error.messages)) from None


def _check_typed_number(number: str, *, office: Body, doc_type: str, year: int) -> None:
    """A typed number must be one this office could give this document in its year.

    Checked before anything is recorded: a berita acara under a laporan's LP
    number would otherwise use up that type's running number (the laporan's
    next number then skips it).
    """
    _check_office(office)
    parsed = document_number_parse(number)
    if parsed.doc_type != doc_type:
        raise NumberingError(
            _(
                "The number %(number)s has the document type code %(given)s; "
                "this document's type code is %(expected)s."
            )
            % {"number": number, "given": parsed.doc_type, "expected": doc_type}
        )
    _check_satker(parsed, office=office)
    if parsed.year != year:
        raise NumberingError(
            _(
                "The number %(number)s is of the year %(given)s, but the document is "
                "dated in %(expected)s: choose a number of %(expected)s or change its date."
            )
            % {"number": number, "given": parsed.year, "expected": year}
        )


def document_number_resolve(
    *,
    event,
    document: str,
    doc_type: str,
    classification: str,
    year: int,
    mode: NumberMode = NumberMode.REPRINT,
    number: str | None = None,
    actor=None,
) -> str | None:
    """The number `document` of `event` carries; None while it has none (a draft).

    `mode` says how: MANUAL records `number`, the number the office gave (it is
    that document's if the register already has it for this event and
    document; refused if any other document of the office carries it, or if
    its type, satker or year is not the document's). NEW takes the next number,
    refused once the document has one (a typed number is the way to a second
    one). DRAFT asks for none at all. REPRINT keeps the number it took last, so
    printing it again never turns a numbered document back into a draft (and
    a document without one stays a draft). The classification is checked even
    for a draft, which shows it.
    """
    mode = NumberMode(mode)
    number = (number or "").strip()
    if number and mode != NumberMode.MANUAL:
        raise NumberingError(_("A number is typed only with “Number given outside the portal”."))
    if mode == NumberMode.MANUAL and not number:
        raise NumberingError(_("Type the number the office gave."))
    _clean_classification(classification)
    if mode == NumberMode.DRAFT:
        return None
    if mode == NumberMode.MANUAL:
        return _resolve_typed(
            number, event=event, document=document, doc_type=doc_type, year=year, actor=actor
        )
    if mode == NumberMode.NEW:
        _check_may_number(actor)
        return document_number_allocate(
            office=event.organiser,
            classification=classification,
            doc_type=doc_type,
            year=year,
            event=event,
            document=document,
            actor=actor,
            once=True,
        ).number
    return _resolve_reprint(event=event, document=document, year=year)


def _resolve_typed(number: str, *, event, document: str, doc_type: str, year: int, actor) -> str:
    """Record the number the office gave, unless this document carries it already."""
    office = event.organiser
    _check_typed_number(number, office=office, doc_type=doc_type, year=year)
    carried = DocumentNumber.objects.filter(
        office=office, number=number, event=event, document=document
    )
    if not carried.exists():
        _check_may_number(actor)
        try:
            document_number_register(
                office=office, number=number, event=event, document=document, actor=actor
            )
        except NumberingError:
            if not carried.exists():  # unless this document recorded it meanwhile
                raise
    return number


def _resolve_reprint(*, event, document: str, year: int) -> str | None:
    """The number the document took last, if it is of the year it is dated in."""
    carried = document_number_current(event=event, document=document)
    if carried is not None:
        # Every number in the register parses: allocated ones are written in the
        # pattern, typed ones are parsed before they are recorded.
        carried_year = document_number_parse(carried).year
        if carried_year != year:
            raise NumberingError(
                _(
                    "The document carries the number %(number)s of the year %(given)s, "
                    "so it must be dated in %(given)s, not in %(year)s."
                )
                % {"number": carried, "given": carried_year, "year": year}
            )
    return carried


def _check_may_number(actor) -> None:
    """Writing into the office's register needs its permission; `actor` None is the
    portal itself (a management command, a background job started by a checked view)."""
    if actor is not None and not actor.has_perm(ALLOCATE_NUMBER):
        raise NumberingError(
            _(
                "Your account may print drafts and print numbered documents again, but not "
                "take a number from the office's register. Ask someone who numbers documents."
            )
        )


def document_number_current(*, event, document: str) -> str | None:
    """The number `document` of `event` took last, if any."""
    return (
        DocumentNumber.objects.filter(office=event.organiser, event=event, document=document)
        .order_by("-created_at", "-id")
        .values_list("number", flat=True)
        .first()
    )


def document_numbers_current(*, event, documents) -> dict[str, str]:
    """{document: the number it took last} of `event`'s `documents`, in one query."""
    rows = (
        DocumentNumber.objects.filter(
            office=event.organiser, event=event, document__in=list(documents)
        )
        .order_by("created_at", "id")
        .values_list("document", "number")
    )
    return dict(rows)  # the latest of each document wins
