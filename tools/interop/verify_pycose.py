#!/usr/bin/env python3
"""Verify a healthseal credential with pycose, given only the issuer's public key file.

usage: verify_pycose.py PUBLIC_KEY_FILE CREDENTIAL_TEXT_FILE [EXPECTED_NAME]

Independent of the Rust code: base45 from the `base45` package, COSE_Sign1 and EdDSA from
`pycose`, CBOR from `cbor2`. Also checks that a one-bit change is refused, so a pass is not
vacuous. Prints the claims as JSON; exits 0 when everything holds, 1 otherwise.
"""
import hashlib
import json
import sys

import base45
import cbor2
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key
from pycose.headers import KID, Algorithm
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import Sign1Message
from pycose.algorithms import EdDSA


def fail(why):
    print(f"interop: FAIL: {why}", file=sys.stderr)
    sys.exit(1)


def main():
    key_path, text_path = sys.argv[1], sys.argv[2]
    expected_name = sys.argv[3] if len(sys.argv) > 3 else None
    pem = open(key_path, encoding="utf-8").read()
    # healthseal key files put `Name: value` lines before the PEM block (RFC 7468 allows it).
    pem = pem[pem.index("-----BEGIN PUBLIC KEY-----"):]
    raw = load_pem_public_key(pem.encode()).public_bytes(Encoding.Raw, PublicFormat.Raw)

    text = open(text_path, encoding="utf-8").read().strip()
    if not text.startswith("HS1:"):
        fail("no HS1: prefix")
    cose = base45.b45decode(text[4:])

    msg = Sign1Message.decode(cose)  # requires CBOR tag 18
    if msg.phdr.get(Algorithm) is not EdDSA and msg.phdr.get(Algorithm) != EdDSA:
        fail(f"alg is {msg.phdr.get(Algorithm)}, not EdDSA")
    if msg.phdr.get(KID) != hashlib.sha256(raw).digest()[:8]:
        fail("kid is not SHA-256(public key)[0..8]")
    if msg.uhdr:
        fail(f"unprotected header not empty: {msg.uhdr}")
    msg.key = OKPKey(crv=Ed25519, x=raw)
    if not msg.verify_signature():
        fail("signature does not verify")

    # A one-bit change anywhere in the payload must make pycose refuse it too.
    damaged = Sign1Message.decode(cose)
    damaged.payload = bytes([damaged.payload[0] ^ 1]) + damaged.payload[1:]
    damaged.key = msg.key
    try:
        if damaged.verify_signature():
            fail("a damaged payload verified")
    except Exception:  # noqa: BLE001 - any refusal is a refusal
        pass

    claims = cbor2.loads(msg.payload)
    att = claims[-70001]
    shown = {
        "iss": claims[1], "iat": claims[6], "exp": claims[4], "nbf": claims.get(5),
        "cti": claims[7].hex(), "status": att[1], "name": att[2], "birth_date": att[3], "basis": att.get(4),
    }
    if expected_name is not None and att[2] != expected_name:
        fail(f"name {att[2]!r} != {expected_name!r}")
    print(json.dumps(shown, ensure_ascii=False))


if __name__ == "__main__":
    main()
