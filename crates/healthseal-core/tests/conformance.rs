//! Conformance against the external corpora in `../shared/corpora` (read in place, never copied).
//!
//! Wycheproof Ed25519: every vector goes through `PublicKey::from_bytes` + `PublicKey::verify`, the
//! signature check every credential and trust list uses. COSE working group: the EdDSA examples
//! and the Sign1 pass/fail tests go through this crate's COSE_Sign1 reader and Sig_structure, with
//! Ed25519 checked by the project's path and ES256 by the `p256` crate (dev-only: healthseal
//! itself never accepts ES256). Each case ends as pass, skip, known divergence (listed with a
//! reason in `fixtures/conformance/exceptions.txt`) or unexpected; the test fails on any
//! unexpected case and prints a summary. When the corpora are absent it says so and passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ciborium::Value;
use healthseal_core::cose::CoseSign1;
use healthseal_core::PublicKey;
use serde_json::Value as Json;

fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("HEALTHSEAL_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora"));
    dir.is_dir().then_some(dir)
}

fn exceptions() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/conformance/exceptions.txt");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, why) = l.split_once('|').expect("exception line: <case> | <reason>");
            (id.trim().to_owned(), why.trim().to_owned())
        })
        .collect()
}

/// Results of one corpus run.
#[derive(Default)]
struct Tally {
    pass: usize,
    skipped: Vec<(String, String)>,
    known: Vec<String>,
    unexpected: Vec<String>,
}

impl Tally {
    /// Records whether `case` behaved as its corpus expects.
    fn record(&mut self, case: &str, as_expected: bool, detail: &str, exceptions: &BTreeMap<String, String>) {
        match (as_expected, exceptions.contains_key(case)) {
            (true, false) => self.pass += 1,
            (false, true) => self.known.push(case.to_owned()),
            (false, false) => self.unexpected.push(format!("{case}: {detail}")),
            (true, true) => {
                self.unexpected.push(format!("{case}: listed as a divergence but now behaves as expected"))
            }
        }
    }

    fn finish(self, corpus: &str) {
        println!(
            "conformance {corpus}: {} pass, {} known divergence(s), {} skipped, {} unexpected",
            self.pass,
            self.known.len(),
            self.skipped.len(),
            self.unexpected.len()
        );
        for case in &self.known {
            println!("  known divergence: {case}");
        }
        // A few skips are listed by name; many are only counted, with their first reason.
        for (case, why) in self.skipped.iter().take(if self.skipped.len() > 10 { 1 } else { 10 }) {
            println!("  skipped: {case}: {why}");
        }
        assert!(self.unexpected.is_empty(), "unexpected results:\n{}", self.unexpected.join("\n"));
    }
}

#[test]
fn wycheproof_ed25519() {
    let Some(root) = corpora() else {
        println!("conformance wycheproof: skipped: ../shared/corpora not found (set HEALTHSEAL_CORPORA)");
        return;
    };
    let file = root.join("wycheproof/testvectors_v1/ed25519_test.json");
    let doc: Json = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let exceptions = exceptions();
    let mut tally = Tally::default();
    let mut total = 0;
    for group in doc["testGroups"].as_array().unwrap() {
        let pk = hex::decode(group["publicKey"]["pk"].as_str().unwrap()).unwrap();
        for test in group["tests"].as_array().unwrap() {
            total += 1;
            let id = format!("wycheproof/ed25519/tc{}", test["tcId"]);
            let msg = hex::decode(test["msg"].as_str().unwrap()).unwrap();
            let sig = hex::decode(test["sig"].as_str().unwrap()).unwrap();
            let accepted = PublicKey::from_bytes(&pk)
                .and_then(|k| k.verify(&msg, &sig).map_err(|_| healthseal_core::KeyError::InvalidPublicKey))
                .is_ok();
            let expected = match test["result"].as_str().unwrap() {
                "valid" => true,
                "invalid" => false,
                other => {
                    tally.skipped.push((id, format!("result {other:?} allows either outcome")));
                    continue;
                }
            };
            let detail = format!(
                "expected {}, got {} ({})",
                test["result"],
                if accepted { "accept" } else { "reject" },
                test["comment"]
            );
            tally.record(&id, accepted == expected, &detail, &exceptions);
        }
    }
    assert_eq!(total, 151, "the corpus README promises 151 Ed25519 vectors");
    tally.finish("wycheproof ed25519 (151 vectors)");
}

/// What the COSE examples' JSON says about one message.
struct Example {
    id: String,
    must_fail: bool,
    cbor: Vec<u8>,
    external_aad: Vec<u8>,
    to_be_signed: Option<Vec<u8>>,
}

