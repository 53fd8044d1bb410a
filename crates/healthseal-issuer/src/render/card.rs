//! A printable card: the QR code large enough to scan from paper at arm's length, and what an
//! officer compares with an identity document, in words as well as colour, in Chinese and
//! English. Laid out once as a [`Drawing`] (text as outlines), written as SVG or onto PDF sheets.

use chrono::FixedOffset;
use healthseal_core::{Credential, Status};
use thiserror::Error;

use super::drawing::{Drawing, Item, Path, Rgb, Role, Shape};
use super::fonts::{CardFonts, Line, MissingGlyphs, Weight};
use super::labels::{CardLangs, Word};
use crate::qr::{EcLevel, QrError, QrSymbol, QUIET_ZONE};

/// Card width, mm. Eight cards fill an A4 sheet (two across, four down) with room for cut marks.
pub const CARD_WIDTH_MM: f64 = 96.0;
/// Card height, mm.
pub const CARD_HEIGHT_MM: f64 = 68.0;
/// Distance from the cut edge that all ink stays clear of (text, QR modules), mm: what a
/// guillotine or a pair of scissors may miss by.
pub const SAFE_MARGIN_MM: f64 = 3.0;
/// Side of the printed QR code including its quiet zone, mm. A typical credential (version 9,
/// 61 modules with the quiet zone) gets 0.92 mm modules: phone cameras at 1920x1080 read 0.9 mm
/// and up at arm's length (docs/issuing.md, "Printed module size").
pub const QR_SIDE_MM: f64 = 56.0;

const BAND_MM: f64 = 11.0;
const QR_X_MM: f64 = 2.0;
const QR_Y_MM: f64 = BAND_MM + (CARD_HEIGHT_MM - BAND_MM - QR_SIDE_MM) / 2.0;
/// The least quiet zone, mm: the QR area's lowest edge is this far outside the safe area.
const MIN_QUIET_MM: f64 = QR_Y_MM + QR_SIDE_MM - (CARD_HEIGHT_MM - SAFE_MARGIN_MM);
/// The text column: right of the QR code's quiet zone, to the safe margin.
const TEXT_X_MM: f64 = QR_X_MM + QR_SIDE_MM + 1.5;
const TEXT_RIGHT_MM: f64 = CARD_WIDTH_MM - SAFE_MARGIN_MM;
const TEXT_WIDTH_MM: f64 = TEXT_RIGHT_MM - TEXT_X_MM;

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];
const GREY: Rgb = [0x55, 0x55, 0x55];
const DARK_GREY: Rgb = [0x33, 0x33, 0x33];
const OUTLINE: Rgb = [0x99, 0x99, 0x99];

/// Label size, mm (em).
const LABEL: f64 = 2.3;
/// Size of the birth date and the local expiry time.
const VALUE: f64 = 3.6;
/// Size of the time zone and UTC lines.
const SMALL: f64 = 2.6;
/// Room for a line above its baseline and below it, in ems: Noto Sans CJK's ideographs reach
/// 0.88 em up and 0.12 em down (Latin descenders less), and the rest is leading.
const ASCENT: f64 = 0.92;
const DESCENT: f64 = 0.28;
/// Name sizes tried in order, largest first, with the most lines allowed at each; at the last,
/// a name that still does not fit ends in "…" (the QR code always carries the whole name).
const NAME_TIERS: [(f64, usize); 6] = [(6.5, 1), (5.5, 2), (4.6, 2), (3.8, 2), (3.2, 3), (2.8, 4)];

/// What a card shows.
#[derive(Debug, Clone, Copy)]
pub struct CardContent<'a> {
    /// The credential's `HS1:` text, drawn as the QR code.
    pub text: &'a str,
    /// The same credential's claims, printed.
    pub credential: &'a Credential,
    /// The issuing region's offset from UTC, for "valid until" in local time (`None`: UTC only).
    pub utc_offset: Option<FixedOffset>,
    /// Error-correction level of the QR code.
    pub level: EcLevel,
    /// Languages of the card's fixed words.
    pub langs: CardLangs,
}

