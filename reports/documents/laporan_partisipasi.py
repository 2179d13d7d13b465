"""Laporan partisipasi: the Bimtek's participation target beside the turnout results.

For the organiser's regency and each of its kecamatan: DPT, votes cast,
participation (votes cast / DPT), the gap to the event's target, and the share
of the kecamatan's PPS that sent someone who was present at the Bimtek. A KPU
Provinsi's event reports the same per regency with the province's total, KPU
RI's per province with the national total (`_wide_data`): summed up in SQL per
regency, so a national event costs ten queries, not one per kecamatan or PPS.

Results are entered at whichever level the office has them (regency,
kecamatan or desa/kelurahan). A kecamatan without its own row is summed from
its villages' rows; the regency without its own row is summed from the
kecamatan only when every kecamatan has data, since a partial sum would
understate turnout; a province (no row of its own) and the nation likewise from
every regency and province. Anything missing reads "belum ada data".

It is signed on the day given (`signed_on`, YYYY-MM-DD), else on the day the
turnout it reports is known (`reports.documents.dates`), and numbered in that
day's year. It is numbered as the berita acara are (`NumberRequest.resolve`):
the number given, a new one when asked, none for a draft, else the one it
took before. Without any it is a draft: "NOMOR: ....../PP.06-LP/..." and a light
"KONSEP" watermark on every page.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from bodies.models import Body, District, Province, Regency
from events.models import Event, TurnoutResult
from participants.models import Registration
from reports.charts import Bar, format_decimal, format_percent, horizontal_bar_chart
from reports.documents.base import chair_signature, clean_date, kop_context
from reports.documents.dates import Facts, document_default_date
from reports.documents.spec import NumberRequest
from reports.selectors import chair_name

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
REGENCY_KIND = {"kabupaten": "Kabupaten", "kota": "Kota"}
NO_ELECTION = "Kegiatan ini belum dikaitkan dengan pemilihan, sehingga data partisipasi belum ada."


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT)


@dataclass
class TurnoutRow:
    name: str
    registered_voters: int | None = None
    votes_cast: int | None = None
    pps_total: int = 0
    pps_present: int = 0
    target: Decimal | None = None
    villages_reported: int | None = None  # set when summed from village rows

    @property
    def has_data(self) -> bool:
        return self.registered_voters is not None

    @property
    def participation(self) -> Decimal | None:
        if not self.has_data:
            return None
        return percent(self.votes_cast or 0, self.registered_voters or 0)

    @property
    def gap(self) -> Decimal | None:
        """Participation minus target, in percentage points (negative: below target)."""
        if self.participation is None or self.target is None:
            return None
        return self.participation - self.target

    @property
    def pps_share(self) -> Decimal | None:
        return percent(self.pps_present, self.pps_total)

    # Ready-to-print Indonesian figures, so the template stays free of logic.
    @property
    def participation_text(self) -> str:
        value = self.participation
        return format_percent_2(value) if value is not None else "belum ada data"

    @property
    def registered_voters_text(self) -> str:
        return format_decimal(Decimal(self.registered_voters or 0), 0)

    @property
    def votes_cast_text(self) -> str:
        return format_decimal(Decimal(self.votes_cast or 0), 0)

    @property
    def gap_text(self) -> str:
        gap = self.gap
        if gap is None:
            return "–"
        sign = "+" if gap > 0 else ("−" if gap < 0 else "")
        return f"{sign}{format_decimal(abs(gap))}"

    @property
    def pps_share_text(self) -> str:
        share = self.pps_share
        if share is None:
            return "–"
        return f"{self.pps_present}/{self.pps_total} ({format_percent_2(share)})"


def format_percent_2(value: Decimal) -> str:
    """Participation is always printed with two decimals: `69,50 %`."""
    return f"{format_decimal(value)} %"


@dataclass
class TurnoutReport:
    event: Event
    rows: list[TurnoutRow]  # the kecamatan, regencies or provinces
    total: TurnoutRow  # named for the area: "Kabupaten Tebo", "Provinsi Jambi", "Nasional"
    chair_name: str = ""
    notes: list[str] = field(default_factory=list)
    level: str = "Kecamatan"  # what a row is, as the table's head says it
    area_phrase: str = ""  # the total inside a sentence, when not its name: "secara nasional"

    @property
    def area_name(self) -> str:
        return self.total.name

    @property
    def election_name(self) -> str | None:
        return self.event.election.name if self.event.election else None

    @property
    def target(self) -> Decimal | None:
        return self.event.participation_target

    @property
    def area_in_sentence(self) -> str:
        return self.area_phrase or self.area_name

    @property
    def level_word(self) -> str:
        """The rows' level inside a sentence: "kecamatan", "kabupaten/kota", "provinsi"."""
        return self.level.lower()

    @property
    def target_text(self) -> str:
        return format_percent(self.target) if self.target is not None else "belum ditetapkan"

    @property
    def chart(self) -> str:
        bars = [Bar(row.name, row.participation) for row in self.rows]
        bars.append(Bar(self.area_name, self.total.participation, emphasis=True))
        return horizontal_bar_chart(bars, target=self.target)

    @property
    def narrative(self) -> list[str]:
        return narrative(self)


