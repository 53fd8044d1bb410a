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
