//! Opens a hostile, unsigned trust document and reports what happened, for measuring the memory
//! and time a refusal costs (docs/threat-model.md, "Hostile input"):
//!
//! ```text
//! cargo build --release -p healthseal-core --example hostile_trust_document
//! /usr/bin/time -v target/release/examples/hostile_trust_document [WHERE] [MIB] [HOW]
//! ```
//!
//! - `WHERE`: where the hostile CBOR sits: `unprotected` (default; the unprotected header holds an
//!   array of 12-deep one-element arrays), `payload` (the payload is an array of 15-deep
//!   one-element arrays) or `protected` (an extra protected header parameter holds 14-deep ones).
//! - `MIB`: the document's size in MiB (default 64, the largest trust document accepted).
//! - `HOW`: `show` (default: `TrustList::read_unverified`, as `healthseal trust show`) or `open`
//!   (`TrustList::open` against a root key, as a checkpoint loading its list).
//!
//! The document is built in memory, in deterministic CBOR throughout, in one buffer of its final
//! size; its signature is 64 zero bytes. The peak resident memory before and after opening it is
//! printed where the system reports it (`VmHWM`), beside what `/usr/bin/time -v` reports for the
//! whole process.

#[path = "../tests/hostile/mod.rs"]
mod hostile;

use std::time::Instant;

use healthseal_core::limits::MAX_TRUST_DOC_LEN;
use healthseal_core::{SigningKey, TrustList, TRUST_LIST_CONTENT_TYPE};
use hostile::Place;

/// Peak resident memory so far (`VmHWM`), in KiB, where the system reports it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let place: Place = args.first().map_or("unprotected", String::as_str).parse().expect("WHERE");
    let mib: usize = args.get(1).map_or(64, |s| s.parse().expect("MIB is a number"));
    let how = args.get(2).map_or("show", String::as_str);
    let root = SigningKey::from_seed([1; 32]);
    let kid = *root.public_key().kid().as_bytes();
    let len = (mib << 20).min(MAX_TRUST_DOC_LEN);
    let bytes = hostile::document(place, len, Some(TRUST_LIST_CONTENT_TYPE), kid, &[0xa0], None);
    println!("document: {} bytes, hostile CBOR in the {place:?} part", bytes.len());
    let before = peak_rss_kib();
    let start = Instant::now();
    let outcome = match how {
        "show" => TrustList::read_unverified(&bytes).map(|_| ()),
        "open" => TrustList::open(&bytes, root.public_key()).map(|_| ()),
        other => panic!("HOW: show or open, not {other}"),
    };
    let elapsed = start.elapsed();
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        println!("peak resident memory: {before} KiB before opening, {after} KiB after");
    }
    match outcome {
        Ok(()) => println!("{how}: opened (unexpected) in {elapsed:.2?}"),
        Err(e) => println!("{how}: refused in {elapsed:.2?}: {} ({e})", e.code()),
    }
}
