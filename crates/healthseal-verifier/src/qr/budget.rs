//! The work one frame may cost, whatever it shows.
//!
//! A frame is read from up to nine matrices (the cascade's passes, some in both polarities).
//! The work that grows with what a frame shows rather than with its size is the finder-pattern
//! search: a row crossing a 1:1:3:1:1 profile is a candidate, and a candidate not inside a
//! pattern already found is checked in two dimensions (rxing's `LocateConcentricPattern`, or the
//! classic detector's cross-checks), the costly step. Every search of a frame draws on one
//! [`Budget`] of candidates and checks; once either is spent, searches stop where they are, the
//! patterns found so far are still sampled, and the cascade ends after the pass. A matrix also
//! keeps at most [`MAX_KEPT_PATTERNS`](super::finders::MAX_KEPT_PATTERNS) patterns.
//!
//! The budgets grow with the frame's area, from a floor, so that a large frame of real clutter
//! is searched as fully as a small one; a frame built to exhaust them costs at most a small
//! multiple of a normal frame of its size (docs/qr-reading.md has the measurements).

/// Candidates a frame may examine: at least this many...
const MIN_CANDIDATES: usize = 32_768;

/// ...or one per this many pixels, whichever is more. Twice the checks: a candidate inside a
/// pattern already found is not checked again, and costs only comparisons with the patterns its
/// matrix has kept.
const PIXELS_PER_CANDIDATE: usize = 32;

/// Checks a frame may make: at least this many (a 1280x720 frame of clutter with an unreadable
/// code, searched by all six passes, makes up to about 5 000; ZXing corpus photos up to 2 600)...
const MIN_CHECKS: usize = 16_384;

/// ...or one per this many pixels, whichever is more (the same frames at 1920x1080 make up to
/// about 9 200, one per 225 pixels). A check follows a candidate's edges in four directions, over
/// at most a few times its width; a failed one usually stops after one or two.
const PIXELS_PER_CHECK: usize = 64;

/// What a frame's reading cost, in the units the budget counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Work {
    /// Finder-pattern candidates examined.
    pub candidates: usize,
    /// Candidates checked in two dimensions.
    pub checks: usize,
    /// Finder patterns kept, over all matrices.
    pub patterns: usize,
    /// Finder-pattern triples sampled and decoded.
    pub sets: usize,
}

/// One frame's work budget, and what has been spent of it.
#[derive(Debug)]
pub(super) struct Budget {
    max_candidates: usize,
    max_checks: usize,
    spent: Work,
    cut_short: bool,
}

impl Budget {
    /// The budget of a frame of `pixels` pixels.
    pub(super) fn for_pixels(pixels: usize) -> Self {
        Self {
            max_candidates: MIN_CANDIDATES.max(pixels / PIXELS_PER_CANDIDATE),
            max_checks: MIN_CHECKS.max(pixels / PIXELS_PER_CHECK),
            spent: Work::default(),
            cut_short: false,
        }
    }

    /// Takes one candidate; false once none is left (and the frame is cut short from then on).
    pub(super) fn candidate(&mut self) -> bool {
        let left = self.spent.candidates < self.max_candidates;
        if left {
            self.spent.candidates += 1;
        } else {
            self.cut_short = true;
        }
        left
    }

    /// Takes one check; false once none is left (and the frame is cut short from then on).
    pub(super) fn check(&mut self) -> bool {
        let left = self.spent.checks < self.max_checks;
        if left {
            self.spent.checks += 1;
        } else {
            self.cut_short = true;
        }
        left
    }

    /// Records finder patterns kept by one matrix's search.
    pub(super) fn kept(&mut self, patterns: usize) {
        self.spent.patterns = self.spent.patterns.saturating_add(patterns);
    }

    /// Records one sampled finder-pattern triple.
    pub(super) fn sampled(&mut self) {
        self.spent.sets = self.spent.sets.saturating_add(1);
    }

    /// Marks the frame as cut short: a search stopped before the end of its matrix.
    pub(super) fn cut_short(&mut self) {
        self.cut_short = true;
    }

    /// Whether a search stopped early: the budget ran out, or a matrix showed more finder
    /// patterns than it may keep. The cascade runs no further pass then.
    pub(super) fn is_cut_short(&self) -> bool {
        self.cut_short
    }

    /// What has been spent so far.
    pub(super) fn spent(&self) -> Work {
        self.spent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_runs_out_and_says_so() {
        let mut budget = Budget::for_pixels(0);
        for _ in 0..MIN_CHECKS {
            assert!(budget.check());
        }
        assert!(!budget.is_cut_short());
        assert!(!budget.check());
        assert!(budget.is_cut_short());
        assert_eq!(budget.spent().checks, MIN_CHECKS);
        assert!(budget.candidate(), "candidates are counted apart");
    }

    #[test]
    fn the_budget_grows_with_the_frame() {
        let small = Budget::for_pixels(640 * 480);
        let large = Budget::for_pixels(10_000 * 4_000);
        assert_eq!((small.max_candidates, small.max_checks), (MIN_CANDIDATES, MIN_CHECKS));
        assert_eq!(large.max_checks, 10_000 * 4_000 / PIXELS_PER_CHECK);
    }
}
