//! The one place the command line reads the system clock.

use healthseal_core::Timestamp;

use crate::exit::{CliError, CliResult};

/// `at` if given, else the system clock.
pub fn now_or(at: Option<Timestamp>) -> CliResult<Timestamp> {
    if let Some(t) = at {
        return Ok(t);
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .ok_or_else(|| CliError::usage("the system clock is before 1970"))?;
    Timestamp::from_unix(secs).map_err(|e| CliError::usage(format!("the system clock is unusable: {e}")))
}
