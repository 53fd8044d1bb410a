//! Frames made to cost the QR reader time: a page tiled with finder patterns (the cheapest way to
//! make a ZXing-style detector slow), and stripes that look like finder patterns along every row.
//! Their cost is bounded by the frame's work budget, not by how many patterns they show.
//!
//! Counted, not timed (`trace_qr_codes` reports the work): rxing's own search keeps every one of
//! the ~1 600 patterns of a 1280x720 flood and compares each candidate with all of them, so
//! `finder_patterns` would be in the thousands and `cut_short` false; its classic detector then
//! tries every triple of them. Timings: `benches/finder_flood.rs`, docs/qr-reading.md.

mod support;

#[path = "support/flood.rs"]
mod flood;

use healthseal_verifier::{trace_qr_codes, GrayImage, QrPass, QrTrace};
use support::{Code, Scene};

/// Finder patterns one matrix keeps (`MAX_KEPT_PATTERNS`, docs/qr-reading.md).
const MAX_KEPT_PATTERNS: usize = 128;

/// Triples sampled from one matrix (`MAX_SAMPLED_SETS`).
const MAX_SAMPLED_SETS: usize = 24;

/// Checks a frame of up to 1 048 576 pixels may make (the budget's floor, docs/qr-reading.md).
const MIN_CHECKS: usize = 16_384;

/// Pixels per check above the floor.
const PIXELS_PER_CHECK: usize = 64;

fn checks_budget(width: u32, height: u32) -> usize {
    MIN_CHECKS.max(usize::try_from(width * height).unwrap() / PIXELS_PER_CHECK)
}

/// The pass that ran, cut short: the first, having kept its cap of patterns and sampled at most
/// its cap of triples, with a bounded number of checks and candidates.
fn assert_flood_bounded(trace: &QrTrace, what: &str) {
    assert!(trace.payloads.is_empty(), "{what}");
    assert!(trace.cut_short, "{what}: {trace:?}");
    assert_eq!(trace.passes, [(QrPass::Full, 0)], "{what}: no pass after the one cut short");
    assert_eq!(trace.finder_patterns, MAX_KEPT_PATTERNS, "{what}");
    assert!(trace.finder_checks <= 2 * MAX_KEPT_PATTERNS, "{what}: {trace:?}");
    assert!(trace.finder_candidates <= 4 * MAX_KEPT_PATTERNS, "{what}: {trace:?}");
    assert!(trace.sampled_sets <= MAX_SAMPLED_SETS, "{what}: {trace:?}");
}

#[test]
fn a_page_of_finder_patterns_is_cut_short_in_the_first_pass() {
    for (width, height) in [(640, 480), (1280, 720), (1920, 1080)] {
        let trace = trace_qr_codes(&flood::finder_flood(width, height, 3));
        assert_flood_bounded(&trace, &format!("finder flood {width}x{height}"));
    }
}

#[test]
fn patterns_of_mixed_sizes_are_cut_short_too() {
    // Sizes that defeat the classic detector's early stop; the first pass stops first.
    let trace = trace_qr_codes(&flood::mixed_finder_flood(1280, 720, &[3, 4, 5]));
    assert_flood_bounded(&trace, "mixed finder flood");
}

#[test]
fn candidates_that_are_no_pattern_stop_at_the_budget() {
    // 1 px modules: about 160 candidates in every scanned row, each checked and none found; two
    // finder patterns in a corner make the costlier passes run too.
    for (width, height) in [(1280, 720), (1920, 1080)] {
        let trace = trace_qr_codes(&flood::stripe_flood(width, height, 1));
        assert!(trace.payloads.is_empty());
        assert!(trace.cut_short, "{width}x{height}: {trace:?}");
        assert_eq!(trace.finder_checks, checks_budget(width, height), "{width}x{height}: {trace:?}");
        assert!(trace.finder_candidates <= 2 * checks_budget(width, height), "{trace:?}");
        assert!(trace.finder_patterns <= 2 * trace.passes.len(), "{trace:?}");
    }
}

#[test]
fn a_flood_costs_less_search_than_a_frame_of_clutter() {
    let clutter = trace_qr_codes(&Scene::new(1280, 720, 100).render());
    let flood = trace_qr_codes(&flood::finder_flood(1280, 720, 3));
    assert!(!clutter.cut_short);
    assert!(flood.finder_checks < clutter.finder_checks, "{flood:?}\n{clutter:?}");
    assert!(flood.finder_candidates < clutter.finder_candidates, "{flood:?}\n{clutter:?}");
}

#[test]
fn camera_frames_are_never_cut_short() {
    let (_, text) = support::province();
    let scene = |width, height, module| {
        Scene::new(width, height, 7).with(Code::new(&text, (width / 4, height / 5), module))
    };
    let frames: Vec<(&str, GrayImage, usize)> = vec![
        ("credential, 5 px a module", support::frame_720p(&text), 1),
        ("credential, 3 px a module", scene(1280, 720, 3).render(), 1),
        ("credential, 1920x1080, 12 px a module", scene(1920, 1080, 12).render(), 1),
        (
            "faint inverted credential",
            {
                let mut faint = scene(1280, 720, 5).contrast(40);
                faint.codes[0].inverted = true;
                faint.render()
            },
            1,
        ),
        // 2 px a module: read by the small-modules pass, the third (every pass ran before it).
        ("code at 2 px a module", scene(1280, 720, 2).render(), 1),
        // Unread (at 12 px a module the code runs off the frame's edge): every pass runs, the
        // thorough ones included, with the most checks of any synthetic frame.
        ("code at 12 px a module, cut off", scene(1280, 720, 12).render(), 0),
        ("no code", Scene::new(1280, 720, 101).render(), 0),
    ];
    for (what, frame, codes) in frames {
        let trace = trace_qr_codes(&frame);
        assert_eq!(trace.payloads.len(), codes, "{what}: {trace:?}");
        assert!(!trace.cut_short, "{what}: {trace:?}");
        let budget = checks_budget(frame.width(), frame.height());
        assert!(trace.finder_checks <= budget / 3, "{what}: {trace:?}");
    }
}
