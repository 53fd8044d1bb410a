//! Frames made to cost a QR reader time rather than to be read: a light page tiled edge to edge
//! with QR finder patterns, and stripes that look like finder patterns along every row. Each is a
//! few kilobytes to a few tens of kilobytes of PNG. Before the finder-pattern search was bounded,
//! a finder flood held the reader for 0.14 s at 1280x720 and 9 s at 4000x3000 (docs/qr-reading.md).

#![allow(dead_code)]

use image::{GrayImage, Luma};

/// Grey of the light modules and the page.
const LIGHT: u8 = 230;

/// Grey of the dark modules.
const DARK: u8 = 25;

/// Modules from one finder pattern to the next: its 7, then one light module, so that every
/// pattern keeps the 1:1:3:1:1 profile along rows, columns and diagonals.
const PITCH_MODULES: u32 = 8;

/// A frame tiled with finder patterns of `module` pixels a module: a dark 7x7 ring, a light 5x5
/// ring, a dark 3x3 core, one light module between neighbours. Every one is a valid finder
/// pattern to both of rxing's detectors.
pub fn finder_flood(width: u32, height: u32, module: u32) -> GrayImage {
    let module = module.max(1);
    GrayImage::from_fn(width, height, |x, y| Luma([finder_module(x / module, y / module)]))
}

/// Like [`finder_flood`], but with patterns of `modules` pixels a module in turn along each band:
/// the module sizes then vary too much for the classic detector's early stop, which ends its scan
/// once three confirmed patterns agree in size.
pub fn mixed_finder_flood(width: u32, height: u32, modules: &[u32]) -> GrayImage {
    let mut frame = GrayImage::from_pixel(width, height, Luma([LIGHT]));
    let Some(&largest) = modules.iter().max() else {
        return frame;
    };
    let band_rows = PITCH_MODULES * largest.max(1);
    for (band, top) in (0..height).step_by(band_rows as usize).enumerate() {
        let (mut left, mut i) = (0, band);
        while left < width {
            let module = modules[i % modules.len()].max(1);
            for y in top..(top + 7 * module).min(height) {
                for x in left..(left + 7 * module).min(width) {
                    frame.put_pixel(x, y, Luma([finder_module((x - left) / module, (y - top) / module)]));
                }
            }
            (left, i) = (left + PITCH_MODULES * module, i + 1);
        }
    }
    frame
}

/// Vertical stripes with the finder pattern's profile across them (dark 1, light 1, dark 3,
/// light 1, dark 1, light 1 modules): every scanned row is full of candidates, and none is a
/// pattern, so each costs a check that fails and none is set aside as found. In the top-left
/// corner, on a light patch, two finder patterns of a code that is not there: evidence of a code,
/// so that the costlier passes run too. The frame that spends the most of the work budget.
pub fn stripe_flood(width: u32, height: u32, module: u32) -> GrayImage {
    let module = module.max(1);
    let mut frame = GrayImage::from_fn(width, height, |x, _| Luma([finder_module(x / module, 3)]));
    // Finder modules large enough for the fast scan's row stride at this height.
    let big = (height / 150).max(5);
    for y in 0..(30 * big).min(height) {
        for x in 0..(60 * big).min(width) {
            let grey = match (x / big, y / big) {
                (mx @ 8..=14, my @ 8..=14) => finder_module(mx - 8, my - 8),
                (mx @ 40..=46, my @ 8..=14) => finder_module(mx - 40, my - 8),
                _ => LIGHT,
            };
            frame.put_pixel(x, y, Luma([grey]));
        }
    }
    frame
}

/// The grey of module (mx, my) of the tiling.
fn finder_module(mx: u32, my: u32) -> u8 {
    let (cx, cy) = (mx % PITCH_MODULES, my % PITCH_MODULES);
    if cx == 7 || cy == 7 {
        return LIGHT;
    }
    // Distance from the pattern's centre, in rings: 3 is the outer dark ring, 2 the light ring,
    // 0 and 1 the dark core.
    let ring = cx.abs_diff(3).max(cy.abs_diff(3));
    if ring == 2 {
        LIGHT
    } else {
        DARK
    }
}
