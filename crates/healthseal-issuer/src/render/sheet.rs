//! Print-ready PDF: cards on A4 sheets, two across and four down, with cut marks in the margins.
//! Every card is a form XObject placed on its sheet, and every glyph outline is a form drawn once
//! per file and placed wherever it is used (labels and digits repeat on every card): text is
//! outlines, so the file holds no font at all and prints the same from any viewer or RIP.

use std::collections::BTreeMap;
use std::sync::Arc;

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::writers::Resources;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref};

use super::card::{Card, CARD_HEIGHT_MM, CARD_WIDTH_MM};
use super::drawing::{Drawing, Path, Seg, Shape};
use super::fonts::Glyph;

/// A4 portrait, mm.
pub const SHEET_WIDTH_MM: f64 = 210.0;
/// A4 portrait, mm.
pub const SHEET_HEIGHT_MM: f64 = 297.0;
/// Cards across a sheet.
const ACROSS: usize = 2;
/// Cards down a sheet.
const DOWN: usize = 4;
/// Cards on one sheet.
pub const CARDS_PER_SHEET: usize = ACROSS * DOWN;
/// Cut marks start this far outside the card edges and are this long, mm.
/// (Side margins are 9 mm: the marks run 5 to 8 mm from the sheet's edge, printable by printers
/// that leave the outer 5 mm blank.)
const MARK_GAP_MM: f64 = 1.0;
const MARK_LENGTH_MM: f64 = 3.0;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// A card drawn for a PDF sheet: its content stream, deflated, and the glyphs it places. Made
/// apart from the sheet (in parallel, in a batch) and placed later.
#[derive(Debug, Clone)]
pub struct PdfCard {
    stream: Vec<u8>,
    glyphs: Vec<Arc<Glyph>>,
}

impl Card {
    /// The card as a PDF form's content (millimetres, y down, as laid out), deflated.
    pub fn to_pdf_card(&self) -> PdfCard {
        let mut glyphs: BTreeMap<&str, &Arc<Glyph>> = BTreeMap::new();
        for item in &self.drawing.items {
            if let Shape::Glyphs(placed) = &item.shape {
                glyphs.extend(placed.iter().map(|p| (p.glyph.name.as_str(), &p.glyph)));
            }
        }
        PdfCard {
            stream: compress_to_vec_zlib(&content(&self.drawing), 6),
            glyphs: glyphs.into_values().map(Arc::clone).collect(),
        }
    }
}

/// The sheets' top-left corner of the card grid, mm: the grid centred on the page.
fn grid_origin() -> (f64, f64) {
    (
        (SHEET_WIDTH_MM - ACROSS as f64 * CARD_WIDTH_MM) / 2.0,
        (SHEET_HEIGHT_MM - DOWN as f64 * CARD_HEIGHT_MM) / 2.0,
    )
}

