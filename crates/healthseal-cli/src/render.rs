//! Showing credentials to people and to programs.

use healthseal_core::Credential;
use serde_json::{json, Value};

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

/// The credential as JSON (times as RFC 3339 and as Unix seconds).
pub fn json(c: &Credential) -> Value {
    json!({
        "status": c.status().name(),
        "name": c.name().as_str(),
        "birth_date": c.birth_date().to_string(),
        "region": c.region().as_str(),
        "issued_at": c.issued_at().to_string(),
        "issued_at_unix": c.issued_at().unix(),
        "not_before": c.not_before().map(|t| t.to_string()),
        "expires_at": c.expires_at().to_string(),
        "expires_at_unix": c.expires_at().unix(),
        "basis": c.basis().map(|b| b.name()),
        "credential_id": c.id().to_string(),
    })
}

/// Prints label/value rows aligned, with an indent.
pub fn print_rows(indent: &str, rows: &[(&str, String)]) {
    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    for (label, value) in rows {
        crate::output::line(&format!("{indent}{label:<width$}  {value}"));
    }
}
