//! Acceptance terms on the command line (`trust recognize`, `trust policy`): the flags, how
//! they change terms, and how terms are put for people.

use healthseal_core::{format_duration, Policy, Status, StatusSet, Timestamp};

use crate::args::{parse_limit, parse_status, parse_time_limit, Limit};
use crate::output;
use crate::render_trust;

// Terms of a policy. Only the terms given change; `none` removes a limit.
#[derive(Debug, clap::Args)]
pub struct PolicyArgs {
    /// Statuses accepted, comma-separated (green, yellow, red), e.g. green,yellow
    #[arg(long, value_delimiter = ',', value_parser = parse_status)]
    pub accept: Vec<Status>,
    /// Longest time since issue accepted (48h), or none
    #[arg(long, value_name = "DURATION", value_parser = parse_limit)]
    pub max_age: Option<Limit>,
    /// Longest validity accepted, counted from the issue time (7d), or none
    #[arg(long, value_name = "DURATION", value_parser = parse_limit)]
    pub max_validity: Option<Limit>,
    /// Agreement start (RFC 3339), or none
    #[arg(long, value_name = "TIME", value_parser = parse_time_limit)]
    pub from: Option<Limit<Timestamp>>,
    /// Agreement end (RFC 3339), or none
    #[arg(long, value_name = "TIME", value_parser = parse_time_limit)]
    pub until: Option<Limit<Timestamp>>,
}

impl PolicyArgs {
    /// Whether any term was given.
    pub fn given(&self) -> bool {
        !self.accept.is_empty()
            || self.max_age.is_some()
            || self.max_validity.is_some()
            || self.from.is_some()
            || self.until.is_some()
    }

    /// Changes the terms given on the command line; the others stay as they are (`none`
    /// removes a limit).
    pub fn apply(&self, p: &mut Policy) {
        if !self.accept.is_empty() {
            p.accept = StatusSet::of(self.accept.iter().copied());
        }
        if let Some(l) = self.max_age {
            p.max_age = l.get();
        }
        if let Some(l) = self.max_validity {
            p.max_validity = l.get();
        }
        if let Some(l) = self.from {
            p.from = l.get();
        }
        if let Some(l) = self.until {
            p.until = l.get();
        }
    }
}

/// `accepting green, yellow; max age 48h; max validity no limit`, and the agreement when it has
/// a window.
pub fn terms(p: &Policy) -> String {
    let limit = |d: Option<std::time::Duration>| d.map(format_duration).unwrap_or_else(|| "no limit".into());
    let mut text = format!(
        "accepting {}; max age {}; max validity {}",
        render_trust::statuses(p.accept),
        limit(p.max_age),
        limit(p.max_validity)
    );
    if let Some(from) = p.from {
        text.push_str(&format!("; from {from}"));
    }
    if let Some(until) = p.until {
        text.push_str(&format!("; until {until}"));
    }
    text
}

/// The warning for terms that leave a stolen key's backdated forgeries without a time limit.
pub fn unbounded_warning(region: &str) -> String {
    format!(
        "warning: {region} has neither a max age nor a max validity: what a stolen {region} issuing key signs, \
         dated before its compromise, passes without time limit (set one with `healthseal trust policy`)"
    )
}

/// Says on stderr when terms leave a stolen key's backdated forgeries without a time limit.
pub fn warn_unbounded(region: &str, policy: &Policy) {
    if !policy.bounds_lifetime() {
        output::note(&unbounded_warning(region));
    }
}