fn example(root: &Path, rel: &str) -> (Example, Json) {
    let doc: Json =
        serde_json::from_str(&std::fs::read_to_string(root.join("cose-wg-examples").join(rel)).unwrap())
            .unwrap();
    let input = &doc["input"];
    let signer = if input["sign0"].is_object() { &input["sign0"] } else { &input["sign"]["signers"][0] };
    let example = Example {
        id: format!("cose-wg/{rel}"),
        must_fail: doc["fail"].as_bool().unwrap_or(false),
        cbor: hex::decode(doc["output"]["cbor"].as_str().unwrap()).unwrap(),
        external_aad: hex::decode(input["sign0"]["external"].as_str().unwrap_or("")).unwrap(),
        to_be_signed: doc["intermediates"]["ToBeSign_hex"].as_str().map(|h| hex::decode(h).unwrap()),
    };
    (example, signer["key"].clone())
}

fn b64url(s: &str) -> Vec<u8> {
    // Small RFC 4648 section 5 decoder for the JWK fields (no padding in the corpus).
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        bits = bits << 6 | alphabet.iter().position(|&a| a == c).unwrap() as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

/// Verifies one signature with the algorithm the headers name. `Err` says why it cannot.
fn verify_with(alg: &Value, key: &Json, tbs: &[u8], signature: &[u8]) -> Result<bool, String> {
    match (alg.as_integer().map(i128::from), key["crv"].as_str()) {
        (Some(-8), Some("Ed25519")) => {
            let pk = hex::decode(key["x_hex"].as_str().unwrap()).unwrap();
            Ok(PublicKey::from_bytes(&pk).map(|k| k.verify(tbs, signature).is_ok()).unwrap_or(false))
        }
        (Some(-7), Some("P-256")) => {
            use p256::ecdsa::signature::Verifier;
            let mut sec1 = vec![0x04];
            sec1.extend(b64url(key["x"].as_str().unwrap()));
            sec1.extend(b64url(key["y"].as_str().unwrap()));
            let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).unwrap();
            Ok(p256::ecdsa::Signature::from_slice(signature)
                .map(|s| vk.verify(tbs, &s).is_ok())
                .unwrap_or(false))
        }
        (_, Some("Ed448")) => Err("Ed448 is not supported".into()),
        _ => Ok(false), // an unknown or altered algorithm can never verify
    }
}

fn alg_of(protected: &[(Value, Value)], unprotected: &[(Value, Value)]) -> Value {
    protected
        .iter()
        .chain(unprotected)
        .find(|(k, _)| k.as_integer().map(i128::from) == Some(1))
        .map(|(_, v)| v.clone())
        .unwrap_or(Value::Null)
}

/// Runs one COSE_Sign1 example through the project's reader; returns (verified, detail).
fn run_sign1(ex: &Example, key: &Json) -> (bool, String) {
    let value = match ciborium::de::from_reader::<Value, _>(ex.cbor.as_slice()) {
        Ok(v) => v,
        Err(e) => return (false, format!("not CBOR: {e}")),
    };
    let msg = match CoseSign1::from_value(value) {
        Ok(m) => m,
        Err(e) => return (false, format!("refused by the COSE_Sign1 reader: {e}")),
    };
    let protected = match msg.protected_entries(16) {
        Ok(p) => p,
        Err(e) => return (false, e.to_string()),
    };
    let tbs = msg.to_be_signed(&ex.external_aad);
    if !ex.must_fail {
        if let Some(expected) = &ex.to_be_signed {
            if *expected != tbs {
                return (false, "Sig_structure differs from the file's ToBeSign_hex".into());
            }
        }
    }
    match verify_with(&alg_of(&protected, &msg.unprotected), key, &tbs, &msg.signature) {
        Ok(true) => (true, "signature verifies".into()),
        Ok(false) => (false, "signature does not verify".into()),
        Err(e) => (false, e),
    }
}

