//! A drawing in millimetres (y down): filled paths, rectangles and strokes, each tagged with what
//! it is. Cards are laid out once as a drawing and written out as SVG or PDF from it.

use std::fmt::Write;

use super::fonts::{union, Placed};
use super::svg::push_num;

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Seg {
    Move(f64, f64),
    Line(f64, f64),
    Quad(f64, f64, f64, f64),
    Cubic(f64, f64, f64, f64, f64, f64),
    Close,
}

/// An outline made of steps.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Path {
    pub segs: Vec<Seg>,
}

impl Path {
    pub fn move_to(&mut self, (x, y): (f64, f64)) {
        self.segs.push(Seg::Move(x, y));
    }
    pub fn line_to(&mut self, (x, y): (f64, f64)) {
        self.segs.push(Seg::Line(x, y));
    }
    pub fn quad_to(&mut self, (cx, cy): (f64, f64), (x, y): (f64, f64)) {
        self.segs.push(Seg::Quad(cx, cy, x, y));
    }
    pub fn cubic_to(&mut self, (ax, ay): (f64, f64), (bx, by): (f64, f64), (x, y): (f64, f64)) {
        self.segs.push(Seg::Cubic(ax, ay, bx, by, x, y));
    }
    pub fn close(&mut self) {
        self.segs.push(Seg::Close);
    }

    /// A rectangle whose corners in `round` (top-left, top-right, bottom-right, bottom-left) are
    /// rounded with radius `r`.
    pub fn rounded_rect(x: f64, y: f64, w: f64, h: f64, r: f64, round: [bool; 4]) -> Path {
        // Control-point distance of a cubic approximating a quarter circle.
        let k = r * 0.552_284_75;
        let mut p = Path::default();
        let ri = |i: usize| if round[i] { r } else { 0.0 };
        let ki = |i: usize| if round[i] { k } else { 0.0 };
        p.move_to((x + ri(0), y));
        p.line_to((x + w - ri(1), y));
        p.cubic_to((x + w - ri(1) + ki(1), y), (x + w, y + ri(1) - ki(1)), (x + w, y + ri(1)));
        p.line_to((x + w, y + h - ri(2)));
        p.cubic_to((x + w, y + h - ri(2) + ki(2)), (x + w - ri(2) + ki(2), y + h), (x + w - ri(2), y + h));
        p.line_to((x + ri(3), y + h));
        p.cubic_to((x + ri(3) - ki(3), y + h), (x, y + h - ri(3) + ki(3)), (x, y + h - ri(3)));
        p.line_to((x, y + ri(0)));
        p.cubic_to((x, y + ri(0) - ki(0)), (x + ri(0) - ki(0), y), (x + ri(0), y));
        p.close();
        p
    }

    /// The smallest box `[x0, y0, x1, y1]` holding every point and control point: the ink lies
    /// inside it (a curve stays within its control points). `None` for an empty path.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        let mut b: Option<[f64; 4]> = None;
        let mut add = |x: f64, y: f64| {
            let r = b.get_or_insert([x, y, x, y]);
            r[0] = r[0].min(x);
            r[1] = r[1].min(y);
            r[2] = r[2].max(x);
            r[3] = r[3].max(y);
        };
        for s in &self.segs {
            match *s {
                Seg::Move(x, y) | Seg::Line(x, y) => add(x, y),
                Seg::Quad(a, b, x, y) => {
                    add(a, b);
                    add(x, y);
                }
                Seg::Cubic(a, b, c, d, x, y) => {
                    add(a, b);
                    add(c, d);
                    add(x, y);
                }
                Seg::Close => {}
            }
        }
        b
    }

    /// SVG path data.
    pub fn to_svg_data(&self) -> String {
        let mut d = String::with_capacity(self.segs.len() * 16);
        let pt = |d: &mut String, x: f64, y: f64| {
            push_num(d, x);
            d.push(',');
            push_num(d, y);
            d.push(' ');
        };
        for s in &self.segs {
            match *s {
                Seg::Move(x, y) => {
                    d.push('M');
                    pt(&mut d, x, y);
                }
                Seg::Line(x, y) => {
                    d.push('L');
                    pt(&mut d, x, y);
                }
                Seg::Quad(a, b, x, y) => {
                    d.push('Q');
                    pt(&mut d, a, b);
                    pt(&mut d, x, y);
                }
                Seg::Cubic(a, b, c, e, x, y) => {
                    d.push('C');
                    pt(&mut d, a, b);
                    pt(&mut d, c, e);
                    pt(&mut d, x, y);
                }
                Seg::Close => d.push('Z'),
            }
        }
        d.truncate(d.trim_end().len());
        d
    }
}

/// An sRGB colour.
pub(crate) type Rgb = [u8; 3];

/// What a drawn item is, for checks of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The card's outline: a guide for scissors, on the cut line.
    Outline,
    /// The status colour band.
    Band,
    /// The QR code's dark modules.
    Qr,
    /// A line of text.
    Text,
}

/// How an item is painted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// A filled path (non-zero winding).
    Fill(Path),
    /// Filled runs of grid cells (a QR code's dark modules): the grid's corner at (`x`, `y`),
    /// `cell` on a side, each run `[column, row, length]` along a row.
    Grid { x: f64, y: f64, cell: f64, runs: Vec<[u32; 3]> },
    /// A stroked path of the given width.
    Stroke(Path, f64),
    /// Glyphs, filled.
    Glyphs(Vec<Placed>),
}

/// One drawn thing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub role: Role,
    pub colour: Rgb,
    pub shape: Shape,
}

