import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from bodies.data import SHIPPED_WILAYAH
from bodies.models import Body, District, Province, Regency, Village
from bodies.tests.wilayah_samples import SAMPLE, write_wilayah

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_regions", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every region and body as it is stored, to prove a refused import changed nothing."""
    return {
        model.__name__: sorted(model.objects.values_list("pk", "code", "name"))
        for model in (Province, Regency, District, Village)
    } | {"Body": sorted(Body.objects.values_list("pk", "kind", "name", "satker_code"))}


def test_it_imports_the_files_and_prints_one_line_per_level(tmp_path):
    output = run(write_wilayah(tmp_path))

    assert Province.objects.get().name == "Jambi"
    assert Regency.objects.get(code="15.09").kind == Regency.Kind.KABUPATEN
    assert Regency.objects.get(code="15.71").kind == Regency.Kind.KOTA
    assert Village.objects.get(code="15.09.01.1001").kind == Village.Kind.KELURAHAN
    lines = output.splitlines()
    assert len(lines) == 6  # four levels, bodies, conclusion
    assert re.search(r"\b1\b.*\b0\b.*\b0\b", lines[0])  # provinces: 1 created
    assert re.search(r"\b3\b.*\b0\b.*\b0\b", lines[3])  # villages: 3 created


def test_it_reads_gzipped_files_as_well(tmp_path):
    run(write_wilayah(tmp_path, gz=True))

    assert Village.objects.count() == 3


def test_a_second_run_changes_nothing_and_says_so(tmp_path):
    directory = write_wilayah(tmp_path)
    run(directory)
    before = snapshot()

    output = run(directory)

    assert snapshot() == before
    lines = output.splitlines()
    assert re.search(r"\b0\b.*\b0\b.*\b3\b", lines[3])  # villages: 3 unchanged
    assert re.search(r"\b0\b.*\b0\b.*\b8\b", lines[4])  # bodies: 8 unchanged
    assert (
        lines[-1]
        != run(write_wilayah(tmp_path / "renamed", provinces="code,name\n15,JAMBI\n")).splitlines()[
            -1
        ]
    )


def test_the_prefix_keeps_only_that_regency_and_its_ancestors(tmp_path):
    run(write_wilayah(tmp_path), "--prefix", "15.09")

    assert list(Province.objects.values_list("code", flat=True)) == ["15"]
    assert list(Regency.objects.values_list("code", flat=True)) == ["15.09"]
    assert set(Village.objects.values_list("code", flat=True)) == {
        "15.09.01.1001",
        "15.09.01.2001",
    }


def test_a_renamed_region_is_updated_in_place_with_its_body(tmp_path):
    run(write_wilayah(tmp_path))
    village = Village.objects.get(code="15.09.01.2001")
    pps = Body.objects.get(village=village)
    renamed = SAMPLE["villages"].replace("Aburan Batang Tebo", "Aburan Batang Tebo Baru")

    run(write_wilayah(tmp_path, villages=renamed))

    village.refresh_from_db()
    pps.refresh_from_db()
    assert village.name == "Aburan Batang Tebo Baru"
    assert pps.name == "PPS Aburan Batang Tebo Baru"
    assert Village.objects.count() == 3


def test_no_bodies_imports_regions_only(tmp_path):
    run(write_wilayah(tmp_path), "--no-bodies")

    assert Village.objects.count() == 3
    assert not Body.objects.exists()


def test_the_2022_edition_imports_side_by_side_with_the_2025_one():
    run(SHIPPED_WILAYAH["2025"], "--prefix", "15.09")
    bodies = sorted(Body.objects.values_list("pk", "name", "regency_id", "village_id"))

    output = run(SHIPPED_WILAYAH["2022"], "--edition", "2022", "--prefix", "15.09")

    tebo = {r.edition: r for r in Regency.objects.filter(code="15.09")}
    assert tebo["2025"].name == "Kabupaten Tebo"
    assert tebo["2022"].name == "KAB. TEBO"
    assert tebo["2025"].pk != tebo["2022"].pk
    for edition in ("2025", "2022"):
        assert District.objects.filter(edition=edition).count() == 12
        assert Village.objects.filter(edition=edition).count() == 129
    # KPU Kabupaten Tebo is one office: the 2022 regions do not get a second set of bodies.
    assert sorted(Body.objects.values_list("pk", "name", "regency_id", "village_id")) == bodies
    assert re.search(r"\b143\b", output.splitlines()[-2])


