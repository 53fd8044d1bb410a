"""Reads every page of a batch's print sheets with zxing-cpp and checks that each card's code is
found exactly once, with exactly its credential's text, and nothing else.

Usage: read_sheets_zxingcpp.py DIR
DIR holds the batch (row-NNNNNNN.txt) and the sheets rendered to DIR/page-*.png (pdftoppm).
Exits 1 unless the codes on the pages are exactly the texts of the rows.
"""
import collections
import pathlib
import sys

import zxingcpp
from PIL import Image

folder = pathlib.Path(sys.argv[1])
expected = collections.Counter(
    p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("row-*.txt"))
)
found = collections.Counter()
pages = sorted(folder.glob("page-*.png"))
for page in pages:
    for result in zxingcpp.read_barcodes(Image.open(page).convert("L")):
        if result.format == zxingcpp.BarcodeFormat.QRCode:
            found[result.text] += 1
missing = expected - found
extra = found - expected
if not pages or missing or extra:
    print(f"FAIL: {len(pages)} pages, {sum(missing.values())} cards not read, {sum(extra.values())} unexpected codes")
    sys.exit(1)
print(f"interop: zxing-cpp read all {sum(expected.values())} cards on {len(pages)} A4 sheets (300 dpi) exactly")
