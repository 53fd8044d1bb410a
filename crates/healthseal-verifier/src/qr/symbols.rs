//! Reading QR symbols off one black-and-white matrix, with rxing's two detectors, every call
//! guarded: a third-party decoder that panics on a strange frame reads nothing from it. Both
//! detectors' finder-pattern searches are bounded (`finders`, `classic`) and draw on the frame's
//! work budget.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rxing::common::{BitMatrix, DetectorRXingResult};
use rxing::qrcode::cpp_port::decoder::Decode;
use rxing::qrcode::cpp_port::detector::{GenerateFinderPatternSets, SampleQR};

use super::budget::Budget;
use super::symbol::Symbol;
use super::{classic, finders};

/// Finder patterns of one matrix that go into triples, largest first (larger patterns are less
/// likely to be noise). A real frame shows 3 per code; the triple generation looks at up to 15
/// neighbours of each pattern, so this bounds it to 96 x 105 candidate triples.
const MAX_FINDER_PATTERNS: usize = 96;

/// Finder-pattern triples sampled and decoded from one matrix, most plausible first. Each costs
/// a perspective sampling and a Reed-Solomon decode; a frame with a few codes needs a few.
const MAX_SAMPLED_SETS: usize = 24;

/// What one matrix gave.
#[derive(Debug, Default)]
pub(super) struct Reading {
    pub symbols: Vec<Symbol>,
    /// Finder patterns seen that belong to no decoded symbol: evidence of a code not yet read.
    pub loose_finders: usize,
}

/// The zxing-cpp detector (rxing's port): every finder pattern (within the budget), every
/// plausible triple, each sampled and decoded. `thorough` scans every third row instead of a
/// stride fitted to version 20 codes filling a quarter of the height.
pub(super) fn read(matrix: &BitMatrix, thorough: bool, budget: &mut Budget) -> Reading {
    catch_unwind(AssertUnwindSafe(|| read_unguarded(matrix, thorough, budget))).unwrap_or_default()
}

fn read_unguarded(matrix: &BitMatrix, thorough: bool, budget: &mut Budget) -> Reading {
    let mut patterns = finders::find(matrix, thorough, budget);
    budget.kept(patterns.len());
    patterns.sort_by_key(|p| std::cmp::Reverse(p.size));
    patterns.truncate(MAX_FINDER_PATTERNS);
    let seen = patterns.len();
    let sets = GenerateFinderPatternSets(&mut patterns);
    let mut used = Vec::new();
    let mut reading = Reading::default();
    for set in sets.into_iter().take(MAX_SAMPLED_SETS) {
        if used.contains(&set.bl) || used.contains(&set.tl) || used.contains(&set.tr) {
            continue;
        }
        budget.sampled();
        let decoded = SampleQR(matrix, &set).ok().and_then(|sampled| Decode(sampled.getBits()).ok());
        if let Some(result) = decoded.filter(|r| r.isValid()) {
            used.extend([set.bl, set.tl, set.tr]);
            reading.symbols.push(Symbol { text: result.text(), at: (set.tl.p.x, set.tl.p.y) });
        }
    }
    reading.loose_finders = seen.saturating_sub(used.len());
    reading
}

/// The original ZXing detector (rxing's Java port, bounded in `classic`), which finds one code by
/// a denser row scan and tolerates finder patterns the cpp detector rejects.
pub(super) fn read_classic(matrix: &BitMatrix, budget: &mut Budget) -> Option<Symbol> {
    catch_unwind(AssertUnwindSafe(|| classic::read(matrix, budget))).ok().flatten()
}
