//! Compares QR readers on the ZXing photo corpus (`../shared/corpora/zxing-qrcode`), image by
//! image: plain rqrr, plain rxing (one pass, as its helpers are usually called), rxing trying
//! harder and inverted (the configuration behind the published 165 of 179), and the cascade this
//! crate ships. Prints, per folder: codes read, wrong payloads, and the median time per image
//! (decoding the file is not timed; each image is read 3 times and the median kept).
//!
//! Run: `cargo run --release -p healthseal-verifier --example qr_corpus`
//! (one thread; add `-- --misses` to list what the shipped cascade does not read, or
//! `-- --frames` for the shipped cascade on synthetic camera frames instead).

use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use healthseal_verifier::{trace_qr_codes, GrayImage, QrPass};
use rxing::common::HybridBinarizer;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source, MultiFormatReader, Reader};

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/mod.rs"]
mod support;

use corpus::{Case, Exceptions, Outcome};

type ReaderFn = fn(&GrayImage) -> Vec<String>;

fn rqrr_plain(frame: &GrayImage) -> Vec<String> {
    // rqrr panics on some frames (qrcode-6/7.png): guarded like every decoder call here.
    catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare(frame.clone());
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
            .collect()
    }))
    .unwrap_or_default()
}

fn rxing_single(frame: &GrayImage, try_harder: bool) -> Vec<String> {
    catch_unwind(AssertUnwindSafe(|| {
        let hints = DecodeHints {
            PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
            TryHarder: Some(try_harder),
            AlsoInverted: Some(try_harder),
            ..DecodeHints::default()
        };
        let Ok(source) = Luma8Source::new_with_slice(frame.as_raw(), frame.width(), frame.height()) else {
            return Vec::new();
        };
        let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
        MultiFormatReader::default()
            .decode_with_hints(&mut bitmap, &hints)
            .map(|r| vec![r.getText().to_owned()])
            .unwrap_or_default()
    }))
    .unwrap_or_default()
}

fn rxing_plain(frame: &GrayImage) -> Vec<String> {
    rxing_single(frame, false)
}

fn rxing_harder(frame: &GrayImage) -> Vec<String> {
    rxing_single(frame, true)
}

fn shipped(frame: &GrayImage) -> Vec<String> {
    healthseal_verifier::read_qr_codes(frame)
}

#[derive(Default, Clone)]
struct Tally {
    read: usize,
    wrong: usize,
    missed: usize,
    millis: Vec<f64>,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        0.0
    } else {
        values[values.len() / 2]
    }
}

