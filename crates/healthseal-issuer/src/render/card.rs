//! A printable card (SVG, A7 landscape): the QR code large enough to scan from paper, and what an
//! officer compares with an identity document, in words as well as colour.

use std::fmt::Write;

use chrono::FixedOffset;
use healthseal_core::{Credential, Status};

use crate::qr::{EcLevel, QrError, QrSymbol};

/// Card width, mm (A7 landscape).
pub const CARD_WIDTH_MM: f64 = 105.0;
/// Card height, mm.
pub const CARD_HEIGHT_MM: f64 = 74.0;
/// Side of the printed QR code including its quiet zone, mm. A typical credential (version 9,
/// 61 modules with the quiet zone) gets 0.79 mm modules: well above what a phone camera resolves
/// at arm's length, and above the 35 mm the field needs for paper.
pub const QR_SIDE_MM: f64 = 48.0;

/// Fonts tried in order: CJK-capable families first so names in any script render, then the
/// platform's sans-serif.
const FONTS: &str = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC',\
'Microsoft YaHei','WenQuanYi Micro Hei','Noto Sans',Arial,sans-serif";

const BAND_MM: f64 = 12.0;
const TEXT_X_MM: f64 = 56.0;
const TEXT_WIDTH_MM: f64 = CARD_WIDTH_MM - TEXT_X_MM - 4.0;

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
}

/// Status colour (background, text colour) and the word printed on it.
fn band(status: Status) -> (&'static str, &'static str, &'static str) {
    match status {
        Status::Green => ("#1b7f3b", "#ffffff", "GREEN"),
        Status::Yellow => ("#f2c200", "#000000", "YELLOW"),
        Status::Red => ("#c62828", "#ffffff", "RED"),
    }
}

/// Approximate advance of `c` in ems: wide (CJK, full-width) characters take a whole em.
fn advance(c: char) -> f64 {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        1.0
    } else {
        0.6
    }
}

