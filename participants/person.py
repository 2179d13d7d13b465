"""A person's own data as a registration holds it: the one record the forms fill and
the services take (register, correct one's own, staff's correction, substitute).

Each field names its check here, once: the forms run it for their field errors and
the services run it again, so that no path (admin, demo data, a future API) stores
what the form would refuse. A new field of the person is the model field (and its
migration), a line in PersonData, the form's field and an export column
(exports.COLUMNS).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from events.models import Speaker

from . import errors
from .nik import InvalidNik, parse_nik
from .validators import InvalidValue, clean_full_name, normalise_phone

EMAIL_MAX = 254  # Registration.email; validate_email alone accepts up to 320


class InvalidPersonData(errors.ParticipantError):
    def __init__(self, message, *, field: str):
        super().__init__(message)
        self.field = field


def _nik(value: str) -> str:
    return parse_nik(value).nik


def _email(value: str) -> str:
    email = (value or "").strip()
    if email:
        try:
            if len(email) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            raise InvalidValue(_("Enter a valid e-mail address, or leave it empty.")) from None
    return email


def _grade(value: str) -> str:
    if value and value not in Speaker.Grade.values:
        raise InvalidValue(_("Choose a golongan from the list, or leave it empty."))
    return value or ""


def _words(limit: int) -> Callable[[str], str]:
    """Free text on one line: runs of white space as one space, cut at `limit`."""
    return lambda value: " ".join((value or "").split())[:limit]


def _check(clean: Callable[[str], str]):
    return {"clean": clean}


@dataclass(frozen=True)
class PersonData:
    full_name: str = field(metadata=_check(clean_full_name))
    nik: str = field(metadata=_check(_nik))
    phone: str = field(metadata=_check(normalise_phone))
    email: str = field(default="", metadata=_check(_email))
    position: str = field(default="", metadata=_check(_words(150)))
    institution: str = field(default="", metadata=_check(_words(200)))
    grade: str = field(default="", metadata=_check(_grade))

    def cleaned(self) -> "PersonData":
        """Checked and normalised (the NIK without separators, the phone as +62...);
        the first field refused raises InvalidPersonData naming it."""
        return replace(
            self, **{name: person_field_clean(name, getattr(self, name)) for name in PERSON_FIELDS}
        )

    def model_values(self) -> dict:
        """The registration's columns: the fields, with the sex and the birth date the
        NIK holds. For a cleaned record."""
        info = parse_nik(self.nik)
        values = {name: getattr(self, name) for name in PERSON_FIELDS}
        return {**values, "sex": info.sex, "birth_date": info.birth_date}

    @classmethod
    def of(cls, registration) -> "PersonData":
        """The record as a registration holds it now (the NIK as the person gave it)."""
        values = {name: getattr(registration, name) for name in PERSON_FIELDS}
        return cls(**{**values, "nik": registration.stated_nik})


PERSON_FIELDS = tuple(f.name for f in fields(PersonData))
_CLEAN = {f.name: f.metadata["clean"] for f in fields(PersonData)}


def person_field_clean(name: str, value: str) -> str:
    """One field checked and normalised; a refusal is InvalidPersonData naming it."""
    try:
        return _CLEAN[name](value)
    except (InvalidValue, InvalidNik) as error:
        raise InvalidPersonData(error.message, field=name) from None
