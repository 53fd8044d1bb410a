//! The original ZXing detector (rxing's Java port), bounded: one code per matrix, found by a
//! denser row scan that tolerates finder patterns the zxing-cpp detector rejects.
//!
//! rxing's `FinderPatternFinder::find` keeps every possible centre, compares each new one with all
//! of them, and then tries every triple of confirmed centres: cubic in their number. A page tiled
//! with finder patterns of three sizes (which defeats its early stop) cost 0.6 s at 1280x720 and
//! 5.6 s at 1920x1080 in this pass alone. Its row scan and its choice of three are private, so they are
//! followed here step for step, around its public cross-checks (`handlePossibleCenter`), with
//! two limits: each cross-check is taken from the frame's [`Budget`], and a matrix with more than
//! [`MAX_CENTERS`] possible centres is given up (no real frame shows that many to this detector;
//! the cascade has already tried the zxing-cpp detector on it). The three chosen centres go
//! through rxing's own `processFinderPatternInfo` and decoder, so a normal frame reads exactly as
//! through `Detector::detect`.

use std::cmp::Ordering;
use std::collections::HashSet;

use rxing::common::{BitMatrix, DetectorRXingResult};
use rxing::qrcode::decoder::qrcode_decoder::decode_bitmatrix_with_hints;
use rxing::qrcode::detector::{Detector, FinderPattern, FinderPatternFinder, FinderPatternInfo};
use rxing::result_point_utils::orderBestPatterns;
use rxing::{BarcodeFormat, DecodeHints, Point};

use super::budget::Budget;
use super::symbol::Symbol;

/// Possible finder-pattern centres one matrix may show to this detector. Real frames show a few
/// dozen at most (5 in the ZXing corpus, 35 in a cluttered 1920x1080 synthetic frame;
/// docs/qr-reading.md). The choice of three is cubic in the confirmed ones, so this also bounds
/// that: at most 128³/6, about 350 000 triples (about a millisecond).
pub(super) const MAX_CENTERS: usize = 128;

/// Sightings that confirm a centre (rxing's quorum).
const CENTER_QUORUM: usize = 2;

/// Row stride of the scan: every third row, as rxing's when trying harder...
const TRY_HARDER_SKIP: u32 = 3;

/// ...and every other row once a centre is confirmed.
const CONFIRMED_SKIP: u32 = 2;

/// Three confirmed centres end the scan when their module sizes deviate from their mean by at
/// most this fraction in all (rxing's value).
const MAX_SIZE_DEVIATION: f32 = 0.05;

/// Module sizes of three centres chosen together differ by at most this factor (rxing's value).
const MAX_SIZE_RATIO: f32 = 1.4;

/// The symbol of one matrix, if this detector finds and decodes one. May panic inside rxing:
/// callers guard it.
pub(super) fn read(matrix: &BitMatrix, budget: &mut Budget) -> Option<Symbol> {
    let hints = DecodeHints {
        TryHarder: Some(true),
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        ..DecodeHints::default()
    };
    let centers = find_centers(matrix, budget)?;
    let mut best = select_best(centers)?;
    orderBestPatterns(&mut best);
    budget.sampled();
    let detected = Detector::new(matrix).processFinderPatternInfo(FinderPatternInfo::new(best)).ok()?;
    let decoded = decode_bitmatrix_with_hints(detected.getBits(), &hints).ok()?;
    let at = detected.getPoints().first().map_or((0.0, 0.0), |p| (p.x, p.y));
    Some(Symbol { text: decoded.getText().to_owned(), at })
}

