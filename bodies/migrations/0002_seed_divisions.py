"""The five divisions of a KPU office (2023-2024 usage); editable data afterwards."""

from django.db import migrations

DIVISIONS = [
    (
        "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM",
        "Sosdiklih, Parmas dan SDM",
    ),
    ("Divisi Teknis Penyelenggaraan", "Teknis"),
    ("Divisi Hukum dan Pengawasan", "Hukum dan Pengawasan"),
    ("Divisi Perencanaan, Data dan Informasi", "Rendatin"),
    ("Divisi Keuangan, Umum dan Logistik", "KUL"),
]


def seed(apps, schema_editor):
    Division = apps.get_model("bodies", "Division")
    for order, (name, short_name) in enumerate(DIVISIONS, start=1):
        Division.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "order": order}
        )


def unseed(apps, schema_editor):
    Division = apps.get_model("bodies", "Division")
    Division.objects.filter(name__in=[name for name, _short in DIVISIONS], members=None).delete()


class Migration(migrations.Migration):
    dependencies = [("bodies", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
