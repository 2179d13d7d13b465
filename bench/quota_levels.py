"""The staff pages of a national event before and after #22 (items 2 and 4), on PostgreSQL.

Generates into a database of its own (`--database-url`, default the local
`bimtek_quota_bench`, created if missing and left in place for a dev server:
`--fresh` drops it first) a country of `--provinces` x `--regencies` x `--districts` x
`--villages` regions with their PPK and PPS, a KPU RI event giving 1 seat per PPK
and per PPS, a registrant in every unit but one in 20, nine in ten of them verified,
and most of those checked in on the first day. Then, with the Django test client and
a superuser (debug on, so no static files need collecting):

- the quota overview: the whole overview built and rendered as before (`ledger.
  quota_overview` + events/quota_overview.html) against the new top page, a regency
  page and a kecamatan page: wall time, queries, bytes;
- the check-in desk's count: the former aggregate over every verified person against
  `check_in_tally` (kept count + index-only count), each run 20 times, median, and
  EXPLAIN ANALYZE of both;
- the staff list: bytes and kecamatan options, before (every kecamatan of the area)
  and after (a regency first).

`--superuser NAME` also makes a superuser (password "bench-password-123") for looking
at the pages on a dev server. Timing on a shared machine: compare the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database_url: str) -> None:
    os.environ["DJANGO_DEBUG"] = "true"  # no collected static files needed
    os.environ["DJANGO_SECRET_KEY"] = "bench-quota-levels-" + "x" * 50
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DATABASE_URL"] = database_url
    os.environ["BIMTEK_REQUIRE_2FA"] = "false"  # the client signs in without a second step
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bimtek_portal.settings"
    sys.path.insert(0, str(ROOT))


def ensure_database(url: str, fresh: bool) -> None:
    import psycopg2

    base, name = url.rsplit("/", 1)
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone()
            if exists and fresh:
                cursor.execute(f'DROP DATABASE "{name}"')
                exists = None
            if not exists:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def generate(args) -> None:
    import datetime as dt

    from django.db import transaction

    from bodies.models import Body, District, Province, Regency, Village
    from events.models import Event, ParticipantRole, QuotaRule
    from participants.checkin_counts import check_in_counts_rebuild
    from participants.codes import generate_code
    from participants.models import Attendance, Registration

    if Event.objects.filter(slug="bimtek-nasional-bench").exists():
        return
    with transaction.atomic():
        provinces = Province.objects.bulk_create(
            Province(code=f"{10 + p}", name=f"Provinsi Bench {p + 1}")
            for p in range(args.provinces)
        )
        regencies = Regency.objects.bulk_create(
            Regency(
                code=f"{pr.code}.{r:02d}",
                name=f"Kabupaten Bench {pr.code}.{r:02d}",
                province=pr,
                kind="kabupaten",
            )
            for pr in provinces
            for r in range(1, args.regencies + 1)
        )
        districts = District.objects.bulk_create(
            District(code=f"{rg.code}.{d:02d}", name=f"Kecamatan {rg.code}.{d:02d}", regency=rg)
            for rg in regencies
            for d in range(1, args.districts + 1)
        )
        villages = Village.objects.bulk_create(
            Village(
                code=f"{ds.code}.{2000 + v}", name=f"Desa {ds.code}.{v}", district=ds, kind="desa"
            )
            for ds in districts
            for v in range(1, args.villages + 1)
        )
        regency_of = {rg.pk: rg for rg in regencies}
        district_of = {ds.pk: ds for ds in districts}
        kpu_ri = Body.objects.filter(kind="KPU_RI").first() or Body.objects.create(
            kind="KPU_RI", name="KPU RI"
        )
        ppk = Body.objects.bulk_create(
            Body(
                kind="PPK",
                name=f"PPK {ds.name}",
                satker_code=ds.satker_code,
                province_id=regency_of[ds.regency_id].province_id,
                regency_id=ds.regency_id,
                district=ds,
            )
            for ds in districts
        )
        pps = Body.objects.bulk_create(
            Body(
                kind="PPS",
                name=f"PPS {vl.name}",
                satker_code=vl.satker_code,
                province_id=regency_of[district_of[vl.district_id].regency_id].province_id,
                regency_id=district_of[vl.district_id].regency_id,
                district_id=vl.district_id,
                village=vl,
            )
            for vl in villages
        )
        day = dt.date(2026, 12, 7)
        event = Event.objects.create(
            slug="bimtek-nasional-bench",
            organiser=kpu_ri,
            title="Bimtek Nasional (bench)",
            venue_name="Jakarta",
            first_day=day,
            last_day=day + dt.timedelta(days=1),
            status=Event.Status.OPEN,
        )
        rules = {
            kind: QuotaRule.objects.create(
                event=event,
                scope="per_unit",
                body_kind=kind,
                role=ParticipantRole.SOSDIKLIH,
                seats=1,
                order=n,
            )
            for n, kind in enumerate(("PPK", "PPS"))
        }
        registrations = []
        for i, unit in enumerate([*ppk, *pps]):
            if i % 20 == 19:
                continue
            registrations.append(
                Registration(
                    event=event,
                    quota_rule=rules[unit.kind],
                    unit=unit,
                    seat_number=1,
                    role=ParticipantRole.SOSDIKLIH,
                    code=generate_code(),
                    full_name=f"Peserta Bench {i}",
                    nik=f"{3100000000000000 + i}",
                    sex="L",
                    birth_date=dt.date(1985, 1, 1),
                    phone=f"0812{i:08d}",
                    status="verified" if i % 10 else "pending",
                )
            )
        Registration.objects.bulk_create(registrations, batch_size=2000)
        Attendance.objects.bulk_create(
            (
                Attendance(registration=r, day=day, checked_in_at=dt.datetime.now(dt.UTC))
                for n, r in enumerate(registrations)
                if r.status == "verified" and n % 7
            ),
            batch_size=2000,
        )
        check_in_counts_rebuild(event=event)


def timed(fn, reps=1):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(*, skip_before_overview: bool = False) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count, Exists, OuterRef
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bodies.models import District, Regency
    from events.models import Event
    from participants.ledger import quota_overview
    from participants.models import Attendance, Registration
    from participants.selectors import check_in_tally, event_districts

    event = Event.objects.select_related("organiser").get(slug="bimtek-nasional-bench")
    registrations = Registration.objects.filter(event=event).count()
    print(f"event: {registrations} registrations, ", end="")
    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "b@example.com", "x")
    client = Client()
    client.force_login(user)

    def get(url):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            spent = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return spent, len(queries), len(response.content)

    def old_overview():
        request = RequestFactory().get("/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            html = render_to_string(
                "events/quota_overview.html",
                {"event": event, "overview": quota_overview(event=event)},
                request=request,
            )
        return len(queries), len(html)

    top = reverse("events:quota-overview", args=[event.slug])
    get(top)  # warm
    print(f"{District.objects.count()} kecamatan")
    if not skip_before_overview:
        spent, (queries, size) = timed(old_overview)
        print(f"overview before (whole):   {spent:7.3f} s  {queries:3d} queries  {size:>10,} bytes")
    regency = Regency.objects.order_by("code").first()
    district = District.objects.filter(regency=regency).order_by("code").first()
    for label, url in (
        ("top (provinces)", top),
        ("a regency", reverse("events:quota-region", args=[event.slug, "kabupaten", regency.pk])),
        (
            "a kecamatan",
            reverse("events:quota-region", args=[event.slug, "kecamatan", district.pk]),
        ),
    ):
        runs = [get(url) for _ in range(5)]
        spent = statistics.median(r[0] for r in runs)
        print(
            f"overview after, {label:16s} {spent:7.3f} s  {runs[0][1]:3d} queries  {runs[0][2]:>10,} bytes"
        )

    day = event.first_day

    def old_tally():
        return Registration.objects.filter(event=event, status="verified").aggregate(
            verified=Count("pk"),
            present=Count(
                "pk",
                filter=Exists(Attendance.objects.filter(registration=OuterRef("pk"), day=day)),
            ),
        )

    before, old = timed(old_tally, reps=20)
    after, new = timed(lambda: check_in_tally(event=event, day=day), reps=20)
    assert (old["present"], old["verified"]) == (new.present, new.verified), (old, new)
    print(f"desk count before: {before * 1000:8.1f} ms   after: {after * 1000:6.1f} ms  "
          f"({new.present} of {new.verified}, the same)")  # fmt: skip
    explained = {
        "before": Registration.objects.filter(event=event, status="verified")
        .annotate(p=Exists(Attendance.objects.filter(registration=OuterRef("pk"), day=day)))
        .values("p")
        .annotate(n=Count("pk"))
        .order_by(),
        "after, the verified count": Registration.objects.filter(
            event=event, status="verified"
        ).order_by(),
    }
    with connection.cursor() as cursor:
        for label, queryset in explained.items():
            sql, params = queryset.query.sql_with_params()
            if label != "before":
                sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            print(f"EXPLAIN {label}:")
            print("    " + "\n    ".join(plan))

    staff = reverse("participants:staff-list", args=[event.slug])
    spent, queries, size = get(staff)
    all_districts = len(event_districts(event=event))
    print(f"staff list after: {size:,} bytes, {queries} queries, regency options "
          f"{Regency.objects.count()}, kecamatan options 0 (before: {all_districts})")  # fmt: skip
    spent, queries, size = get(f"{staff}?kabupaten={regency.pk}")
    print(f"staff list after, a regency chosen: {size:,} bytes, {queries} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/bimtek_quota_bench"
    )
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--provinces", type=int, default=10)
    parser.add_argument("--regencies", type=int, default=10)
    parser.add_argument("--districts", type=int, default=14)
    parser.add_argument("--villages", type=int, default=10)
    parser.add_argument("--superuser")
    parser.add_argument(
        "--skip-before-overview",
        action="store_true",
        help="do not build the whole overview (a national one takes minutes and GBs)",
    )
    args = parser.parse_args()
    configure(args.database_url)
    ensure_database(args.database_url, args.fresh)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    start = time.perf_counter()
    generate(args)
    print(f"generated in {time.perf_counter() - start:.1f} s")
    with __import__("django.db").db.connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    if args.superuser:
        from django.contrib.auth import get_user_model

        model = get_user_model()
        if not model.objects.filter(username=args.superuser).exists():
            model.objects.create_superuser(args.superuser, "", "bench-password-123")
    measure(skip_before_overview=args.skip_before_overview)


if __name__ == "__main__":
    main()