/// A PDF of A4 sheets holding `cards` in order, [`CARDS_PER_SHEET`] to a sheet, with cut marks.
/// An empty list gives a one-page document with cut marks only.
///
/// ```
/// # use healthseal_core::*;
/// # let credential = CredentialDraft { region: "CN-ZJ".parse()?, issued_at: Timestamp::from_unix(1_795_564_800)?,
/// #     not_before: None, expires_at: Timestamp::from_unix(1_795_824_000)?, id: CredentialId::from_bytes([0x5e; 8]),
/// #     status: Status::Green, name: "Ana Lima".into(), birth_date: "1990-07-01".into(), basis: None }.check()?;
/// # let text = Sealed::sign(&credential, &SigningKey::from_seed([1; 32]))?.to_text();
/// use healthseal_issuer::{qr::EcLevel, sheets_pdf, Card, CardContent, CardFonts, CardLangs};
///
/// let content = CardContent { text: &text, credential: &credential, utc_offset: None,
///     level: EcLevel::M, langs: CardLangs::En };
/// let card = Card::lay_out(&content, &CardFonts::builtin())?.to_pdf_card();
/// let pdf = sheets_pdf(&vec![card; 9]); // two sheets: eight cards and one
/// assert!(pdf.starts_with(b"%PDF-") && pdf.windows(8).any(|w| w == b"/Count 2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sheets_pdf(cards: &[PdfCard]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let mut next = 3;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    // Every glyph once, as a form in font units, and one resource dictionary naming them that
    // every card's form uses.
    let mut glyphs: BTreeMap<&str, &Glyph> = BTreeMap::new();
    for card in cards {
        glyphs.extend(card.glyphs.iter().map(|g| (g.name.as_str(), g.as_ref())));
    }
    let glyph_resources = alloc();
    let glyph_forms: Vec<(&str, Ref)> = glyphs.keys().map(|name| (*name, alloc())).collect();
    for ((_, glyph), &(_, form)) in glyphs.iter().zip(&glyph_forms) {
        let mut c = Content::new();
        trace(&mut c, &glyph.path, |v| v as f32);
        c.fill_nonzero();
        let stream = compress_to_vec_zlib(&c.finish().into_vec(), 6);
        let [x0, y0, x1, y1] = glyph.path.bounds().unwrap_or_default().map(|v| v as f32);
        let mut x = pdf.form_xobject(form, &stream);
        x.filter(Filter::FlateDecode);
        x.bbox(Rect::new(x0, y0, x1, y1));
        x.finish();
    }
    let mut resources = pdf.indirect(glyph_resources).start::<Resources>();
    let mut x_objects = resources.x_objects();
    for &(name, form) in &glyph_forms {
        x_objects.pair(Name(name.as_bytes()), form);
    }
    x_objects.finish();
    resources.finish();

    let sheets: Vec<&[PdfCard]> =
        if cards.is_empty() { vec![&[]] } else { cards.chunks(CARDS_PER_SHEET).collect() };
    let mut pages = Vec::with_capacity(sheets.len());
    let (x0, y0) = grid_origin();
    for sheet in sheets {
        let page = alloc();
        let body = alloc();
        let forms: Vec<Ref> = sheet.iter().map(|_| alloc()).collect();
        let mut c = Content::new();
        // Millimetres, origin at the top-left corner, y down: as the cards are laid out.
        c.save_state();
        c.transform([
            PT_PER_MM as f32,
            0.0,
            0.0,
            -PT_PER_MM as f32,
            0.0,
            (SHEET_HEIGHT_MM * PT_PER_MM) as f32,
        ]);
        for i in 0..sheet.len() {
            let x = x0 + (i % ACROSS) as f64 * CARD_WIDTH_MM;
            let y = y0 + (i / ACROSS) as f64 * CARD_HEIGHT_MM;
            c.save_state();
            c.transform([1.0, 0.0, 0.0, 1.0, x as f32, y as f32]);
            c.x_object(Name(format!("C{i}").as_bytes()));
            c.restore_state();
        }
        cut_marks(&mut c);
        c.restore_state();
        let stream = compress_to_vec_zlib(&c.finish().into_vec(), 6);
        pdf.stream(body, &stream).filter(Filter::FlateDecode);
        for (card, &form) in sheet.iter().zip(&forms) {
            let mut x = pdf.form_xobject(form, &card.stream);
            x.filter(Filter::FlateDecode);
            x.bbox(Rect::new(0.0, 0.0, CARD_WIDTH_MM as f32, CARD_HEIGHT_MM as f32));
            x.pair(Name(b"Resources"), glyph_resources);
            x.finish();
        }
        let mut p = pdf.page(page);
        let (w, h) = ((SHEET_WIDTH_MM * PT_PER_MM) as f32, (SHEET_HEIGHT_MM * PT_PER_MM) as f32);
        p.media_box(Rect::new(0.0, 0.0, w, h));
        p.parent(tree);
        p.contents(body);
        let mut resources = p.resources();
        let mut x_objects = resources.x_objects();
        for (i, &form) in forms.iter().enumerate() {
            x_objects.pair(Name(format!("C{i}").as_bytes()), form);
        }
        x_objects.finish();
        resources.finish();
        p.finish();
        pages.push(page);
    }
    let count = i32::try_from(pages.len()).unwrap_or(i32::MAX);
    pdf.pages(tree).kids(pages).count(count);
    pdf.catalog(catalog).pages(tree);
    pdf.finish()
}

