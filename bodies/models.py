"""Indonesia's administrative regions and the electoral bodies tied to them.

Regions carry their Kemendagri code *and* the edition of the decree it comes
from: codes are reassigned between editions, so the primary key is our own and
(code, edition) is only unique within an edition.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.model_fields import optional_fk

CURRENT_EDITION = "2025"
EDITION_CHOICES = [
    ("2025", _("Kepmendagri 300.2.2-2430/2025")),
    ("2022", _("Kepmendagri 100.1.1-6117/2022")),
]


class Region(models.Model):
    code = models.CharField(_("code"), max_length=13, db_index=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    edition = models.CharField(
        _("edition"), max_length=4, choices=EDITION_CHOICES, default=CURRENT_EDITION
    )

    class Meta:
        abstract = True
        ordering = ["code"]
        # A code once per edition (see above), for every level; %(class)s names each
        # level's own constraint: province_code_edition_unique, regency_..., and so on.
        constraints = [
            models.UniqueConstraint(
                fields=["code", "edition"], name="%(class)s_code_edition_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def satker_code(self) -> str:
        """The code without dots, as KPU writes it in document numbers."""
        return self.code.replace(".", "")


class Province(Region):
    class Meta(Region.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Regency(Region):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(Region.Meta):
        verbose_name = _("regency")
        verbose_name_plural = _("regencies")

    @property
    def short_name(self) -> str:
        """ "Tebo" from "Kabupaten Tebo" (2025 edition) or "KAB. TEBO" (2022 edition)."""
        for prefix in ("Kabupaten ", "Kota ", "KAB. ", "KOTA "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


class District(Region):
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("regency")
    )

    class Meta(Region.Meta):
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")


class Village(Region):
    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")
        DESA_ADAT = "desa_adat", _("Desa adat")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(Region.Meta):
        verbose_name = _("village (desa/kelurahan)")
        verbose_name_plural = _("villages (desa/kelurahan)")


class Division(models.Model):
    """A division (divisi) of a KPU office; editable reference data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.short_name or self.name


def body_label(
    *, kind: str, name: str, village_name: str = "", village_kind: str = "", district_name: str = ""
) -> str:
    """`PPS Desa Mangun Jayo, Kec. Tebo Tengah`, `PPK Kec. Tebo Ilir`, `KPU Kabupaten Tebo`:
    how a body is named to people (stored as `Body.label`; see bodies.labels).

    A bare desa name is ambiguous (Tebo has a Tambun Arang in Sumay and in Muara
    Tabir), so a PPS carries its kecamatan when it has one."""
    if kind == "PPS" and village_name:
        village = "Kelurahan" if village_kind == "kelurahan" else "Desa"
        district = f", Kec. {district_name}" if district_name else ""
        return f"PPS {village} {village_name}{district}"
    if kind == "PPK" and district_name:
        return f"PPK Kec. {district_name}"
    return name


