//! Writing to stdout: quiet on a closed pipe, JSON Lines with a `{"type", "data"}` envelope.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{json, Value};

/// Set once stdout's reader has gone away (`healthseal … | head -1`).
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes one line to stdout. A reader that went away is not an error: the line and every later
/// one are dropped quietly, and the command goes on to its end, so its exit code is still the
/// worst outcome of everything it was given (`verify a.png b.png | head -1` must not exit 0
/// when the line it printed, or a line nobody read, was a rejection).
pub fn line(text: &str) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CLOSED.store(true, Ordering::Relaxed);
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

/// Whether to colour terminal output: standard output is a terminal and `NO_COLOR` is unset.
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}