def regency_display_name(regency) -> str:
    """`Kabupaten Tebo`, whichever edition's spelling the region row has."""
    name = regency.short_name
    name = name.title() if name.isupper() else name
    return f"{REGENCY_KIND.get(regency.kind, '')} {name}".strip()


def province_display_name(province) -> str:
    """`Provinsi Jambi`, also from the 2022 edition's `JAMBI`."""
    name = (
        province.name.title().replace("Dki ", "DKI ") if province.name.isupper() else province.name
    )
    return f"Provinsi {name}"


def _data(event: Event) -> TurnoutReport:
    """Everything the report prints, in six queries whatever the number of regions
    (a provincial or national event: `_wide_data`, nine or ten)."""
    event = Event.objects.select_related(
        "organiser__regency", "organiser__province", "election"
    ).get(pk=event.pk)
    organiser = event.organiser
    regency = organiser.regency
    target = event.participation_target
    chair = chair_name(organiser)
    if regency is None and organiser.kind in (Body.Kind.KPU_PROVINSI, Body.Kind.KPU_RI):
        return _wide_data(event, chair=chair)
    if regency is None:
        # Only a KPU office organises for a region; say so instead of failing.
        empty = TurnoutRow(name=organiser.name, target=target)
        notes = ["Penyelenggara tidak terkait dengan satu wilayah."]
        return TurnoutReport(event=event, rows=[], total=empty, chair_name=chair, notes=notes)

    districts = list(District.objects.filter(regency=regency).order_by("code"))
    rows = {d.pk: TurnoutRow(name=d.name, target=target) for d in districts}

    regency_row = TurnoutRow(name=regency_display_name(regency), target=target)
    notes: list[str] = []
    if event.election_id is None:
        notes.append(NO_ELECTION)
    else:
        results = TurnoutResult.objects.filter(election_id=event.election_id).filter(
            Q(regency=regency)
            | Q(district__regency=regency)
            | Q(village__district__regency=regency)
        )
        summed: dict[int, TurnoutRow] = {}
        sources: list[str] = []
        for regency_id, district_id, village_district_id, dpt, votes, source in results.values_list(
            "regency_id",
            "district_id",
            "village__district_id",
            "registered_voters",
            "votes_cast",
            "source",
        ):
            if source and source not in sources:
                sources.append(source)
            if regency_id is not None:
                regency_row.registered_voters, regency_row.votes_cast = dpt, votes
            elif district_id is not None and district_id in rows:
                rows[district_id].registered_voters = dpt
                rows[district_id].votes_cast = votes
            elif village_district_id in rows:
                total = summed.setdefault(village_district_id, TurnoutRow(name=""))
                total.registered_voters = (total.registered_voters or 0) + dpt
                total.votes_cast = (total.votes_cast or 0) + votes
                total.villages_reported = (total.villages_reported or 0) + 1
        for district_id, total in summed.items():
            row = rows[district_id]
            if not row.has_data:  # a kecamatan's own row wins over its villages' sum
                row.registered_voters, row.votes_cast = total.registered_voters, total.votes_cast
                row.villages_reported = total.villages_reported
        notes.extend(f"Sumber data: {source}." for source in sources)
        if not regency_row.has_data and rows and all(r.has_data for r in rows.values()):
            regency_row.registered_voters = sum(r.registered_voters or 0 for r in rows.values())
            regency_row.votes_cast = sum(r.votes_cast or 0 for r in rows.values())
            notes.append("Angka kabupaten dijumlahkan dari data seluruh kecamatan.")

    _count_pps(event, rows, regency_row, area={"district__regency": regency}, row_key="district_id")

    for row in rows.values():
        if row.villages_reported:
            notes.append(
                f"Angka Kecamatan {row.name} dijumlahkan dari {row.villages_reported} "
                "desa/kelurahan yang datanya sudah masuk."
            )
    return TurnoutReport(
        event=event, rows=list(rows.values()), total=regency_row, chair_name=chair, notes=notes
    )


