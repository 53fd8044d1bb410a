//! Every QR the issuer draws reads back to the exact credential text: PNG decoded from its bytes,
//! SVG and cards rasterised by resvg, each then read by a QR decoder (rxing, the reader the
//! checkpoint ships; `just interop` repeats this with zxing-cpp).

mod common;

use common::issue;
use healthseal_core::Status;
use healthseal_issuer::qr::{QrSymbol, LEVELS};
use healthseal_issuer::{card_svg, region_utc_offset, CardContent, CardFonts, CardLangs};

/// Every QR payload rxing finds in a greyscale image.
fn read(luma: Vec<u8>, width: u32, height: u32) -> Vec<String> {
    let mut hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true));
    rxing::helpers::detect_multiple_in_luma_with_hints(luma, width, height, &mut hints)
        .map(|results| results.iter().map(|r| r.getText().to_string()).collect())
        .unwrap_or_default()
}

fn read_png(png: &[u8]) -> Vec<String> {
    let image = image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap().to_luma8();
    let (w, h) = image.dimensions();
    read(image.into_raw(), w, h)
}

/// Rasterises an SVG at `px_per_unit` pixels per user unit, on white.
fn rasterise(svg: &str, px_per_unit: f32) -> (Vec<u8>, u32, u32) {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
    let size = tree.size();
    let (w, h) = ((size.width() * px_per_unit).ceil() as u32, (size.height() * px_per_unit).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(px_per_unit, px_per_unit),
        &mut pixmap.as_mut(),
    );
    let luma = pixmap
        .pixels()
        .iter()
        .map(|p| ((p.red() as u32 + p.green() as u32 + p.blue() as u32) / 3) as u8)
        .collect();
    (luma, w, h)
}

#[test]
fn png_reads_back_at_every_level_and_scale() {
    let issued = issue("张三", Status::Green);
    for (letter, level) in LEVELS {
        let symbol = QrSymbol::encode(issued.text(), level).unwrap();
        for module_px in [2, 4, 8] {
            let png = symbol.to_png(module_px);
            assert_eq!(
                read_png(&png),
                vec![issued.text().to_string()],
                "level {letter}, {module_px} px/module"
            );
        }
    }
}

#[test]
fn svg_reads_back_when_rasterised() {
    let issued = issue("Maria Fernanda de los Ángeles Rodríguez-Ocampo", Status::Yellow);
    for (letter, level) in LEVELS {
        let svg = QrSymbol::encode(issued.text(), level).unwrap().to_svg(Some(40.0));
        // The SVG's user units are modules: 5 px per module.
        let (luma, w, h) = rasterise(&svg, 5.0);
        assert_eq!(read(luma, w, h), vec![issued.text().to_string()], "level {letter}");
    }
}

#[test]
fn cards_read_back_for_every_status() {
    // Names the built-in faces draw, so this runs on a machine with no fonts installed.
    for (name, status) in
        [("Zhang San", Status::Green), ("Ana Lima", Status::Yellow), ("O'Brien & <Sons>", Status::Red)]
    {
        let issued = issue(name, status);
        let svg = card_svg(
            &CardContent {
                text: issued.text(),
                credential: issued.credential(),
                utc_offset: region_utc_offset(issued.credential().region()),
                level: healthseal_issuer::qr::DEFAULT_EC_LEVEL,
                langs: CardLangs::ZhEn,
            },
            &CardFonts::builtin(),
        )
        .unwrap();
        // The card is parsed as well-formed SVG and its user units are millimetres: 12 px/mm is
        // 300 dpi print.
        let (luma, w, h) = rasterise(&svg, 12.0);
        assert_eq!(read(luma, w, h), vec![issued.text().to_string()], "{name}");
    }
}

#[test]
fn printed_modules_meet_the_measured_minimum() {
    // docs/issuing.md, "Printed module size": 0.9 mm is read at arm's length at 1920x1080. A
    // typical credential (a 20-character name) is version 9.
    let issued = issue("Maximilian Oberhofer", Status::Green);
    let symbol = QrSymbol::encode(issued.text(), healthseal_issuer::qr::DEFAULT_EC_LEVEL).unwrap();
    let module_mm = healthseal_issuer::QR_SIDE_MM / symbol.width_with_quiet_zone() as f64;
    assert!(module_mm >= 0.9, "version {}: {module_mm:.3} mm", symbol.version());
}