/// rxing's `FinderPatternFinder::find` row scan when trying harder: every possible centre, or
/// `None` once the budget or [`MAX_CENTERS`] is exceeded.
fn find_centers(matrix: &BitMatrix, budget: &mut Budget) -> Option<Vec<FinderPattern>> {
    let mut finder = FinderPatternFinder::new(matrix);
    let (height, width) = (i64::from(matrix.getHeight()), matrix.getWidth());
    let mut skip = TRY_HARDER_SKIP;
    let mut has_skipped = false;
    let mut done = false;
    let mut row = i64::from(skip) - 1;
    while row < height && !done {
        let y = u32::try_from(row).ok()?;
        let mut counts = [0u32; 5];
        let mut state = 0usize;
        let mut x = 0;
        while x < width {
            if matrix.get(x, y) {
                // A dark pixel: after a light run, the next (dark) state.
                if state & 1 == 1 {
                    state += 1;
                }
                counts[state] += 1;
            } else if state & 1 == 1 {
                counts[state] += 1;
            } else if state < 4 {
                state += 1;
                counts[state] += 1;
            } else if FinderPatternFinder::foundPatternCross(&counts, 0.0) {
                if !handle(&mut finder, &counts, row, x, budget)? {
                    FinderPatternFinder::doShiftCounts2(&mut counts);
                    state = 3;
                    x += 1;
                    continue;
                }
                skip = CONFIRMED_SKIP;
                if has_skipped {
                    done = have_multiply_confirmed_centers(finder.getPossibleCenters());
                } else {
                    let row_skip = row_skip(finder.getPossibleCenters(), &mut has_skipped);
                    if row_skip > counts[2] {
                        // Skips to just above where the third centre can be, less the row
                        // stride about to be added.
                        row += i64::from(row_skip) - i64::from(counts[2]) - i64::from(skip);
                        x = width.saturating_sub(1);
                    }
                }
                state = 0;
                counts = [0; 5];
            } else {
                FinderPatternFinder::doShiftCounts2(&mut counts);
                state = 3;
            }
            x += 1;
        }
        if FinderPatternFinder::foundPatternCross(&counts, 0.0)
            && handle(&mut finder, &counts, row, width, budget)?
        {
            skip = counts[0];
            if has_skipped {
                done = have_multiply_confirmed_centers(finder.getPossibleCenters());
            }
        }
        row += i64::from(skip);
    }
    Some(finder.getPossibleCenters().clone())
}

/// rxing's cross-checks of a row's candidate ending at `x`, taken from the budget: whether it
/// was confirmed as a centre. `None` when the budget or [`MAX_CENTERS`] is exceeded.
fn handle(
    finder: &mut FinderPatternFinder<'_>,
    counts: &[u32; 5],
    row: i64,
    x: u32,
    budget: &mut Budget,
) -> Option<bool> {
    if !budget.check() {
        return None;
    }
    let confirmed = finder.handlePossibleCenter(counts, u32::try_from(row).ok()?, x);
    if finder.getPossibleCenters().len() > MAX_CENTERS {
        budget.cut_short();
        return None;
    }
    Some(confirmed)
}

/// Rows that can be skipped once two centres are confirmed (rxing's `findRowSkip`): half the
/// difference of their horizontal and vertical distances, where the third cannot be.
fn row_skip(centers: &[FinderPattern], has_skipped: &mut bool) -> u32 {
    let mut confirmed = centers.iter().filter(|c| c.getCount() >= CENTER_QUORUM);
    let (Some(first), Some(second)) = (confirmed.next(), confirmed.next()) else {
        return 0;
    };
    *has_skipped = true;
    let d = (Point::from(first) - Point::from(second)).abs();
    // Negative or not a number: no skip (a float-to-integer `as` saturates, as in rxing).
    ((d.x - d.y) / 2.0).floor() as u32
}

/// Whether three or more centres are confirmed and their module sizes agree (rxing's
/// `haveMultiplyConfirmedCenters`, which averages over all centres, confirmed or not).
fn have_multiply_confirmed_centers(centers: &[FinderPattern]) -> bool {
    let confirmed: Vec<f32> = centers
        .iter()
        .filter(|c| c.getCount() >= CENTER_QUORUM)
        .map(FinderPattern::getEstimatedModuleSize)
        .collect();
    if confirmed.len() < 3 {
        return false;
    }
    let total: f32 = confirmed.iter().sum();
    let average = total / centers.len() as f32;
    let deviation: f32 = centers.iter().map(|c| (c.getEstimatedModuleSize() - average).abs()).sum();
    deviation <= MAX_SIZE_DEVIATION * total
}