@dataclass
class _Sums:
    """A regency's figures as summed in SQL: its own row, and its kecamatan's."""

    own: tuple[int, int] | None = None  # the regency's own row (DPT, votes cast)
    districts_with_data: int = 0  # with a row of their own or of some villages
    from_villages: int = 0  # kecamatan summed from their villages' rows
    registered_voters: int = 0
    votes_cast: int = 0


def _add(row: TurnoutRow, registered_voters: int, votes_cast: int) -> None:
    row.registered_voters = (row.registered_voters or 0) + registered_voters
    row.votes_cast = (row.votes_cast or 0) + votes_cast


def _names(rows: list[TurnoutRow], *, plural: str) -> str:
    """ "Kabupaten Bungo dan Kabupaten Tebo", or "12 kabupaten/kota" when there are many."""
    names = [row.name for row in rows]
    if len(names) > 5:
        return f"{len(names)} {plural}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} dan {names[-1]}"


def _wide_data(event: Event, *, chair: str) -> TurnoutReport:
    """A KPU Provinsi's event per regency, KPU RI's per province: nine or ten queries.

    Per regency, SQL sums its kecamatan's own rows and, for a kecamatan without
    one, its villages' rows; Python then only adds up at most ~500 regencies.
    """
    organiser = event.organiser
    target = event.participation_target
    national = organiser.kind == Body.Kind.KPU_RI
    if national:
        # The provinces that have their KPU Provinsi: one edition's, whichever it is.
        provinces = list(
            Province.objects.filter(bodies__kind=Body.Kind.KPU_PROVINSI).distinct().order_by("code")
        )
        province_ids = [p.pk for p in provinces]
        rows = {p.pk: TurnoutRow(name=province_display_name(p), target=target) for p in provinces}
        total = TurnoutRow(name="Nasional", target=target)
    else:
        province_ids = [organiser.province_id]
        rows = {}
        total = TurnoutRow(name=province_display_name(organiser.province), target=target)
    regencies = list(
        Regency.objects.filter(province_id__in=province_ids)
        .annotate(district_count=Count("districts"))
        .order_by("code")
    )
    if not national:
        rows = {r.pk: TurnoutRow(name=regency_display_name(r), target=target) for r in regencies}
    # The row a regency's figures and PPS count towards.
    row_of = {r.pk: rows[r.province_id if national else r.pk] for r in regencies}

    notes: list[str] = []
    if event.election_id is None:
        notes.append(NO_ELECTION)
    else:
        notes.extend(
            _wide_turnout(
                event,
                regencies=regencies,
                rows=rows,
                row_of=row_of,
                province_ids=province_ids,
                national=national,
            )
        )
        if rows and all(r.has_data for r in rows.values()):
            for row in rows.values():
                _add(total, row.registered_voters or 0, row.votes_cast or 0)
            notes.append(
                "Angka nasional dijumlahkan dari data seluruh provinsi."
                if national
                else f"Angka {total.name} dijumlahkan dari data seluruh kabupaten/kota."
            )

    _count_pps(
        event,
        rows,
        total,
        area={"regency__province_id__in": province_ids},
        row_key="regency__province_id" if national else "regency_id",
    )
    return TurnoutReport(
        event=event,
        rows=list(rows.values()),
        total=total,
        chair_name=chair,
        notes=notes,
        level="Provinsi" if national else "Kabupaten/Kota",
        area_phrase="secara nasional" if national else "",
    )


