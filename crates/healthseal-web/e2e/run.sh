#!/usr/bin/env bash
# The checkpoint app's end-to-end tests in Debian's Chromium (docs/checkpoint-app.md): builds the
# app, the CLI and the camera material, then runs every test in tests/. `just web-test`.
# Needs: the wasm32-unknown-unknown target and wasm-bindgen-cli (see build-app.sh), Node.js and
# npm, and /usr/bin/chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/../../.."
crates/healthseal-web/build-app.sh
cargo build --release -p healthseal-cli
cargo run --release -p healthseal-web --example e2e_material -- target/e2e-material
cd crates/healthseal-web/e2e
npm ci --no-audit --no-fund --loglevel=error
node --test --test-concurrency=1 tests/
if [ "${1:-}" = "--bench" ]; then
  node bench.mjs
fi
