"""The Tebo demo's tests, survey and one material, so every page and document has data.

Called by the demo seed (`seed_demo --participants`) after the participants and
their attendance exist. Deterministic (a fixed random seed) and idempotent: a
second run adds nothing. The figures are ILLUSTRATIVE.
"""

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from events.models import Event
from participants.models import Attendance, Registration

from .models import (
    Answer,
    Assessment,
    Choice,
    Material,
    Question,
    Rating,
    Submission,
    session_bounds,
)
from .selectors import event_questions

SEED = 20241111

# (question, choices, index of the correct one): the Bimtek's subject, participation.
QUESTIONS = [
    (
        "Berapa persen target partisipasi pemilih yang ditetapkan KPU Kabupaten Tebo untuk "
        "Pemilihan Serentak 2024?",
        ["75 %", "80 %", "85 %", "90 %"],
        2,
    ),
    (
        "Siapa yang dimaksud dengan pemilih pemula?",
        [
            "Warga yang baru pindah domisili",
            "Warga yang pertama kali menggunakan hak pilih",
            "Warga berusia di atas 60 tahun",
            "Anggota PPS yang baru dilantik",
        ],
        1,
    ),
    (
        "Daftar pemilih yang ditetapkan untuk digunakan pada hari pemungutan suara disebut…",
        ["DPS", "DPTb", "DPT", "DPK"],
        2,
    ),
    (
        "Tugas PPS dalam sosialisasi pemilihan di desa/kelurahan adalah…",
        [
            "Menetapkan hasil rekapitulasi kabupaten",
            "Menyosialisasikan penyelenggaraan pemilihan kepada masyarakat di wilayahnya",
            "Mengangkat anggota PPK",
            "Mencetak surat suara",
        ],
        1,
    ),
    (
        "Kelompok berikut termasuk sasaran sosialisasi segmen pemilih strategis, kecuali…",
        ["Pemilih pemula", "Penyandang disabilitas", "Kaum perempuan", "Penyelenggara ad hoc"],
        3,
    ),
    (
        "Partisipasi pemilih dihitung dari…",
        [
            "Jumlah TPS dibagi jumlah desa",
            "Pengguna hak pilih dibagi jumlah pemilih dalam DPT",
            "Suara sah dibagi suara tidak sah",
            "Jumlah relawan demokrasi",
        ],
        1,
    ),
    (
        "Hari pemungutan suara Pemilihan Serentak 2024 jatuh pada tanggal…",
        ["14 Februari 2024", "27 November 2024", "11 November 2024", "2 Desember 2024"],
        1,
    ),
    (
        "Media sosialisasi yang paling menjangkau pemilih muda menurut evaluasi KPU adalah…",
        ["Baliho", "Media sosial", "Surat kabar cetak", "Radio"],
        1,
    ),
    (
        "Pemilih yang pindah memilih ke TPS lain dicatat dalam…",
        ["DPTb", "DPT", "DPS", "DP4"],
        0,
    ),
    (
        "Prinsip penyelenggaraan pemilihan yang menuntut perlakuan sama kepada semua peserta "
        "adalah…",
        ["Efisien", "Adil", "Profesional", "Proporsional"],
        1,
    ),
]

COMMENTS = [
    "Materi sangat bermanfaat untuk sosialisasi di desa kami.",
    "Waktu diskusi sebaiknya ditambah.",
    "Mohon bahan paparan dibagikan sebelum acara.",
    "Narasumber menjelaskan dengan jelas dan mudah dipahami.",
    "Perlu contoh media sosialisasi untuk pemilih disabilitas.",
    "Ruangan agak dingin, selebihnya baik.",
    "Semoga ada bimtek lanjutan menjelang hari pemungutan suara.",
    "Simulasi pendataan pemilih pemula sangat membantu.",
]


def seed_learning_ahead(*, event: Event, pre_test_opens_at: datetime) -> None:
    """An event still to come: its windows (the pre-test open from `pre_test_opens_at`
    until the first session), the questions and the material; nobody has answered yet."""
    with transaction.atomic():
        _ensure_windows(event, pre_test_opens_at=pre_test_opens_at)
        _ensure_questions(event)
        _ensure_material(event)


def seed_learning(*, event: Event) -> int:
    """Windows, questions, a material, answers and the survey for `event`; returns the
    number of submissions added (0 when they exist already)."""
    with transaction.atomic():
        _ensure_windows(event)
        _ensure_questions(event)
        _ensure_material(event)
        if Submission.objects.filter(assessment__event=event).exists():
            return 0
        return _answers_and_survey(event)


def _ensure_windows(event: Event, *, pre_test_opens_at: datetime | None = None) -> None:
    zone = timezone.get_current_timezone()
    first_start, last_end = session_bounds(event)
    first_start = first_start or datetime.combine(event.first_day, time(8, 0), tzinfo=zone)
    last_end = last_end or datetime.combine(event.last_day, time(16, 0), tzinfo=zone)
    windows = {
        Assessment.Kind.PRE: (pre_test_opens_at or first_start - timedelta(hours=2), first_start),
        Assessment.Kind.POST: (last_end, last_end + timedelta(hours=3)),
        Assessment.Kind.SURVEY: (last_end, last_end + timedelta(days=2)),
    }
    for kind, (opens, closes) in windows.items():
        Assessment.objects.get_or_create(
            event=event, kind=kind, defaults={"opens_at": opens, "closes_at": closes}
        )