def _count_pps(
    event: Event, rows: dict[int, TurnoutRow], total: TurnoutRow, *, area: dict, row_key: str
) -> None:
    """Each row's PPS and how many of them sent someone present, the total's sums (two
    queries). `area` filters the PPS (Body lookups), `row_key` is the Body field that
    names a PPS's row: "district_id" for the kecamatan, "regency_id", ..."""
    for item in (
        Body.objects.filter(kind=Body.Kind.PPS, **area).values(row_key).annotate(n=Count("id"))
    ):
        if item[row_key] in rows:
            rows[item[row_key]].pps_total = item["n"]
    present = (
        Registration.objects.active()
        .filter(
            event=event,
            unit__kind=Body.Kind.PPS,
            attendances__isnull=False,
            **{f"unit__{lookup}": value for lookup, value in area.items()},
        )
        .values(f"unit__{row_key}")
        .annotate(n=Count("unit_id", distinct=True))
    )
    for item in present:
        if item[f"unit__{row_key}"] in rows:
            rows[item[f"unit__{row_key}"]].pps_present = item["n"]
    total.pps_total = sum(r.pps_total for r in rows.values())
    total.pps_present = sum(r.pps_present for r in rows.values())


def _wide_turnout(
    event: Event,
    *,
    regencies: list[Regency],
    rows: dict[int, TurnoutRow],
    row_of: dict[int, TurnoutRow],
    province_ids: list[int],
    national: bool,
) -> list[str]:
    """Fills the rows' DPT and votes cast (four queries); returns the notes on how."""
    results = TurnoutResult.objects.filter(election_id=event.election_id)
    sums = {r.pk: _Sums() for r in regencies}
    for regency_id, dpt, votes in results.filter(regency__province_id__in=province_ids).values_list(
        "regency_id", "registered_voters", "votes_cast"
    ):
        sums[regency_id].own = (dpt, votes)
    for item in (
        results.filter(district__regency__province_id__in=province_ids)
        .values("district__regency_id")
        .annotate(n=Count("id"), dpt=Sum("registered_voters"), votes=Sum("votes_cast"))
    ):
        regency = sums[item["district__regency_id"]]
        regency.districts_with_data += item["n"]
        regency.registered_voters += item["dpt"]
        regency.votes_cast += item["votes"]
    # Villages count only for a kecamatan without its own row (its own row wins).
    own_district_row = TurnoutResult.objects.filter(
        election_id=event.election_id, district_id=OuterRef("village__district_id")
    )
    for item in (
        results.filter(village__district__regency__province_id__in=province_ids)
        .filter(~Exists(own_district_row))
        .values("village__district__regency_id")
        .annotate(
            n=Count("village__district_id", distinct=True),
            dpt=Sum("registered_voters"),
            votes=Sum("votes_cast"),
        )
    ):
        regency = sums[item["village__district__regency_id"]]
        regency.districts_with_data += item["n"]
        regency.from_villages += item["n"]
        regency.registered_voters += item["dpt"]
        regency.votes_cast += item["votes"]
    sources = (
        results.filter(
            Q(regency__province_id__in=province_ids)
            | Q(district__regency__province_id__in=province_ids)
            | Q(village__district__regency__province_id__in=province_ids)
        )
        .exclude(source="")
        .values_list("source", flat=True)
        .distinct()
        .order_by("source")
    )
    notes = [f"Sumber data: {source}." for source in sources]

    # A regency's own row, else all its kecamatan; a province only from all its regencies.
    regency_rows: dict[int, TurnoutRow] = {}
    summed: list[TurnoutRow] = []
    from_villages = 0
    for regency in regencies:
        figures = sums[regency.pk]
        row = TurnoutRow(name=regency_display_name(regency))
        if figures.own is not None:
            row.registered_voters, row.votes_cast = figures.own
        elif regency.district_count and figures.districts_with_data == regency.district_count:
            row.registered_voters, row.votes_cast = figures.registered_voters, figures.votes_cast
            summed.append(row)
            from_villages += figures.from_villages
        regency_rows[regency.pk] = row
    if national:
        complete = {
            pk: row
            for pk, row in rows.items()
            if all(regency_rows[r.pk].has_data for r in regencies if r.province_id == pk)
            and any(r.province_id == pk for r in regencies)
        }
        for regency in regencies:
            if regency.province_id in complete:
                row = regency_rows[regency.pk]
                _add(row_of[regency.pk], row.registered_voters or 0, row.votes_cast or 0)
        if complete:
            notes.append(
                "Angka provinsi dijumlahkan dari data seluruh kabupaten/kota di provinsi itu."
            )
    else:
        for pk, row in regency_rows.items():
            rows[pk].registered_voters, rows[pk].votes_cast = row.registered_voters, row.votes_cast
    if summed and not national:
        notes.append(
            f"Angka {_names(summed, plural='kabupaten/kota')} dijumlahkan dari data seluruh "
            "kecamatan."
        )
    if from_villages:
        notes.append(
            f"Angka {from_villages} kecamatan dijumlahkan dari desa/kelurahan yang datanya "
            "sudah masuk."
        )
    return notes


