//! Exit codes and the one error type commands return.

use std::fmt;
use std::process::ExitCode;

/// What the process tells its caller. Documented in `--help` and `docs/cli.md`.
/// Ordered from best to worst, so that several inputs report the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// 0: done; for verification, accepted.
    Success,
    /// 1: a credential was read and rejected.
    Rejected,
    /// 2: the input could not be read or parsed.
    Unreadable,
    /// 3: usage or configuration error (bad arguments, unusable key, unwritable output).
    Usage,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Rejected => 1,
            Self::Unreadable => 2,
            Self::Usage => 3,
        }
    }
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> Self {
        ExitCode::from(o.code())
    }
}

/// A failure to report: one line of what went wrong, optionally one line of what to do.
#[derive(Debug)]
pub struct CliError {
    pub outcome: Outcome,
    pub message: String,
    pub hint: Option<String>,
}

impl CliError {
    /// A usage or configuration error (exit 3).
    pub fn usage(message: impl fmt::Display) -> Self {
        Self { outcome: Outcome::Usage, message: message.to_string(), hint: None }
    }

    /// Unreadable input (exit 2).
    pub fn unreadable(message: impl fmt::Display) -> Self {
        Self { outcome: Outcome::Unreadable, message: message.to_string(), hint: None }
    }

    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl fmt::Display) -> Self {
        self.hint = Some(hint.to_string());
        self
    }
}

pub type CliResult<T = Outcome> = Result<T, CliError>;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success (for verification: accepted)
  1  a credential was read and rejected
  2  the input could not be read or parsed
  3  usage or configuration error";
