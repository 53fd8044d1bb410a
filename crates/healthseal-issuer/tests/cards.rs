//! Cards fit every field inside the card's safe area for any name and time zone, in both
//! scripts and every label language, and look the same wherever they are rendered.

mod common;

use chrono::FixedOffset;
use common::{cjk_fonts, content, issue};
use healthseal_core::Status;
use healthseal_issuer::{
    Card, CardError, CardFonts, CardLangs, CARD_HEIGHT_MM, CARD_WIDTH_MM, SAFE_MARGIN_MM,
};

/// Names short and long (up to the 200 characters a credential allows), in Latin, CJK, other
/// scripts and mixed.
fn names() -> Vec<String> {
    let mut names: Vec<String> = [
        "Li",
        "张三",
        "欧阳娜娜",
        "Ana Lima",
        "Maria Fernanda de los Ángeles Rodríguez-Ocampo y Villaseñor",
        "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft",
        "李 Anna-María 王",
        "Nguyễn Thị Minh Khai",
        "Jose\u{301} N\u{303}u\u{301}n\u{303}ez", // combining accents
        "Σοφία Παπαδοπούλου",
        "Александра Николаевна Константинопольская",
        "山田 太郎",
        "김민준",
        // Accented capitals and descenders reach beyond the usual line.
        "ÉVA LI",
        "Peggy Ågren",
        "ỄẪ NGUYỄN THỊ",
        "Ångström Ýgg Ñúñez Øye",
    ]
    .map(String::from)
    .to_vec();
    names.push("W".repeat(200));
    names.push("欧阳".repeat(100));
    let words: String =
        (0..200).map(|i| if i % 2 == 1 { ' ' } else { char::from(b'A' + (i / 2 % 26) as u8) }).collect();
    names.push(words.trim_end().to_string());
    names
}

const OFFSETS: [Option<i32>; 7] = [
    None,
    Some(0),
    Some(8 * 3600),
    Some(5 * 3600 + 45 * 60),
    Some(-(9 * 3600 + 30 * 60)),
    Some(14 * 3600),
    Some(-12 * 3600),
];

const LANGS: [CardLangs; 4] = [CardLangs::ZhEn, CardLangs::EnZh, CardLangs::Zh, CardLangs::En];
const STATUSES: [Status; 3] = [Status::Green, Status::Yellow, Status::Red];

fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Every rule of the layout, for one card.
fn check_layout(card: &Card, what: &str) {
    let (lo_x, lo_y) = (SAFE_MARGIN_MM, SAFE_MARGIN_MM);
    let (hi_x, hi_y) = (CARD_WIDTH_MM - SAFE_MARGIN_MM, CARD_HEIGHT_MM - SAFE_MARGIN_MM);
    let inside = |b: [f64; 4]| b[0] >= lo_x && b[1] >= lo_y && b[2] <= hi_x && b[3] <= hi_y;
    let qr = card.qr_box().expect("a QR code");
    assert!(inside(qr), "{what}: QR modules {qr:?} outside the safe area");
    let texts = card.text_boxes();
    assert!(texts.len() >= 8, "{what}: only {} lines of text", texts.len());
    for (i, &t) in texts.iter().enumerate() {
        assert!(inside(t), "{what}: text line {i} {t:?} outside the safe area");
        // Clear of the QR code and its quiet zone (at least 3 mm at this size).
        let quiet = [qr[0] - 3.0, qr[1] - 3.0, qr[2] + 3.0, qr[3] + 3.0];
        assert!(!overlap(t, quiet), "{what}: text line {i} {t:?} over the QR code");
        for (j, &u) in texts.iter().enumerate().skip(i + 1) {
            assert!(!overlap(t, u), "{what}: text lines {i} {t:?} and {j} {u:?} overlap");
        }
    }
}

#[test]
fn every_glyph_lies_inside_the_safe_area() {
    let Some(fonts) = cjk_fonts() else { return };
    let mut checked = 0;
    let names = names();
    for (n, name) in names.iter().enumerate() {
        let issued = issue(name, STATUSES[n % 3]);
        for (k, offset) in OFFSETS.iter().enumerate() {
            let offset = offset.map(|s| FixedOffset::east_opt(s).unwrap());
            let langs = LANGS[(n + k) % 4];
            let card = Card::lay_out(&content(&issued, offset, langs), &fonts).unwrap();
            check_layout(&card, &format!("{name} / {offset:?} / {langs:?}"));
            checked += 1;
        }
    }
    // The longest name in every label language and status.
    for langs in LANGS {
        for status in STATUSES {
            let issued = issue(&names[18], status);
            let offset = FixedOffset::east_opt(-(9 * 3600 + 30 * 60));
            let card = Card::lay_out(&content(&issued, offset, langs), &fonts).unwrap();
            check_layout(&card, &format!("long CJK / {langs:?} / {status:?}"));
            checked += 1;
        }
    }
    assert_eq!(checked, names.len() * OFFSETS.len() + 12);
}

