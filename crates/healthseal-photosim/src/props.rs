//! The things in a scene, laid out in their own units: a printed card, a phone, desk clutter,
//! a desk or a room behind them.

use crate::geometry::Point;
use crate::noise::{Rng, ValueNoise};
use crate::scene::Background;
use crate::surface::{Patch, Print, Rect, Rgb, Screen, Surface};

/// Header colours of printed cards and apps: green, blue, red, amber, purple, teal.
const BRANDS: [Rgb; 6] = [
    [34.0, 130.0, 84.0],
    [32.0, 94.0, 168.0],
    [176.0, 52.0, 52.0],
    [214.0, 150.0, 36.0],
    [96.0, 64.0, 150.0],
    [20.0, 128.0, 136.0],
];

fn jitter(rng: &mut Rng, colour: Rgb, amount: f64) -> Rgb {
    colour.map(|c| (f64::from(c) * rng.range(1.0 - amount, 1.0 + amount)) as f32)
}

/// A line of "words" (flat bars) from `x0` towards `x1` at height `y`: text at a distance.
fn text_line(rng: &mut Rng, x0: f64, x1: f64, y: f64, height: f64, colour: Rgb) -> Vec<Patch> {
    let mut words = Vec::new();
    let mut x = x0;
    loop {
        let len = height * rng.range(1.5, 6.0);
        if x + len > x1 {
            break;
        }
        words.push(Patch { rect: [x, y, x + len, y + height], colour });
        x += len + height * 0.7;
    }
    words
}

/// A printed credential card for a code `cw` x `ch` units: a coloured header with a title,
/// the code, and lines of text under it. With `print` the code is printed in `ink`; without, a
/// photo-like block fills its place. Returns the card and the code's rectangle (x, y, w, h).
pub(crate) fn card(
    rng: &mut Rng,
    cw: f64,
    ch: f64,
    margin: f64,
    print: Option<usize>,
) -> (Surface, [f64; 4]) {
    let m = margin * cw;
    let header = 0.2 * cw;
    let (width, height) = (cw + 2.0 * m, header + m + ch + 0.5 * m + 0.28 * cw);
    let mut card = Surface::new(width, height, jitter(rng, [242.0, 238.0, 228.0], 0.02));
    card.radius = 0.03 * cw;
    card.grain = 0.03;
    card.salt = rng.next_u64();
    let brand = rng.pick(&BRANDS);
    card.patches.push(Patch { rect: [0.0, 0.0, width, header], colour: brand });
    card.patches.extend(text_line(rng, m, width * 0.75, header * 0.36, header * 0.28, [236.0, 236.0, 230.0]));
    let ink = jitter(rng, [30.0, 32.0, 40.0], 0.1);
    let text_top = header + m + ch + 0.5 * m;
    for i in 0..3 {
        let y = text_top + f64::from(i) * 0.08 * cw;
        let end = m + (width - 2.0 * m) * rng.range(0.45, 1.0);
        card.patches.extend(text_line(rng, m, end, y, 0.04 * cw, [74.0, 74.0, 80.0]));
    }
    let origin = (m, header + m);
    match print {
        Some(code) => {
            card.print = Some(Print { code, origin: Point::new(origin.0, origin.1), ink, paper: card.base });
        }
        None => {
            // A holder photo and a printed reference where a code would be.
            let (x, y) = origin;
            card.patches
                .push(Patch { rect: [x, y, x + 0.45 * cw, y + 0.55 * ch], colour: [150.0, 160.0, 176.0] });
            card.patches.push(Patch {
                rect: [x + 0.12 * cw, y + 0.1 * ch, x + 0.33 * cw, y + 0.33 * ch],
                colour: [200.0, 170.0, 150.0],
            });
            for i in 0..5 {
                let ty = y + f64::from(i) * 0.11 * ch;
                card.patches.extend(text_line(rng, x + 0.52 * cw, x + cw, ty, 0.045 * cw, ink));
            }
        }
    }
    (card, [origin.0, origin.1, cw, ch])
}

