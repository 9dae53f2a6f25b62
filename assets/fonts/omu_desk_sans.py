"""Makes OMU Desk Sans from DejaVu Sans 2.37 (Debian's fonts-dejavu-core).

    python3 omu_desk_sans.py /usr/share/fonts/truetype/dejavu .

Two changes, each for a reason (see README.md):
- A family name of its own, so the window always draws with the shipped face:
  the font system also loads the PC's own fonts, and a system copy of
  "DejaVu Sans" (another version, another hinting) would otherwise win.
- No hinting: the glyph programs and the font program are emptied and the
  control-value program is one instruction. The CPU renderer runs the font's
  hinting setup for every text it draws, which was half of a frame; a prep
  program that is present but empty of work keeps skrifa on its (now trivial)
  TrueType path instead of its far costlier automatic hinter. Outlines are
  unchanged, and the window draws them antialiased.
The Bitstream Vera licence allows changes provided the family is renamed
without "Bitstream" or "Vera"; DejaVu's own changes are public domain.
"""

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import ttProgram

FAMILY = "OMU Desk Sans"
FACES = [("DejaVuSans.ttf", "OmuDeskSans.ttf", "Book"), ("DejaVuSans-Bold.ttf", "OmuDeskSans-Bold.ttf", "Bold")]


def program(code: bytes) -> ttProgram.Program:
    made = ttProgram.Program()
    made.fromBytecode(code)
    return made


def make(source: Path, target: Path, style: str) -> None:
    font = TTFont(source)
    glyphs = font["glyf"]
    for name in font.getGlyphOrder():
        glyph = glyphs[name]
        if hasattr(glyph, "program"):
            glyph.program = program(b"")
    del font["fpgm"]
    del font["cvt "]
    font["prep"].program = program(b"\x00")  # SVTCA[y]: present, does nothing that shows
    maxp = font["maxp"]
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxSizeOfInstructions = 1
    postscript = FAMILY.replace(" ", "") + ("" if style == "Book" else f"-{style}")
    full = FAMILY if style == "Book" else f"{FAMILY} {style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4):
            names.setName(full, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 5:
            names.setName("Version 2.37 (DejaVu Sans, renamed and unhinted)", 5, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
    font.save(target)


if __name__ == "__main__":
    source_dir, target_dir = Path(sys.argv[1]), Path(sys.argv[2])
    for source, target, style in FACES:
        make(source_dir / source, target_dir / target, style)
