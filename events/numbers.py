"""Numbers the Indonesian way, `1.234.567,5`: one formatter for pages, documents and messages.

On Django's own localisation (django.utils.formats, the "id" format module: "." between
thousands, "," before decimals), whatever the page's language: figures in documents and
spreadsheets are Indonesian. Django's number_format cuts extra decimals off; the value is
rounded first, half to even as Python's own format() did for the hand-made formatters
this replaces.
"""

from decimal import Decimal

from django.utils import formats, translation


def number_id(value: Decimal | int, places: int | None = 0) -> str:
    """`262.261`; `69,50` with places=2; places=None: the decimals the value has."""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    with translation.override("id"):
        return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