def test_the_2022_edition_alone_gets_its_bodies():
    run(SHIPPED_WILAYAH["2022"], "--edition", "2022", "--prefix", "15.09")

    kpu = Body.objects.get(kind=Body.Kind.KPU_KABKOTA)
    assert (kpu.name, kpu.regency.edition) == ("KPU Kabupaten Tebo", "2022")
    assert Body.objects.filter(kind=Body.Kind.PPS, regency=kpu.regency).count() == 129


BAD_FILES = {
    "unknown parent": (
        "villages",
        SAMPLE["villages"] + "15.09.02.2001,15.09.02,Desa Hilang,desa\n",
        5,
    ),
    "malformed code": (
        "districts",
        SAMPLE["districts"] + "15.09.2,15.09,Kecamatan Salah\n",
        4,
    ),
    "parent not the prefix of the code": (
        "regencies",
        "code,province_code,name\n15.09,15,Kabupaten Tebo\n15.71,16,Kota Jambi\n",
        3,
    ),
    "missing column": ("regencies", "code,name\n15.09,Kabupaten Tebo\n", 1),
    "wrong encoding": (
        "villages",
        SAMPLE["villages"].encode() + "15.09.01.2002,15.09.01,Sungai Alai,desa\n".encode("cp1252")
        + "15.09.01.2003,15.09.01,Pas\u00e9,desa\n".encode("cp1252"),
        6,
    ),
    "unknown village kind": (
        "villages",
        SAMPLE["villages"] + "15.09.01.2002,15.09.01,Sungai Alai,dusun\n",
        5,
    ),
    "empty name": ("districts", SAMPLE["districts"] + "15.09.02,15.09,  \n", 4),
    "duplicate code": (
        "villages",
        SAMPLE["villages"] + "15.09.01.2001,15.09.01,Aburan Lagi,desa\n",
        5,
    ),
    "wrong number of columns": ("provinces", "code,name\n15,Jambi,extra\n", 2),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_naming_file_and_line_and_nothing_changes(tmp_path, case):
    run(write_wilayah(tmp_path / "good"))
    before = snapshot()
    key, content, line = BAD_FILES[case]
    # The other rows carry a rename, so a half-done import would show in the names.
    renamed = {
        name: text.replace("Tebo", "Tebo Baru") for name, text in SAMPLE.items() if name != key
    }
    directory = write_wilayah(tmp_path / "bad", **renamed, **{key: content})

    with pytest.raises(CommandError) as error:
        run(directory)

    message = str(error.value)
    assert f"{key}.csv" in message
    assert re.search(rf"\b{line}\b", message), message
    assert snapshot() == before


def test_a_missing_file_is_refused_and_nothing_changes(tmp_path):
    directory = write_wilayah(tmp_path)
    (directory / "districts.csv").unlink()

    with pytest.raises(CommandError, match="districts.csv"):
        run(directory)

    assert not Province.objects.exists()


def test_a_malformed_prefix_is_refused(tmp_path):
    with pytest.raises(CommandError, match="15-09"):
        run(write_wilayah(tmp_path), "--prefix", "15-09")


def test_a_prefix_matching_nothing_is_refused(tmp_path):
    with pytest.raises(CommandError, match="16"):
        run(write_wilayah(tmp_path), "--prefix", "16")


def test_the_refusal_is_in_indonesian(tmp_path, settings):
    catalogue = settings.BASE_DIR / "bodies/locale/id/LC_MESSAGES/django.mo"
    if not catalogue.exists():
        pytest.skip("compile the translations first (scripts/test.sh does)")
    directory = write_wilayah(tmp_path, districts=SAMPLE["districts"] + "15.09.02,15.09,\n")

    with translation.override("id"), pytest.raises(CommandError) as error:
        run(directory)

    assert str(error.value) == ("Tidak ada yang diimpor: districts.csv, baris 4: nama kosong.")


def test_names_are_stored_exactly_with_quotes_backslashes_and_apostrophes(tmp_path):
    name = 'Regapu’u "Lama", O\'Neil \\ Baru'
    villages = (
        SAMPLE["villages"] + '15.09.01.2002,15.09.01,"' + name.replace('"', '""') + '",desa\n'
    )

    run(write_wilayah(tmp_path, villages=villages))

    assert Village.objects.get(code="15.09.01.2002").name == name
    assert Body.objects.get(village__code="15.09.01.2002").name == f"PPS {name}"