/// Splits `name` into lines no wider than `width_em`, at spaces where possible.
fn wrap(name: &str, width_em: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for word in name.split_inclusive(' ') {
        let w: f64 = word.chars().map(advance).sum();
        if used + w > width_em && !line.is_empty() && w <= width_em {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            used = 0.0;
        }
        for c in word.chars() {
            if used + advance(c) > width_em && !line.is_empty() {
                lines.push(std::mem::take(&mut line).trim_end().to_string());
                used = 0.0;
            }
            line.push(c);
            used += advance(c);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The name's lines and font size (mm): the largest size from 6 mm down that fits in two lines;
/// below that, up to four lines at the smallest size, the last one cut with "…" (the QR code
/// always carries the whole name).
fn fit_name(name: &str) -> (Vec<String>, f64) {
    for size in [6.0, 5.0, 4.2, 3.5] {
        let lines = wrap(name, TEXT_WIDTH_MM / size);
        if lines.len() <= 2 {
            return (lines, size);
        }
    }
    let size = 3.0;
    let mut lines = wrap(name, TEXT_WIDTH_MM / size);
    if lines.len() > 4 {
        lines.truncate(4);
        let last = &mut lines[3];
        while last.chars().map(advance).sum::<f64>() + 1.0 > TEXT_WIDTH_MM / size {
            last.pop();
        }
        last.push('…');
    }
    (lines, size)
}

/// Text safe inside an SVG element or attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The card as a standalone SVG document, sized in millimetres for printing at 100 %.
///
/// ```
/// # use healthseal_core::*;
/// # let credential = CredentialDraft { region: "CN-ZJ".parse()?, issued_at: Timestamp::from_unix(1_795_564_800)?,
/// #     not_before: None, expires_at: Timestamp::from_unix(1_795_824_000)?, id: CredentialId::from_bytes([0x5e; 8]),
/// #     status: Status::Green, name: "张三".into(), birth_date: "1990-07-01".into(), basis: None }.check()?;
/// # let text = Sealed::sign(&credential, &SigningKey::from_seed([1; 32]))?.to_text();
/// use healthseal_issuer::{card_svg, region_utc_offset, CardContent, qr::EcLevel};
///
/// let svg = card_svg(&CardContent {
///     text: &text,
///     credential: &credential,
///     utc_offset: region_utc_offset(credential.region()),
///     level: EcLevel::M,
/// })?;
/// assert!(svg.contains("张三") && svg.contains("GREEN") && svg.contains("2026-11-28 08:00 UTC+08:00"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn card_svg(card: &CardContent<'_>) -> Result<String, QrError> {
    let symbol = QrSymbol::encode(card.text, card.level)?;
    let c = card.credential;
    let (fill, ink, word) = band(c.status());
    let module = QR_SIDE_MM / symbol.width_with_quiet_zone() as f64;
    let qr_y = BAND_MM + (CARD_HEIGHT_MM - BAND_MM - QR_SIDE_MM) / 2.0;
    let mut s = String::new();
    // Writing to a String cannot fail; the results are ignored below for that reason.
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{CARD_WIDTH_MM}mm\" height=\"{CARD_HEIGHT_MM}mm\" \
         viewBox=\"0 0 {CARD_WIDTH_MM} {CARD_HEIGHT_MM}\" font-family=\"{FONTS}\">\n\
         <title>healthseal credential card</title>\n\
         <rect width=\"{CARD_WIDTH_MM}\" height=\"{CARD_HEIGHT_MM}\" rx=\"3\" fill=\"#ffffff\" stroke=\"#888888\" stroke-width=\"0.3\"/>\n\
         <path d=\"M0,3a3,3 0 0 1 3,-3h{w}a3,3 0 0 1 3,3v{b}h-{cw}z\" fill=\"{fill}\"/>\n\
         <text x=\"4\" y=\"8.6\" font-size=\"6.5\" font-weight=\"bold\" fill=\"{ink}\">{word}</text>\n\
         <text x=\"{right}\" y=\"8\" font-size=\"3.2\" fill=\"{ink}\" text-anchor=\"end\">health status · {region}</text>\n",
        w = CARD_WIDTH_MM - 6.0,
        b = BAND_MM - 3.0,
        cw = CARD_WIDTH_MM,
        right = CARD_WIDTH_MM - 4.0,
        region = escape(c.region().as_str()),
    );
    let _ = writeln!(s, "<g shape-rendering=\"crispEdges\">{}</g>", symbol.svg_path(4.0, qr_y, module));
    let mut y = BAND_MM + 7.0;
    let label = |s: &mut String, y: f64, text: &str| {
        let _ = writeln!(
            s,
            "<text x=\"{TEXT_X_MM}\" y=\"{y:.1}\" font-size=\"2.6\" fill=\"#555555\">{text}</text>"
        );
    };
    label(&mut s, y, "Holder");
    let (lines, size) = fit_name(c.name().as_str());
    for line in &lines {
        y += size * 1.15;
        let _ = writeln!(
            s,
            "<text x=\"{TEXT_X_MM}\" y=\"{y:.1}\" font-size=\"{size}\" font-weight=\"bold\">{}</text>",
            escape(line)
        );
    }
    let field = |s: &mut String, y: &mut f64, name: &str, value: &str| {
        *y += 6.5;
        label(s, *y, name);
        *y += 4.6;
        let _ =
            writeln!(s, "<text x=\"{TEXT_X_MM}\" y=\"{:.1}\" font-size=\"3.8\">{}</text>", *y, escape(value));
    };
    field(&mut s, &mut y, "Born", &c.birth_date().to_string());
    let expires = c.expires_at().to_datetime();
    let utc = expires.format("%Y-%m-%d %H:%M UTC").to_string();
    match card.utc_offset {
        Some(offset) if offset.local_minus_utc() != 0 => {
            let local = expires.with_timezone(&offset).format("%Y-%m-%d %H:%M UTC%:z").to_string();
            field(&mut s, &mut y, "Valid until", &local);
            y += 4.4;
            let _ = writeln!(
                s,
                "<text x=\"{TEXT_X_MM}\" y=\"{y:.1}\" font-size=\"3.2\" fill=\"#333333\">{utc}</text>"
            );
        }
        _ => field(&mut s, &mut y, "Valid until", &utc),
    }
    let id = c.id().to_string();
    let _ = writeln!(
        s,
        "<text x=\"{TEXT_X_MM}\" y=\"{:.1}\" font-size=\"2.6\" fill=\"#555555\">ID {} · QR {}-{}</text>\n</svg>",
        CARD_HEIGHT_MM - 4.0,
        escape(id.get(..8).unwrap_or(&id)),
        symbol.version(),
        crate::qr::level_letter(symbol.level()),
    );
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_wrap_within_the_column() {
        let (lines, size) = fit_name("Ana Lima");
        assert_eq!((lines, size), (vec!["Ana Lima".to_string()], 6.0));
        let long = "Maria Fernanda de los Ángeles Rodríguez-Ocampo y Villaseñor";
        let (lines, size) = fit_name(long);
        assert!(size < 6.0);
        assert_eq!(lines.join(" "), long);
        for line in &lines {
            assert!(line.chars().map(advance).sum::<f64>() <= TEXT_WIDTH_MM / size + 1e-9, "{line}");
        }
    }

    #[test]
    fn cjk_names_wrap_by_character() {
        let name = "欧阳".repeat(40);
        let (lines, size) = fit_name(&name);
        assert_eq!(size, 3.0);
        assert!(lines.len() <= 4);
        assert!(lines.last().unwrap().ends_with('…'));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("A<b>&'\""), "A&lt;b&gt;&amp;&apos;&quot;");
    }
}