/// A phone showing code `code` (`cw` x `ch` units) in a health app, light or `dark` mode.
/// Returns the phone and the code's rectangle (x, y, w, h).
pub(crate) fn phone(rng: &mut Rng, cw: f64, ch: f64, code: usize, dark: bool) -> (Surface, [f64; 4]) {
    let sw = cw / 0.84;
    let sh = sw * 2.16;
    let bezel = 0.045 * sw;
    let (width, height) = (sw + 2.0 * bezel, sh + 2.4 * bezel);
    let mut phone = Surface::new(width, height, jitter(rng, [24.0, 24.0, 28.0], 0.1));
    phone.radius = 0.12 * width;
    phone.grain = 0.02;
    phone.salt = rng.next_u64();
    let (x0, y0) = (bezel, 1.2 * bezel);
    let screen_rect: Rect = [x0, y0, x0 + sw, y0 + sh];
    let (bg, bar, title, text) = if dark {
        ([14.0, 14.0, 18.0], [40.0, 40.0, 48.0], [214.0, 214.0, 220.0], [190.0, 190.0, 196.0])
    } else {
        ([250.0, 250.0, 250.0], rng.pick(&BRANDS), [250.0, 250.0, 250.0], [60.0, 60.0, 66.0])
    };
    phone.screen = Some(Screen {
        rect: screen_rect,
        radius: 0.09 * width,
        colour: bg,
        brightness: 1.0,
        pitch: 1.0,
        moire: 0.0,
        glow: 0.0,
    });
    let at = |f: f64| y0 + f * sh;
    // Status bar, app header with title, code, holder's name, a status pill, a tab bar.
    phone.patches.extend(text_line(rng, x0 + 0.08 * sw, x0 + 0.3 * sw, at(0.012), 0.014 * sh, text));
    phone.patches.push(Patch { rect: [x0, at(0.04), x0 + sw, at(0.11)], colour: bar });
    phone.patches.extend(text_line(rng, x0 + 0.08 * sw, x0 + 0.6 * sw, at(0.065), 0.02 * sh, title));
    let origin = (x0 + (sw - cw) / 2.0, at(0.16));
    let below = origin.1 + ch;
    phone.patches.extend(text_line(rng, x0 + 0.15 * sw, x0 + 0.85 * sw, below + 0.03 * sh, 0.022 * sh, text));
    phone.patches.extend(text_line(rng, x0 + 0.25 * sw, x0 + 0.75 * sw, below + 0.07 * sh, 0.016 * sh, text));
    let pill = if dark { [40.0, 120.0, 70.0] } else { [46.0, 160.0, 90.0] };
    phone.patches.push(Patch {
        rect: [x0 + 0.25 * sw, below + 0.11 * sh, x0 + 0.75 * sw, below + 0.15 * sh],
        colour: pill,
    });
    phone.patches.push(Patch { rect: [x0, at(0.93), x0 + sw, at(1.0)], colour: bar });
    let (ink, paper) = if dark { ([226.0, 226.0, 230.0], bg) } else { ([16.0, 16.0, 18.0], bg) };
    phone.print = Some(Print { code, origin: Point::new(origin.0, origin.1), ink, paper });
    (phone, [origin.0, origin.1, cw, ch])
}

/// Something else on the desk, `size` units long: a notebook, a sheet of paper, a pen, a
/// coaster. Returns it and its own rectangle.
pub(crate) fn clutter(rng: &mut Rng, size: f64) -> (Surface, [f64; 4]) {
    let kind = rng.below(4);
    let (w, h, base, radius) = match kind {
        0 => (size / 1.35, size, rng.pick(&BRANDS).map(|c| c * 0.8), 0.03 * size),
        1 => (size / 1.41, size, [236.0, 236.0, 232.0], 0.0),
        2 => (size * 0.05, size, [30.0, 40.0, 90.0], 0.025 * size),
        _ => (size * 0.4, size * 0.4, [120.0, 90.0, 70.0], 0.2 * size),
    };
    let mut item = Surface::new(w, h, base);
    item.radius = radius;
    item.grain = 0.05;
    item.salt = rng.next_u64();
    if kind == 1 {
        let lines = (h / (0.05 * size)) as u32;
        for i in 2..lines.saturating_sub(2) {
            let y = f64::from(i) * 0.05 * size;
            item.patches.extend(text_line(rng, 0.1 * w, 0.9 * w, y, 0.022 * size, [90.0, 90.0, 96.0]));
        }
    }
    (item, [0.0, 0.0, w, h])
}

/// A desk: wood, grey laminate or a light office desk, chosen by `rng`.
pub(crate) fn desk(rng: &mut Rng, texture: &mut Rng, width: u32, height: u32) -> Background {
    let w = f64::from(width);
    let coarse = ValueNoise::new(texture, width, height, 0.25 * w, 0.25 * w);
    match rng.below(3) {
        0 => Background {
            coarse,
            fine: ValueNoise::new(texture, width, height, 0.4 * w, 4.0),
            fine_weight: 0.45,
            dark: [92.0, 60.0, 36.0],
            light: [164.0, 114.0, 72.0],
        },
        1 => Background {
            coarse,
            fine: ValueNoise::new(texture, width, height, 10.0, 10.0),
            fine_weight: 0.2,
            dark: [100.0, 102.0, 106.0],
            light: [150.0, 150.0, 152.0],
        },
        _ => Background {
            coarse,
            fine: ValueNoise::new(texture, width, height, 14.0, 14.0),
            fine_weight: 0.15,
            dark: [168.0, 164.0, 154.0],
            light: [206.0, 202.0, 194.0],
        },
    }
}

/// A dim room behind a phone: dark, blotchy.
pub(crate) fn room(texture: &mut Rng, width: u32, height: u32) -> Background {
    let w = f64::from(width);
    Background {
        coarse: ValueNoise::new(texture, width, height, 0.3 * w, 0.3 * w),
        fine: ValueNoise::new(texture, width, height, 0.05 * w, 0.05 * w),
        fine_weight: 0.3,
        dark: [30.0, 28.0, 28.0],
        light: [128.0, 116.0, 104.0],
    }
}
