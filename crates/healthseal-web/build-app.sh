#!/usr/bin/env bash
# Builds the checkpoint app into target/checkpoint-app: the verifier compiled to WebAssembly,
# its JavaScript glue, and the app's static files. `just web` runs this; `healthseal web` then
# writes a province's hostable folder from it.
#
# Needs, once: rustup target add wasm32-unknown-unknown
#              cargo install wasm-bindgen-cli --version 0.2.130   (the crate's wasm-bindgen version)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/checkpoint-app
wanted=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "error: the wasm32-unknown-unknown target is missing" >&2
  echo "hint: rustup target add wasm32-unknown-unknown" >&2
  exit 3
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wanted" ]; then
  echo "error: wasm-bindgen $wanted is needed (found: ${have:-none})" >&2
  echo "hint: cargo install wasm-bindgen-cli --version $wanted" >&2
  exit 3
fi

cargo build --profile wasm --target wasm32-unknown-unknown -p healthseal-web
staging=$(mktemp -d "target/.checkpoint-app.XXXXXX")
trap 'rm -rf "$staging"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$staging/pkg" \
  target/wasm32-unknown-unknown/wasm/healthseal_web.wasm
cp crates/healthseal-web/app/*.{html,js,css,svg,webmanifest} "$staging/"
chmod 755 "$staging"
rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
echo "checkpoint app built in $out ($(du -sb "$out" | cut -f1) bytes); next: healthseal web --trust LIST --root ROOT.pub --out DIR"
