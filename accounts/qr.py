"""QR codes: the one builder for every app (in the lowest layer, so each may use it).

Error correction M, or better when the content fits. Never a Micro QR: segno makes one
whenever the content fits (an eight-character registration code does), and many phone
camera apps and keyboard-wedge desk scanners read only full QR codes.
"""

import segno


def qr_code(content: str, *, mask: int | None = None) -> segno.QRCode:
    """`mask`: a fixed mask instead of segno's search of all eight (participants/qr.py)."""
    return segno.make(content, error="m", micro=False, mask=mask)


def qr_svg_for_print(content: str) -> str:
    """An inline SVG sized by the stylesheet (only its viewBox), for a document."""
    return qr_code(content).svg_inline(scale=1, border=0, omitsize=True)
