//! Flat things in the scene (a printed card, a phone, a notebook): their layout in their own
//! coordinates, what colour each point is, and where they sit in the frame.

use std::f64::consts::PI;

use crate::code::CodeImage;
use crate::geometry::{Homography, Point, Pose, Quad};
use crate::math::{sin, wave};
use crate::noise::grain;

pub(crate) type Rgb = [f32; 3];

/// An axis-aligned rectangle in surface units: x0, y0, x1, y1.
pub(crate) type Rect = [f64; 4];

fn inside(r: &Rect, p: Point) -> bool {
    p.x >= r[0] && p.x < r[2] && p.y >= r[1] && p.y < r[3]
}

/// Inside a rectangle with corners rounded to `radius`.
fn inside_rounded(r: &Rect, radius: f64, p: Point) -> bool {
    if !inside(r, p) {
        return false;
    }
    let cx = p.x.clamp(r[0] + radius, r[2] - radius);
    let cy = p.y.clamp(r[1] + radius, r[3] - radius);
    let (dx, dy) = (p.x - cx, p.y - cy);
    dx * dx + dy * dy <= radius * radius
}

/// A flat area of one colour: a header band, a word of text, a button.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Patch {
    pub rect: Rect,
    pub colour: Rgb,
}

/// The code printed or displayed on the surface: `code` indexes the scene's prepared codes, its
/// top-left corner is at `origin`, dark modules take `ink`, light ones `paper`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Print {
    pub code: usize,
    pub origin: Point,
    pub ink: Rgb,
    pub paper: Rgb,
}

/// A light-emitting area (a phone display): not lit by the room, brightness of its own, and a
/// pixel grid that beats against the camera's (moire).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Screen {
    pub rect: Rect,
    pub radius: f64,
    pub colour: Rgb,
    pub brightness: f32,
    /// Display pixel pitch in surface units.
    pub pitch: f64,
    /// Depth of the sub-pixel modulation, 0..1.
    pub moire: f32,
    /// Light the display throws on its surroundings, in levels at its edge.
    pub glow: f32,
}

impl Screen {
    /// Display sub-pixels: vertical red, green and blue stripes and dark rows between pixels,
    /// sampled at one point per camera pixel with no low-pass filter, which aliases into moire.
    fn subpixels(&self, p: Point) -> Rgb {
        if self.moire == 0.0 {
            return [1.0; 3];
        }
        let d = f64::from(self.moire);
        let (across, down) = (p.x / self.pitch, p.y / self.pitch);
        let rows = 1.0 - d / 2.0 + d * wave(down);
        let channel = |c: f64| {
            let stripe = wave(across - c / 3.0);
            ((1.0 - d + 2.0 * d * stripe) * rows) as f32
        };
        [channel(0.0), channel(1.0), channel(2.0)]
    }
}

/// Paper curl, a smooth non-linear warp: the edges parallel to x bow (most near the edges,
/// `edge` surface units at most), and the middle bulges by `bulge` units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Curl {
    pub edge: f64,
    pub bulge: f64,
}

/// What a surface shows at one point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shade {
    Miss,
    /// Reflected: multiplied by the room's light.
    Reflect(Rgb),
    /// Emitted: shown as is.
    Emit(Rgb),
}

/// A rounded rectangle `width` x `height` in its own units (for the code-bearing ones, one unit
/// is one pixel of the clean code image), mapped into the frame by a homography.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Surface {
    pub width: f64,
    pub height: f64,
    pub radius: f64,
    pub base: Rgb,
    /// Per-unit variation of the base colour (paper fibre, plastic), 0..1.
    pub grain: f32,
    pub salt: u64,
    pub patches: Vec<Patch>,
    pub print: Option<Print>,
    pub screen: Option<Screen>,
    curl: Option<Curl>,
    to_frame: Homography,
    from_frame: Homography,
    /// Frame pixels outside this box (min x, min y, max x, max y) certainly miss the surface.
    bounds: [f64; 4],
    /// Patch indices by horizontal band of the surface, in drawing order, so a lookup visits
    /// only the patches at that height.
    bands: Vec<Vec<u32>>,
}

/// Horizontal bands of the patch index.
const BANDS: usize = 64;

