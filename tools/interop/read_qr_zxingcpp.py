"""Reads every PNG in a folder with zxing-cpp and checks it holds exactly the expected text.

Usage: read_qr_zxingcpp.py DIR
For each DIR/<stem>.png, DIR/<stem>.svg.png and DIR/<stem>.card.svg.png the expected text is
DIR/<stem>.txt (the credential's HS1: text).
Exits 1 if any image does not read back exactly.
"""
import pathlib
import sys

import zxingcpp
from PIL import Image

folder = pathlib.Path(sys.argv[1])
checked = failed = 0
for image_path in sorted(folder.glob("*.png")):
    stem = image_path.name.split(".")[0]
    expected = (folder / f"{stem}.txt").read_text(encoding="utf-8").strip()
    results = zxingcpp.read_barcodes(Image.open(image_path).convert("L"))
    texts = [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    checked += 1
    if texts != [expected]:
        failed += 1
        print(f"FAIL {image_path.name}: read {len(texts)} codes, expected exactly the credential text")
if checked == 0:
    print(f"no images in {folder}")
    sys.exit(1)
print(f"interop: zxing-cpp read {checked - failed} of {checked} QR images exactly")
sys.exit(1 if failed else 0)