/// The three confirmed centres of similar module size closest to an isosceles right triangle
/// (rxing's `selectBestPatterns`). At most [`MAX_CENTERS`] centres come in.
fn select_best(mut centers: Vec<FinderPattern>) -> Option<[FinderPattern; 3]> {
    if centers.len() < 3 {
        return None;
    }
    centers.retain(|c| c.getCount() >= CENTER_QUORUM);
    centers.sort_unstable_by(|a, b| {
        a.getEstimatedModuleSize().partial_cmp(&b.getEstimatedModuleSize()).unwrap_or(Ordering::Less)
    });
    let squared =
        |a: &FinderPattern, b: &FinderPattern| f64::from(Point::from(a).squaredDistance(Point::from(b)));
    let mut distortion = f64::MAX;
    let mut best = None;
    let n = centers.len();
    for (i, fi) in centers.iter().enumerate() {
        let min_size = fi.getEstimatedModuleSize();
        for j in i + 1..n.saturating_sub(1) {
            let fj = &centers[j];
            let ij = squared(fi, fj);
            for fk in &centers[j + 1..] {
                if fk.getEstimatedModuleSize() > min_size * MAX_SIZE_RATIO {
                    continue;
                }
                let [a, b, c] = sorted3([ij, squared(fj, fk), squared(fi, fk)]);
                if c == 0.0 {
                    continue;
                }
                // Zero for an isosceles right triangle: c = 2a = 2b.
                let d = ((c - 2.0 * b).abs() + (c - 2.0 * a).abs()) / c;
                if d < distortion {
                    distortion = d;
                    best = Some([*fi, *fj, *fk]);
                }
            }
        }
    }
    best
}

/// Three squared distances in ascending order, as rxing's inlined sort orders them.
fn sorted3([mut a, mut b, mut c]: [f64; 3]) -> [f64; 3] {
    if a < b {
        if b > c {
            if a < c {
                std::mem::swap(&mut b, &mut c);
            } else {
                (a, b, c) = (c, a, b);
            }
        }
    } else if b < c {
        if a < c {
            std::mem::swap(&mut a, &mut b);
        } else {
            (a, b, c) = (b, c, a);
        }
    } else {
        std::mem::swap(&mut a, &mut c);
    }
    [a, b, c]
}

#[cfg(test)]
mod tests {
    use qrcode::{Color, QrCode};

    use super::super::finders::tests::flood;
    use super::*;

    /// A code at `module` pixels a module with a 4-module quiet zone, on a larger light page.
    fn code_matrix(text: &str, module: u32) -> BitMatrix {
        let code = QrCode::new(text.as_bytes()).unwrap();
        let n = u32::try_from(code.width()).unwrap();
        let colors = code.to_colors();
        let side = (n + 8) * module + 37;
        let mut m = BitMatrix::new(side, side + 23).unwrap();
        for y in 0..n * module {
            for x in 0..n * module {
                let i = usize::try_from((y / module) * n + x / module).unwrap();
                if colors[i] == Color::Dark {
                    m.set(x + 4 * module + 11, y + 4 * module + 17);
                }
            }
        }
        m
    }

    fn rxing_detector(matrix: &BitMatrix) -> Option<(String, Vec<Point>)> {
        let hints = DecodeHints { TryHarder: Some(true), ..DecodeHints::default() };
        let detected = Detector::new(matrix).detect_with_hints(&hints).ok()?;
        let decoded = decode_bitmatrix_with_hints(detected.getBits(), &hints).ok()?;
        Some((decoded.getText().to_owned(), detected.getPoints().to_vec()))
    }

    #[test]
    fn reads_what_rxings_detector_reads() {
        for (text, module) in [("HS1:short", 3), ("https://example.org/a/longer/payload?x=1234567890", 4)] {
            let m = code_matrix(text, module);
            let mut budget = Budget::for_pixels(0);
            let ours = read(&m, &mut budget).unwrap();
            let (theirs, points) = rxing_detector(&m).unwrap();
            assert_eq!(ours.text, theirs);
            assert_eq!(ours.text, text);
            assert_eq!(ours.at, (points[0].x, points[0].y));
            assert!(!budget.is_cut_short());
        }
    }

    #[test]
    fn a_flood_of_patterns_is_given_up_within_the_budget() {
        // Patterns of three sizes: a flood of one size ends rxing's scan early (three confirmed
        // centres of the same size), as it does here.
        let m = flood(720, 480, &[3, 4, 5]);
        let mut budget = Budget::for_pixels(0);
        assert!(read(&m, &mut budget).is_none());
        assert!(budget.is_cut_short());
        // A new centre per pattern until the cap, and a few sightings of each.
        assert!(budget.spent().checks <= 8 * MAX_CENTERS, "{:?}", budget.spent());
    }

    #[test]
    fn sorts_three_like_rxing() {
        for v in [
            [1.0, 2.0, 3.0],
            [1.0, 3.0, 2.0],
            [2.0, 1.0, 3.0],
            [2.0, 3.0, 1.0],
            [3.0, 1.0, 2.0],
            [3.0, 2.0, 1.0],
        ] {
            assert_eq!(sorted3(v), [1.0, 2.0, 3.0], "{v:?}");
        }
    }
}
