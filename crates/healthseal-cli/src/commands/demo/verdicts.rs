//! What the demo's checkpoint saw in each photo, against what the cast says it must see.

use std::fmt::Write as _;

use healthseal_core::Verdict;
use healthseal_verifier::Scan;

use super::cast::{Expect, Person, Twist};

pub fn holder(p: &Person) -> String {
    match p.twist {
        Twist::NameEdited { .. } => format!("{} · {}, forged", p.name, p.province.code()),
        _ => format!("{} · {} {}", p.name, p.province.code(), p.status.name()),
    }
}

impl Expect {
    pub fn word(self) -> &'static str {
        match self {
            Self::Accepted => "ACCEPTED",
            Self::Rejected(_) => "REJECTED",
            Self::NoCode => "NO CODE",
        }
    }

    pub fn describe(self) -> String {
        match self {
            Self::Accepted => "accepted".into(),
            Self::Rejected(code) => format!("rejected: {code}"),
            Self::NoCode => "no code".into(),
        }
    }
}

/// What the checkpoint made of one code in a photo, or of a photo without one.
pub enum Seen {
    Verdict(Verdict),
    NotACredential,
    NoCode,
    Unreadable(String),
}

impl Seen {
    pub fn from_scan(scan: &Scan) -> Self {
        match scan.verdict() {
            Some(v) => Self::Verdict(v.clone()),
            None => Self::NotACredential,
        }
    }

    pub fn word(&self) -> &'static str {
        match self {
            Self::Verdict(Verdict::Accepted(_)) => "ACCEPTED",
            Self::Verdict(Verdict::Rejected(_)) => "REJECTED",
            Self::NotACredential => "NOT A CREDENTIAL",
            Self::NoCode => "NO CODE",
            Self::Unreadable(_) => "UNREADABLE",
        }
    }

    /// Plain words, then the stable code in brackets.
    pub fn reason(&self) -> String {
        match self {
            Self::Verdict(Verdict::Accepted(a)) => format!(
                "{}, valid until {}",
                a.credential.status().name().to_uppercase(),
                a.credential.expires_at()
            ),
            Self::Verdict(Verdict::Rejected(r)) => format!("{} [{}]", r.reason, r.reason.code()),
            Self::NotACredential => "a QR code that is not a healthseal credential [not_a_credential]".into(),
            Self::NoCode => "no QR code found in the photo [no_code]".into(),
            Self::Unreadable(e) => format!("{e} [unreadable]"),
        }
    }

    pub fn matches(&self, expect: Expect) -> bool {
        match (self, expect) {
            (Self::Verdict(Verdict::Accepted(_)), Expect::Accepted) | (Self::NoCode, Expect::NoCode) => true,
            (Self::Verdict(Verdict::Rejected(r)), Expect::Rejected(code)) => r.reason.code() == code,
            _ => false,
        }
    }
}

#[derive(Default)]
pub struct Tally {
    accepted: usize,
    rejected: usize,
    no_code: usize,
    other: usize,
    pub unexpected: usize,
}

impl Tally {
    pub fn count(&mut self, seen: &Seen, as_expected: bool) {
        match seen {
            Seen::Verdict(Verdict::Accepted(_)) => self.accepted += 1,
            Seen::Verdict(Verdict::Rejected(_)) => self.rejected += 1,
            Seen::NoCode => self.no_code += 1,
            Seen::NotACredential | Seen::Unreadable(_) => self.other += 1,
        }
        if !as_expected {
            self.unexpected += 1;
        }
    }

    pub fn summary(&self) -> String {
        let mut counts = format!(
            "{} accepted, {} rejected, {} photo without a code",
            self.accepted, self.rejected, self.no_code
        );
        if self.other > 0 {
            let _ = write!(counts, ", {} other", self.other);
        }
        if self.unexpected == 0 {
            format!("Every verdict as expected: {counts}.")
        } else {
            format!("{} verdict(s) NOT as expected: {counts}.", self.unexpected)
        }
    }
}