/// Why a card cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CardError {
    /// The text does not fit a QR code.
    #[error(transparent)]
    Qr(#[from] QrError),
    /// No available font draws some of the card's characters (the name's, in practice).
    #[error(transparent)]
    Glyphs(#[from] MissingGlyphs),
    /// The name's characters reach too far above or below the line to fit the card even at the
    /// smallest size (stacks of combining marks); the QR code would carry it, the card cannot.
    #[error("the name's characters are too tall to print on a card (stacked accents?)")]
    NameTooTall,
}

/// A laid-out card, ready to be written as SVG or placed on a PDF sheet.
#[derive(Debug, Clone)]
pub struct Card {
    pub(crate) drawing: Drawing,
    version: i16,
    level: EcLevel,
}

/// Status colour (background, text colour).
fn band(status: Status) -> (Rgb, Rgb) {
    match status {
        Status::Green => ([0x1b, 0x7f, 0x3b], WHITE),
        Status::Yellow => ([0xf2, 0xc2, 0x00], BLACK),
        Status::Red => ([0xc6, 0x28, 0x28], WHITE),
    }
}

impl Card {
    /// Lays out a card. Fails when the text does not fit a QR code, or when no font in `fonts`
    /// draws a character of the name ([`CardError::Glyphs`] names them): a card never prints
    /// empty boxes.
    ///
    /// ```
    /// # use healthseal_core::*;
    /// # let credential = CredentialDraft { region: "CN-ZJ".parse()?, issued_at: Timestamp::from_unix(1_795_564_800)?,
    /// #     not_before: None, expires_at: Timestamp::from_unix(1_795_824_000)?, id: CredentialId::from_bytes([0x5e; 8]),
    /// #     status: Status::Green, name: "Ana Lima".into(), birth_date: "1990-07-01".into(), basis: None }.check()?;
    /// # let text = Sealed::sign(&credential, &SigningKey::from_seed([1; 32]))?.to_text();
    /// use healthseal_issuer::{region_utc_offset, qr::EcLevel, Card, CardContent, CardFonts, CardLangs};
    ///
    /// let content = CardContent {
    ///     text: &text,
    ///     credential: &credential,
    ///     utc_offset: region_utc_offset(credential.region()),
    ///     level: EcLevel::M,
    ///     langs: CardLangs::ZhEn,
    /// };
    /// let card = Card::lay_out(&content, &CardFonts::builtin())?;
    /// let svg = card.to_svg();
    /// // Text is drawn as outlines: the SVG names no font and holds no text element.
    /// assert!(svg.starts_with("<svg") && !svg.contains("<text") && !svg.contains("font"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lay_out(card: &CardContent<'_>, fonts: &CardFonts) -> Result<Card, CardError> {
        Self::lay_out_symbol(card, &QrSymbol::encode(card.text, card.level)?, fonts)
    }

    /// [`Card::lay_out`] with the card's text already encoded as `symbol` (a batch that also
    /// writes QR images encodes it once).
    pub(crate) fn lay_out_symbol(
        card: &CardContent<'_>,
        symbol: &QrSymbol,
        fonts: &CardFonts,
    ) -> Result<Card, CardError> {
        let c = card.credential;
        let (fill, ink) = band(c.status());
        let (w, h) = (CARD_WIDTH_MM, CARD_HEIGHT_MM);
        let mut d = Drawing { width: w, height: h, items: Vec::new() };
        let rounded = Path::rounded_rect(0.0, 0.0, w, h, 3.0, [true; 4]);
        d.items.push(Item { role: Role::Outline, colour: WHITE, shape: Shape::Fill(rounded.clone()) });
        let band_path = Path::rounded_rect(0.0, 0.0, w, BAND_MM, 3.0, [true, true, false, false]);
        d.items.push(Item { role: Role::Band, colour: fill, shape: Shape::Fill(band_path) });
        let inset = Path::rounded_rect(0.1, 0.1, w - 0.2, h - 0.2, 2.9, [true; 4]);
        d.items.push(Item { role: Role::Outline, colour: OUTLINE, shape: Shape::Stroke(inset, 0.2) });

        // The band: the status word on the left, "health status · region" on the right.
        let word = fit(fonts, &card.langs.say(Word::Status(c.status())), Weight::Bold, 4.6, 50.0)?;
        let word_right = SAFE_MARGIN_MM + word.extent();
        place(&mut d, word, SAFE_MARGIN_MM, 7.8, ink);
        let header = format!("{} · {}", card.langs.say(Word::HealthStatus), c.region().as_str());
        let room = TEXT_RIGHT_MM - word_right - 3.0;
        let header = fit(fonts, &header, Weight::Regular, 2.5, room)?;
        let x = TEXT_RIGHT_MM - header.extent();
        place(&mut d, header, x, 7.4, ink);

        // The QR code, exact: one rectangle per run of dark modules.
        // Four modules of quiet zone, and never so little that modules reach the cut margin
        // (large codes: then the modules shrink a little more).
        let n = symbol.width() as f64;
        let q = QUIET_ZONE as f64;
        let module = (QR_SIDE_MM / (n + 2.0 * q)).min((QR_SIDE_MM - 2.0 * MIN_QUIET_MM) / n);
        let corner = (QR_SIDE_MM - n * module) / 2.0 - q * module;
        let cell = |v: usize| u32::try_from(v + QUIET_ZONE).unwrap_or(u32::MAX);
        let runs = symbol.dark_runs().map(|(x, y, len)| [cell(x), cell(y), cell(len) - cell(0)]).collect();
        let grid = Shape::Grid { x: QR_X_MM + corner, y: QR_Y_MM + corner, cell: module, runs };
        d.items.push(Item { role: Role::Qr, colour: BLACK, shape: grid });

        // The text column, top to bottom; the name takes the largest size at which all fits.
        let id = c.id().to_string();
        let footer = format!(
            "ID {} · QR {}-{}",
            id.get(..8).unwrap_or(&id),
            symbol.version(),
            crate::qr::level_letter(symbol.level())
        );
        let footer = fit(fonts, &footer, Weight::Regular, 2.2, TEXT_WIDTH_MM)?;
        let footer_baseline = h - SAFE_MARGIN_MM - DESCENT * 2.2;
        let bottom = footer_baseline - ASCENT * 2.2 - 1.0;
        let mut rest = Vec::new();
        let birth = c.birth_date().to_string();
        rest.push(Text::gap(1.6));
        rest.push(Text::new(
            fit(fonts, &card.langs.say(Word::Born), Weight::Regular, LABEL, TEXT_WIDTH_MM)?,
            LABEL,
            GREY,
        ));
        rest.push(Text::new(fit(fonts, &birth, Weight::Regular, VALUE, TEXT_WIDTH_MM)?, VALUE, BLACK));
        rest.push(Text::gap(1.6));
        let until = card.langs.say(Word::ValidUntil);
        rest.push(Text::new(fit(fonts, &until, Weight::Regular, LABEL, TEXT_WIDTH_MM)?, LABEL, GREY));
        let expires = c.expires_at().to_datetime();
        let utc = expires.format("%Y-%m-%d %H:%M UTC").to_string();
        match card.utc_offset {
            Some(offset) if offset.local_minus_utc() != 0 => {
                let local = expires.with_timezone(&offset);
                let when = local.format("%Y-%m-%d %H:%M").to_string();
                rest.push(Text::new(fit(fonts, &when, Weight::Regular, VALUE, TEXT_WIDTH_MM)?, VALUE, BLACK));
                let zone = local.format("(UTC%:z)").to_string();
                rest.push(Text::new(
                    fit(fonts, &zone, Weight::Regular, SMALL, TEXT_WIDTH_MM)?,
                    SMALL,
                    DARK_GREY,
                ));
                rest.push(Text::new(
                    fit(fonts, &utc, Weight::Regular, SMALL, TEXT_WIDTH_MM)?,
                    SMALL,
                    DARK_GREY,
                ));
            }
            _ => rest.push(Text::new(fit(fonts, &utc, Weight::Regular, VALUE, TEXT_WIDTH_MM)?, VALUE, BLACK)),
        }
        let holder = fit(fonts, &card.langs.say(Word::Holder), Weight::Regular, LABEL, TEXT_WIDTH_MM)?;
        let top = BAND_MM + SAFE_MARGIN_MM;
        let name = c.name().as_str();
        let mut column = Vec::new();
        for (i, &(size, most)) in NAME_TIERS.iter().enumerate() {
            let last = i == NAME_TIERS.len() - 1;
            let Some(lines) = name_lines(fonts, name, size, most, last)? else { continue };
            column = vec![Text::new(holder.clone(), LABEL, GREY)];
            column.extend(lines.into_iter().map(|line| Text::new(line, size, BLACK)));
            column.extend(rest.iter().cloned());
            if last || top + Text::height(&column) <= bottom {
                break;
            }
        }
        if top + Text::height(&column) > bottom {
            return Err(CardError::NameTooTall);
        }
        let mut y = top;
        for text in column {
            let (rise, drop) = text.extent();
            y += rise;
            if let Some(line) = text.line {
                place(&mut d, line, TEXT_X_MM, y, text.colour);
            }
            y += drop;
        }
        place(&mut d, footer, TEXT_X_MM, footer_baseline, GREY);
        Ok(Card { drawing: d, version: symbol.version(), level: symbol.level() })
    }

    /// The card as a standalone SVG document, sized in millimetres for printing at 100 %.
    pub fn to_svg(&self) -> String {
        self.drawing.to_svg("healthseal credential card")
    }

    /// The QR code's version (1–40).
    pub fn qr_version(&self) -> i16 {
        self.version
    }

    /// The QR code's error-correction level.
    pub fn qr_level(&self) -> EcLevel {
        self.level
    }

    /// Boxes `[x0, y0, x1, y1]` (mm) holding the ink of each line of text, in drawing order.
    pub fn text_boxes(&self) -> Vec<[f64; 4]> {
        self.items_boxes(Role::Text)
    }

    /// The box holding the QR code's dark modules, mm.
    pub fn qr_box(&self) -> Option<[f64; 4]> {
        super::fonts::union(self.items_boxes(Role::Qr).into_iter())
    }

    fn items_boxes(&self, role: Role) -> Vec<[f64; 4]> {
        self.drawing.items.iter().filter(|i| i.role == role).filter_map(|i| i.shape.bounds()).collect()
    }
}

