//! The memory a hostile trust document costs before it is refused, measured: the peak resident
//! memory (`VmHWM`, Linux) of a fresh process that opens one document, beyond what it held before
//! (so that no memory kept by the allocator from an earlier case hides a cost). Before the
//! pre-scan, each of these cost about 140 times the document's size.

#![cfg(target_os = "linux")]

mod hostile;

use healthseal_core::limits::{MAX_TREE_BYTES_BASE, MAX_TREE_BYTES_PER_INPUT_BYTE};
use healthseal_core::{cose, SigningKey, TrustDocError, TrustList, TRUST_LIST_CONTENT_TYPE};
use hostile::Place;

const MIB: usize = 1 << 20;

/// A field of `/proc/self/status`, in bytes.
fn status(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with(field)).expect("the field");
    let kib: usize = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number");
    kib * 1024
}

/// Peak resident memory taken by `f` beyond what was resident before it, in bytes.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    // "5" resets the peak to the current resident size (proc(5), /proc/pid/clear_refs).
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak");
    let before = status("VmRSS:");
    let result = f();
    (result, status("VmHWM:").saturating_sub(before))
}

const TEST: &str = "refusing_a_hostile_trust_document_costs_a_small_multiple_of_its_size";
/// Set in the child process: the one case it runs.
const CASE: &str = "HEALTHSEAL_HOSTILE_MEMORY_CASE";

const CASES: [(Place, bool, &str); 10] = [
    (Place::Unprotected, false, "show"),
    (Place::Unprotected, false, "open"),
    (Place::Protected, false, "show"),
    (Place::Protected, false, "open"),
    (Place::Payload, false, "show"),
    (Place::Payload, false, "open"),
    (Place::Payload, true, "show"),
    (Place::Payload, true, "open"),
    (Place::PayloadAtLimit, false, "show"),
    (Place::PayloadAtLimit, true, "open"),
];

/// In the child: opens one document and prints `peak <bytes> <len> <code>`.
fn run_case(index: usize) {
    let (place, signed, how) = CASES[index];
    let root = SigningKey::from_seed([0x77; 32]);
    let kid = *root.public_key().kid().as_bytes();
    let sign = |protected: &[u8], payload: &[u8]| root.sign(&cose::to_be_signed(protected, &[], payload));
    let signer: Option<hostile::Signer<'_>> = if signed { Some(&sign) } else { None };
    let bytes = hostile::document(place, 8 * MIB, Some(TRUST_LIST_CONTENT_TYPE), kid, &[0xa0], signer);
    let (result, peak) = peak_of(|| match how {
        "show" => TrustList::read_unverified(&bytes).map(|_| ()),
        _ => TrustList::open(&bytes, root.public_key()).map(|_| ()),
    });
    let code = result.err().map_or("opened", |e: TrustDocError| e.code());
    println!("peak {peak} {} {code}", bytes.len());
}

#[test]
fn refusing_a_hostile_trust_document_costs_a_small_multiple_of_its_size() {
    if let Ok(case) = std::env::var(CASE) {
        return run_case(case.parse().expect("a case number"));
    }
    let exe = std::env::current_exe().expect("this test's executable");
    for (index, (place, signed, how)) in CASES.into_iter().enumerate() {
        let out = std::process::Command::new(&exe)
            .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
            .env(CASE, index.to_string())
            .output()
            .expect("run the case");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .lines()
            .find_map(|l| l.split_once("peak ").map(|(_, rest)| rest))
            .unwrap_or_else(|| panic!("{stdout}"));
        let fields: Vec<&str> = line.split(' ').collect();
        let (peak, len, code): (usize, usize, &str) =
            (fields[0].parse().unwrap(), fields[1].parse().unwrap(), fields[2]);
        let signed_by = if signed { ", signed by the root" } else { "" };
        println!(
            "{how} {place:?}{signed_by}: {len} bytes, {code}, peak +{} KiB ({:.2}x)",
            peak / 1024,
            peak as f64 / len as f64
        );
        // What the envelope costs at most: the payload's copy (gathered by doubling: up to twice
        // its size) and, for `open`, the Sig_structure: 3 times. The payload's tree comes on top
        // only when it is decoded, within its limit.
        let decoded = place == Place::PayloadAtLimit && (how == "show" || signed);
        let tree_limit = MAX_TREE_BYTES_BASE + MAX_TREE_BYTES_PER_INPUT_BYTE * len;
        let bound = 3 * len + if decoded { tree_limit } else { 0 };
        assert!(peak <= bound, "{how} {place:?}: {peak} bytes, more than {bound}");
        let expected = match (place, signed, how) {
            (Place::Unprotected, ..) => "cbor_too_many_items",
            (Place::Protected, ..) => "header_not_deterministic_cbor",
            (_, false, "open") => "trust_bad_signature",
            (Place::PayloadAtLimit, ..) => "trust_invalid",
            _ => "trust_payload_not_deterministic_cbor",
        };
        assert_eq!(code, expected, "{how} {place:?}");
        if place == Place::Unprotected {
            // Refused after 64 items: nothing in proportion to the document.
            assert!(peak < MIB, "{peak}");
        }
    }
}
