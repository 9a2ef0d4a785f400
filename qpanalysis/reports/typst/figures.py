"""Figures in the PDF: the size an SVG or PNG declares, and the markup that fits a figure to the page."""

from __future__ import annotations

import re
import struct

from qpanalysis.reports.typst.document import TEXT_HEIGHT_PT, TEXT_WIDTH_PT
from qpanalysis.reports.typst.text import quoted

# The width and height an SVG's root element declares (points, or pixels at 96 per inch).
SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)(pt|px)?"[^>]*?\sheight="([\d.]+)(pt|px)?"', re.S)
# Points per CSS pixel (72 / 96).
PT_PER_PX = 0.75
# The first bytes of every PNG file.
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def svg_size(svg: str) -> tuple[float, float] | None:
    """The width and height (points) an SVG declares, or None.

    Example:
        >>> svg_size('<svg xmlns="http://www.w3.org/2000/svg" width="432pt" height="216pt" viewBox="0 0 432 216">')
        (432.0, 216.0)
        >>> svg_size('<svg width="400px" height="100" >')
        (300.0, 100.0)
    """
    match = SVG_SIZE.search(svg[:4000])
    if not match:
        return None
    return tuple(float(match[i]) * (PT_PER_PX if match[i + 1] == "px" else 1.0) for i in (1, 3))


def png_size(data: bytes) -> tuple[float, float] | None:
    """The width and height of a PNG in pixels, from its header, or None.

    Example:
        >>> png_size(PNG_SIGNATURE + bytes(8) + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")), png_size(b"GIF")
        ((640.0, 480.0), None)
    """
    if data[:8] != PNG_SIGNATURE:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return float(width), float(height)


def image_markup(path: str, size: tuple[float, float] | None) -> str:
    """A figure at the full text width, or shorter when a tall figure would not fit a page.

    Example:
        >>> image_markup("/_figures/a.svg", (400.0, 300.0))
        '#align(center, image("/_figures/a.svg", width: 100%))'
        >>> image_markup("/_figures/tall.svg", (300.0, 900.0))
        '#align(center, image("/_figures/tall.svg", height: 689pt))'
    """
    if size and size[0] > 0 and size[1] / size[0] * TEXT_WIDTH_PT > TEXT_HEIGHT_PT:
        return f'#align(center, image({quoted(path)}, height: {TEXT_HEIGHT_PT:.0f}pt))'
    return f"#align(center, image({quoted(path)}, width: 100%))"


__all__ = ["svg_size", "png_size", "image_markup"]
