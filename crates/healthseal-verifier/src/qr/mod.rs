//! Grey frame to QR payloads: a cascade of reading passes, cheapest first, chosen and ordered by
//! measurement (docs/qr-reading.md).
//!
//! 1. `Full`: ZXing's local-threshold (hybrid) binarisation of the whole frame, then rxing's port
//!    of the zxing-cpp detector and decoder. Reads 165 of the 179 ZXing corpus photos by itself,
//!    and a credential in a 1280x720 frame in under 2 ms.
//! 2. `Inverted`: the light-on-dark matrix from the same block statistics: light codes on dark
//!    screens. Costs a thresholding and a finder scan, not a new binarisation.
//! 3. `SmallModules`: every third row of pass 1's matrix (whose row stride, fitted to large
//!    codes, can step over a small code's finder patterns), then every third row of a matrix
//!    thresholded at the middle of each block's range (zxing-cpp's current rule), which keeps the
//!    blurred light modules of small codes that pass 1's block means close: codes at 2.5 to 4
//!    pixels a module, at any rotation. Reads 2 more corpus photos, and small codes in camera
//!    frames that zxing-cpp reads and the passes around it do not (docs/qr-reading.md).
//! 4. `LowContrast`: a local contrast gain (x3) at half resolution (full resolution for small
//!    frames), both polarities: codes whose light and dark modules differ by less than the
//!    binariser's minimum local range of 24 (a dim screen, a faded print), and very small codes
//!    (the gain sharpens them). Reads 1 more corpus photo.
//!
//! The passes above run on every frame. The ones below run only when passes 1 and 2 saw finder
//! patterns they could not place in a decoded code (evidence of a code), so a frame with no code
//! costs passes 1 to 4 and nothing more (about 6 ms at 1280x720):
//!
//! 5. `GlobalThreshold`: one threshold for the whole frame, both polarities: halftoned codes
//!    and codes on cloth. Reads 1 more corpus photo.
//! 6. `Classic`: the original ZXing detector on the matrices of passes 1 and 2, which accepts
//!    finder patterns the cpp detector rejects. Reads 1 more corpus photo.
//!
//! The cascade stops after any pass once a healthseal credential (`HS1:`) has been read.
//!
//! Work is bounded whatever the frame. The passes are fixed: at most nine matrices, each made in
//! time linear in the frame. The finder-pattern search, the only work that grows with what a
//! frame shows, is bounded inside the search for both detectors (`finders`, `classic`): a matrix
//! keeps at most 128 finder patterns (the classic detector 128 possible centres), and every
//! candidate and every two-dimensional check is taken from one budget per frame (`budget`; 16 384
//! checks at 1280x720, more for frames over a megapixel, about 3.5 times the most any real frame
//! was seen to need). A search that stops early still has its patterns sampled, and the cascade
//! ends after that pass ([`QrTrace::cut_short`]). Downstream, each matrix gives at most 96
//! patterns to the triple generation and samples at most 24 triples. A page tiled with finder
//! patterns, which took 0.14 s at 1280x720 and 9 s at 4000x3000 with rxing's own search, now
//! costs less than a frame with no code; the frame that spends the whole budget costs a few times
//! that (docs/qr-reading.md).

mod binarize;
mod budget;
mod classic;
mod filters;
mod finders;
mod symbol;
mod symbols;

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use healthseal_core::PREFIX;
use image::GrayImage;
use rxing::common::{BitMatrix, GlobalHistogramBinarizer, HybridBinarizer};
use rxing::{Binarizer, Luma8Source};

use binarize::{Blocks, Flat, Polarity, Rule, MIDRANGE_MIN_RANGE, ZXING};
use budget::Budget;
use symbol::Symbol;

/// Finder patterns that the first passes saw and could not place in a decoded code before the
/// costlier passes run. A code shows three; two is the least a partly hidden or damaged code
/// leaves, and a frame of ordinary clutter shows none or one.
const MIN_LOOSE_FINDERS: usize = 2;

/// The inverted pass's rule: a light code on a dark screen sits in a flat dark area, whose black
/// point must stay near its level (ZXing's half-the-minimum would make the light modules fall
/// below the threshold next to it).
const DARK_BACKGROUND: Rule = Rule { min_range: 24, flat: Flat::Below(24) };

/// Frames whose shorter side is at least this many pixels are read at half resolution by the
/// low-contrast pass; smaller ones at full resolution (a code in a 240 px frame has few pixels to
/// spare).
const HALVE_FROM_SIDE: u32 = 480;

/// Radius of the low-contrast pass's local mean, in pixels of the image it filters: wider than a
/// finder pattern at typical module sizes, narrow enough to follow uneven lighting.
const GAIN_RADIUS: usize = 12;

/// Factor applied to the difference from the local mean in the low-contrast pass.
const GAIN: i32 = 3;

