"""What to check before printing: documents are signed and stamped as they come out.

The demo (demo/seed.py) and offices setting up marks data still to be filled
in with "(isi nama)" or "(alamat contoh". Printed on a berita acara such a
placeholder would be signed by nobody, so the print page names each one.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from bodies.models import Body, Member
from reports.selectors import signatories

PLACEHOLDER_MARKS = ("(isi nama)", "(alamat contoh")


@dataclass
class Readiness:
    signatories: list[Member]  # active ketua and anggota, ketua first: the signature table
    warnings: list[str]


def _is_placeholder(text: str) -> bool:
    return any(mark in text for mark in PLACEHOLDER_MARKS)


def print_readiness(*, office: Body) -> Readiness:
    """One query: the people the berita acara's signature table will list."""
    people = signatories(office=office)
    warnings = []
    if not any(member.role == Member.Role.KETUA for member in people):
        warnings.append(
            _("%(office)s has no active chair: the signature tables will lack the ketua.")
            % {"office": office.name}
        )
    placeholders = [member.name for member in people if _is_placeholder(member.name)]
    if placeholders:
        warnings.append(
            _("Replace the placeholder names before printing: %(names)s.")
            % {"names": "; ".join(placeholders)}
        )
    if not office.address.strip() or _is_placeholder(office.address):
        warnings.append(
            _("The letterhead address of %(office)s is missing or a placeholder: %(address)s")
            % {"office": office.name, "address": office.address or "–"}
        )
    return Readiness(signatories=people, warnings=warnings)
