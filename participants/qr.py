"""QR codes on the participant's pages: the desk code on the proof, the private link on its own page.

Built by accounts.qr (never a Micro QR: see there).

The mask: segno tries all eight and keeps the one with the lowest ISO 18004 penalty
(large blocks, finder-like runs: what trips a poor camera). For the desk code, a
version-1 code of eight letters and digits, that search was three quarters of the cost
of the code and a sixth of the private page's CPU. Over 500 random codes every mask
scored within 1.27 times the best one, and mask 6 within 1.20 (mean 1.05): the search
buys nothing visible, so the desk code uses mask 6. tests/test_qr.py decodes blurred,
shrunken renderings of many codes with zxing-cpp and keeps that penalty bound.
"""

import segno

from accounts.qr import qr_code

DESK_CODE_MASK = 6


def qr_svg(content: str) -> str:
    """An inline SVG of `content` as a QR code (error correction M, or better when it fits)."""
    return _svg(qr_code(content), title=content)


def desk_code_qr_svg(code: str) -> str:
    """The registration code's QR code, as the desk scans it from the proof."""
    return _svg(desk_code_qr(code), title=code)


def desk_code_qr(code: str) -> segno.QRCode:
    return qr_code(code, mask=DESK_CODE_MASK)


def _svg(qr: segno.QRCode, *, title: str) -> str:
    return qr.svg_inline(scale=5, border=2, dark="#111", title=title)
