//! Fonts for cards. The card's own words (labels, digits, Latin letters) come from a built-in cut
//! of Noto Sans CJK SC, so they look the same on every issuing machine; what it lacks (most
//! names) comes from the fonts installed on the issuing machine. Text leaves this module as
//! outlines: a card never names a font, so it prints the same wherever it is rendered.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use fontdb::{Database, FaceInfo, Source, ID};
use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};
use rustybuzz::UnicodeBuffer;
use thiserror::Error;

use super::drawing::Path;

/// The built-in faces (printable ASCII and the card's Chinese words; `fonts/` says how they were
/// cut and under which licence).
const BUILTIN_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Regular.card.otf");
const BUILTIN_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Bold.card.otf");

/// Installed families tried first, in order, before any other installed face: the built-in
/// faces' own design, then broad-coverage sans-serif families.
const PREFERRED: [&str; 9] = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans Arabic",
    "DejaVu Sans",
    "Liberation Sans",
];

/// Stroke weight of a text run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn css(self) -> u16 {
        match self {
            Weight::Regular => 400,
            Weight::Bold => 700,
        }
    }
}

/// Characters no available font draws. The card is refused rather than printed with empty boxes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("no installed font draws {}; {}", list(.chars), hint(.chars))]
pub struct MissingGlyphs {
    /// The characters, each once, in order of appearance.
    pub chars: Vec<char>,
}

impl MissingGlyphs {
    /// The refusal without the characters themselves (for reports that must not show names):
    /// how many, and the package to install.
    pub fn without_characters(&self) -> String {
        format!(
            "no installed font draws {} of the name's characters; {}",
            self.chars.len(),
            hint(&self.chars)
        )
    }
}

fn list(chars: &[char]) -> String {
    chars.iter().map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect::<Vec<_>>().join(", ")
}

fn hint(chars: &[char]) -> &'static str {
    let cjk = chars.iter().any(|&c| {
        matches!(u32::from(c), 0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
    });
    if cjk {
        "install a font that has them (on Debian: apt-get install fonts-noto-cjk)"
    } else {
        "install a font that has them (on Debian: apt-get install fonts-noto-core)"
    }
}

/// The fonts cards are drawn with: the built-in faces, and the installed ones when loaded.
///
/// ```
/// use healthseal_issuer::CardFonts;
/// let fonts = CardFonts::builtin();
/// assert!(fonts.missing("Ana Lima").is_empty());
/// assert_eq!(fonts.missing("Σοφία"), vec!['Σ', 'ο', 'φ', 'ί', 'α']); // no Greek built in
/// ```
pub struct CardFonts {
    db: Database,
    /// Distinguishes the glyphs of one `CardFonts` from another's in glyph names.
    id: usize,
    /// Every face, numbered for glyph names.
    numbers: HashMap<ID, usize>,
    /// Glyph outlines, once drawn: shared by every card that uses them.
    glyphs: Mutex<HashMap<(ID, u16), Arc<Glyph>>>,
    /// Faces in the order they are tried, per weight: built-in first, then the preferred
    /// families, then every other installed face.
    order: HashMap<Weight, Vec<ID>>,
    /// Which face draws a character, once looked up.
    chosen: Mutex<HashMap<(char, Weight), Option<ID>>>,
}

impl std::fmt::Debug for CardFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardFonts").field("faces", &self.db.len()).finish()
    }
}

impl CardFonts {
    /// Only the built-in faces: what a machine with no fonts installed has. Names outside
    /// printable ASCII are refused.
    pub fn builtin() -> Self {
        Self::with(Database::new())
    }

    /// The built-in faces and every font installed on this machine (fontconfig's folders on
    /// Linux, the system's font folders elsewhere).
    pub fn installed() -> Self {
        let mut db = Database::new();
        db.load_system_fonts();
        Self::with(db)
    }

    fn with(mut db: Database) -> Self {
        let installed: Vec<FaceInfo> = db.faces().cloned().collect();
        let regular = db.load_font_source(Source::Binary(Arc::new(BUILTIN_REGULAR)));
        let bold = db.load_font_source(Source::Binary(Arc::new(BUILTIN_BOLD)));
        // A fixed order, so the same machine always picks the same face: preferred families
        // first, then by family name; upright before italic, proportional before monospaced,
        // the nearest weight first.
        let ordered = |weight: Weight, builtin: &[ID]| {
            let mut faces: Vec<&FaceInfo> = installed.iter().collect();
            faces.sort_by_cached_key(|f| {
                let family = f.families.first().map(|(name, _)| name.clone()).unwrap_or_default();
                let rank = PREFERRED.iter().position(|p| *p == family).unwrap_or(PREFERRED.len());
                let italic = f.style != fontdb::Style::Normal;
                (rank, family, italic, f.monospaced, f.weight.0.abs_diff(weight.css()), f.index)
            });
            builtin.iter().copied().chain(faces.into_iter().map(|f| f.id)).collect::<Vec<_>>()
        };
        let mut order = HashMap::new();
        order.insert(Weight::Regular, ordered(Weight::Regular, &regular));
        order.insert(Weight::Bold, ordered(Weight::Bold, &bold));
        let numbers = db.faces().enumerate().map(|(i, f)| (f.id, i)).collect();
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        Self {
            db,
            id,
            numbers,
            glyphs: Mutex::new(HashMap::new()),
            order,
            chosen: Mutex::new(HashMap::new()),
        }
    }