/// COSE_Sign (tag 98) with one signer, for the two EdDSA multi-signer examples: the test builds
/// the "Signature" Sig_structure itself and checks the signature with the project's Ed25519 path.
fn run_sign(ex: &Example, key: &Json) -> (bool, String) {
    let Ok(Value::Tag(98, inner)) = ciborium::de::from_reader::<Value, _>(ex.cbor.as_slice()) else {
        return (false, "not a tagged COSE_Sign".into());
    };
    let Value::Array(parts) = *inner else { return (false, "not an array".into()) };
    let (Some(Value::Bytes(body_protected)), Some(Value::Bytes(payload)), Some(Value::Array(signers))) =
        (parts.first(), parts.get(2), parts.get(3))
    else {
        return (false, "malformed COSE_Sign".into());
    };
    let Some(Value::Array(signer)) = signers.first() else { return (false, "no signer".into()) };
    let (Some(Value::Bytes(sign_protected)), Some(Value::Map(unprotected)), Some(Value::Bytes(signature))) =
        (signer.first(), signer.get(1), signer.get(2))
    else {
        return (false, "malformed signer".into());
    };
    let mut tbs = Vec::new();
    ciborium::into_writer(
        &Value::Array(vec![
            Value::Text("Signature".into()),
            Value::Bytes(body_protected.clone()),
            Value::Bytes(sign_protected.clone()),
            Value::Bytes(ex.external_aad.clone()),
            Value::Bytes(payload.clone()),
        ]),
        &mut tbs,
    )
    .unwrap();
    if ex.to_be_signed.as_ref().is_some_and(|t| *t != tbs) {
        return (false, "Sig_structure differs from the file's ToBeSign_hex".into());
    }
    let protected: Value = ciborium::de::from_reader(sign_protected.as_slice()).unwrap();
    let Value::Map(protected) = protected else { return (false, "signer header not a map".into()) };
    match verify_with(&alg_of(&protected, unprotected), key, &tbs, signature) {
        Ok(ok) => (ok, if ok { "signature verifies".into() } else { "signature does not verify".into() }),
        Err(e) => (false, e),
    }
}

#[test]
fn cose_working_group_examples() {
    let Some(root) = corpora() else {
        println!("conformance cose-wg: skipped: ../shared/corpora not found (set HEALTHSEAL_CORPORA)");
        return;
    };
    let exceptions = exceptions();
    let mut tally = Tally::default();
    let mut cases = Vec::new();
    for dir in ["eddsa-examples", "sign1-tests"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join("cose-wg-examples").join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        cases.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    assert_eq!(cases.len(), 13, "4 EdDSA examples and 9 Sign1 tests");
    for rel in cases {
        let (ex, key) = example(&root, &rel);
        let (verified, detail) =
            if ex.cbor.first() == Some(&0xd8) { run_sign(&ex, &key) } else { run_sign1(&ex, &key) };
        let expected = !ex.must_fail;
        let detail = format!("expected {}, {detail}", if expected { "verify" } else { "reject" });
        tally.record(&ex.id, verified == expected, &detail, &exceptions);

        // None of these is a healthseal credential: the strict profile must refuse every one.
        assert!(
            healthseal_core::Sealed::from_cose_bytes(&ex.cbor).is_err(),
            "{} passed the credential profile",
            ex.id
        );
    }
    tally.finish("cose-wg (EdDSA examples, Sign1 tests)");
}

#[test]
fn dcc_base45_strings() {
    // The EU DCC test files give base45 text and the bytes it must decode to; they exercise the
    // hand-written RFC 9285 decoder on 500+ real-world strings, including one that must fail.
    let Some(root) = corpora() else {
        println!("conformance dcc base45: skipped: ../shared/corpora not found (set HEALTHSEAL_CORPORA)");
        return;
    };
    let exceptions = exceptions();
    let mut tally = Tally::default();
    let mut stack = vec![root.join("dgc-testdata")];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    for path in files {
        let Ok(doc) = serde_json::from_str::<Json>(&std::fs::read_to_string(&path).unwrap()) else {
            continue;
        };
        let Some(expected) = doc["EXPECTEDRESULTS"]["EXPECTEDB45DECODE"].as_bool() else { continue };
        let id = format!("dcc/{}", path.strip_prefix(root.join("dgc-testdata")).unwrap().display());
        let (Some(text), Some(compressed)) = (doc["BASE45"].as_str(), doc["COMPRESSED"].as_str()) else {
            tally.skipped.push((id, "no BASE45 or COMPRESSED field to compare".into()));
            continue;
        };
        if text.is_empty() || compressed.is_empty() {
            tally.skipped.push((id, "empty BASE45 or COMPRESSED field".into()));
            continue;
        }
        let decoded = healthseal_core::base45::decode(text);
        let ok = decoded.as_ref().is_ok_and(|b| hex::encode(b).eq_ignore_ascii_case(compressed));
        tally.record(
            &id,
            ok == expected,
            &format!("expected {expected}, decoder said {decoded:?}"),
            &exceptions,
        );
    }
    tally.finish("dcc base45");
}
