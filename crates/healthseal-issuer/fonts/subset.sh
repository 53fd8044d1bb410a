#!/bin/sh
# Regenerates the card's built-in fonts: Noto Sans CJK SC (Regular and Bold) cut down to printable
# ASCII, Latin-1 and the Latin Extended-A letters it has (digits, and Latin names with the
# accents of Western European languages) and the
# characters in chars.txt (the card's fixed words in Chinese, and a few signs). Needs Debian's
# fonts-noto-cjk and fontTools (`pip install fonttools`). Run it after changing a label in
# src/render/labels.rs; the test `builtin_fonts_cover_every_label` says when it is needed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=/usr/share/fonts/opentype/noto
for weight in Regular Bold; do
    # Face 2 of the collection is the Simplified Chinese one (SC).
    pyftsubset "$src/NotoSansCJK-$weight.ttc" --font-number=2 \
        --unicodes=U+0020-007E,U+00A0-017F --text-file="$here/chars.txt" \
        --layout-features='kern,liga,palt' --no-hinting --desubroutinize \
        --output-file="$here/NotoSansCJKsc-$weight.card.otf"
done