/// One reading pass of the cascade, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QrPass {
    /// Local threshold over the whole frame, zxing-cpp detector.
    Full,
    /// Local threshold for a light code on a dark background.
    Inverted,
    /// Every third row of the first pass's matrix, then of thresholds at the middle of each
    /// block's range: small codes.
    SmallModules,
    /// Local contrast gain at half resolution, both polarities.
    LowContrast,
    /// One global threshold, both polarities.
    GlobalThreshold,
    /// The original ZXing detector on the matrices of the first two passes.
    Classic,
}

/// What reading a frame did: the payloads, and which passes ran and what each added. Counts
/// only, so a device may keep them as statistics without keeping anyone's data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QrTrace {
    /// Every payload read, as [`read_qr_codes`] returns them.
    pub payloads: Vec<String>,
    /// Each pass that ran, in order, with the number of new payloads it read.
    pub passes: Vec<(QrPass, usize)>,
    /// Finder-pattern candidates examined (scanned rows crossing a 1:1:3:1:1 profile), over all
    /// passes. Counted against the frame's work budget.
    pub finder_candidates: usize,
    /// Candidates checked in two dimensions, the costly step of a finder-pattern search, over
    /// all passes. Counted against the frame's work budget.
    pub finder_checks: usize,
    /// Finder patterns found, summed over the matrices searched; at most 128 per matrix.
    pub finder_patterns: usize,
    /// Finder-pattern triples sampled and decoded, over all passes.
    pub sampled_sets: usize,
    /// A finder-pattern search stopped before the end of its matrix: the frame's work budget ran
    /// out, or one matrix showed more finder patterns than it may keep (a page of finder-like
    /// squares). No pass ran after that one.
    pub cut_short: bool,
}

impl QrTrace {
    /// The pass that read the first payload, if any.
    pub fn first_read_by(&self) -> Option<QrPass> {
        self.passes.iter().find(|(_, found)| *found > 0).map(|(pass, _)| *pass)
    }
}

/// Every QR code payload in a grey frame, without duplicates, in the order read: pass by pass,
/// and within a pass top to bottom, then left to right. An empty list means no code was read.
///
/// The cascade stops after the first pass that reads a healthseal credential (`HS1:`), so other
/// codes that only a later pass would read are not looked for then. It reads nothing from the
/// network or the clock, keeps nothing, and does not panic: a decoder panic inside a pass is
/// caught and counts as nothing read by that pass.
///
/// ```
/// use healthseal_verifier::{read_qr_codes, GrayImage};
///
/// let blank = GrayImage::from_pixel(640, 480, image::Luma([200]));
/// assert!(read_qr_codes(&blank).is_empty());
/// ```
pub fn read_qr_codes(frame: &GrayImage) -> Vec<String> {
    trace_qr_codes(frame).payloads
}

/// [`read_qr_codes`], also saying which passes ran, what each read, and what the frame cost.
pub fn trace_qr_codes(frame: &GrayImage) -> QrTrace {
    let pixels = usize::try_from(u64::from(frame.width()) * u64::from(frame.height())).unwrap_or(usize::MAX);
    let mut budget = Budget::for_pixels(pixels);
    let mut found = Found::default();
    run_cascade(frame, &mut found, &mut budget);
    let work = budget.spent();
    QrTrace {
        finder_candidates: work.candidates,
        finder_checks: work.checks,
        finder_patterns: work.patterns,
        sampled_sets: work.sets,
        cut_short: budget.is_cut_short(),
        ..found.trace
    }
}

/// The passes in order, until one reads a credential or the frame's work is cut short.
fn run_cascade(frame: &GrayImage, found: &mut Found, budget: &mut Budget) {
    let blocks = Blocks::new(frame);
    let full_matrix = matrix(frame, blocks.as_ref(), Polarity::DarkOnLight, ZXING);
    let full = full_matrix.as_ref().map(|m| symbols::read(m, false, budget)).unwrap_or_default();
    let mut evidence = full.loose_finders;
    if found.add(QrPass::Full, full.symbols) || budget.is_cut_short() {
        return;
    }

    let inverted_matrix = matrix(frame, blocks.as_ref(), Polarity::LightOnDark, DARK_BACKGROUND);
    let inverted = inverted_matrix.as_ref().map(|m| symbols::read(m, false, budget)).unwrap_or_default();
    evidence += inverted.loose_finders;
    if found.add(QrPass::Inverted, inverted.symbols) || budget.is_cut_short() {
        return;
    }

    let small = small_modules_pass(full_matrix.as_ref(), blocks.as_ref(), budget);
    if found.add(QrPass::SmallModules, small) || budget.is_cut_short() {
        return;
    }

    if found.add(QrPass::LowContrast, low_contrast_pass(frame, budget)) || budget.is_cut_short() {
        return;
    }

    if evidence < MIN_LOOSE_FINDERS {
        return;
    }

    let mut global_symbols = Vec::new();
    if let Some(mut m) = global(frame) {
        global_symbols.extend(symbols::read(&m, true, budget).symbols);
        m.flip_self();
        global_symbols.extend(symbols::read(&m, true, budget).symbols);
    }
    if found.add(QrPass::GlobalThreshold, global_symbols) || budget.is_cut_short() {
        return;
    }

    let classic = [&full_matrix, &inverted_matrix]
        .into_iter()
        .flatten()
        .filter_map(|m| symbols::read_classic(m, budget))
        .collect();
    found.add(QrPass::Classic, classic);
}

