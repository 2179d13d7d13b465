"""The registry of documents: one spec per document, read by every entry point."""

import pytest

from reports.documents import DOCUMENTS, DocumentError, DocumentSpec, build_document, spec_for
from reports.forms import DocumentOptionsForm
from reports.numbering import NumberMode
from reports.tests.r2_world import build_world


@pytest.fixture
def world(db):
    return build_world()


def test_every_spec_names_a_template_a_data_builder_and_a_file_name():
    from django.template.loader import get_template
    from django.utils.module_loading import import_string

    for spec in DOCUMENTS.values():
        get_template(spec.template)
        assert callable(import_string(spec.data))
        assert spec.filename.endswith(".pdf")
        for path in (spec.render, spec.xlsx, spec.background, spec.recorded_number):
            if path:
                assert callable(import_string(path))


def test_a_spec_with_an_option_nobody_knows_is_refused_when_it_is_written():
    with pytest.raises(ValueError, match="unknown options"):
        DocumentSpec(
            slug="x", title="X", template="t.html", data="m.data", filename="x.pdf",
            options=("colour",),
        )  # fmt: skip


def test_an_unknown_document_is_refused_naming_the_known_ones():
    with pytest.raises(DocumentError, match="berita-acara"):
        spec_for("surat-cinta")


def test_an_option_the_document_does_not_take_is_refused_not_ignored(world):
    with pytest.raises(DocumentError, match="day tidak berlaku untuk Rekapitulasi Peserta"):
        build_document("rekapitulasi", event=world.event, day=1)


def test_asking_a_document_without_a_number_for_one_is_refused(world):
    with pytest.raises(DocumentError, match="tidak bernomor"):
        build_document("rekapitulasi", event=world.event, number_mode=NumberMode.NEW)


def test_the_page_hands_the_number_mode_down_as_the_enum(world):
    spec = DOCUMENTS["laporan-partisipasi"]
    form = DocumentOptionsForm(
        {"laporan-partisipasi-paper": "A4", "laporan-partisipasi-number_mode": "new"},
        event=world.event,
        spec=spec,
    )
    assert form.is_valid(), form.errors
    assert form.document_options()["number_mode"] is NumberMode.NEW


def test_a_number_typed_then_another_choice_made_is_not_passed_on(world):
    spec = DOCUMENTS["laporan-partisipasi"]
    form = DocumentOptionsForm(
        {
            "laporan-partisipasi-paper": "A4",
            "laporan-partisipasi-number_mode": "none",
            "laporan-partisipasi-number": "3/PP.06-LP/1509/2024",
        },
        event=world.event,
        spec=spec,
    )
    assert form.is_valid(), form.errors
    assert "number" not in form.document_options()
