//! Print sheets: every card of a batch's PDF, rendered at 300 dpi by poppler's pdftoppm, reads
//! back to its credential with the checkpoint's QR reader; the PDF needs no font; and poppler
//! renders it the same with no fonts at all. (`just interop` reads the same pages with zxing-cpp.)

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use common::{available, cjk_fonts, content, has_program, issue};
use healthseal_core::{KeyInfo, Role, SigningKey, Status, Timestamp};
use healthseal_issuer::batch::{csv_rows, run_batch, BatchConfig, Format, MANIFEST_NAME};
use healthseal_issuer::qr::EcLevel;
use healthseal_issuer::{
    sheets_pdf, Card, CardFonts, CardLangs, Issuer, CARDS_PER_SHEET, CARD_HEIGHT_MM, CARD_WIDTH_MM,
    SHEET_HEIGHT_MM, SHEET_WIDTH_MM,
};

fn pages(pdf: &[u8]) -> usize {
    pdf.windows(12).filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's').count()
}

#[test]
fn sheets_hold_eight_cards_each() {
    let issued = issue("Ana Lima", Status::Green);
    let card = Card::lay_out(&content(&issued, None, CardLangs::ZhEn), &CardFonts::builtin()).unwrap();
    let pdf_card = card.to_pdf_card();
    for (cards, expected) in [(0, 1), (1, 1), (8, 1), (9, 2), (17, 3)] {
        let pdf = sheets_pdf(&vec![pdf_card.clone(); cards]);
        assert_eq!(pages(&pdf), expected, "{cards} cards");
    }
    assert_eq!(CARDS_PER_SHEET, 8);
}

/// A batch of `rows` people to PDF (and text), with the given fonts; returns the folder.
fn batch(dir: &Path, names: &[String], fonts: CardFonts) {
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    let issuer = Issuer::new(SigningKey::from_seed([4; 32]), &info, None).unwrap();
    let config = BatchConfig {
        out_dir: dir.to_path_buf(),
        formats: vec![Format::Txt, Format::Pdf],
        default_valid_for: Some(Duration::from_secs(72 * 3600)),
        level: EcLevel::M,
        module_px: 4,
        utc_offset: healthseal_issuer::region_utc_offset(&"CN-ZJ".parse().unwrap()),
        langs: CardLangs::ZhEn,
        fonts: Arc::new(fonts),
        jobs: 2,
        resume: false,
        now: Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap(),
        id_seed: [6; 32],
    };
    let mut csv = String::from("name,birth_date,status\n");
    for (i, name) in names.iter().enumerate() {
        let status = ["green", "yellow", "red"][i % 3];
        csv.push_str(&format!("\"{name}\",1950-0{}-01,{status}\n", 1 + i % 9));
    }
    let summary = run_batch(&issuer, csv_rows(csv.as_bytes()).unwrap(), &config, |_| {}).unwrap();
    assert_eq!((summary.issued, summary.failed), (names.len() as u64, 0));
}

/// Residents of a care home; with Chinese, Japanese and Korean names when a font draws them.
fn people() -> (Vec<String>, CardFonts) {
    let mut names: Vec<String> = (1..=12).map(|i| format!("Resident {i:02} Lima")).collect();
    names.push("Maria Fernanda de los Ángeles Rodríguez-Ocampo y Villaseñor".into());
    let fonts = match cjk_fonts() {
        Some(fonts) => {
            names.extend(["张三", "欧阳娜娜", "李 Anna-María 王", "山田 太郎", "김민준"].map(String::from));
            // The longest name a credential allows: the largest QR code a card carries.
            names.push("欧阳".repeat(100));
            fonts
        }
        None => CardFonts::builtin(),
    };
    (names, fonts)
}

/// Renders `pdf` at 300 dpi in grey; one image per page, in order.
fn render(pdf: &Path, out: &Path, fontconfig: Option<&Path>) -> Vec<image::GrayImage> {
    let mut command = Command::new("pdftoppm");
    command.args(["-r", "300", "-gray", "-png"]).arg(pdf).arg(out);
    if let Some(config) = fontconfig {
        command.env("FONTCONFIG_FILE", config);
    }
    let status = command.status().unwrap();
    assert!(status.success(), "pdftoppm failed");
    let dir = out.parent().unwrap();
    let stem = out.file_name().unwrap().to_string_lossy().to_string();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{stem}-")))
        .collect();
    files.sort();
    files.iter().map(|p| image::open(p).unwrap().to_luma8()).collect()
}

#[test]
fn every_card_on_the_sheets_reads_back_at_300_dpi() {
    if !available("poppler-utils (pdftoppm)", has_program("pdftoppm")) {
        return;
    }
    let (names, fonts) = people();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("batch");
    batch(&out, &names, fonts);
    let pdf = out.join("sheets-0000001.pdf");
    let pages = render(&pdf, &dir.path().join("page"), None);
    assert_eq!(pages.len(), names.len().div_ceil(CARDS_PER_SHEET));
    let px_per_mm = 300.0 / 25.4;
    let (x0, y0) =
        ((SHEET_WIDTH_MM - 2.0 * CARD_WIDTH_MM) / 2.0, (SHEET_HEIGHT_MM - 4.0 * CARD_HEIGHT_MM) / 2.0);
    for (row, name) in names.iter().enumerate() {
        let page = &pages[row / CARDS_PER_SHEET];
        let i = row % CARDS_PER_SHEET;
        let x = x0 + (i % 2) as f64 * CARD_WIDTH_MM;
        let y = y0 + (i / 2) as f64 * CARD_HEIGHT_MM;
        let px = |mm: f64| (mm * px_per_mm).round() as u32;
        let cut =
            image::imageops::crop_imm(page, px(x), px(y), px(CARD_WIDTH_MM), px(CARD_HEIGHT_MM)).to_image();
        let expected = std::fs::read_to_string(out.join(format!("row-{:07}.txt", row + 1))).unwrap();
        // One card in view, as a checkpoint's camera sees it.
        assert_eq!(
            healthseal_verifier::read_qr_codes(&cut),
            vec![expected.trim().to_string()],
            "row {} ({name})",
            row + 1
        );
    }
    // The manifest names the sheet for every row.
    let manifest = std::fs::read_to_string(out.join(MANIFEST_NAME)).unwrap();
    assert_eq!(manifest.lines().filter(|l| l.contains("sheets-0000001.pdf")).count(), names.len());
}

#[test]
fn sheets_need_no_font() {
    if !available("poppler-utils (pdffonts, pdftoppm)", has_program("pdffonts")) {
        return;
    }
    let (names, fonts) = people();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("batch");
    batch(&out, &names[..9], fonts);
    let pdf = out.join("sheets-0000001.pdf");
    let listed = Command::new("pdffonts").arg(&pdf).output().unwrap();
    assert!(listed.status.success());
    let listing = String::from_utf8(listed.stdout).unwrap();
    // A header of two lines, then one line per font: there is none, embedded or not.
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(fonts.is_empty(), "fonts in the sheets:\n{listing}");

    // Rendered by poppler with no fonts at all available, the sheets look the same.
    let empty = dir.path().join("no-fonts.conf");
    std::fs::write(
        &empty,
        "<?xml version=\"1.0\"?>\n<fontconfig><cachedir>/nonexistent</cachedir></fontconfig>\n",
    )
    .unwrap();
    let with_fonts = render(&pdf, &dir.path().join("with"), None);
    let without = render(&pdf, &dir.path().join("without"), Some(&empty));
    assert_eq!(with_fonts.len(), 2);
    assert!(with_fonts == without, "the sheets render differently without fonts");
}