/// Things drawn on a page of `width` x `height` millimetres, in painting order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Drawing {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
}

impl Shape {
    /// The box `[x0, y0, x1, y1]` holding the shape's ink (for a path: its points and control
    /// points, which hold the curves).
    pub fn bounds(&self) -> Option<[f64; 4]> {
        match self {
            Shape::Fill(path) | Shape::Stroke(path, _) => path.bounds(),
            Shape::Glyphs(glyphs) => union(glyphs.iter().filter_map(Placed::bounds)),
            Shape::Grid { x, y, cell, runs } => {
                let cols = runs.iter().map(|r| (r[0], r[0] + r[2]));
                let (c0, c1) = cols.fold((u32::MAX, 0), |(a, b), (s, e)| (a.min(s), b.max(e)));
                let r0 = runs.iter().map(|r| r[1]).min()?;
                let r1 = runs.iter().map(|r| r[1] + 1).max()?;
                let at = |c: u32, o: f64| o + f64::from(c) * cell;
                Some([at(c0, *x), at(r0, *y), at(c1, *x), at(r1, *y)])
            }
        }
    }
}

impl Drawing {
    /// The drawing as a standalone SVG document, sized in millimetres for printing at 100 %.
    pub fn to_svg(&self, title: &str) -> String {
        let (w, h) = (self.width, self.height);
        let mut s = String::new();
        // Writing to a String cannot fail; the results are ignored for that reason.
        let _ = writeln!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
             width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\">\n<title>{title}</title>"
        );
        let mut defined = std::collections::BTreeMap::new();
        for item in &self.items {
            if let Shape::Glyphs(glyphs) = &item.shape {
                defined.extend(glyphs.iter().map(|g| (g.glyph.name.as_str(), g.glyph.svg_data.as_str())));
            }
        }
        if !defined.is_empty() {
            s.push_str("<defs>");
            for (name, data) in defined {
                let _ = write!(s, "<path id=\"{name}\" d=\"{data}\"/>");
            }
            s.push_str("</defs>\n");
        }
        for item in &self.items {
            let [r, g, b] = item.colour;
            let colour = format!("#{r:02x}{g:02x}{b:02x}");
            match &item.shape {
                Shape::Fill(path) => {
                    let _ = writeln!(s, "<path fill=\"{colour}\" d=\"{}\"/>", path.to_svg_data());
                }
                Shape::Glyphs(glyphs) => {
                    // Each glyph's outline is defined once (in font units, in <defs>) and used
                    // wherever it appears, scaled and flipped into place.
                    let _ = write!(s, "<g fill=\"{colour}\">");
                    for glyph in glyphs {
                        let mut at = String::new();
                        push_num(&mut at, glyph.scale * 1e3);
                        let scale = format!("{}e-3", at);
                        let mut x = String::new();
                        push_num(&mut x, glyph.x);
                        let mut y = String::new();
                        push_num(&mut y, glyph.y);
                        let _ = write!(
                            s,
                            "<use xlink:href=\"#{}\" transform=\"matrix({scale} 0 0 -{scale} {x} {y})\"/>",
                            glyph.glyph.name
                        );
                    }
                    s.push_str("</g>\n");
                }
                Shape::Stroke(path, width) => {
                    let _ = writeln!(
                        s,
                        "<path fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" d=\"{}\"/>",
                        path.to_svg_data()
                    );
                }
                Shape::Grid { x, y, cell, runs } => {
                    let mut d = String::with_capacity(runs.len() * 16);
                    for &[col, row, len] in runs {
                        let _ = write!(d, "M{col},{row}h{len}v1h-{len}z");
                    }
                    let mut at = String::new();
                    push_num(&mut at, *x);
                    at.push(' ');
                    push_num(&mut at, *y);
                    at.push_str(") scale(");
                    push_num(&mut at, *cell);
                    let _ = writeln!(
                        s,
                        "<path fill=\"{colour}\" shape-rendering=\"crispEdges\" transform=\"translate({at})\" d=\"{d}\"/>"
                    );
                }
            }
        }
        s.push_str("</svg>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_control_points() {
        let mut p = Path::default();
        p.move_to((1.0, 2.0));
        p.cubic_to((0.0, 5.0), (4.0, -1.0), (3.0, 3.0));
        p.close();
        assert_eq!(p.bounds(), Some([0.0, -1.0, 4.0, 5.0]));
        assert_eq!(Path::default().bounds(), None);
        assert_eq!(p.to_svg_data(), "M1,2 C0,5 4,-1 3,3 Z");
    }

    #[test]
    fn grid_bounds_and_svg() {
        let grid = Shape::Grid { x: 2.0, y: 1.0, cell: 0.5, runs: vec![[4, 4, 3], [5, 6, 1]] };
        assert_eq!(grid.bounds(), Some([4.0, 3.0, 5.5, 4.5]));
        let d = Drawing {
            width: 10.0,
            height: 10.0,
            items: vec![Item { role: Role::Qr, colour: [0; 3], shape: grid }],
        };
        assert!(d
            .to_svg("t")
            .contains(r#"transform="translate(2 1) scale(0.5)" d="M4,4h3v1h-3zM5,6h1v1h-1z""#));
    }

    #[test]
    fn rounded_rectangles_stay_in_their_box() {
        let p = Path::rounded_rect(0.0, 0.0, 10.0, 5.0, 2.0, [true, true, false, false]);
        assert_eq!(p.bounds(), Some([0.0, 0.0, 10.0, 5.0]));
    }
}
