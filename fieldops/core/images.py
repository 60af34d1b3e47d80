"""Images the project draws itself, so that no photograph has to be invented."""

from io import BytesIO

from PIL import Image, ImageDraw

PORTRAIT_SIZE = (480, 600)
_BACKGROUND = (226, 232, 238)
_FIGURE = (160, 172, 186)


def portrait_placeholder_png() -> bytes:
    """A neutral head-and-shoulders outline on a soft background, as PNG bytes.

    The same bytes every time, so a copy already stored can be recognised.
    """
    width, height = PORTRAIT_SIZE
    image = Image.new("RGB", PORTRAIT_SIZE, _BACKGROUND)
    draw = ImageDraw.Draw(image)
    centre = width // 2
    # Shoulders: the top half of a wide ellipse cut off by the bottom edge.
    draw.ellipse((centre - 190, height - 210, centre + 190, height + 190), fill=_FIGURE)
    # Neck, then the head above it.
    draw.rectangle((centre - 45, height - 270, centre + 45, height - 180), fill=_FIGURE)
    draw.ellipse((centre - 100, 120, centre + 100, height - 240), fill=_FIGURE)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
