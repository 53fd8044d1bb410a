//! The issuer's parsers, fed arbitrary input, return a value or a typed error and never panic;
//! their errors read as one line (the command line prints each as one line). Batch inputs are
//! read to the end, every row.

use std::fmt::Display;

use healthseal_issuer::batch::{csv_rows, jsonl_rows, InputRow, COLUMNS};
use healthseal_issuer::parse_utc_offset;
use healthseal_issuer::qr::{level_from_letter, level_letter, EcLevel, QrSymbol, LEVELS};
use proptest::prelude::*;

fn one_line(e: &impl Display) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.trim().is_empty(), "empty error message");
    prop_assert!(!text.chars().any(char::is_control), "error message with a control character: {text:?}");
    Ok(())
}

/// Rows are numbered 1, 2, 3… and every failure explains itself on one line.
fn check_rows(rows: impl Iterator<Item = InputRow>, input_len: usize) -> Result<(), TestCaseError> {
    let mut count = 0u64;
    for row in rows {
        count += 1;
        prop_assert_eq!(row.row, count, "rows are numbered in order");
        // No more rows than the input has bytes (plus one): the iterator ends.
        prop_assert!(count <= input_len as u64 + 1, "more rows than input");
        if let Err(e) = &row.fields {
            one_line(e)?;
        }
    }
    Ok(())
}

fn check_csv(bytes: &[u8]) -> Result<(), TestCaseError> {
    match csv_rows(bytes) {
        Err(e) => one_line(&e),
        Ok(rows) => check_rows(rows, bytes.len()),
    }
}

/// CSV that gets past the header: a header of known (and sometimes unknown) column names, then
/// rows of fields that may be quoted, hold commas, quotes, line breaks or invalid UTF-8.
fn csv_text() -> impl Strategy<Value = Vec<u8>> {
    let mut names: Vec<&str> = COLUMNS.to_vec();
    names.extend(["Name", " status ", "\u{feff}name", "extra", ""]);
    let header = proptest::collection::vec(prop::sample::select(names), 0..7);
    let field = prop_oneof![
        "[a-zA-Z0-9 ,\"\r\n-]{0,12}".prop_map(String::into_bytes),
        prop::sample::select(vec![
            "green",
            "yellow",
            "red",
            "purple",
            "1990-07-01",
            "1985-03",
            "72h",
            "0s",
            "test"
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        "\\PC{0,8}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\"")).into_bytes()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    let row = proptest::collection::vec(field, 0..7);
    (header, proptest::collection::vec(row, 0..8), any::<bool>()).prop_map(|(header, rows, crlf)| {
        let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        let mut out = header.join(",").into_bytes();
        out.extend(end);
        for row in rows {
            out.extend(row.join(&b","[..]));
            out.extend(end);
        }
        out
    })
}

/// JSON Lines that are mostly objects with the batch fields, some values of other types, some
/// keys unknown, some lines broken.
fn jsonl_text() -> impl Strategy<Value = Vec<u8>> {
    let key = prop::sample::select(vec!["name", "birth_date", "status", "basis", "valid_for", "other"]);
    let value = prop_oneof![
        "\\PC{0,10}".prop_map(serde_json::Value::from),
        prop::sample::select(vec!["green", "red", "1990", "1985-03", "7d", "vaccination"])
            .prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
        Just(serde_json::json!([1, "a"])),
    ];
    let object = proptest::collection::btree_map(key, value, 0..6).prop_map(|m| {
        serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            .to_string()
            .into_bytes()
    });
    let line = prop_oneof![
        4 => object,
        1 => proptest::collection::vec(any::<u8>(), 0..20),
        1 => Just(b"   ".to_vec()),
    ];
    proptest::collection::vec(line, 0..8).prop_map(|lines| lines.join(&b"\n"[..]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn csv_rows_over_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_csv(&bytes)?;
    }

    #[test]
    fn csv_rows_over_csv_like_input(bytes in csv_text()) {
        check_csv(&bytes)?;
    }

    #[test]
    fn jsonl_rows_over_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_rows(jsonl_rows(&bytes[..]), bytes.len())?;
    }

    #[test]
    fn jsonl_rows_over_json_like_input(bytes in jsonl_text()) {
        check_rows(jsonl_rows(&bytes[..]), bytes.len())?;
    }

    #[test]
    fn utc_offsets_from_arbitrary_text(text in prop_oneof!["\\PC{0,10}", "[+-][0-9]{0,3}:?[0-9]{0,3}", "[Zz+-]"]) {
        if let Some(offset) = parse_utc_offset(&text) {
            // Offsets beyond ±14:59 are refused.
            prop_assert!(offset.local_minus_utc().abs() < 15 * 3600, "{text:?}");
        }
    }

    #[test]
    fn ec_levels_from_arbitrary_text(text in "\\PC{0,4}") {
        if let Some(level) = level_from_letter(&text) {
            prop_assert!(text.eq_ignore_ascii_case(&level_letter(level).to_string()));
        }
    }

    #[test]
    fn qr_symbols_from_arbitrary_text(
        text in prop_oneof![
            "\\PC{0,300}",
            "HS1:[0-9A-Z $%*+./:-]{0,600}",
            "[0-9]{0,900}",
        ],
        level in 0usize..4,
    ) {
        let level: EcLevel = LEVELS[level].1;
        match QrSymbol::encode(&text, level) {
            Err(e) => one_line(&e)?,
            Ok(symbol) => {
                prop_assert!((1..=40).contains(&symbol.version()));
                prop_assert_eq!(symbol.width(), 17 + 4 * usize::try_from(symbol.version()).unwrap());
                prop_assert_eq!(symbol.level(), level);
            }
        }
    }
}

#[test]
fn text_too_long_for_any_symbol_is_refused() {
    // 7089 digits fill a version 40-L symbol; one more cannot fit at any level.
    let text = "1".repeat(7090);
    for (_, level) in LEVELS {
        let e = QrSymbol::encode(&text, level).unwrap_err();
        assert!(!e.to_string().contains('\n'));
    }
}