/// Synthetic camera frames (tests/support): which pass reads the credential, and the time.
fn frames() {
    use support::{Code, Scene};
    let (_, text) = support::province();
    let at = (380, 160);
    let mut scenes: Vec<(String, Scene)> = vec![
        ("720p, 5 px/module".into(), Scene::new(1280, 720, 7).with(Code::new(&text, at, 5))),
        ("1080p, 5 px/module".into(), Scene::new(1920, 1080, 9).with(Code::new(&text, (700, 300), 5))),
        (
            "720p, inverted".into(),
            Scene::new(1280, 720, 7).with(Code { inverted: true, ..Code::new(&text, at, 5) }),
        ),
        ("720p, 12 px/module".into(), Scene::new(1280, 720, 3).with(Code::new(&text, (300, 10), 12))),
        (
            "720p, two codes".into(),
            Scene::new(1280, 720, 5).with(Code::new(&text, (40, 100), 4)).with(Code::new(
                "https://example.org/healthseal",
                (800, 200),
                6,
            )),
        ),
    ];
    for px in [2, 3, 4] {
        scenes
            .push((format!("720p, {px} px/module"), Scene::new(1280, 720, 7).with(Code::new(&text, at, px))));
    }
    for contrast in [30, 40, 50, 60, 80] {
        scenes.push((
            format!("720p, contrast {contrast}"),
            Scene::new(1280, 720, 7).contrast(contrast).with(Code::new(&text, at, 5)),
        ));
        scenes.push((
            format!("720p, contrast {contrast}, inverted"),
            Scene::new(1280, 720, 7)
                .contrast(contrast)
                .with(Code { inverted: true, ..Code::new(&text, at, 5) }),
        ));
    }
    for seed in 0..4 {
        scenes.push((format!("720p, no code #{seed}"), Scene::new(1280, 720, 100 + seed)));
    }
    scenes.push(("1080p, no code".into(), Scene::new(1920, 1080, 200)));
    println!("| frame | read | passes run (new payloads) | median ms |");
    println!("|---|---|---|---:|");
    for (name, scene) in scenes {
        let frame = scene.render();
        if let Ok(dir) = std::env::var("HS_SAVE") {
            frame.save(format!("{dir}/{}.png", name.replace([' ', ',', '/', '#'], "_"))).ok();
        }
        let mut times = Vec::new();
        let mut trace = trace_qr_codes(&frame);
        for _ in 0..9 {
            let start = Instant::now();
            trace = trace_qr_codes(&frame);
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        let read = trace.payloads.iter().filter(|p| scene.codes.iter().any(|c| &c.text == *p)).count();
        let wrong = trace.payloads.len() - read;
        let passes: Vec<String> = trace.passes.iter().map(|(p, n)| format!("{p:?} ({n})")).collect();
        let wrong = if wrong > 0 { format!(", {wrong} WRONG") } else { String::new() };
        println!(
            "| {name} | {read} of {}{wrong} | {} | {:.2} |",
            scene.codes.len(),
            passes.join(", "),
            median(&mut times)
        );
    }
}

fn main() {
    // Decoder panics are caught; their messages would only clutter the table.
    std::panic::set_hook(Box::new(|_| {}));
    if std::env::args().any(|a| a == "--frames") {
        frames();
        return;
    }
    let show_misses = std::env::args().any(|a| a == "--misses");
    if !corpus::root().is_dir() {
        println!("skipped: ../shared/corpora/zxing-qrcode not found");
        return;
    }
    let exceptions = Exceptions::load();
    let readers: [(&str, ReaderFn); 4] = [
        ("rqrr", rqrr_plain),
        ("rxing plain", rxing_plain),
        ("rxing harder+inv", rxing_harder),
        ("shipped cascade", shipped),
    ];
    let mut tallies: BTreeMap<(&str, usize), Tally> = BTreeMap::new();
    let mut first_pass: BTreeMap<String, usize> = BTreeMap::new();
    let mut fallbacks_ran = 0;
    let mut wrong_list = Vec::new();
    let mut misses = Vec::new();
    for folder in corpus::FOLDERS {
        let cases: Vec<Case> = corpus::load(folder);
        for case in &cases {
            for (r, (name, reader)) in readers.iter().enumerate() {
                let mut times = Vec::new();
                let mut payloads = Vec::new();
                for _ in 0..3 {
                    let start = Instant::now();
                    payloads = reader(&case.frame);
                    times.push(start.elapsed().as_secs_f64() * 1e3);
                }
                let tally = tallies.entry((folder, r)).or_default();
                tally.millis.push(median(&mut times));
                match corpus::judge(case, &payloads, &exceptions) {
                    Outcome::Read => tally.read += 1,
                    Outcome::Missed => {
                        tally.missed += 1;
                        if r == readers.len() - 1 {
                            misses.push(case.name.clone());
                        }
                    }
                    Outcome::Wrong(w) => {
                        tally.wrong += 1;
                        wrong_list.push(format!("{name}: {} -> {:?}", case.name, w));
                    }
                }
            }
            let trace = trace_qr_codes(&case.frame);
            let key = trace.first_read_by().map_or_else(|| "(none)".to_owned(), |p| format!("{p:?}"));
            *first_pass.entry(key).or_default() += 1;
            if trace.passes.iter().any(|(p, _)| {
                !matches!(p, QrPass::Full | QrPass::Inverted | QrPass::SmallModules | QrPass::LowContrast)
            }) {
                fallbacks_ran += 1;
            }
        }
    }

    print!("| folder   | images |");
    for (name, _) in &readers {
        print!(" {name}: read / wrong / ms |");
    }
    println!();
    print!("|---|---:|");
    for _ in &readers {
        print!("---:|");
    }
    println!();
    let mut totals = vec![Tally::default(); readers.len()];
    for folder in corpus::FOLDERS {
        let images = tallies.get(&(folder, 0)).map_or(0, |t| t.read + t.wrong + t.missed);
        print!("| {folder} | {images} |");
        for (r, total) in totals.iter_mut().enumerate() {
            let mut t = tallies.get(&(folder, r)).cloned().unwrap_or_default();
            print!(" {} / {} / {:.2} |", t.read, t.wrong, median(&mut t.millis));
            total.read += t.read;
            total.wrong += t.wrong;
            total.missed += t.missed;
            total.millis.extend(t.millis);
        }
        println!();
    }
    let images = totals[0].read + totals[0].wrong + totals[0].missed;
    print!("| **all** | {images} |");
    for t in &mut totals {
        print!(" **{}** / {} / {:.2} |", t.read, t.wrong, median(&mut t.millis));
    }
    println!();
    println!();
    println!("shipped cascade, pass that read each image: {first_pass:?}");
    println!("shipped cascade, images where the evidence-gated passes ran: {fallbacks_ran}");
    for w in &wrong_list {
        println!("wrong: {w}");
    }
    if show_misses {
        println!("missed by the shipped cascade: {misses:?}");
    }
}