/// The card as a standalone SVG document: [`Card::lay_out`], then [`Card::to_svg`].
pub fn card_svg(card: &CardContent<'_>, fonts: &CardFonts) -> Result<String, CardError> {
    Ok(Card::lay_out(card, fonts)?.to_svg())
}

/// A line of the text column, or a gap.
#[derive(Debug, Clone)]
struct Text {
    line: Option<Line>,
    size: f64,
    colour: Rgb,
}

impl Text {
    fn new(line: Line, size: f64, colour: Rgb) -> Self {
        Text { line: Some(line), size, colour }
    }

    /// A gap of `mm` between blocks.
    fn gap(mm: f64) -> Self {
        Text { line: None, size: mm / (ASCENT + DESCENT), colour: BLACK }
    }

    /// Room above the baseline and below it: the usual share of the size, or more where the ink
    /// reaches further (accented capitals, stacked marks).
    fn extent(&self) -> (f64, f64) {
        let (rise, drop) = (self.size * ASCENT, self.size * DESCENT);
        match self.line.as_ref().and_then(Line::bounds) {
            Some([_, y0, _, y1]) => (rise.max(-y0), drop.max(y1)),
            None => (rise, drop),
        }
    }

    fn height(column: &[Text]) -> f64 {
        column
            .iter()
            .map(|t| {
                let (rise, drop) = t.extent();
                rise + drop
            })
            .sum()
    }
}

