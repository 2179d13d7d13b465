"""Sertifikat: one landscape page per participant who meets the event's certificate rule.

Each certificate carries a certificate number (reports/verification.py; never
the registration code, nor anything of the private link) in print and
as a QR code that opens the public verification page (`reports:verify`), so
anyone holding the paper can check it belongs to a participant who was there.

Rendering is chunked: each chunk of CHUNK_SIZE certificates is one WeasyPrint
pass (WeasyPrint's time per page grows with the document, so 177 certificates
take about half as long in three parts as in one), the parts are laid out on
every core (`workers`, default `reports.pdf.worker_count()`) and merged with
pypdf, and `progress(done, total)` is called as each part is finished so a
background job can report how far it is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.qr import qr_svg_for_print
from bodies.labels import unit_label
from events.dates import date_indonesian, date_range_indonesian, session_minutes
from events.models import Event, ParticipantRole, participant_role_words
from events.site import SiteUrlMissing, absolute_url
from learning.selectors import certificate_registrations
from participants.models import Registration
from reports.documents.base import DocumentError, kop_context, office_name
from reports.documents.text_fit import SERIF, SERIF_BOLD, line_count
from reports.pdf import RenderedPdf, render_parts_joined
from reports.selectors import chair_name
from reports.verification import certificate_number
from reports.words import number_in_words

TEMPLATE = "reports/sertifikat.html"
CHUNK_SIZE = 60

# What the certificate says the person came as, when the form left "position" empty.
ROLE_TEXT = {
    ParticipantRole.ANY: "Peserta",
    ParticipantRole.COMMISSIONER: "Anggota",
    ParticipantRole.SECRETARIAT: "Staf Sekretariat",
}


# The certificate's text column: A4 landscape less margins, borders and padding, with room
# to spare. A name or role too long for it at full size is set smaller (never cut off).
TEXT_WIDTH_PT = 225 * 72 / 25.4
NAME_SIZES_PT = (24, 20, 17, 14)  # one line if it can, two at the smallest
ROLE_SIZES_PT = (13, 11.5, 10)  # two lines if it can


def fitting_size(text: str, sizes: tuple[float, ...], *, lines: int, font=SERIF) -> float:
    """The largest of `sizes` at which `text` takes at most `lines` lines."""
    for size in sizes:
        if line_count(text, width=TEXT_WIDTH_PT, size=size, font=font) <= lines:
            return size
    return sizes[-1]


@dataclass
class Certificate:
    name: str
    role: str
    unit: str
    number: str  # reports.verification.certificate_number
    verify_url: str

    @property
    def name_size(self) -> float:
        return fitting_size(self.name, NAME_SIZES_PT, lines=1, font=SERIF_BOLD)

    @property
    def role_size(self) -> float:
        return fitting_size(f"{self.role} – {self.unit}", ROLE_SIZES_PT, lines=2)

    @property
    def qr_svg(self) -> str:
        return mark_safe(qr_svg_for_print(self.verify_url))


@dataclass
class CertificateData:
    event: Event
    certificates: list[Certificate]
    organiser_name: str  # "Komisi Pemilihan Umum Kabupaten Tebo"
    dates: str  # "11–12 November 2024"
    place: str  # "Tebo"
    signed_on: str  # "12 November 2024"
    chair_name: str
    hours: int | None = None  # the training's length in JP (jam pelajaran)
    hours_words: str = ""  # "enam belas"


def present_registrations(event: Event):
    """The registrations that earn a certificate under the event's rule (learning's
    CertificateRule: present on every day by default, or on any day; optionally a
    minimum post-test score)."""
    return certificate_registrations(event).select_related("unit__district", "unit__village")


def is_present(registration: Registration) -> bool:
    """Whether the registration earns a certificate (the verification page asks)."""
    return present_registrations(registration.event).filter(pk=registration.pk).exists()


def verify_url(number: str) -> str:
    """The whole link of the certificate's verification page, for its QR code: a phone
    scanning the paper knows no host, so without BIMTEK_SITE_URL nothing is printed."""
    try:
        return absolute_url(reverse("reports:verify", args=[number]))
    except SiteUrlMissing as missing:
        raise DocumentError(
            _("The certificates' QR code needs the portal's address: %(reason)s")
            % {"reason": missing}
        ) from missing


def role_text(registration: Registration) -> str:
    if registration.position.strip():
        return registration.position.strip()
    if registration.role == ParticipantRole.SOSDIKLIH:  # worded as the undangan words it
        kind = registration.unit.kind
        return participant_role_words(
            role=registration.role, kind=kind if kind in ("PPK", "PPS") else "KPU"
        )
    return ROLE_TEXT.get(registration.role, "Peserta")


# A jam pelajaran of government training is 45 minutes.
MINUTES_PER_JP = 45


def training_hours(event: Event) -> int | None:
    """The JP the certificate prints: as the office set it on the event, else the
    agenda's timed sessions in 45-minute hours, rounded down (one query); None when
    neither gives any."""
    if event.training_hours:
        return event.training_hours
    sessions = event.agenda_items.filter(end_time__isnull=False).values_list(
        "start_time", "end_time"
    )
    minutes = sum(session_minutes(start, end) for start, end in sessions)
    return minutes // MINUTES_PER_JP or None


def _data(event: Event, *, registration: Registration | None = None) -> CertificateData:
    """The event with its organiser, the chair, the participants (with the certificate
    rule), and the agenda when the JP come from it: a fixed count, pinned in the tests."""
    event = Event.objects.select_related("organiser__regency").get(pk=event.pk)
    organiser = event.organiser
    chair = chair_name(organiser)
    registrations = present_registrations(event).order_by(
        "unit__kind", "unit__satker_code", "unit__name", "seat_number", "pk"
    )
    if registration is not None:
        if registration.event_id != event.pk:
            raise DocumentError(_("This participant is not registered for that event."))
        registrations = registrations.filter(pk=registration.pk)
    certificates = [
        Certificate(
            name=r.full_name,
            role=role_text(r),
            unit=unit_label(r.unit),
            number=certificate_number(r.pk),
            verify_url=verify_url(certificate_number(r.pk)),
        )
        for r in registrations
    ]
    if registration is not None and not certificates:
        raise DocumentError(
            _("Certificates are only for participants recorded as present; %(name)s is not.")
            % {"name": registration.full_name}
        )
    if not certificates:
        raise DocumentError(
            _("Nobody has been recorded as present yet, so there are no certificates.")
        )
    place = organiser.regency.short_name if organiser.regency else ""
    hours = training_hours(event)
    return CertificateData(
        event=event,
        certificates=certificates,
        organiser_name=office_name(organiser),
        dates=date_range_indonesian(event.first_day, event.last_day),
        place=place.title() if place.isupper() else place,  # "TEBO" in the 2022 edition
        signed_on=date_indonesian(event.last_day),
        chair_name=chair,
        hours=hours,
        hours_words=number_in_words(hours) if hours else "",
    )


def all_certificates(*, event, options: dict) -> bool:
    """Every certificate at once goes to the background worker; one does not."""
    return options.get("registration") is None


def data(*, event: Event, registration: Registration | None = None) -> dict:
    certificates = _data(event, registration=registration)
    return {
        "data": certificates,
        "event": certificates.event,
        "kop": kop_context(certificates.event.organiser),
        "person": f"-{registration.code}" if registration is not None else "",
    }


def render(
    context: dict,
    *,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> RenderedPdf:
    """Certificates in parts of CHUNK_SIZE, laid out on every core and merged;
    `progress(certificates done, certificates)` as the parts finish."""
    data, kop = context["data"], context["kop"]
    total = len(data.certificates)
    chunks = [data.certificates[i : i + CHUNK_SIZE] for i in range(0, total, CHUNK_SIZE)]
    # Made as the workers take them (render_parts): a national event's 90,000
    # certificates, QR codes and all, are never in memory as HTML at once.
    htmls = (
        render_to_string(TEMPLATE, {"data": data, "certificates": chunk, "kop": kop})
        for chunk in chunks
    )
    sizes = [len(chunk) for chunk in chunks]

    def parts_done(done: int, _parts: int) -> None:
        # The parts finish in order: report certificates, not parts.
        if progress:
            progress(sum(sizes[:done]), total)

    return render_parts_joined(htmls, count=len(chunks), workers=workers, progress=parts_done)