impl Surface {
    pub(crate) fn new(width: f64, height: f64, base: Rgb) -> Self {
        Self {
            width,
            height,
            radius: 0.0,
            base,
            grain: 0.0,
            salt: 0,
            patches: Vec::new(),
            print: None,
            screen: None,
            curl: None,
            to_frame: Homography::IDENTITY,
            from_frame: Homography::IDENTITY,
            bounds: [f64::NEG_INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::INFINITY],
            bands: Vec::new(),
        }
    }

    /// Poses the surface so that `anchor` (x, y, width, height in surface units) is centred on
    /// `centre` with a projected area of `side` squared pixels.
    pub(crate) fn place(&mut self, pose: &Pose, anchor: [f64; 4], centre: Point, side: f64) {
        self.to_frame = pose.homography(anchor, centre, side);
        self.from_frame = self.to_frame.inverse().unwrap_or(Homography::IDENTITY);
        self.update_bounds();
        self.index_patches();
    }

    fn band(&self, y: f64) -> usize {
        ((y * (BANDS as f64 / self.height)).max(0.0) as usize).min(BANDS - 1)
    }

    fn index_patches(&mut self) {
        let mut bands = vec![Vec::new(); BANDS];
        for (i, patch) in self.patches.iter().enumerate() {
            for band in &mut bands[self.band(patch.rect[1])..=self.band(patch.rect[3])] {
                band.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
        }
        self.bands = bands;
    }

    /// Sets the curl (which moves the outline, so the bounds follow).
    pub(crate) fn set_curl(&mut self, curl: Curl) {
        self.curl = Some(curl);
        self.update_bounds();
    }

    /// Bounds from points along the (curled) outline, plus a pixel for rounding; exact enough
    /// because the warp is smooth and the points are dense.
    fn update_bounds(&mut self) {
        const STEPS: u32 = 64;
        let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for i in 0..=STEPS {
            let t = f64::from(i) / f64::from(STEPS);
            let (x, y) = (t * self.width, t * self.height);
            for (px, py) in [(x, 0.0), (x, self.height), (0.0, y), (self.width, y)] {
                let p = self.unwarp(px, py);
                b = [b[0].min(p.x), b[1].min(p.y), b[2].max(p.x), b[3].max(p.y)];
            }
        }
        let margin = 2.0;
        self.bounds = [b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin];
    }

    /// Whether frame point `p` may show this surface.
    pub(crate) fn may_cover(&self, p: Point) -> bool {
        p.x >= self.bounds[0] && p.y >= self.bounds[1] && p.x <= self.bounds[2] && p.y <= self.bounds[3]
    }

    /// Surface units to frame pixels (ignoring curl).
    pub(crate) fn to_frame(&self, p: Point) -> Point {
        self.to_frame.apply(p)
    }

    /// The outline in the frame (ignoring curl).
    pub(crate) fn outline(&self) -> Quad {
        self.quad([0.0, 0.0, self.width, self.height])
    }

    fn quad(&self, r: Rect) -> Quad {
        Quad {
            corners: [(r[0], r[1]), (r[2], r[1]), (r[2], r[3]), (r[0], r[3])].map(|(x, y)| self.unwarp(x, y)),
        }
    }

    /// Where the printed code's corners land in the frame, curl included.
    pub(crate) fn placement(&self, codes: &[CodeImage]) -> Option<Quad> {
        let print = self.print?;
        let code = &codes[print.code];
        let (x, y) = (print.origin.x, print.origin.y);
        Some(self.quad([x, y, x + code.width as f64, y + code.height as f64]))
    }

    /// The frame position showing surface point (x, y): inverts the curl by fixed-point
    /// iteration (the displacement's slope is well below 1), then projects.
    fn unwarp(&self, x: f64, y: f64) -> Point {
        let target = Point::new(x, y);
        let mut p = target;
        if self.curl.is_some() {
            for _ in 0..50 {
                let d = self.displacement(p);
                p = Point::new(target.x - d.x, target.y - d.y);
            }
        }
        self.to_frame.apply(p)
    }

    fn displacement(&self, p: Point) -> Point {
        let Some(curl) = self.curl else { return Point::new(0.0, 0.0) };
        let (u, v) = (p.x / self.width, p.y / self.height);
        let (su, sv) = (sin(PI * u), sin(PI * v));
        let (eu, ev) = (2.0 * u - 1.0, 2.0 * v - 1.0);
        Point::new(0.3 * curl.edge * eu * eu * eu * sv, curl.edge * su * ev * ev * ev + curl.bulge * su * sv)
    }

    /// The surface point seen at frame pixel `p` (before curl), if the plane is in front of
    /// the camera there.
    pub(crate) fn locate(&self, p: Point) -> Option<Point> {
        let (q, w) = self.from_frame.apply_weighted(p);
        (w > 0.0).then_some(q)
    }

    /// What the surface shows at surface point `q` (from [`Surface::locate`]).
    pub(crate) fn shade(&self, q: Point, codes: &[CodeImage]) -> Shade {
        let d = self.displacement(q);
        let s = Point::new(q.x + d.x, q.y + d.y);
        if !inside_rounded(&[0.0, 0.0, self.width, self.height], self.radius, s) {
            return Shade::Miss;
        }
        let screen = self.screen.filter(|sc| inside_rounded(&sc.rect, sc.radius, s));
        let colour = self.albedo(s, screen.as_ref(), codes);
        match screen {
            Some(sc) => {
                let sub = sc.subpixels(s);
                let b = sc.brightness;
                Shade::Emit([colour[0] * b * sub[0], colour[1] * b * sub[1], colour[2] * b * sub[2]])
            }
            None => Shade::Reflect(colour),
        }
    }

    /// The colour at (curled) surface point `s`: the code, else the topmost patch, else the
    /// screen or the grained base.
    fn albedo(&self, s: Point, screen: Option<&Screen>, codes: &[CodeImage]) -> Rgb {
        if let Some(print) = &self.print {
            let code = &codes[print.code];
            let (cx, cy) = (s.x - print.origin.x, s.y - print.origin.y);
            if cx >= 0.0 && cy >= 0.0 && cx < code.width as f64 && cy < code.height as f64 {
                let v = code.sample(cx, cy);
                let (ink, paper) = (print.ink, print.paper);
                return [
                    ink[0] + (paper[0] - ink[0]) * v,
                    ink[1] + (paper[1] - ink[1]) * v,
                    ink[2] + (paper[2] - ink[2]) * v,
                ];
            }
        }
        let band = self.bands.get(self.band(s.y)).map_or(&[][..], Vec::as_slice);
        if let Some(patch) =
            band.iter().rev().map(|&i| &self.patches[i as usize]).find(|p| inside(&p.rect, s))
        {
            return patch.colour;
        }
        match screen {
            Some(sc) => sc.colour,
            None => {
                let g = 1.0 + self.grain * grain(s.x, s.y, self.salt);
                [self.base[0] * g, self.base[1] * g, self.base[2] * g]
            }
        }
    }

    /// Light the display throws at surface point `q` outside it, in levels.
    pub(crate) fn glow(&self, q: Point) -> f32 {
        let Some(sc) = &self.screen else { return 0.0 };
        let dx = (sc.rect[0] - q.x).max(q.x - sc.rect[2]).max(0.0);
        let dy = (sc.rect[1] - q.y).max(q.y - sc.rect[3]).max(0.0);
        let reach = 0.08 * (sc.rect[2] - sc.rect[0]);
        let r2 = (dx * dx + dy * dy) / (reach * reach);
        if r2 == 0.0 {
            return 0.0;
        }
        sc.glow / (1.0 + r2 as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_follows_the_curl() {
        let img = image::GrayImage::from_pixel(40, 40, image::Luma([0]));
        let codes = [CodeImage::new(&img)];
        let mut card = Surface::new(100.0, 120.0, [240.0; 3]);
        card.print =
            Some(Print { code: 0, origin: Point::new(30.0, 40.0), ink: [0.0; 3], paper: [255.0; 3] });
        card.set_curl(Curl { edge: 6.0, bulge: 2.0 });
        card.place(&Pose::flat(0.0), [30.0, 40.0, 40.0, 40.0], Point::new(200.0, 200.0), 80.0);
        let quad = card.placement(&codes).expect("printed");
        // Just inside each corner the code shows; just outside, the card does.
        let centre = quad.center();
        for c in quad.corners {
            let toward = Point::new(c.x + (centre.x - c.x) * 0.02, c.y + (centre.y - c.y) * 0.02);
            let away = Point::new(c.x - (centre.x - c.x) * 0.05, c.y - (centre.y - c.y) * 0.05);
            let q = card.locate(toward).expect("in front");
            assert_eq!(card.shade(q, &codes), Shade::Reflect([0.0; 3]));
            let q = card.locate(away).expect("in front");
            assert_eq!(card.shade(q, &codes), Shade::Reflect([240.0; 3]));
        }
    }
}
