//! Trust sources, fed arbitrary text, read as a source or a typed error and never panic; errors
//! read as one line (the command line prints each as one line); a source that reads is written
//! back and reads back the same, and compiles into documents without panicking.

use std::fmt::Display;

use healthseal_core::Timestamp;
use healthseal_test_support::{damage, workspace};
use healthseal_trust_office::TrustSource;
use proptest::prelude::*;

fn one_line(e: &impl Display) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.trim().is_empty(), "empty error message");
    prop_assert!(!text.chars().any(char::is_control), "error message with a control character: {text:?}");
    Ok(())
}

/// The trust source fixtures, from the repository.
fn fixture(name: &str) -> String {
    std::fs::read_to_string(workspace::root().join("fixtures/trust").join(name)).expect("fixture")
}

fn check_source(text: &str) -> Result<(), TestCaseError> {
    match TrustSource::parse(text) {
        Err(e) => one_line(&e)?,
        Ok(source) => {
            // A source that parses can be written back (commands rewrite the file) and reads
            // back the same, and compiling it into a list or statement does not panic.
            let written =
                source.to_toml().map_err(|e| TestCaseError::fail(format!("cannot write back: {e}")))?;
            let reread = TrustSource::parse(&written);
            prop_assert_eq!(reread.as_ref(), Ok(&source), "write-back changed the source");
            let now = Timestamp::from_unix(1_795_564_800).unwrap();
            let next = Timestamp::from_unix(1_795_564_800 + 86_400).unwrap();
            if let Err(e) = source.clone().trust_list(now, next).check() {
                one_line(&e)?;
            }
            let statement = source.clone().statement(now);
            prop_assert_eq!(statement.sequence, source.statement_sequence() + 1);
        }
    }
    Ok(())
}

/// A fixture source with one `key = value` line given another value: strings (TOML-quoted,
/// any characters), integers, booleans, arrays, dates.
fn source_with_a_value_changed() -> impl Strategy<Value = String> {
    let text =
        fixture("ha.trust.toml") + "\n" + &fixture("zj.trust.toml").replace("region = \"CN-ZJ\"\n", "");
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let assignments: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].contains(" = ")).collect();
    let value = prop_oneof![
        "\\PC{0,24}".prop_map(|s| toml::Value::String(s).to_string()),
        prop::sample::select(vec![
            "\"\"",
            "\"CN-HA\"",
            "\"cn-ha\"",
            "\"0\"",
            "\"48h\"",
            "\"0s\"",
            "\"1s500ms\"",
            "\"2d\"",
            "\"none\"",
            "\"2026-13-40T00:00:00Z\"",
            "\"2026-11-25T08:00:00+08:00\"",
            "\"ffffffffffffffff\"",
            "\"FFFFFFFFFFFFFFFF\"",
            "\"compromised\"",
            "\"retired\"",
            "[\"green\", \"green\"]",
            "[\"yellow\", \"green\"]",
            "[]",
            "[1]",
            "2026-11-25T00:00:00Z",
            "true",
            "1.5",
            "{}",
        ])
        .prop_map(str::to_owned),
        any::<i64>().prop_map(|n| n.to_string()),
        "[0-9a-fA-F]{0,66}".prop_map(|s| format!("\"{s}\"")),
    ];
    (prop::sample::select(assignments), value).prop_map(move |(i, value)| {
        let mut lines = lines.clone();
        let key = lines[i].split(" = ").next().unwrap_or_default().to_owned();
        lines[i] = format!("{key} = {value}");
        lines.join("\n")
    })
}

/// A fixture source with one to four characters replaced, removed or inserted.
fn damaged_source() -> impl Strategy<Value = String> {
    damage::text(&fixture("ha.trust.toml"), "[]{}=\"', \n#.0123456789abcdefCNHAZ-:", 1..5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn trust_source_from_arbitrary_text(text in "\\PC{0,300}") {
        check_source(&text)?;
    }

    #[test]
    fn trust_source_with_a_value_changed(text in source_with_a_value_changed()) {
        check_source(&text)?;
    }

    #[test]
    fn trust_source_damaged(text in damaged_source()) {
        check_source(&text)?;
    }

    #[test]
    fn durations_from_arbitrary_text(text in prop_oneof!["\\PC{0,20}", "[0-9]{1,25}[smhdwy]{0,2}"]) {
        match healthseal_core::parse_duration(&text) {
            Err(e) => one_line(&e)?,
            Ok(d) => {
                // What is written reads back as the same duration.
                let written = healthseal_core::format_duration(d);
                prop_assert_eq!(healthseal_core::parse_duration(&written), Ok(d), "{}", written);
            }
        }
    }
}
