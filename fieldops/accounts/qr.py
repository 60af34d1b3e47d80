"""The set-up QR code, drawn as inline SVG (no image library needed)."""

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(text: str) -> str:
    """`text` as a QR code in an SVG element, scaled by its container."""
    image = qrcode.make(text, image_factory=SvgPathImage, border=2)
    return image.to_string(encoding="unicode")
