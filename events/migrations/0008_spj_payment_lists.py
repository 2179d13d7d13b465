"""Cost standards as data, speakers with a tax profile and an account, the SPJ heads.

Ships the national figures of the cost standards it could source, each citing its
PMK and line; regional figures (transport lokal, uang harian rapat) are the office's
to type. The one-rate-for-every-speaker honorarium lines go: the honorarium list
pays each speaker by their level. Admin KPU may keep its office's cost standards
(a frozen list, as in bodies.0009).
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

PMK_2024 = (
    "PMK 49/2023 (SBM TA 2024), Lampiran I, Honorarium Narasumber/Moderator/Pembawa Acara/Panitia: "
)
# (year, item, amount, source): only what could be sourced; see README "Cost standards".
NATIONAL = [
    (2024, "hon_minister", 1_700_000, PMK_2024 + "narasumber Menteri/Pejabat Setingkat Menteri/Pejabat Negara Lainnya, OJ"),
    (2024, "hon_eselon_1", 1_400_000, PMK_2024 + "narasumber Pejabat Eselon I/yang disetarakan, OJ"),
    (2024, "hon_eselon_2", 1_000_000, PMK_2024 + "narasumber Pejabat Eselon II/yang disetarakan, OJ"),
    (2024, "hon_eselon_3", 900_000, PMK_2024 + "narasumber Pejabat Eselon III ke bawah/yang disetarakan, OJ"),
    (2024, "moderator", 700_000, PMK_2024 + "moderator, OK (orang/kali)"),
]  # fmt: skip
ADMIN_KPU = [f"events.{action}_coststandard" for action in ("add", "change", "delete", "view")]


def ship_national_figures(apps, schema_editor):
    CostStandard = apps.get_model("events", "CostStandard")
    for year, item, amount, source in NATIONAL:
        CostStandard.objects.get_or_create(
            office=None, year=year, item=item, defaults={"amount": amount, "source": source}
        )


def drop_national_figures(apps, schema_editor):
    CostStandard = apps.get_model("events", "CostStandard")
    for year, item, _amount, _source in NATIONAL:
        CostStandard.objects.filter(office=None, year=year, item=item).delete()


def drop_honorarium_lines(apps, schema_editor):
    apps.get_model("events", "AllowanceLine").objects.filter(kind="honorarium").delete()


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [name.split(".")[1] for name in ADMIN_KPU]
    found = list(
        Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
    )
    if len(found) != len(ADMIN_KPU):
        raise RuntimeError("Admin KPU: cost standard permissions missing")
    group = Group.objects.filter(name="Admin KPU").first()
    if group is not None:
        group.permissions.add(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0009_roles_for_the_secretariat_workflow"),
        ("events", "0007_event_title_on_one_line"),
    ]

    operations = [
        migrations.RunPython(drop_honorarium_lines, migrations.RunPython.noop),
        migrations.CreateModel(
            name="CostStandard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="fiscal year",
                    ),
                ),
                (
                    "item",
                    models.CharField(
                        choices=[
                            (
                                "hon_minister",
                                "Speaker honorarium: minister or state official (per hour)",
                            ),
                            ("hon_eselon_1", "Speaker honorarium: Eselon I (per hour)"),
                            ("hon_eselon_2", "Speaker honorarium: Eselon II (per hour)"),
                            ("hon_eselon_3", "Speaker honorarium: Eselon III and below (per hour)"),
                            ("moderator", "Moderator honorarium (per person per session)"),
                            ("transport_local", "Local transport (per person per trip)"),
                            (
                                "meeting_fullboard",
                                "Meeting allowance, fullboard (per person per day)",
                            ),
                            (
                                "meeting_fullday",
                                "Meeting allowance, fullday/halfday (per person per day)",
                            ),
                        ],
                        max_length=20,
                        verbose_name="item",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=0,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="amount (Rp)",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        help_text="The regulation and its line, e.g. PMK 49/2023, Lampiran I, honorarium narasumber.",
                        max_length=255,
                        verbose_name="source",
                    ),
                ),
            ],
            options={
                "verbose_name": "cost standard",
                "verbose_name_plural": "cost standards",
                "ordering": ["-year", "item", "office_id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="allowanceline",
            name="allowance_line_amount_not_negative",
        ),
        migrations.RemoveConstraint(
            model_name="allowanceline",
            name="allowance_line_honorarium_for_speakers_only",
        ),
        migrations.AddField(
            model_name="allowanceline",
            name="override_reason",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="reason for the amount"
            ),
        ),
        migrations.AddField(
            model_name="allowanceline",
            name="standard",
            field=models.CharField(
                blank=True,
                choices=[
                    ("hon_minister", "Speaker honorarium: minister or state official (per hour)"),
                    ("hon_eselon_1", "Speaker honorarium: Eselon I (per hour)"),
                    ("hon_eselon_2", "Speaker honorarium: Eselon II (per hour)"),
                    ("hon_eselon_3", "Speaker honorarium: Eselon III and below (per hour)"),
                    ("moderator", "Moderator honorarium (per person per session)"),
                    ("transport_local", "Local transport (per person per trip)"),
                    ("meeting_fullboard", "Meeting allowance, fullboard (per person per day)"),
                    ("meeting_fullday", "Meeting allowance, fullday/halfday (per person per day)"),
                ],
                help_text="The line of the cost standards of the event's year the amount comes from.",
                max_length=20,
                verbose_name="cost standard",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="funding_source",
            field=models.CharField(
                blank=True,
                help_text="E.g. DIPA KPU Kabupaten Tebo TA 2024, or Hibah (NPHD) Pilkada 2024.",
                max_length=200,
                verbose_name="source of funds",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="honorarium_account_code",
            field=models.CharField(
                blank=True,
                help_text="E.g. 522151 (honorarium narasumber), as the office's DIPA has it.",
                max_length=60,
                verbose_name="account code (MAK), honorarium",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="payment_basis",
            field=models.CharField(
                blank=True,
                help_text="The number of the invitation or decree the payment rests on.",
                max_length=200,
                verbose_name="basis of payment (dasar)",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="training_hours",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Printed on the certificates; empty: the agenda's sessions in 45-minute hours.",
                null=True,
                verbose_name="training hours (JP)",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="transport_account_code",
            field=models.CharField(
                blank=True,
                help_text="E.g. 524113 (transport lokal), as the office's DIPA has it.",
                max_length=60,
                verbose_name="account code (MAK), transport",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="account_holder",
            field=models.CharField(blank=True, max_length=200, verbose_name="account holder"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="account_number",
            field=models.CharField(blank=True, max_length=40, verbose_name="account number"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="bank_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="bank"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="grade",
            field=models.CharField(
                blank=True,
                choices=[("I", "I"), ("II", "II"), ("III", "III"), ("IV", "IV")],
                help_text="For a civil servant: the golongan decides the final tax (PP 80/2010).",
                max_length=3,
                verbose_name="civil service grade (golongan)",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="has_npwp",
            field=models.BooleanField(
                default=True,
                help_text="Without one a non-civil servant's PPh 21 is 20 % higher.",
                verbose_name="has an NPWP (or a NIK registered as one)",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="internal_pay_reason",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="reason an internal speaker is paid"
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="is_internal",
            field=models.BooleanField(
                default=False,
                help_text="The SBM pays a speaker honorarium to speakers from outside the organising unit: an internal speaker is listed but not paid unless a reason is recorded.",
                verbose_name="from the organising office",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="level",
            field=models.CharField(
                choices=[
                    ("hon_minister", "Minister or state official"),
                    ("hon_eselon_1", "Eselon I or equivalent"),
                    ("hon_eselon_2", "Eselon II or equivalent"),
                    ("hon_eselon_3", "Eselon III and below, or equivalent"),
                    ("moderator", "Moderator (paid per session)"),
                ],
                default="hon_eselon_3",
                help_text="The standard cost line the honorarium is paid by.",
                max_length=20,
                verbose_name="level",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="rate_override",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                help_text="Empty: the cost standard of the event's year for the level.",
                max_digits=12,
                null=True,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="rate override (Rp)",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="rate_override_reason",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="reason for the override"
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="tax_status",
            field=models.CharField(
                choices=[
                    ("asn", "Civil servant (ASN)"),
                    ("state_official", "State official"),
                    ("non_asn", "Not a civil servant"),
                ],
                default="non_asn",
                max_length=16,
                verbose_name="tax status",
            ),
        ),
        migrations.AlterField(
            model_name="allowanceline",
            name="amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                help_text="Empty: the cost standard's figure. Typed: an override, with its reason.",
                max_digits=12,
                null=True,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="amount (Rp)",
            ),
        ),
        migrations.AlterField(
            model_name="allowanceline",
            name="kind",
            field=models.CharField(
                choices=[
                    ("transport", "Transport (per participant per day)"),
                    ("uang_saku", "Uang saku (per participant per day)"),
                ],
                max_length=12,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="allowanceline",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__isnull", True), ("amount__gte", 0), _connector="OR"),
                name="allowance_line_amount_not_negative",
                violation_error_message="An amount cannot be negative.",
            ),
        ),
        migrations.AddConstraint(
            model_name="allowanceline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount__isnull", False),
                    models.Q(("standard", ""), _negated=True),
                    _connector="OR",
                ),
                name="allowance_line_amount_or_standard",
                violation_error_message="Choose the cost standard the amount comes from, or type the amount.",
            ),
        ),
        migrations.AddField(
            model_name="coststandard",
            name="office",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a national figure; the office for a figure of its region.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cost_standards",
                to="bodies.body",
                verbose_name="office",
            ),
        ),
        migrations.AddConstraint(
            model_name="coststandard",
            constraint=models.UniqueConstraint(
                condition=models.Q(("office__isnull", True)),
                fields=("year", "item"),
                name="cost_standard_national_once_per_year",
                violation_error_message="This year already has a national figure for this item.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coststandard",
            constraint=models.UniqueConstraint(
                condition=models.Q(("office__isnull", False)),
                fields=("office", "year", "item"),
                name="cost_standard_office_once_per_year",
                violation_error_message="This office already has a figure for this item and year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coststandard",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount__gte", 0)),
                name="cost_standard_amount_not_negative",
                violation_error_message="An amount cannot be negative.",
            ),
        ),
        migrations.RunPython(ship_national_figures, drop_national_figures),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