/// Small codes (2.5 to 4 pixels a module): every third row of the first pass's matrix, whose
/// row stride (fitted to large codes) can step over the rows where a small finder pattern reads
/// 1:1:3:1:1; then, unless that read a credential, every third row of a matrix thresholded at
/// the middle of each block's range (zxing-cpp's current rule), which keeps the light modules
/// that blur brings close to the dark ones and that the first pass's block means close.
fn small_modules_pass(
    full: Option<&BitMatrix>,
    blocks: Option<&Blocks<'_>>,
    budget: &mut Budget,
) -> Vec<Symbol> {
    let mut symbols = full.map(|m| symbols::read(m, true, budget).symbols).unwrap_or_default();
    if symbols.iter().any(|s| s.text.trim_start().starts_with(PREFIX)) || budget.is_cut_short() {
        return symbols;
    }
    if let Some(m) = blocks.and_then(|b| b.midrange_matrix(Polarity::DarkOnLight, MIDRANGE_MIN_RANGE)) {
        symbols.extend(symbols::read(&m, true, budget).symbols);
    }
    symbols
}

/// Local contrast gain at half resolution (full resolution for small frames), both polarities.
fn low_contrast_pass(frame: &GrayImage, budget: &mut Budget) -> Vec<Symbol> {
    let gained = if frame.width().min(frame.height()) >= HALVE_FROM_SIDE {
        filters::local_gain(&filters::half(frame), GAIN_RADIUS, GAIN)
    } else {
        filters::local_gain(frame, GAIN_RADIUS, GAIN)
    };
    let blocks = Blocks::new(&gained);
    let mut symbols = Vec::new();
    for (polarity, rule) in [(Polarity::DarkOnLight, ZXING), (Polarity::LightOnDark, DARK_BACKGROUND)] {
        if let Some(m) = matrix(&gained, blocks.as_ref(), polarity, rule) {
            symbols.extend(symbols::read(&m, false, budget).symbols);
        }
    }
    symbols
}

/// The matrix of one polarity: from the block statistics, or for frames under 40 pixels a side,
/// from rxing's hybrid binariser (which then thresholds globally).
fn matrix(
    frame: &GrayImage,
    blocks: Option<&Blocks<'_>>,
    polarity: Polarity,
    rule: Rule,
) -> Option<BitMatrix> {
    if let Some(blocks) = blocks {
        return blocks.matrix(polarity, rule);
    }
    let mut m = hybrid(frame)?;
    if polarity == Polarity::LightOnDark {
        m.flip_self();
    }
    Some(m)
}

/// rxing's hybrid binariser, for frames too small for [`Blocks`].
fn hybrid(frame: &GrayImage) -> Option<BitMatrix> {
    if frame.width() == 0 || frame.height() == 0 {
        return None;
    }
    catch_unwind(AssertUnwindSafe(|| {
        let source = Luma8Source::new_with_slice(frame.as_raw(), frame.width(), frame.height()).ok()?;
        HybridBinarizer::new(source).get_black_matrix().ok().cloned()
    }))
    .ok()
    .flatten()
}

/// One threshold for the whole frame, from its histogram.
fn global(frame: &GrayImage) -> Option<BitMatrix> {
    if frame.width() == 0 || frame.height() == 0 {
        return None;
    }
    catch_unwind(AssertUnwindSafe(|| {
        let source = Luma8Source::new_with_slice(frame.as_raw(), frame.width(), frame.height()).ok()?;
        GlobalHistogramBinarizer::new(source).get_black_matrix().ok().cloned()
    }))
    .ok()
    .flatten()
}

/// Payloads collected so far, without duplicates.
#[derive(Default)]
struct Found {
    seen: HashSet<String>,
    trace: QrTrace,
}

impl Found {
    /// Adds a pass's symbols in reading order; true once a healthseal credential is among all
    /// payloads read so far.
    fn add(&mut self, pass: QrPass, mut symbols: Vec<Symbol>) -> bool {
        // Rows of 16 px, so that codes side by side read left to right despite a slight tilt.
        symbols.sort_by(|a, b| {
            let row = |s: &Symbol| (s.at.1 / 16.0).floor();
            row(a).total_cmp(&row(b)).then(a.at.0.total_cmp(&b.at.0))
        });
        let mut added = 0;
        for symbol in symbols {
            if self.seen.insert(symbol.text.clone()) {
                self.trace.payloads.push(symbol.text);
                added += 1;
            }
        }
        self.trace.passes.push((pass, added));
        self.trace.payloads.iter().any(|p| p.trim_start().starts_with(PREFIX))
    }
}
