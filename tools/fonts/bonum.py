#!/usr/bin/python3
"""Make pdf/fonts/PolicyflowBonum-*.ttf from Debian's TeX Gyre Bonum.

The official PDF is laid out by github.com/go-pdf/fpdf, which embeds
TrueType (glyf) fonts only; Debian's fonts-texgyre ships TeX Gyre Bonum as
OpenType with PostScript (CFF) outlines. This script converts the outlines
to quadratic curves (fontTools' cu2qu, within 1/1000 em) and keeps every
advance width, so the metrics stay Bonum's, that is Bookman's.

Clause 1 of the GUST Font License requests (without requiring) that a
derived work carry new font and file names; a converted font is one, so
the family is renamed "Policyflow Bonum" (PostScript PolicyflowBonum-*)
and the files likewise. See pdf/fonts/README.md.

Run from the repository root, with python3-fonttools and fonts-texgyre
installed (both Debian packages):

    /usr/bin/python3 tools/fonts/bonum.py
"""
import os

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

SRC = "/usr/share/texmf/fonts/opentype/public/tex-gyre"
DST = "pdf/fonts"
STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
FAMILY = "Policyflow Bonum"
PS_FAMILY = "PolicyflowBonum"


def to_truetype(font):
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    # The left side bearing of a TrueType glyph is its xMin.
    hmtx = font["hmtx"]
    for name, g in glyphs.items():
        width = hmtx[name][0]
        hmtx[name] = (width, getattr(g, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    maxp.maxComponentElements = max(
        (len(getattr(g, "components", [])) for g in glyphs.values()), default=0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\000\001\000\000"


def rename(font, style):
    full = f"{FAMILY} {style}"
    ps = f"{PS_FAMILY}-{style}"
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            name.setName(FAMILY, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 3:
            name.setName(f"Policyflow: {ps} (from TeX Gyre Bonum 2.004)", 3, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (4, 18):
            name.setName(full, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            name.setName(ps, 6, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 10:
            name.setName("Converted to TrueType outlines and renamed for Policyflow from TeX Gyre Bonum (GUST Font License).", 10, rec.platformID, rec.platEncID, rec.langID)


def main():
    for file_style, style in STYLES.items():
        font = TTFont(os.path.join(SRC, f"texgyrebonum-{file_style}.otf"))
        to_truetype(font)
        rename(font, style)
        out = os.path.join(DST, f"{PS_FAMILY}-{style}.ttf")
        font.save(out)
        print(out)


if __name__ == "__main__":
    main()
