//! Writing to stdout: quiet on a closed pipe, JSON Lines with a `{"type", "data"}` envelope.

use std::io::{self, Write};

use serde_json::{json, Value};

/// Writes one line to stdout. A reader that went away (`healthseal … | head`) is not an error:
/// the process ends quietly with the outcome it had.
pub fn line(text: &str) {
    let mut out = io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Writes one JSON Lines message: `{"type": kind, "data": data}`.
pub fn json(kind: &str, data: Value) {
    line(&json!({ "type": kind, "data": data }).to_string());
}

/// Writes to stderr, for progress and notes meant for people.
pub fn note(text: &str) {
    let _ = writeln!(io::stderr(), "{text}");
}
