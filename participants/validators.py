"""Pure checks and normalisation of what a person types: name, mobile number.

PersonData (person.py) names them as its fields' checks, which the forms run for
field errors and the services run again.
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

FULL_NAME_MAX = 150
FULL_NAME_MIN_LETTERS = 2
# Letters of any script (Indonesian names are Latin, but a name with é or an
# Arabic transliteration mark must not be refused), spaces and . , ' -
_NAME_PUNCTUATION = set(" .,'-")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


class InvalidValue(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def clean_full_name(value: str) -> str:
    """The name as on the KTP, titles allowed: "Drs. H. Ahmad Fauzi, S.Pd."."""
    name = " ".join((value or "").split())
    if not name:
        raise InvalidValue(_("Enter your full name as written on your KTP."))
    if len(name) > FULL_NAME_MAX:
        raise InvalidValue(
            _("The name is too long: at most %(max)d characters, you entered %(count)d.")
            % {"max": FULL_NAME_MAX, "count": len(name)}
        )
    for char in name:
        if char in _NAME_PUNCTUATION:
            continue
        if not unicodedata.category(char).startswith(("L", "M")):
            raise InvalidValue(
                _("A name may contain only letters, spaces and the marks . , ' - (not “%(char)s”).")
                % {"char": char if char.isprintable() else "?"}
            )
    letters = sum(char.isalpha() for char in name)
    if not letters:
        raise InvalidValue(_("Enter your full name as written on your KTP."))
    if letters < FULL_NAME_MIN_LETTERS:
        # One letter is an initial, not a name; a single name (Supriadi) is fine.
        raise InvalidValue(
            _("A name has at least %(min)d letters: write it in full as on the KTP.")
            % {"min": FULL_NAME_MIN_LETTERS}
        )
    return name


def normalise_phone(value: str) -> str:
    """ "0812-3456-789", "62812...", "+62 812 ..." -> "+62812...". Letters are refused."""
    raw = (value or "").strip()
    if not raw:
        raise InvalidValue(_("Enter your mobile number, e.g. 0812 3456 7890."))
    digits = _PHONE_SEPARATORS.sub("", raw)
    plus = digits.startswith("+")
    if plus:
        digits = digits[1:]
    if not digits.isascii() or not digits.isdigit():
        raise InvalidValue(
            _("A mobile number may contain only digits, spaces, dashes and a leading +.")
        )
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif not digits.startswith("62"):
        raise InvalidValue(_("Enter an Indonesian mobile number starting with 08, 628 or +628."))
    national = digits[2:]
    if not national.startswith("8") or not 9 <= len(national) <= 13:
        raise InvalidValue(
            _(
                "This is not an Indonesian mobile number: it should start with 08 and have 10 to 14 digits."
            )
        )
    return "+62" + national