#[test]
fn latin_names_fit_with_the_built_in_fonts_alone() {
    let fonts = CardFonts::builtin();
    let names = names();
    for name in [0, 3, 4, 5, 13, 14, 16, 17, 19].map(|i| &names[i]) {
        let issued = issue(name, Status::Green);
        let offset = FixedOffset::east_opt(8 * 3600);
        let card = Card::lay_out(&content(&issued, offset, CardLangs::ZhEn), &fonts).unwrap();
        check_layout(&card, name);
    }
}

#[test]
fn stacked_accents_stay_inside_the_card_or_are_refused() {
    let Some(fonts) = cjk_fonts() else { return };
    // Valid names made of a letter and up to 199 combining marks: however a font stacks them,
    // the card either keeps every glyph inside its safe area or is refused.
    let mut drawn = 0;
    for name in [
        format!("A{}", "\u{301}".repeat(199)),
        format!("\u{531}{}", "\u{301}".repeat(199)),
        format!("Zoe{} Li", "\u{308}\u{301}".repeat(20)),
        "Ê\u{303}\u{301}\u{323} Ẫ\u{309}".to_string(),
    ] {
        let issued = issue(&name, Status::Green);
        match Card::lay_out(&content(&issued, None, CardLangs::ZhEn), &fonts) {
            Ok(card) => {
                check_layout(&card, &format!("{:?}", name.chars().take(8).collect::<String>()));
                drawn += 1;
            }
            Err(CardError::NameTooTall) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert!(drawn >= 2, "only {drawn} of the names were drawn");
}

#[test]
fn a_name_no_font_draws_is_refused_not_boxed() {
    let issued = issue("张三 Zhang", Status::Green);
    let err = Card::lay_out(&content(&issued, None, CardLangs::ZhEn), &CardFonts::builtin()).unwrap_err();
    let CardError::Glyphs(missing) = &err else { panic!("{err}") };
    assert_eq!(missing.chars, vec!['张', '三']);
    assert!(err.to_string().contains("fonts-noto-cjk"), "{err}");
}

#[test]
fn longer_names_get_smaller_type() {
    let fonts = CardFonts::builtin();
    let height = |name: &str| {
        let issued = issue(name, Status::Green);
        let card = Card::lay_out(&content(&issued, None, CardLangs::En), &fonts).unwrap();
        // The name is the second line of text in the column (after the band's two).
        let [_, y0, _, y1] = card.text_boxes()[3];
        y1 - y0
    };
    let short = height("Ana Lima");
    let long = height(&names()[4]);
    assert!(long < short * 0.9, "{long} vs {short}");
}

/// Renders an SVG with resvg (6 px per CSS pixel), with the given fonts available to it; RGBA.
fn render(svg: &str, fontdb: resvg::usvg::fontdb::Database) -> Vec<u8> {
    let options = resvg::usvg::Options { fontdb: std::sync::Arc::new(fontdb), ..Default::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &options).unwrap();
    let size = tree.size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new((size.width() * 6.0) as u32, (size.height() * 6.0) as u32).unwrap();
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(6.0, 6.0), &mut pixmap.as_mut());
    pixmap.take()
}

#[test]
fn a_card_looks_the_same_on_a_machine_without_cjk_fonts() {
    let Some(fonts) = cjk_fonts() else { return };
    let issued = issue("张三", Status::Green);
    let card =
        Card::lay_out(&content(&issued, FixedOffset::east_opt(8 * 3600), CardLangs::ZhEn), &fonts).unwrap();
    let svg = card.to_svg();
    let mut installed = resvg::usvg::fontdb::Database::new();
    installed.load_system_fonts();
    let with_fonts = render(&svg, installed.clone());
    let without = render(&svg, resvg::usvg::fontdb::Database::new());
    assert!(with_fonts == without, "the card renders differently without fonts");
    // The name is drawn without fonts: its box (the fourth line of text, after the band's two
    // and the label) is well inked.
    let width =
        (resvg::usvg::Tree::from_str(&svg, &Default::default()).unwrap().size().width() * 6.0) as usize;
    let px_per_mm = width as f64 / CARD_WIDTH_MM;
    let [x0, y0, x1, y1] = card.text_boxes()[3].map(|mm| (mm * px_per_mm) as usize);
    let ink = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (y, x)))
        .filter(|(y, x)| without[(y * width + x) * 4] < 128);
    let area = (x1 - x0) * (y1 - y0);
    assert!(ink.count() * 5 > area, "the name's box is nearly blank");
    // The renderer does use fonts: the same name as live SVG text differs without them, which
    // is what the card's outlines avoid.
    let live =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96mm\" height=\"68mm\" viewBox=\"0 0 96 68\">\
         <text x=\"60\" y=\"25\" font-size=\"6\" font-family=\"Noto Sans CJK SC\">张三</text></svg>";
    assert!(render(live, installed) != render(live, resvg::usvg::fontdb::Database::new()));
}