/// Short lines in the margins continuing every cut line of the grid.
fn cut_marks(c: &mut Content) {
    let (x0, y0) = grid_origin();
    let (x1, y1) = (x0 + ACROSS as f64 * CARD_WIDTH_MM, y0 + DOWN as f64 * CARD_HEIGHT_MM);
    c.set_stroke_rgb(0.0, 0.0, 0.0);
    c.set_line_width(0.2);
    let line = |c: &mut Content, (ax, ay): (f64, f64), (bx, by): (f64, f64)| {
        c.move_to(ax as f32, ay as f32);
        c.line_to(bx as f32, by as f32);
    };
    for i in 0..=ACROSS {
        let x = x0 + i as f64 * CARD_WIDTH_MM;
        line(c, (x, y0 - MARK_GAP_MM), (x, y0 - MARK_GAP_MM - MARK_LENGTH_MM));
        line(c, (x, y1 + MARK_GAP_MM), (x, y1 + MARK_GAP_MM + MARK_LENGTH_MM));
    }
    for j in 0..=DOWN {
        let y = y0 + j as f64 * CARD_HEIGHT_MM;
        line(c, (x0 - MARK_GAP_MM, y), (x0 - MARK_GAP_MM - MARK_LENGTH_MM, y));
        line(c, (x1 + MARK_GAP_MM, y), (x1 + MARK_GAP_MM + MARK_LENGTH_MM, y));
    }
    c.stroke();
}

/// Path coordinates are written in hundredths of the drawing's unit, rounded: whole numbers are
/// short in PDF, and 0.01 mm is far below what a printer resolves.
const STEPS: f64 = 100.0;

/// A drawing's items as PDF content operators, in the drawing's own units.
fn content(d: &Drawing) -> Vec<u8> {
    let mut c = Content::new();
    c.transform([(1.0 / STEPS) as f32, 0.0, 0.0, (1.0 / STEPS) as f32, 0.0, 0.0]);
    for item in &d.items {
        let [r, g, b] = item.colour.map(|v| f32::from(v) / 255.0);
        match &item.shape {
            Shape::Fill(path) => {
                c.set_fill_rgb(r, g, b);
                trace(&mut c, path, step);
                c.fill_nonzero();
            }
            Shape::Stroke(path, width) => {
                c.set_stroke_rgb(r, g, b);
                c.set_line_width(step(*width));
                trace(&mut c, path, step);
                c.stroke();
            }
            Shape::Glyphs(glyphs) => {
                // Each glyph's form is in font units, y up.
                c.set_fill_rgb(r, g, b);
                for glyph in glyphs {
                    let s = (glyph.scale * STEPS) as f32;
                    c.save_state();
                    c.transform([s, 0.0, 0.0, -s, step(glyph.x), step(glyph.y)]);
                    c.x_object(Name(glyph.glyph.name.as_bytes()));
                    c.restore_state();
                }
            }
            Shape::Grid { x, y, cell, runs } => {
                // In cells, so every rectangle is four small whole numbers.
                c.save_state();
                c.transform([(cell * STEPS) as f32, 0.0, 0.0, (cell * STEPS) as f32, step(*x), step(*y)]);
                c.set_fill_rgb(r, g, b);
                for &[col, row, len] in runs {
                    c.rect(col as f32, row as f32, len as f32, 1.0);
                }
                c.fill_nonzero();
                c.restore_state();
            }
        }
    }
    c.finish().into_vec()
}

fn step(v: f64) -> f32 {
    (v * STEPS).round() as f32
}

/// Path operators, each coordinate written as `step` gives it; quadratic pieces (TrueType
/// outlines) become the equal cubic ones.
fn trace(c: &mut Content, path: &Path, step: impl Fn(f64) -> f32) {
    let (mut cx, mut cy) = (0.0, 0.0);
    let (mut sx, mut sy) = (0.0, 0.0);
    for s in &path.segs {
        match *s {
            Seg::Move(x, y) => {
                c.move_to(step(x), step(y));
                (cx, cy, sx, sy) = (x, y, x, y);
            }
            Seg::Line(x, y) => {
                c.line_to(step(x), step(y));
                (cx, cy) = (x, y);
            }
            Seg::Quad(qx, qy, x, y) => {
                let (ax, ay) = (cx + 2.0 / 3.0 * (qx - cx), cy + 2.0 / 3.0 * (qy - cy));
                let (bx, by) = (x + 2.0 / 3.0 * (qx - x), y + 2.0 / 3.0 * (qy - y));
                c.cubic_to(step(ax), step(ay), step(bx), step(by), step(x), step(y));
                (cx, cy) = (x, y);
            }
            Seg::Cubic(ax, ay, bx, by, x, y) => {
                c.cubic_to(step(ax), step(ay), step(bx), step(by), step(x), step(y));
                (cx, cy) = (x, y);
            }
            Seg::Close => {
                c.close_path();
                (cx, cy) = (sx, sy);
            }
        }
    }
}