    /// The characters of `text` that no available face draws, each once, in order. Spaces and
    /// other whitespace need no glyph.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for c in text.chars() {
            if !c.is_whitespace() && self.face_for(c, Weight::Regular).is_none() && !missing.contains(&c) {
                missing.push(c);
            }
        }
        missing
    }

    /// The first face in order that has a glyph for `c`.
    fn face_for(&self, c: char, weight: Weight) -> Option<ID> {
        let key = (c, weight);
        if let Some(found) = self.chosen.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return *found;
        }
        let found = self.order[&weight].iter().copied().find(|&id| {
            self.db
                .with_face_data(id, |data, index| {
                    rustybuzz::ttf_parser::Face::parse(data, index)
                        .ok()
                        .and_then(|f| f.glyph_index(c))
                        .is_some()
                })
                .unwrap_or(false)
        });
        self.chosen.lock().unwrap_or_else(PoisonError::into_inner).insert(key, found);
        found
    }

    /// `text` on one line as outlines, the pen starting at (0, 0) on the baseline, `size` the
    /// em size in millimetres (y grows downwards, as on the card).
    pub(crate) fn line(&self, text: &str, weight: Weight, size: f64) -> Result<Line, MissingGlyphs> {
        let missing = self.missing(text);
        if !missing.is_empty() {
            return Err(MissingGlyphs { chars: missing });
        }
        // Runs of characters drawn by one face; whitespace and combining marks stay in the run
        // of the character before them when that face has them.
        let mut runs: Vec<(ID, String)> = Vec::new();
        for c in text.chars() {
            let keep = runs
                .last()
                .is_some_and(|(id, _)| (c.is_whitespace() || is_mark(c)) && self.has_glyph(*id, c));
            let id = match (keep, runs.last()) {
                (true, Some((id, _))) => *id,
                _ => match self.face_for(c, weight).or_else(|| runs.last().map(|(id, _)| *id)) {
                    Some(id) => id,
                    // Whitespace at the start with no face yet: the first face in order.
                    None => self.order[&weight][0],
                },
            };
            match runs.last_mut() {
                Some((last, run)) if *last == id => run.push(c),
                _ => runs.push((id, c.to_string())),
            }
        }
        let mut line = Line { glyphs: Vec::new(), width: 0.0 };
        for (id, run) in &runs {
            self.db.with_face_data(*id, |data, index| {
                let Some(face) = rustybuzz::Face::from_slice(data, index) else { return };
                let scale = size / f64::from(face.units_per_em());
                let mut buffer = UnicodeBuffer::new();
                buffer.push_str(run);
                buffer.guess_segment_properties();
                let shaped = rustybuzz::shape(&face, &[], buffer);
                for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                    let x = line.width + f64::from(pos.x_offset) * scale;
                    let y = -f64::from(pos.y_offset) * scale;
                    let gid = u16::try_from(info.glyph_id).unwrap_or(0);
                    // Glyph 0 is the "no glyph" box: a character no face has is refused above,
                    // so only whitespace without a glyph of its own gets here; it draws nothing.
                    if gid != 0 {
                        let glyph = self.glyph(*id, &face, gid);
                        if !glyph.path.segs.is_empty() {
                            line.glyphs.push(Placed { glyph, x, y, scale });
                        }
                    }
                    line.width += f64::from(pos.x_advance) * scale;
                }
            });
        }
        Ok(line)
    }

    /// The outline of glyph `gid` of face `id`, drawn once and shared.
    fn glyph(&self, id: ID, face: &rustybuzz::Face<'_>, gid: u16) -> Arc<Glyph> {
        let mut glyphs = self.glyphs.lock().unwrap_or_else(PoisonError::into_inner);
        let glyph = glyphs.entry((id, gid)).or_insert_with(|| {
            let mut pen = Pen { path: Path::default() };
            face.outline_glyph(GlyphId(gid), &mut pen);
            let face = self.numbers.get(&id).copied().unwrap_or(usize::MAX);
            let name = format!("g{}-{face}-{gid}", self.id);
            let svg_data = pen.path.to_svg_data();
            Arc::new(Glyph { name, path: pen.path, svg_data })
        });
        Arc::clone(glyph)
    }

    fn has_glyph(&self, id: ID, c: char) -> bool {
        self.db
            .with_face_data(id, |data, index| {
                rustybuzz::ttf_parser::Face::parse(data, index).ok().and_then(|f| f.glyph_index(c)).is_some()
            })
            .unwrap_or(false)
    }
}

