//! The zxing-cpp finder-pattern search (rxing's `FindFinderPatterns`), bounded.
//!
//! The same row scan, the same 1:1:3:1:1 test and the same two-dimensional check
//! (`LocateConcentricPattern`), built from rxing's public pieces, so that a normal frame gives
//! exactly the patterns rxing's function gives. What differs is the work it allows itself:
//!
//! - rxing compares every candidate with every pattern found so far and keeps them all (its
//!   callers cap them only afterwards), which is quadratic in their number: a page tiled with
//!   finder patterns cost 0.1 to 0.2 s at 1280x720 and 6 s at 4000x3000. Here a matrix keeps at
//!   most [`MAX_KEPT_PATTERNS`]; the search stops at the next new pattern after that.
//! - each candidate and each check is taken from the frame's [`Budget`]; the search stops when
//!   either runs out.
//! - rxing finds a candidate's position in its row by summing the row's runs up to it (linear in
//!   the row, per candidate); here a running sum per row gives it in constant time.

use rxing::common::cpp_essentials::{
    ConcentricPattern, FindLeftGuardBy, FixedPattern, GetPatternRowTP, IsPattern, LocateConcentricPattern,
    PatternRow, PatternType, PatternView,
};
use rxing::common::BitMatrix;
use rxing::{point, Point};

use super::budget::Budget;

/// Finder patterns one matrix's search keeps. A code shows 3, a page of codes a few dozen; the
/// most any ZXing corpus matrix shows is 6, and any synthetic camera frame 4 (docs/qr-reading.md).
/// Every later candidate may be compared with each kept pattern, so this also bounds that work.
pub(super) const MAX_KEPT_PATTERNS: usize = 128;

/// The finder pattern's bars and spaces, in modules, across its centre.
const BARS: [PatternType; 5] = [1, 1, 3, 1, 1];

/// [`BARS`] as rxing's pattern type: 5 elements, 7 modules in all.
const PATTERN: FixedPattern<5, 7, false> = FixedPattern::new(BARS);

/// Compare edge-to-edge distances (rxing's choice for finder patterns: robust to blur that
/// thickens dark modules).
const E2E: bool = true;

/// Rows skipped at least: 1 pixel a module times the 3 modules of the pattern's core.
const MIN_SKIP: u32 = 3;

/// The largest code the fast scan is spaced for: version 20 (97 modules) filling a quarter of
/// the frame's height; its 3-module core then spans at least the row stride.
const MAX_MODULES_FAST: u32 = 20 * 4 + 17;

/// The quiet zone a candidate needs before it, in modules (rxing's value: almost none).
const MIN_QUIET_ZONE: f32 = 0.1;

/// Check range per pixel of a candidate's five runs: room for a pattern seen at up to 3:1
/// perspective (rxing's value).
const RANGE_PER_PIXEL: i32 = 3;

/// Every finder pattern of `matrix`, in scan order, at most [`MAX_KEPT_PATTERNS`]. `thorough`
/// scans every third row instead of a stride fitted to version 20 codes filling a quarter of
/// the height. Stops early, marking the budget cut short, when the budget runs out or a pattern
/// beyond the cap is met. May panic inside rxing: callers guard it.
pub(super) fn find(matrix: &BitMatrix, thorough: bool, budget: &mut Budget) -> Vec<ConcentricPattern> {
    let height = matrix.getHeight();
    let skip =
        if thorough { MIN_SKIP } else { (height.saturating_mul(3) / (4 * MAX_MODULES_FAST)).max(MIN_SKIP) };
    let mut found: Vec<ConcentricPattern> = Vec::new();
    let mut row = PatternRow::default();
    let mut in_front = Vec::new();
    let mut y = skip - 1;
    'rows: while y < height {
        GetPatternRowTP(matrix, y, &mut row, false);
        let mut next = PatternView::new(&row);
        pixels_in_front(next.data(), &mut in_front);
        while let Some(view) = find_pattern(next) {
            next = view;
            if !budget.candidate() {
                break 'rows;
            }
            // A view from `PatternView::new` and its windows start at the row's first bar.
            let Some(&front) = in_front.get(1 + next.index()) else {
                break;
            };
            let x = front as f32
                + f32::from(bar(&next, 0))
                + f32::from(bar(&next, 1))
                + f32::from(bar(&next, 2)) / 2.0;
            let p = point(x, y as f32 + 0.5);
            if !found.iter().any(|old| inside(p, old)) {
                if found.len() >= MAX_KEPT_PATTERNS || !budget.check() {
                    budget.cut_short();
                    break 'rows;
                }
                let width: i32 = (0..BARS.len()).map(|i| i32::from(bar(&next, i))).sum();
                if let Some(pattern) =
                    LocateConcentricPattern::<E2E, 5, 7>(matrix, &BARS, p, width * RANGE_PER_PIXEL)
                {
                    found.push(pattern);
                }
            }
            next.skipPair();
            next.skipPair();
            next.extend();
        }
        let Some(below) = y.checked_add(skip) else {
            break;
        };
        y = below;
    }
    found
}

