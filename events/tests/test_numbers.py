from decimal import Decimal

import pytest
from django.utils import translation

from events.numbers import number_id


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (262261, 0, "262.261"),
        (Decimal("1500000"), 0, "1.500.000"),
        (Decimal("69.5"), 2, "69,50"),
        (Decimal("1234567.125"), 2, "1.234.567,12"),  # half to even, as format() did
        (Decimal("2.675"), 2, "2,68"),  # rounded, not cut off as number_format alone does
        (Decimal("-1234.5"), 1, "-1.234,5"),
        (Decimal("7.5"), None, "7,5"),
        (Decimal("15"), None, "15"),
    ],
)
def test_numbers_are_written_the_indonesian_way_whatever_the_language(value, places, text):
    with translation.override("en"):
        assert number_id(value, places) == text
