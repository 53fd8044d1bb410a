//! The shipped QR reading pipeline (image bytes -> `decode_frame` -> `read_qr_codes`) on the
//! ZXing photo corpus in `../shared/corpora/zxing-qrcode`, one trial per folder. Each prints its
//! counts, must read at least the pinned number of images, and must never return a payload that
//! is neither the expected text nor a second code listed in `zxing_corpus_exceptions.txt`.
//!
//! The pins are the measured figures (docs/qr-reading.md); raise them when the reader improves.
//! Compare readers with `cargo run --release -p healthseal-verifier --example qr_corpus`.

use std::sync::{Arc, Mutex};

use healthseal_verifier::read_qr_codes;
use libtest_mimic::{Arguments, Failed, Trial};

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{Exceptions, Outcome};

/// Images each folder must read, as measured for the shipped cascade.
const PINNED: [(&str, usize); 6] = [
    ("qrcode-1", 20),
    ("qrcode-2", 34),
    ("qrcode-3", 42),
    ("qrcode-4", 40),
    ("qrcode-5", 19),
    ("qrcode-6", 15),
];

/// The sum of the pins: 170 of 179 (zxing-cpp reads 166, rxing as usually called 165).
const PINNED_TOTAL: usize = 170;

fn main() {
    let args = Arguments::from_args();
    if !corpus::root().is_dir() {
        let skipped = Trial::test("zxing_corpus", || {
            println!("skipped: ../shared/corpora/zxing-qrcode not found");
            Ok(())
        });
        libtest_mimic::run(&args, vec![skipped]).exit();
    }
    let totals = Arc::new(Mutex::new((0usize, 0usize)));
    let trials = PINNED
        .iter()
        .map(|&(folder, pinned)| {
            let totals = Arc::clone(&totals);
            Trial::test(folder, move || {
                let (read, images) = check_folder(folder, pinned)?;
                let mut totals = totals.lock().map_err(|_| "poisoned")?;
                totals.0 += read;
                totals.1 += images;
                Ok(())
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    let (read, images) = *totals.lock().unwrap();
    if conclusion.num_failed == 0 && conclusion.num_filtered_out == 0 && images > 0 {
        println!("zxing corpus: {read} of {images} read, no wrong payload (pinned: {PINNED_TOTAL})");
        assert!(read >= PINNED_TOTAL, "read {read}, pinned {PINNED_TOTAL}");
    }
    conclusion.exit();
}

fn check_folder(folder: &'static str, pinned: usize) -> Result<(usize, usize), Failed> {
    let exceptions = Exceptions::load();
    let cases = corpus::load(folder);
    let (mut read, mut missed, mut wrong) = (0, Vec::new(), Vec::new());
    for case in &cases {
        match corpus::judge(case, &read_qr_codes(&case.frame), &exceptions) {
            Outcome::Read => read += 1,
            Outcome::Missed => missed.push(case.name.clone()),
            Outcome::Wrong(payloads) => wrong.push(format!("{}: {payloads:?}", case.name)),
        }
    }
    println!(
        "{folder}: {read} read, {} wrong, {} missed of {} (pinned {pinned})",
        wrong.len(),
        missed.len(),
        cases.len()
    );
    if !wrong.is_empty() {
        return Err(format!("wrong payloads: {wrong:#?}").into());
    }
    if read < pinned {
        return Err(format!("{folder}: read {read}, pinned {pinned}; missed {missed:?}").into());
    }
    Ok((read, cases.len()))
}