/// `text` on one line at `size`, or smaller if that is wider than `width`.
fn fit(fonts: &CardFonts, text: &str, weight: Weight, size: f64, width: f64) -> Result<Line, MissingGlyphs> {
    let line = fonts.line(text, weight, size)?;
    let extent = line.extent();
    if extent <= width || extent <= 0.0 {
        return Ok(line);
    }
    fonts.line(text, weight, size * width / extent * 0.999)
}

/// Adds a line of text whose leftmost ink or pen position (whichever is further left) is at `x`,
/// on `baseline`.
fn place(d: &mut Drawing, line: Line, x: f64, baseline: f64, colour: Rgb) {
    if line.glyphs.is_empty() {
        return;
    }
    let (left, _) = line.span();
    let glyphs = line.glyphs.iter().map(|g| g.moved(x - left, baseline)).collect();
    d.items.push(Item { role: Role::Text, colour, shape: Shape::Glyphs(glyphs) });
}

/// The name broken into at most `most` lines of the column's width at `size`: at spaces where
/// possible, between any two characters where not (CJK names have no spaces). `None` when it
/// needs more lines, unless `cut`: then the last line ends in "…".
fn name_lines(
    fonts: &CardFonts,
    name: &str,
    size: f64,
    most: usize,
    cut: bool,
) -> Result<Option<Vec<Line>>, MissingGlyphs> {
    let width = |s: &str| fonts.line(s, Weight::Bold, size).map(|l| l.extent());
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in name.split_inclusive(' ') {
        let candidate = format!("{line}{word}");
        if line.is_empty() || width(candidate.trim_end())? <= TEXT_WIDTH_MM {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            line = word.to_string();
        }
        // A word wider than the column on its own is broken between characters.
        while width(line.trim_end())? > TEXT_WIDTH_MM {
            let mut head = String::new();
            for c in line.chars() {
                let next = format!("{head}{c}");
                if !head.is_empty() && width(&next)? > TEXT_WIDTH_MM {
                    break;
                }
                head = next;
            }
            line = line[head.len()..].to_string();
            lines.push(head.trim_end().to_string());
        }
        if lines.len() > most && !cut {
            return Ok(None);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    if lines.len() > most {
        if !cut {
            return Ok(None);
        }
        lines.truncate(most);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && width(&format!("{last}…"))? > TEXT_WIDTH_MM {
                last.pop();
            }
            last.push('…');
        }
    }
    lines.iter().map(|l| fonts.line(l, Weight::Bold, size)).collect::<Result<Vec<_>, _>>().map(Some)
}