def narrative(report: TurnoutReport) -> list[str]:
    """A few plain Indonesian sentences summarising the table."""
    row = report.total
    sentences = []
    if row.participation is None:
        sentences.append(f"Data partisipasi pemilih {report.area_in_sentence} belum ada.")
    elif report.target is None:
        sentences.append(
            f"Tingkat partisipasi {report.area_in_sentence} "
            f"{format_percent_2(row.participation)}; "
            "target partisipasi belum ditetapkan."
        )
    else:
        gap = row.gap
        target = format_percent(report.target)
        if gap == 0:
            position = f"tepat sama dengan target {target}"
        else:
            side = "di bawah" if gap < 0 else "di atas"
            position = f"atau {format_decimal(abs(gap))} poin {side} target {target}"
        sentences.append(
            f"Tingkat partisipasi {report.area_in_sentence} "
            f"{format_percent_2(row.participation)} {position}."
        )
    if report.target is not None:
        measured = [r for r in report.rows if r.participation is not None]
        if measured:
            reached = [r for r in measured if r.participation >= report.target]
            which = (
                report.level_word
                if len(measured) == len(report.rows)
                else f"{report.level_word} yang datanya sudah ada"
            )
            sentences.append(f"{len(reached)} dari {len(measured)} {which} mencapai target.")
    if row.pps_total:
        sentences.append(
            f"{row.pps_present} dari {row.pps_total} PPS "
            f"({format_percent_2(row.pps_share)}) hadir dalam Bimbingan Teknis."
        )
    return sentences


def data(*, event: Event, numbering: NumberRequest, paper: str, signed_on=None) -> dict:
    signed_on = clean_date(signed_on, document_default_date(event=event, facts=Facts.TURNOUT_KNOWN))
    report = _data(event)
    number, draft = numbering.resolve(year=signed_on.year)
    return {
        "paper": paper,
        "kop": kop_context(report.event.organiser),
        "event": report.event,
        "report": report,
        "number": number,
        "draft": draft,
        "signature": chair_signature(
            report.event.organiser, signed_on=signed_on, name=report.chair_name
        ),
    }
