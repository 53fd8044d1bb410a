#!/usr/bin/env bash
# Interoperability: credentials signed by the healthseal CLI verify with pycose (an independent
# COSE implementation) given only the public key file. Used by `just interop`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/target/interop-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tools/interop/requirements.txt"
cargo build --quiet --release -p healthseal-cli --manifest-path "$root/Cargo.toml"
bin="$root/target/release/healthseal"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" keygen --role issuer --region CN-ZJ --out "$work/issuer.key" >/dev/null
n=0
while IFS='|' read -r name birth status extra; do
  # shellcheck disable=SC2086 # $extra holds optional flags
  "$bin" sign --key "$work/issuer.key" --name "$name" --birth-date "$birth" --status "$status" \
    --valid-for 72h $extra --out "$work/c$n.txt" 2>/dev/null
  "$venv/bin/python" "$root/tools/interop/verify_pycose.py" "$work/issuer.key.pub" "$work/c$n.txt" "$name"
  n=$((n + 1))
done <<'CASES'
Maximilian Oberhofer|1987-06-15|green|
张三|1990-07-01|yellow|--basis test
José Ángel Gómez-Ibáñez|1954|red|--basis contact
Nguyễn Thị Minh Khai|1990-07|green|--not-before 2030-01-01T00:00:00Z --at 2029-12-31T00:00:00Z
CASES
echo "interop: pycose verified $n healthseal credentials signed by the CLI"

# A key that never leaves a token (SoftHSM2): pycose verifies what it signs, given only the
# public key file keygen wrote.
softhsm=/usr/lib/softhsm/libsofthsm2.so
if [ -e "$softhsm" ]; then
  mkdir -p "$work/hsm/tokens"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/hsm/tokens" >"$work/hsm/softhsm2.conf"
  export SOFTHSM2_CONF="$work/hsm/softhsm2.conf" HEALTHSEAL_PKCS11_MODULE="$softhsm" HEALTHSEAL_PKCS11_PIN=interop-pin
  softhsm2-util --init-token --free --label interop --so-pin interop-so --pin "$HEALTHSEAL_PKCS11_PIN" >/dev/null
  token_key='pkcs11:token=interop;object=issuer'
  "$bin" keygen --role issuer --region CN-ZJ --out "$token_key" --pub-out "$work/token.pub" >/dev/null
  "$bin" sign --key "$token_key" --name '张三' --birth-date 1990-07-01 --status green --valid-for 72h \
    --out "$work/token.txt" 2>/dev/null
  "$venv/bin/python" "$root/tools/interop/verify_pycose.py" "$work/token.pub" "$work/token.txt" '张三'
  echo "interop: pycose verified a credential signed inside a PKCS#11 token (SoftHSM2)"
else
  echo "interop: SKIPPED the PKCS#11 token case: SoftHSM2 is not installed (Debian: softhsm2)"
fi

# Every kind of QR drawing (PNG, SVG, card) reads back to the exact text with zxing-cpp, at the
# default error correction and at the extremes.
for variant in "M 8" "L 2" "H 4"; do
  set -- $variant
  qr="$work/qr-$1"
  "$bin" issue --key "$work/issuer.key" --input "$root/tools/interop/people.csv" --out-dir "$qr" \
    --format txt,png,svg,card --valid-for 72h --ecc "$1" --module-px "$2" --quiet 2>/dev/null
  cargo run --quiet --release -p healthseal-issuer --example rasterise --manifest-path "$root/Cargo.toml" -- "$qr"/*.svg
  "$venv/bin/python" "$root/tools/interop/read_qr_zxingcpp.py" "$qr"
done

# Print sheets: every card of a batch's A4 sheets, rendered at 300 dpi by poppler, reads back with
# zxing-cpp (all codes of a page at once), and the PDF holds no font that is not embedded.
sheets="$work/sheets"
{
  cat "$root/tools/interop/people.csv"
  for i in $(seq 1 15); do echo "Resident $i,1940,green,"; done
  echo "欧阳娜娜,1931-02-03,yellow,"
} >"$work/sheet-people.csv"
"$bin" issue --key "$work/issuer.key" --input "$work/sheet-people.csv" --out-dir "$sheets" \
  --format txt,pdf --valid-for 72h --quiet 2>/dev/null
for pdf in "$sheets"/sheets-*.pdf; do
  # pdffonts: two header lines, then name type encoding emb sub uni object-number generation.
  if pdffonts "$pdf" | awk 'NR > 2 && $(NF - 4) == "no" { found = 1 } END { exit !found }'; then
    echo "FAIL: $pdf uses a font it does not embed" >&2
    exit 1
  fi
  pdftoppm -r 300 -gray -png "$pdf" "$sheets/page"
done
"$venv/bin/python" "$root/tools/interop/read_sheets_zxingcpp.py" "$sheets"
