import pytest

from bodies.models import Body, District
from bodies.selectors import body_list_for_regency, village_choices_for_district

pytestmark = pytest.mark.django_db


def test_village_choices_are_one_query(tebo_regency, django_assert_num_queries):
    district = District.objects.get(code="15.09.04", edition="2025")

    with django_assert_num_queries(1):
        choices = village_choices_for_district(district_id=district.pk)

    assert len(choices) == district.villages.count() > 0
    assert set(choices[0]) == {"id", "name", "kind"}


def test_body_list_for_regency_reads_every_body_and_region_in_one_query(
    tebo_regency, django_assert_num_queries
):
    with django_assert_num_queries(1):
        bodies = list(body_list_for_regency(regency_id=tebo_regency.pk))
        labels = [(b.regency.name, b.district and b.district.name, b.village and b.village.name)
                  for b in bodies]  # fmt: skip

    assert len(bodies) == len(labels) == 1 + 12 + 129
    assert bodies[0].kind == Body.Kind.KPU_KABKOTA


def test_body_list_for_regency_can_keep_only_some_kinds(tebo_regency):
    bodies = body_list_for_regency(regency_id=tebo_regency.pk, kinds=(Body.Kind.PPK,))

    assert [b.satker_code for b in bodies][:2] == ["150901", "150902"]
    assert bodies.count() == 12