class Body(models.Model):
    """An electoral body: a KPU office or an ad hoc committee (PPK, PPS).

    Every region level down to the body's own is filled in (a PPS knows its
    village, district, regency and province), so "all PPS in the organiser's
    regency" is one indexed filter, not a chain of joins.
    """

    class Kind(models.TextChoices):
        KPU_RI = "KPU_RI", _("KPU RI")
        KPU_PROVINSI = "KPU_PROV", _("KPU Provinsi")
        KPU_KABKOTA = "KPU_KAB", _("KPU Kabupaten/Kota")
        PPK = "PPK", _("PPK")
        PPS = "PPS", _("PPS")

    # Commissioners (ketua + anggota) a body has by law; PKPU 8/2022 for PPK and PPS.
    MEMBER_LIMITS = {
        Kind.KPU_RI: 7,
        Kind.KPU_PROVINSI: 7,
        Kind.KPU_KABKOTA: 5,
        Kind.PPK: 5,
        Kind.PPS: 3,
    }
    AD_HOC_KINDS = (Kind.PPK, Kind.PPS)

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    satker_code = models.CharField(_("satker code"), max_length=10, blank=True, db_index=True)
    province = optional_fk(
        Province, models.PROTECT, related_name="bodies", verbose_name=_("province")
    )
    regency = optional_fk(Regency, models.PROTECT, related_name="bodies", verbose_name=_("regency"))
    district = optional_fk(
        District, models.PROTECT, related_name="bodies", verbose_name=_("district")
    )
    village = optional_fk(Village, models.PROTECT, related_name="bodies", verbose_name=_("village"))
    # Derived, stored so that a page naming one body joins nothing: kept right by save()
    # and by the regions' import (bodies.services), which also follows a renamed region.
    label = models.CharField(_("label"), max_length=300, blank=True, editable=False)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("website"), max_length=100, blank=True)
    signing_place = models.CharField(
        _("place of signing"),
        max_length=100,
        blank=True,
        help_text=_(
            "Where the office signs its documents, e.g. the regency's capital “Muara Tebo”; "
            "empty: the region's name."
        ),
    )

    class Meta:
        ordering = ["kind", "satker_code"]
        indexes = [
            # The staff list of registrations goes by unit in this order (and bodies
            # list so): walking it finds a national event's first page without a sort
            # of 90,000 joined rows (bench/README.md, #22). The id lets the walk skip
            # the table.
            models.Index(fields=["kind", "satker_code", "name", "id"], name="body_list_order_idx"),
        ]
        verbose_name = _("electoral body")
        verbose_name_plural = _("electoral bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="KPU_RI"),
                name="body_single_kpu_ri",
                violation_error_message=_("There is already a KPU RI."),
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(kind="KPU_PROV"),
                name="body_one_kpu_per_province",
                violation_error_message=_("This province already has its KPU Provinsi."),
            ),
            models.UniqueConstraint(
                fields=["regency"],
                condition=Q(kind="KPU_KAB"),
                name="body_one_kpu_per_regency",
                violation_error_message=_("This regency already has its KPU Kabupaten/Kota."),
            ),
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(kind="PPK"),
                name="body_one_ppk_per_district",
                violation_error_message=_("This kecamatan already has its PPK."),
            ),
            models.UniqueConstraint(
                fields=["village"],
                condition=Q(kind="PPS"),
                name="body_one_pps_per_village",
                violation_error_message=_("This desa/kelurahan already has its PPS."),
            ),
            models.CheckConstraint(
                condition=Q(kind="KPU_RI")
                | Q(kind="KPU_PROV", province__isnull=False)
                | Q(kind="KPU_KAB", regency__isnull=False)
                | Q(kind="PPK", district__isnull=False)
                | Q(kind="PPS", village__isnull=False),
                name="body_has_region_of_its_level",
                violation_error_message=_(
                    "A body needs the region of its own level: a KPU Provinsi its province, a "
                    "KPU Kabupaten/Kota its regency, a PPK its kecamatan, a PPS its desa/kelurahan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"name", "kind", "village", "district"} & set(update_fields):
            self.label = self.label_from_regions()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "label"}
        super().save(*args, **kwargs)

    def label_from_regions(self, *, with_district: bool = True) -> str:
        """The label as the body's name and regions give it now: `PPS Desa Mangun Jayo,
        Kec. Tebo Tengah`, `PPK Kec. Tebo Ilir`, `KPU Kabupaten Tebo`.

        A bare desa name is ambiguous (Tebo has a Tambun Arang in Sumay and in Muara
        Tabir), so a PPS carries its kecamatan unless the reader already sees it
        (`with_district=False`, under a kecamatan heading; then it is not loaded). Loads
        the desa and kecamatan unless they are (bodies.labels.unit_label says when to
        read the stored `label` instead).
        """
        village = self.village if self.kind == self.Kind.PPS and self.village_id else None
        # A PPK is named by its kecamatan; a PPS names it beside its desa.
        named_by_district = self.kind == self.Kind.PPK or (village and with_district)
        district = self.district if named_by_district and self.district_id else None
        return body_label(
            kind=self.kind,
            name=self.name,
            village_name=village.name if village else "",
            village_kind=village.kind if village else "",
            district_name=district.name if district else "",
        )

    @property
    def region(self):
        """The region the body serves, at its own level (None for KPU RI)."""
        return self.village or self.district or self.regency or self.province


# The region each kind of body serves, at its own level; KPU RI serves the whole country.
# Scopes (bodies.selectors) and the derivation of bodies from regions (bodies.services)
# read it.
OWN_REGION: dict[str, str] = {
    Body.Kind.KPU_PROVINSI: "province",
    Body.Kind.KPU_KABKOTA: "regency",
    Body.Kind.PPK: "district",
    Body.Kind.PPS: "village",
}


class Member(models.Model):
    """A person who sits on or works for a body."""

    class Role(models.TextChoices):
        KETUA = "ketua", _("Chair (Ketua)")
        ANGGOTA = "anggota", _("Member (Anggota)")
        SEKRETARIS = "sekretaris", _("Secretary (Sekretaris)")
        STAF = "staf", _("Secretariat staff")

    COMMISSIONER_ROLES = (Role.KETUA, Role.ANGGOTA)

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    division = optional_fk(
        Division, models.PROTECT, related_name="members", verbose_name=_("division")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["body", "order", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(role="ketua", is_active=True),
                name="member_one_active_chair_per_body",
                violation_error_message=_("A body has only one active chair (ketua)."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_commissioner(self) -> bool:
        return self.role in self.COMMISSIONER_ROLES


NIP_VALIDATOR = RegexValidator(
    r"^\d{18}$", _("A NIP (Nomor Induk Pegawai) is 18 digits, written without spaces.")
)


class SecretariatOfficial(models.Model):
    """An official of an office's secretariat who signs its financial records (the SPJ).

    Not a commissioner (`Member`): the Pejabat Pembuat Komitmen is the civil
    servant who commits the budget (not the PPK committee of a kecamatan), the
    Bendahara Pengeluaran pays it out. One of each is active per office.
    """

    class Role(models.TextChoices):
        COMMITMENT_OFFICER = "ppk", _("Commitment officer (Pejabat Pembuat Komitmen)")
        TREASURER = "bendahara", _("Expenditure treasurer (Bendahara Pengeluaran)")

    office = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="secretariat_officials",
        verbose_name=_("office"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[NIP_VALIDATOR])
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["office", "role", "id"]
        verbose_name = _("secretariat official")
        verbose_name_plural = _("secretariat officials")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "role"],
                condition=Q(is_active=True),
                name="secretariat_official_one_active_per_role",
                violation_error_message=_(
                    "The office already has an active official in this role."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


KPU_OFFICE_KINDS = (Body.Kind.KPU_RI, Body.Kind.KPU_PROVINSI, Body.Kind.KPU_KABKOTA)
# A PPK's operator (the "Operator PPK" role) works for its PPK: delegation of the
# participants of its own kecamatan (see participants.selectors.registration_scope).
STAFF_OFFICE_KINDS = (*KPU_OFFICE_KINDS, Body.Kind.PPK)


class StaffOffice(models.Model):
    """The KPU office a staff account works for: it sees that office's events and those
    of the offices inside its area (a KPU Provinsi its regencies, KPU RI every one).

    Or a PPK, for its operator: it sees only the participants of that PPK and of the PPS
    of its kecamatan, in the events of the KPU offices above it.

    A staff account without one sees no event at all; superusers need none.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_office",
        verbose_name=_("user"),
    )
    office = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="staff_offices",
        limit_choices_to={"kind__in": STAFF_OFFICE_KINDS},
        verbose_name=_("KPU office"),
    )

    class Meta:
        verbose_name = _("staff office")
        verbose_name_plural = _("staff offices")

    def __str__(self) -> str:
        return f"{self.user} – {self.office}"

    def clean(self) -> None:
        if self.office_id and self.office.kind not in STAFF_OFFICE_KINDS:
            raise ValidationError(
                {
                    "office": _(
                        "Staff work for a KPU office (KPU RI, Provinsi or Kabupaten/Kota) or, "
                        "as its operator, for a PPK."
                    )
                }
            )
