"""Laporan evaluasi: what the Bimtek taught and how participants judged it.

Who took the pre-test and the post-test, their average scores and the gain,
the distribution of scores (table and chart), the share of correct answers per
question, the survey's averages per speaker and per material, the comments,
and in an appendix every participant's scores. The figures come from
`learning.selectors.evaluation_results`, the same as the staff results page.
Signed by the ketua on the day given (`signed_on`), by default the last day.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from events.dates import date_indonesian, date_range_indonesian
from events.models import Event
from learning.selectors import EvaluationResults, evaluation_results
from reports.charts import Bar, format_decimal, grouped_column_chart, horizontal_bar_chart
from reports.documents.base import DocumentError, chair_signature, clean_date, kop_context
from reports.documents.dates import Facts, document_default_date
from reports.selectors import chair_name

HUNDRED = Decimal(100)


def number_text(value: Decimal | None, places: int = 2) -> str:
    return format_decimal(value, places) if value is not None else "–"


def gain_text(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{format_decimal(abs(value), places)}"


def share(count: int, whole: int) -> Decimal:
    return (Decimal(count) * HUNDRED / whole).quantize(Decimal("0.01")) if whole else Decimal(0)


@dataclass
class EvaluationReport:
    results: EvaluationResults

    @property
    def narrative(self) -> list[str]:
        r = self.results
        sentences = [
            f"Pre-test diikuti oleh {r.pre.takers} dari {r.registered} peserta terdaftar "
            f"dengan nilai rata-rata {number_text(r.pre.average)}; post-test diikuti oleh "
            f"{r.post.takers} peserta dengan nilai rata-rata {number_text(r.post.average)}."
        ]
        if r.gain is not None:
            direction = "naik" if r.gain >= 0 else "turun"
            sentences.append(
                f"Nilai rata-rata {direction} {format_decimal(abs(r.gain))} poin; "
                f"{r.both_count} peserta yang mengikuti kedua tes {direction} rata-rata "
                f"{format_decimal(abs(r.paired_gain or Decimal(0)))} poin."
            )
        if r.survey_count:
            sentences.append(f"Survei kepuasan diisi oleh {r.survey_count} peserta (skala 1–5).")
        return sentences

    @property
    def gain(self) -> str:
        return gain_text(self.results.gain)

    @property
    def summary_rows(self) -> list[tuple[str, str, str]]:
        pre, post = self.results.pre, self.results.post
        return [
            ("Jumlah peserta", str(pre.takers), str(post.takers)),
            ("Nilai rata-rata", number_text(pre.average), number_text(post.average)),
            ("Nilai terendah", number_text(pre.lowest, 0), number_text(post.lowest, 0)),
            ("Nilai tertinggi", number_text(pre.highest, 0), number_text(post.highest, 0)),
        ]

    @property
    def distribution_rows(self) -> list[tuple[str, int, str, int, str]]:
        pre, post = self.results.pre, self.results.post
        return [
            (
                band,
                a,
                format_decimal(share(a, pre.takers)),
                b,
                format_decimal(share(b, post.takers)),
            )
            for (band, a), (_same, b) in zip(pre.distribution, post.distribution, strict=True)
        ]

    @property
    def distribution_chart(self):
        pre, post = self.results.pre, self.results.post
        return grouped_column_chart(
            [
                (band, [share(a, pre.takers), share(b, post.takers)])
                for (band, a), (_same, b) in zip(pre.distribution, post.distribution, strict=True)
            ],
            series=["Pre-test", "Post-test"],
            height=150,
        )

    @property
    def question_chart(self):
        bars = []
        for question in self.results.questions:
            bars.append(Bar(f"Soal {question.number} pre-test", question.pre_percent))
            bars.append(Bar(f"Soal {question.number} post-test", question.post_percent, True))
        return horizontal_bar_chart(bars, label_width=130, bar_height=9, gap=3)

    @property
    def questions(self) -> list[dict]:
        return [
            {
                "number": q.number,
                "text": q.text,
                "answer": q.correct_answer,
                "pre": number_text(q.pre_percent, 0),
                "post": number_text(q.post_percent, 0),
                "gain": gain_text(
                    q.post_percent - q.pre_percent
                    if q.pre_percent is not None and q.post_percent is not None
                    else None,
                    0,
                ),
            }
            for q in self.results.questions
        ]

    @property
    def takers(self) -> list[dict]:
        return [
            {
                "name": row.name,
                "unit": row.unit,
                "pre": number_text(row.pre, 0),
                "post": number_text(row.post, 0),
                "gain": gain_text(row.gain, 0),
            }
            for row in self.results.takers
        ]


def data(*, event: Event, paper: str, signed_on=None) -> dict:
    """Eleven queries: the event, the results (ten, see evaluation_results), the chair."""
    # The province too: the signature's place looks at it.
    event = Event.objects.select_related("organiser__regency", "organiser__province").get(
        pk=event.pk
    )
    signed_on = clean_date(signed_on, document_default_date(event=event, facts=Facts.EVENT_HELD))
    results = evaluation_results(event=event)
    if not results.has_data:
        raise DocumentError(
            _(
                "Nobody has taken the pre-test, the post-test or the survey yet, so there "
                "is nothing to report."
            )
        )
    organiser = event.organiser
    return {
        "paper": paper,
        "kop": kop_context(organiser),
        "event": event,
        "dates": date_range_indonesian(event.first_day, event.last_day),
        "report": EvaluationReport(results),
        "results": results,
        "signed_on": date_indonesian(signed_on),
        "signature": chair_signature(organiser, signed_on=signed_on, name=chair_name(organiser)),
    }