def _ensure_questions(event: Event) -> None:
    if Question.objects.filter(event=event).exists():
        return
    for order, (text, choices, correct) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(event=event, text=text, order=order)
        Choice.objects.bulk_create(
            Choice(question=question, text=choice, is_correct=index == correct, order=index + 1)
            for index, choice in enumerate(choices)
        )


def _ensure_material(event: Event) -> None:
    if Material.objects.filter(event=event).exists():
        return
    speaker = event.speakers.order_by("order", "id").first()
    item = (
        event.agenda_items.filter(speaker=speaker).first() if speaker else None
    ) or event.agenda_items.first()
    title = "Strategi Peningkatan Partisipasi Masyarakat"
    pdf = material_pdf(title=title, event=event, speaker=speaker.name if speaker else "")
    material = Material(
        event=event,
        title=title,
        speaker=speaker,
        agenda_item=item,
        file_type="pdf",
        file_name="materi-partisipasi-masyarakat.pdf",
        size=len(pdf),
        is_public=True,
        order=1,
    )
    material.file.save("materi.pdf", ContentFile(pdf), save=False)
    material.save()


def material_pdf(*, title: str, event: Event, speaker: str) -> bytes:
    """A two-page paparan made with WeasyPrint (already the portal's PDF engine)."""
    from django.utils.html import escape
    from weasyprint import HTML

    points = [q for q, _choices, _correct in QUESTIONS[:5]]
    html = (
        "<html><head><style>@page{size:A4 landscape;margin:2cm}"
        "body{font-family:'Liberation Sans',sans-serif}h1{color:#7a0f12}"
        "section{page-break-after:always}</style></head><body>"
        f"<section><h1>{escape(title)}</h1><p>{escape(event.title)}</p>"
        f"<p>{escape(speaker)}</p><p>{escape(event.venue_name)}</p></section>"
        "<section><h2>Pokok bahasan</h2><ul>"
        + "".join(f"<li>{escape(point)}</li>" for point in points)
        + "</ul><p><em>Bahan demo, bukan materi resmi.</em></p></section></body></html>"
    )
    return HTML(string=html).write_pdf()


def _answers_and_survey(event: Event) -> int:
    rng = random.Random(SEED)
    windows = {a.kind: a for a in Assessment.objects.filter(event=event)}
    questions = event_questions(event_id=event.pk)
    # Some questions are harder than others, before and after the training.
    difficulty = [rng.uniform(-0.15, 0.15) for _ in questions]
    present = set(
        Attendance.objects.filter(registration__event=event).values_list(
            "registration_id", flat=True
        )
    )
    people = list(Registration.objects.filter(event=event, pk__in=present).order_by("pk"))
    submissions, answer_sets, survey = [], [], []
    comments = rng.sample(COMMENTS, len(COMMENTS))
    for person in people:
        ability = rng.uniform(0.35, 0.7)
        for kind, skip, level in (
            (Assessment.Kind.PRE, 0.06, ability),
            (Assessment.Kind.POST, 0.12, min(0.97, ability + rng.uniform(0.1, 0.35))),
        ):
            if rng.random() < skip:
                continue
            window = windows[kind]
            chosen = _chosen_answers(questions, difficulty=difficulty, level=level, rng=rng)
            at = window.opens_at + timedelta(minutes=rng.randrange(10, 100))
            submissions.append(
                Submission(
                    assessment=window,
                    registration=person,
                    submitted_at=min(at, window.closes_at - timedelta(minutes=1)),
                    correct=sum(c.is_correct for c in chosen),
                    total=len(chosen),
                )
            )
            answer_sets.append(chosen)
        if rng.random() < 0.8:
            # Each comment once, as people write their own.
            comment = comments.pop() if comments and rng.random() < 0.1 else ""
            survey.append(
                Submission(
                    assessment=windows[Assessment.Kind.SURVEY],
                    registration=person,
                    submitted_at=windows[Assessment.Kind.SURVEY].opens_at
                    + timedelta(minutes=rng.randrange(5, 240)),
                    comment=comment,
                )
            )
    Submission.objects.bulk_create(submissions + survey)
    Answer.objects.bulk_create(
        Answer(submission=s, question_id=c.question_id, choice=c, is_correct=c.is_correct)
        for s, chosen in zip(submissions, answer_sets, strict=True)
        for c in chosen
    )
    Rating.objects.bulk_create(_survey_ratings(event, survey=survey, rng=rng))
    return len(submissions) + len(survey)


def _chosen_answers(questions, *, difficulty: list[float], level: float, rng: random.Random):
    """The choice a person of `level` picks for each question: the right one, more
    often for an easier question."""
    chosen = []
    for question, hardness in zip(questions, difficulty, strict=True):
        choices = list(question.choices.all())
        right = next(c for c in choices if c.is_correct)
        if rng.random() < level - hardness:
            chosen.append(right)
        else:
            chosen.append(rng.choice([c for c in choices if not c.is_correct]))
    return chosen


def _survey_ratings(event: Event, *, survey: list, rng: random.Random) -> list[Rating]:
    """Each survey's score for every speaker (some rated better than others) and material."""
    speakers = list(event.speakers.order_by("order", "id"))
    materials = list(event.materials.order_by("order", "id"))
    leaning = {s.pk: rng.uniform(3.6, 4.6) for s in speakers}
    ratings = []
    for response in survey:
        for speaker in speakers:
            ratings.append(
                Rating(submission=response, speaker=speaker, score=_score(rng, leaning[speaker.pk]))
            )
        for material in materials:
            ratings.append(Rating(submission=response, material=material, score=_score(rng, 4.1)))
    return ratings


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.7))))
