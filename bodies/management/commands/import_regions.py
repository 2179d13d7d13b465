"""manage.py import_regions DIR: Kemendagri regions (and their electoral bodies) from CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bodies.models import EDITION_CHOICES
from bodies.services import RegionImportError, regions_import

LEVEL_LABELS = {
    "provinces": "Provinsi",
    "regencies": "Kabupaten/Kota",
    "districts": "Kecamatan",
    "villages": "Desa/Kelurahan",
}


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse wants a str, translated when the command runs
        return _(
            "Import the regions of one Kemendagri edition from provinces, regencies, districts "
            "and villages .csv or .csv.gz files, and derive the KPU, PPK and PPS bodies."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            type=Path,
            help=_("Folder with the four files, e.g. bodies/data/wilayah/2025"),
        )
        parser.add_argument(
            "--edition",
            choices=[value for value, _label in EDITION_CHOICES],
            default="2025",
            help=_("Kepmendagri edition of the files (default: 2025)"),
        )
        parser.add_argument(
            "--prefix", default="", help=_("Only this province or regency and below, e.g. 15.09")
        )
        parser.add_argument(
            "--no-bodies", action="store_true", help=_("Do not derive the electoral bodies")
        )

    def handle(self, *args, directory, edition, prefix, no_bodies, **options):
        try:
            summary = regions_import(
                directory=directory, edition=edition, prefix=prefix, derive_bodies=not no_bodies
            )
        except RegionImportError as error:
            raise CommandError(_("Nothing imported: %(error)s") % {"error": error}) from error
        counts = [(LEVEL_LABELS[key], level) for key, level in summary.levels.items()]
        if summary.bodies is not None:
            counts.append((_("Bodies"), summary.bodies))
        for label, level in counts:
            self.stdout.write(
                _("%(label)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {
                    "label": label,
                    "created": level.created,
                    "updated": level.updated,
                    "unchanged": level.unchanged,
                }
            )
        if summary.bodies and summary.bodies.skipped:
            self.stdout.write(
                _(
                    "%(count)s bodies not created: their satker code already belongs to a body "
                    "of another edition's region."
                )
                % {"count": summary.bodies.skipped}
            )
        if summary.changed:
            self.stdout.write(
                self.style.SUCCESS(_("Edition %(edition)s imported.") % {"edition": edition})
            )
        else:
            self.stdout.write(_("Nothing changed: the database was already up to date."))
