"""The whole country, as shipped (about a minute; leave it out with `-m "not slow"`)."""

import pytest

from bodies.data import SHIPPED_WILAYAH
from bodies.models import Body, District, Province, Regency, Village
from bodies.services import regions_import


@pytest.mark.slow
@pytest.mark.django_db
def test_the_whole_country_imports_in_bulk_and_a_second_run_changes_nothing(
    django_assert_max_num_queries,
):
    # Row by row it would be some 180,000 queries; in batches it is under 2,500 even
    # with SQLite's 999-parameter limit on a batch.
    with django_assert_max_num_queries(2500):
        first = regions_import(directory=SHIPPED_WILAYAH["2025"])

    counts = [m.objects.count() for m in (Province, Regency, District, Village)]
    assert counts == [38, 514, 7285, 83762]
    assert first.levels["villages"].created == 83762
    assert Body.objects.count() == 1 + 38 + 514 + 7285 + 83762
    assert Regency.objects.filter(kind=Regency.Kind.KOTA).count() == 98
    assert Village.objects.filter(kind=Village.Kind.DESA_ADAT).count() == 14

    second = regions_import(directory=SHIPPED_WILAYAH["2025"])

    assert not second.changed
    assert second.levels["villages"].unchanged == 83762
