#!/bin/sh
# Runs fuzz targets one after another for SECONDS each (default 60), all of them unless some are
# named: fuzz/run.sh 600 image qr_frame. Seed first (fuzz/seed.sh; `just fuzz` does both).
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets the
# stable toolchain accept them. A crash stops that target, not the run: the input is saved under
# fuzz/artifacts/<target>/ and the script exits non-zero at the end, naming the targets that failed.
set -u
cd "$(dirname "$0")"
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-credential_text cose trust_documents decision decision_mutated image qr_frame}
failed=""
for t in $targets; do
    case $t in
        image) len=262144 ;;   # 256 KiB: the camera fixtures are 90 to 180 KB
        qr_frame) len=65538 ;; # 2 bytes of width + 256x256 pixels
        *) len=8192 ;;         # past the 4096-byte credential text limit
    esac
    echo "== fuzz $t for ${seconds}s"
    if ! RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" -- -max_total_time="$seconds" -max_len="$len" \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1; then
        failed="$failed $t"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: crashes or errors in:$failed (inputs under fuzz/artifacts/)" >&2
    exit 1
fi
