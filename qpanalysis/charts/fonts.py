"""The figures' fonts: the shipped Noto Sans CJK SC faces, their TrueType copies for PDF, and glyph checks."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from qpanalysis.config import FONTS_DIR

__all__ = [
    "FONT_DIR",
    "FONT_FAMILY",
    "FONT_FILES",
    "register_fonts",
    "truetype_copy",
    "truetype_copies",
    "truetype_cache_dir",
    "find_missing_glyphs",
    "assert_no_missing_glyphs",
]

#: Directory holding the shipped Noto Sans CJK SC faces (see fonts/README.md).
FONT_DIR = FONTS_DIR

#: Family name of the shipped faces, as stored in their ``name`` table.
FONT_FAMILY = "Noto Sans CJK SC"

#: Shipped font files by weight. Bold is optional: only Regular is required.
FONT_FILES = {
    "regular": FONT_DIR / "NotoSansCJKsc-Regular.otf",
    "bold": FONT_DIR / "NotoSansCJKsc-Bold.otf",
}

# Largest distance (in font units of 1000 per em) between a CFF cubic curve and the
# quadratic curves replacing it in the TrueType copy: fontTools' default, 1/1000 em,
# far below a pixel at any print size.
CU2QU_MAX_ERROR = 1.0
# Environment variable naming the folder the TrueType copies are kept in (made once, reused).
CACHE_ENV = "QPANALYSIS_FONT_CACHE"

_GENERIC_FAMILIES = ("sans-serif", "serif", "cursive", "fantasy", "monospace")
# Warnings matplotlib emits when a glyph is not in any font of the family list.
_MISSING_GLYPH_RE = re.compile(r"Glyph .* missing from|does not have a glyph", re.S)


def _shipped_font_files() -> list[Path]:
    if not FONT_FILES["regular"].is_file():
        raise FileNotFoundError(
            f"shipped font missing: {FONT_FILES['regular']} (broken qpanalysis install?)"
        )
    return [p for p in FONT_FILES.values() if p.is_file()]


def register_fonts(files=None) -> None:
    """Add font files (default the shipped faces) to matplotlib and make them win name ties.

    A machine may also have a system copy of "Noto Sans CJK SC" (e.g. Debian's .ttc), and
    the TrueType copies (:func:`truetype_copy`) share the family name: findfont() keeps the
    first of equally scored entries, so the files given move to the front, in order.
    """
    fm = font_manager.fontManager
    ours = [str(p) for p in (files if files is not None else _shipped_font_files())]
    known = {entry.fname for entry in fm.ttflist}
    for path in ours:
        if path not in known:
            fm.addfont(path)
    rank = {path: i for i, path in enumerate(ours)}
    fm.ttflist.sort(key=lambda entry: rank.get(entry.fname, len(rank)))  # stable sort
    cache_clear = getattr(getattr(fm, "_findfont_cached", None), "cache_clear", None)
    if cache_clear is not None:  # private; the tests check findfont's answer
        cache_clear()


def truetype_cache_dir() -> Path:
    """Where the TrueType copies of the shipped faces are kept: ``$QPANALYSIS_FONT_CACHE``, else the user's cache.

    Never the package folder (it may be read-only) nor the repository.

    Example:
        >>> os.environ[CACHE_ENV] = "/tmp/fonts"; str(truetype_cache_dir())
        '/tmp/fonts'
        >>> del os.environ[CACHE_ENV]
    """
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "qpanalysis" / "fonts"


def _quadratic_glyphs(font) -> dict:
    """Every glyph of a CFF font, its cubic curves replaced by quadratic ones (fontTools' otf2ttf)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, CU2QU_MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    return glyphs


def otf_to_ttf(source: Path, target: Path) -> Path:
    """Write a TrueType (glyf) copy of an OpenType/CFF font, as fontTools' otf2ttf snippet does.

    matplotlib embeds a CFF font in a PDF as Type 42 in a way Ghostscript and MuPDF draw
    with wrong glyphs (matplotlib #2869, #20870); a TrueType font they draw right.
    """
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(source)
    if "CFF " not in font:
        raise ValueError(f"{source} has no CFF outlines to convert")
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = _quadratic_glyphs(font)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():  # a TrueType left side bearing is the outline's xMin
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for key in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, key, 0)
    font["maxp"] = maxp
    font["post"].formatType = 3.0  # no glyph names: 65,535 CID names do not fit a format 2 table
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + f".{os.getpid()}.part")
    font.save(partial)
    os.replace(partial, target)  # another process making the same copy never sees half a file
    return target


