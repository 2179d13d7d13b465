"""The certificate's QR code, decoded from the page render_document prints: a phone that
scans it must open the verification page, so it holds a whole https:// link."""

import io

import pypdfium2
import pytest
import zxingcpp
from django.core.management import CommandError, call_command

from reports.tests.r2_world import register
from reports.verification import certificate_number


def decoded_qr_codes(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    texts = []
    for page in document:
        image = page.render(scale=3).to_pil()
        texts += [result.text for result in zxingcpp.read_barcodes(image)]
    return texts


def test_the_certificate_printed_by_the_command_carries_the_whole_verification_link(
    world, tmp_path, settings
):
    # Production settings (the suite's: debug off), the office's address set.
    assert not settings.DEBUG
    settings.BIMTEK_SITE_URL = "https://bimtek.kpu-tebo.go.id"
    person = register(world)
    target = tmp_path / "sertifikat.pdf"

    call_command("render_document", world.event.slug, "sertifikat", "--out", str(target))

    number = certificate_number(person.pk)
    assert decoded_qr_codes(target.read_bytes()) == [
        f"https://bimtek.kpu-tebo.go.id/dokumen/verifikasi/{number}/"
    ]


def test_without_the_portal_address_no_certificate_is_printed_and_the_setting_is_named(
    world, tmp_path, settings
):
    settings.BIMTEK_SITE_URL = ""
    register(world)

    with pytest.raises(CommandError, match="BIMTEK_SITE_URL"):
        call_command(
            "render_document", world.event.slug, "sertifikat", "--out", str(tmp_path / "s.pdf")
        )
    assert not (tmp_path / "s.pdf").exists()
