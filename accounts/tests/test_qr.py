import segno

from accounts.qr import qr_code, qr_svg_for_print


def test_a_short_content_is_never_a_micro_qr():
    assert segno.make("ABCD2345", error="m").is_micro  # what segno alone would make
    code = qr_code("ABCD2345")
    assert not code.is_micro and code.error in ("M", "Q", "H")


def test_the_print_svg_leaves_its_size_to_the_stylesheet():
    svg = qr_svg_for_print("https://bimtek.test/v/ABCD2345/")
    assert "viewBox" in svg and "width=" not in svg.split(">", 1)[0]