def content_key(path: Path) -> str:
    """The first 16 hex digits of a file's SHA-256: the same for every copy of the same bytes.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder) / "a.otf"
        ...     _ = path.write_bytes(b"abc")
        ...     content_key(path)
        'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def truetype_copy(weight: str = "regular", folder: Path | None = None) -> Path:
    """The TrueType copy of a shipped face, made on first use (a minute or two) and kept in ``folder``.

    The copy's name carries the first 16 hex digits of the source file's SHA-256, so a new
    shipped font makes a new copy, and every checkout of the same font (a fresh clone, a
    worktree, an installed wheel) shares one.
    """
    source = FONT_FILES[weight]
    folder = truetype_cache_dir() if folder is None else Path(folder)
    target = folder / f"{source.stem}-{content_key(source)}.ttf"
    if not target.is_file():
        otf_to_ttf(source, target)
    return target


def truetype_copies(folder: Path | None = None) -> list[Path]:
    """The TrueType copies of every shipped face (:func:`truetype_copy`), made where missing."""
    return [truetype_copy(weight, folder) for weight, path in FONT_FILES.items() if path.is_file()]


@functools.lru_cache(maxsize=None)
def _charmap(path: str) -> frozenset[int]:
    return frozenset(FT2Font(path).get_charmap())


@functools.lru_cache(maxsize=None)
def _covered(files: tuple[str, ...]) -> frozenset[int]:
    """Every character one of ``files`` can draw (a CJK face holds some 45,000: joined once, not per text)."""
    return frozenset().union(*(_charmap(f) for f in files))


def _font_files_for(prop: FontProperties) -> tuple[str, ...]:
    """Files matplotlib may draw ``prop`` with (its family list, fallbacks expanded)."""
    names: list[str] = []
    for family in prop.get_family():
        if family in _GENERIC_FAMILIES:
            names.extend(mpl.rcParams[f"font.{family}"])
        else:
            names.append(family)
    files = []
    for name in names:
        single = prop.copy()
        single.set_family(name)
        try:
            path = font_manager.findfont(single, fallback_to_default=False)
        except ValueError:  # family not installed
            continue
        if path not in files:
            files.append(path)
    return tuple(files)


def find_missing_glyphs(fig) -> dict[str, str]:
    """Characters of a figure's text that none of its fonts can draw.

    Unlike matplotlib's warnings (emitted only on a font's first use), this
    checks every visible text artist each time. Draw the figure first so that
    tick labels are filled in. Mathtext (``$...$``) is skipped.

    Args:
        fig: A matplotlib figure.

    Returns:
        ``{text: missing_characters}``; empty when everything is covered.
    """
    missing: dict[str, str] = {}
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if not text or not artist.get_visible() or text.count("$") >= 2:
            continue
        covered = _covered(_font_files_for(artist.get_fontproperties()))
        lacking = "".join(
            dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in covered)
        )
        if lacking:
            missing[text] = lacking
    return missing


@contextlib.contextmanager
def assert_no_missing_glyphs(figure_name: str = "figure") -> Iterator[None]:
    """Turn matplotlib's "Glyph ... missing" warnings into a RuntimeError.

    Other warnings raised inside the block are re-emitted unchanged.

    Args:
        figure_name: Named in the error message.

    Raises:
        RuntimeError: If any missing-glyph warning was emitted in the block.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing = []
    for w in caught:
        if _MISSING_GLYPH_RE.search(str(w.message)):
            missing.append(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if missing:
        raise RuntimeError(
            f"figure {figure_name!r} has glyphs missing from its fonts (they would "
            f"render as boxes); call qpanalysis.charts.style.use_style() before creating "
            f"the figure: " + "; ".join(dict.fromkeys(missing))
        )