/// The next window of `view` that looks like a finder pattern across its centre (rxing's
/// `FindPattern`: a quick plausibility test, then the 1:1:3:1:1 test).
fn find_pattern(view: PatternView<'_>) -> Option<PatternView<'_>> {
    let found = FindLeftGuardBy::<5, _>(view, BARS.len(), |window: &PatternView, space: Option<f32>| {
        let [a, b, core, d, e] = [0, 1, 2, 3, 4].map(|i| u32::from(bar(window, i)));
        if core < 3 || core < 2 * a.max(e) || core < b.max(d) {
            return false;
        }
        IsPattern::<E2E, 5, 7, false>(window, &PATTERN, space, MIN_QUIET_ZONE, 0.0, 0.0) != 0.0
    });
    found.ok().filter(PatternView::isValid)
}

/// Whether `p` lies inside a pattern already found (rxing's test: closer to its centre than half
/// its size). The distance is only computed when `p` is within that on both axes, which gives the
/// same answer (a distance is never below either of its components) at a fraction of the cost.
fn inside(p: Point, old: &ConcentricPattern) -> bool {
    let radius = old.size as f32 / 2.0;
    (p.x - old.p.x).abs() < radius && (p.y - old.p.y).abs() < radius && Point::distance(p, old.p) < radius
}

/// Run `i` of a window.
fn bar(view: &PatternView<'_>, i: usize) -> PatternType {
    view[i]
}

/// `sums[k]`: the pixels of the row's runs before run `k` (what rxing's `pixelsInFront` sums
/// anew for each candidate).
fn pixels_in_front(runs: &[PatternType], sums: &mut Vec<u32>) {
    sums.clear();
    sums.push(0);
    let mut total = 0u32;
    for &run in runs {
        total = total.saturating_add(u32::from(run));
        sums.push(total);
    }
}

#[cfg(test)]
pub(super) mod tests {
    use rxing::qrcode::cpp_port::detector::FindFinderPatterns;

    use super::*;

    /// Sets the dark modules of a finder pattern whose top-left corner is at (left, top), clipped
    /// to the matrix.
    fn draw_finder(m: &mut BitMatrix, left: u32, top: u32, module: u32) {
        for y in top..top + 7 * module {
            for x in left..left + 7 * module {
                let (mx, my) = ((x - left) / module, (y - top) / module);
                if mx.abs_diff(3).max(my.abs_diff(3)) != 2 && x < m.getWidth() && y < m.getHeight() {
                    m.set(x, y);
                }
            }
        }
    }

    /// A matrix tiled with finder patterns, one light module apart (the "finder flood"), of
    /// `modules` pixels a module in turn along each band of patterns.
    pub(in crate::qr) fn flood(width: u32, height: u32, modules: &[u32]) -> BitMatrix {
        let mut m = BitMatrix::new(width, height).unwrap();
        let pitch = 8 * modules.iter().max().unwrap();
        for (band, top) in (0..height).step_by(pitch as usize).enumerate() {
            let (mut left, mut i) = (0, band);
            while left < width {
                let module = modules[i % modules.len()];
                draw_finder(&mut m, left, top, module);
                (left, i) = (left + 8 * module, i + 1);
            }
        }
        m
    }

    /// A matrix with two codes' worth of finder patterns, one partly cut off, and noise.
    fn matrix() -> BitMatrix {
        let mut m = BitMatrix::new(300, 200).unwrap();
        for (left, top, module) in [(20, 30, 4), (150, 30, 4), (20, 140, 3), (250, 170, 5)] {
            draw_finder(&mut m, left, top, module);
        }
        for i in 0..400u32 {
            m.set((i * 97) % 300, (i * 61) % 200);
        }
        m
    }

    #[test]
    fn finds_what_rxing_finds() {
        let m = matrix();
        for thorough in [false, true] {
            let mut budget = Budget::for_pixels(0);
            let ours = find(&m, thorough, &mut budget);
            assert_eq!(ours, FindFinderPatterns(&m, thorough, 0));
            assert!(ours.len() >= 3);
            assert!(!budget.is_cut_short());
        }
    }

    #[test]
    fn the_running_sum_is_rxings_pixels_in_front() {
        let m = matrix();
        let mut row = PatternRow::default();
        let mut sums = Vec::new();
        for y in 0..200 {
            GetPatternRowTP(&m, y, &mut row, false);
            let mut next = PatternView::new(&row);
            pixels_in_front(next.data(), &mut sums);
            while let Some(view) = find_pattern(next) {
                next = view;
                assert_eq!(sums[1 + next.index()], u32::from(next.pixelsInFront()));
                next.skipPair();
                next.skipPair();
                next.extend();
            }
        }
    }

    #[test]
    fn a_flood_of_patterns_stops_at_the_cap() {
        let m = flood(720, 480, &[3]);
        assert!(FindFinderPatterns(&m, false, 0).len() > 2 * MAX_KEPT_PATTERNS, "rxing keeps them all");
        for thorough in [false, true] {
            let mut budget = Budget::for_pixels(0);
            assert_eq!(find(&m, thorough, &mut budget).len(), MAX_KEPT_PATTERNS);
            assert!(budget.is_cut_short());
            assert_eq!(budget.spent().checks, MAX_KEPT_PATTERNS);
            // The rows of the first patterns found, before the next new one ends the search.
            assert!(budget.spent().candidates <= 4 * MAX_KEPT_PATTERNS, "{:?}", budget.spent());
        }
    }

    #[test]
    fn candidates_that_are_no_pattern_stop_at_the_budget() {
        // Vertical stripes with the pattern's profile across: every row is full of candidates
        // whose check fails.
        let mut m = BitMatrix::new(1280, 720).unwrap();
        for x in 0..1280u32 {
            if matches!((x / 2) % 8, 0 | 2..=4 | 6) {
                for y in 0..720 {
                    m.set(x, y);
                }
            }
        }
        let mut budget = Budget::for_pixels(0);
        assert!(find(&m, true, &mut budget).is_empty());
        assert!(budget.is_cut_short());
        let spent = budget.spent();
        let mut fresh = Budget::for_pixels(0);
        while fresh.check() {}
        assert_eq!(spent.checks, fresh.spent().checks, "stopped at the budget's checks");
    }
}