/// Combining marks (general category M, the common blocks): drawn with their base character.
fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// A glyph's outline in font units (y up), and a name for it that is the same wherever the
/// same face and glyph are used with the same [`CardFonts`], and differs between two of them.
#[derive(Debug, PartialEq)]
pub(crate) struct Glyph {
    pub name: String,
    pub path: Path,
    /// The outline as SVG path data in font units, made once (it is the same on every card).
    pub svg_data: String,
}

/// A glyph placed on a drawing: its origin at (`x`, `y`) millimetres (y down), `scale`
/// millimetres per font unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub glyph: Arc<Glyph>,
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

impl Placed {
    /// The same glyph moved by (`dx`, `dy`).
    pub fn moved(&self, dx: f64, dy: f64) -> Placed {
        Placed { glyph: Arc::clone(&self.glyph), x: self.x + dx, y: self.y + dy, scale: self.scale }
    }

    /// The box holding the glyph's ink, in drawing coordinates.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        let [x0, y0, x1, y1] = self.glyph.path.bounds()?;
        let s = self.scale;
        Some([self.x + x0 * s, self.y - y1 * s, self.x + x1 * s, self.y - y0 * s])
    }
}

/// A line of text as outlines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    /// The glyphs, pen origin at (0, 0) on the baseline, millimetres.
    pub glyphs: Vec<Placed>,
    /// Advance width, millimetres.
    pub width: f64,
}

impl Line {
    /// The box holding the line's ink.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        union(self.glyphs.iter().filter_map(Placed::bounds))
    }

    /// Where the line reaches left and right of the pen origin: its advance, widened by ink
    /// that overhangs it (a "Y" or "W" may start left of the pen).
    pub fn span(&self) -> (f64, f64) {
        match self.bounds() {
            Some([x0, _, x1, _]) => (x0.min(0.0), x1.max(self.width)),
            None => (0.0, self.width),
        }
    }

    /// Width of [`Line::span`].
    pub fn extent(&self) -> f64 {
        let (left, right) = self.span();
        right - left
    }
}

/// The smallest box holding all of `boxes`.
pub(crate) fn union(boxes: impl Iterator<Item = [f64; 4]>) -> Option<[f64; 4]> {
    boxes.reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
}

/// Receives a glyph's outline, in font units.
struct Pen {
    path: Path,
}

impl Pen {
    fn at(&self, x: f32, y: f32) -> (f64, f64) {
        (f64::from(x), f64::from(y))
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.path.move_to(p);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.path.line_to(p);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (c, p) = (self.at(x1, y1), self.at(x, y));
        self.path.quad_to(c, p);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.path.cubic_to(c1, c2, p);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_faces_draw_ascii_and_measure_it() {
        let fonts = CardFonts::builtin();
        let line = fonts.line("Ana Lima", Weight::Bold, 5.0).unwrap();
        assert!(line.width > 15.0 && line.width < 25.0, "{}", line.width);
        let [x0, y0, x1, y1] = line.bounds().unwrap();
        // Ink starts near the pen and rises above the baseline by about a cap height.
        assert!(x0 > -0.2 && x0 < 1.0 && x1 <= line.width + 0.5, "{x0} {x1}");
        assert!(y0 < -3.0 && y0 > -5.0 && y1 <= 0.5, "{y0} {y1}");
    }

    #[test]
    fn missing_characters_are_named_with_the_package() {
        let fonts = CardFonts::builtin();
        let err = fonts.line("李 Lee", Weight::Regular, 4.0).unwrap_err();
        assert_eq!(err.chars, vec!['李']);
        let message = err.to_string();
        assert!(message.contains("李 (U+674E)") && message.contains("fonts-noto-cjk"), "{message}");
        let err = fonts.line("Ωmega", Weight::Regular, 4.0).unwrap_err();
        assert!(err.to_string().contains("fonts-noto-core"), "{err}");
    }

    #[test]
    fn whitespace_needs_no_glyph() {
        assert!(CardFonts::builtin().missing(" \u{3000}").is_empty());
    }
}
