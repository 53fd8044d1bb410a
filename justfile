# healthseal tasks. `cargo install just` to use them; each recipe is plain cargo underneath.

# List the recipes.
default:
    @just --list

# Run the demo (release build).
demo:
    cargo run --release -- demo

# Run every test, as CI does.
test:
    cargo test --workspace

# Everything CI runs: format, lints, tests, docs, fixture reproducibility.
ci:
    .ci/run

# Benchmarks (criterion); results in target/criterion.
bench:
    cargo bench --workspace

# Independent implementations: pycose verifies CLI-signed credentials; zxing-cpp reads every QR drawn (PNG, SVG, card).
interop:
    tools/interop/run.sh

# Regenerate keys/ and fixtures/ (deterministic).
fixtures:
    cargo run -p healthseal-fixtures

# Conformance against ../shared/corpora (Wycheproof, COSE WG, EU DCC base45), with a summary.
conformance:
    cargo test -p healthseal-core --test conformance -- --nocapture

# QR reading measured on the ZXing photo corpus: rqrr, plain rxing and the shipped cascade, per folder.
qr-corpus:
    cargo run --release -p healthseal-verifier --example qr_corpus

# The measurement behind the default QR error-correction level (docs/qr-reading.md).
ecc:
    cargo run --release -p healthseal-issuer --example ecc_choice

# Build the checkpoint app (WebAssembly + static files) into target/checkpoint-app; then `healthseal web` writes a province's site from it.
web:
    crates/healthseal-web/build-app.sh

# The checkpoint app's end-to-end tests in Chromium (fake camera from Y4M clips).
web-test:
    crates/healthseal-web/e2e/run.sh

# The app's tests, then its benchmarks: WebAssembly beside native, beside zxing-wasm, camera-to-verdict time, transfer size.
web-bench:
    crates/healthseal-web/e2e/run.sh --bench

# Fuzz each target for SECONDS (default 60), one after another, after seeding the corpora from the fixtures (docs/fuzzing.md).
fuzz SECONDS="60":
    fuzz/seed.sh
    fuzz/run.sh {{SECONDS}}
