#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the committed fixtures. Idempotent: files are named after
# their source, so running it again overwrites rather than duplicates; whatever the fuzzer has
# added to a corpus stays. The corpus folder is gitignored. External corpora (../shared/corpora)
# are never copied here.
set -eu
cd "$(dirname "$0")"
fx=../fixtures
c=corpus
mkdir -p "$c/credential_text" "$c/cose" "$c/trust_documents" "$c/decision" "$c/decision_mutated" \
    "$c/image" "$c/qr_frame"

# Credential text: the valid credentials, and the last line (the text) of every vector.
for f in "$fx"/credentials/*.txt; do
    name=$(basename "$f" .txt)
    for t in credential_text decision; do
        cp "$f" "$c/$t/credential-$name"
    done
done
for f in "$fx"/vectors/*.txt; do
    name=$(basename "$f" .txt)
    for t in credential_text decision; do
        tail -n 1 "$f" | tr -d '\n' > "$c/$t/vector-$name"
    done
done

# Trust documents: every signed list and statement, and key files (key-file parser).
for f in "$fx"/trust/*.trust-list-* "$fx"/trust/*.statement-*; do
    cp "$f" "$c/trust_documents/$(basename "$f")"
done
for f in ../keys/CN-*/*.key ../keys/CN-*/*.key.pub "$fx"/keys/*.key; do
    region=$(basename "$(dirname "$f")")
    cp "$f" "$c/trust_documents/key-$region-$(basename "$f")"
done

# Mutations of typical_green: no change, then one flipped byte, in each mode.
printf '\000' > "$c/decision_mutated/identity-bytes"
printf '\001' > "$c/decision_mutated/identity-resigned"
printf '\000\020\000\001' > "$c/decision_mutated/flip-16"
printf '\001\010\000\001' > "$c/decision_mutated/payload-flip-8"
printf '\007' > "$c/decision_mutated/payload-cut-1"

# Camera photos (90 to 180 KB, under the image target's 256 KiB -max_len).
for f in "$fx"/camera/*.jpg; do
    cp "$f" "$c/image/$(basename "$f")"
done

# Generated: COSE bytes of the credentials and vectors, QR PNGs and raw QR frames.
cargo run --quiet --example seeds -- "$c"
