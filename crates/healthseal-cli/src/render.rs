//! Showing credentials to people and to programs.

use healthseal_core::{Credential, Status, Verdict};

/// Label/value rows for a credential, in the order a person reads them.
pub fn rows(c: &Credential) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("status", c.status().name().to_uppercase()),
        ("name", c.name().to_string()),
        ("birth date", c.birth_date().to_string()),
        ("region", c.region().to_string()),
        ("issued", c.issued_at().to_string()),
    ];
    if let Some(nbf) = c.not_before() {
        rows.push(("valid from", nbf.to_string()));
    }
    rows.push(("valid until", c.expires_at().to_string()));
    if let Some(basis) = c.basis() {
        rows.push(("basis", basis.name().to_owned()));
    }
    rows.push(("credential id", c.id().to_string()));
    rows
}

pub use healthseal_verifier::{credential_json as json, verdict_json};

/// Prints label/value rows aligned, with an indent.
pub fn print_rows(indent: &str, rows: &[(&str, String)]) {
    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    for (label, value) in rows {
        crate::output::line(&format!("{indent}{label:<width$}  {value}"));
    }
}

/// One line per verdict for the officer: the verdict word first, the status as a word (colour
/// only as an addition), from where and until when (or why not), and the holder last.
///
/// The holder's name is the one field the issuer's clerk typed, so it comes after every field
/// the checkpoint decided and is quoted with anything unusual escaped: a name that imitates the
/// rest of a verdict line (a fake birth date, region and validity) shows as part of the quoted
/// name, and a long one can only run off the end of the line, never push the real fields off it.
pub fn verdict_line(verdict: &Verdict, colour: bool) -> String {
    let paint =
        |code: &str, text: &str| if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() };
    let status_word = |s: Status| {
        let word = format!("{:<6}", s.name().to_uppercase());
        paint(
            match s {
                Status::Green => "1;32",
                Status::Yellow => "1;33",
                Status::Red => "1;31",
            },
            &word,
        )
    };
    let who = |c: &Credential| format!("holder {} born {}", quoted_name(c.name().as_str()), c.birth_date());
    let (line, stale) = match verdict {
        Verdict::Accepted(a) => (
            format!(
                "{}  {}  {} {} · valid until {} · {}",
                paint("1;42;30", "ACCEPTED"),
                status_word(a.credential.status()),
                a.credential.region(),
                a.region_name,
                a.credential.expires_at(),
                who(&a.credential),
            ),
            a.list.stale,
        ),
        Verdict::Rejected(r) => {
            let line = match &r.credential {
                Some(c) => format!(
                    "{}  {}  {} · {} · {}",
                    paint("1;41;37", "REJECTED"),
                    status_word(c.status()),
                    c.region(),
                    r.reason,
                    who(c)
                ),
                None => format!("{}  {:<6}  {}", paint("1;41;37", "REJECTED"), "-", r.reason),
            };
            (line, r.list.stale)
        }
    };
    if stale {
        format!("{line}  [trust list out of date]")
    } else {
        line
    }
}

/// A name in double quotes, with quotes, backslashes and anything a terminal would not show as
/// itself escaped.
pub fn quoted_name(name: &str) -> String {
    format!("{name:?}")
}
