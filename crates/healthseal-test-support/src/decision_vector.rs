//! The decision-vector format (docs/decision-vectors.md): one case of the acceptance decision as
//! a small text file, for any implementation to run. `healthseal-fixtures` writes
//! `fixtures/decisions/`; `healthseal-core`'s `decision_vectors` test reads it back.
//!
//! ```text
//! expect: rejected
//! reason: too_old
//! stale: false
//! # Issued 48 hours and 1 second before now, still valid: Zhejiang is accepted up to 48 hours.
//! root: 0e6a4b22db243139696a5c3fab5b2a5a7cbf00e27838c8a65701ed4c0291ec75
//! list: lists/base.list
//! now: 2026-11-25T01:00:00Z
//! now_unix: 1795568400
//! skew: 300
//! stale_grace: 86400
//! stale_mode: warn
//! credential: HS1:...
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use healthseal_core::{DecisionOptions, PublicKey, StaleMode, Timestamp};

/// The verdict a vector expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Accepted.
    Accepted,
    /// Rejected for `reason` (a `Reason::code`); for `malformed` and `malformed_claims`, the
    /// failing layer's error code as `detail`, when the vector gives one.
    Rejected {
        /// The reason code.
        reason: String,
        /// The layer's error code.
        detail: Option<String>,
    },
}

/// One decision case: inputs and the expected outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionVector {
    /// The expected verdict.
    pub expect: Expected,
    /// Whether the verdict must report the trust list as stale.
    pub stale: bool,
    /// What the case is about, one line each (`#` lines in the file).
    pub comment: Vec<String>,
    /// The pinned root key the list is opened with.
    pub root: PublicKey,
    /// The signed trust list: a path relative to the vector's folder.
    pub list: String,
    /// The checkpoint's clock.
    pub now: Timestamp,
    /// The checkpoint's settings.
    pub options: DecisionOptions,
    /// The credential text as scanned.
    pub credential: String,
}

/// Every field, in the order files give them.
const FIELDS: [&str; 12] = [
    "expect",
    "reason",
    "detail",
    "stale",
    "root",
    "list",
    "now",
    "now_unix",
    "skew",
    "stale_grace",
    "stale_mode",
    "credential",
];

impl DecisionVector {
    /// The file's text: `name: value` lines, `expect` first, `credential` last, each line ending
    /// in a line feed.
    pub fn format(&self) -> String {
        let mut out = String::new();
        let mut line = |name: &str, value: &str| {
            let _ = writeln!(out, "{name}: {value}");
        };
        match &self.expect {
            Expected::Accepted => line("expect", "accepted"),
            Expected::Rejected { reason, detail } => {
                line("expect", "rejected");
                line("reason", reason);
                if let Some(detail) = detail {
                    line("detail", detail);
                }
            }
        }
        line("stale", if self.stale { "true" } else { "false" });
        for comment in &self.comment {
            let _ = writeln!(out, "# {comment}");
        }
        let mut line = |name: &str, value: &str| {
            let _ = writeln!(out, "{name}: {value}");
        };
        line("root", &hex(self.root.as_bytes()));
        line("list", &self.list);
        line("now", &self.now.to_string());
        line("now_unix", &self.now.unix().to_string());
        line("skew", &self.options.skew.as_secs().to_string());
        line("stale_grace", &self.options.stale_grace.as_secs().to_string());
        line("stale_mode", if self.options.stale == StaleMode::Reject { "reject" } else { "warn" });
        line("credential", &self.credential);
        out
    }

    /// Reads a vector file's text. Refuses unknown, repeated or missing fields, and a `now` that
    /// disagrees with `now_unix`.
    pub fn parse(text: &str) -> Result<Self, String> {
        if !text.starts_with("expect: ") {
            return Err("the first line must be `expect: accepted` or `expect: rejected`".into());
        }
        let mut fields = BTreeMap::new();
        let mut comment = Vec::new();
        for line in text.lines() {
            if let Some(c) = line.strip_prefix('#') {
                comment.push(c.strip_prefix(' ').unwrap_or(c).to_owned());
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let (name, value) =
                line.split_once(": ").ok_or_else(|| format!("not `name: value`: {line:?}"))?;
            if !FIELDS.contains(&name) {
                return Err(format!("unknown field {name:?}"));
            }
            if fields.insert(name, value).is_some() {
                return Err(format!("{name} given twice"));
            }
        }
        let mut take = |name: &str| fields.remove(name).ok_or_else(|| format!("no {name}"));
        let expect = match take("expect")? {
            "accepted" => Expected::Accepted,
            "rejected" => Expected::Rejected {
                reason: take("reason")?.to_owned(),
                detail: take("detail").ok().map(str::to_owned),
            },
            other => return Err(format!("expect: {other:?} is neither accepted nor rejected")),
        };
        let stale = match take("stale")? {
            "true" => true,
            "false" => false,
            other => return Err(format!("stale: {other:?} is neither true nor false")),
        };
        let root = unhex(take("root")?)
            .and_then(|bytes| PublicKey::from_bytes(&bytes).map_err(|e| e.to_string()))
            .map_err(|e| format!("root: {e}"))?;
        let list = take("list")?.to_owned();
        let now = Timestamp::parse_rfc3339(take("now")?).map_err(|e| format!("now: {e}"))?;
        let now_unix: i64 = take("now_unix")?.parse().map_err(|e| format!("now_unix: {e}"))?;
        if now.unix() != now_unix {
            return Err(format!("now ({now}) and now_unix ({now_unix}) disagree"));
        }
        let secs = |name: &str, value: &str| {
            value.parse().map(Duration::from_secs).map_err(|e| format!("{name}: {e}"))
        };
        let skew = secs("skew", take("skew")?)?;
        let stale_grace = secs("stale_grace", take("stale_grace")?)?;
        let stale_mode = match take("stale_mode")? {
            "warn" => StaleMode::Warn,
            "reject" => StaleMode::Reject,
            other => return Err(format!("stale_mode: {other:?} is neither warn nor reject")),
        };
        let credential = take("credential")?.to_owned();
        if let Some(name) = fields.keys().next() {
            return Err(format!("{name} given with expect: accepted"));
        }
        Ok(Self {
            expect,
            stale,
            comment,
            root,
            list,
            now,
            options: DecisionOptions { skew, stale_grace, stale: stale_mode },
            credential,
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2)
        || !text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!("{text:?} is not lower-case hex"));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::t;
    use crate::world::key;

    fn vector(expect: Expected) -> DecisionVector {
        DecisionVector {
            expect,
            stale: true,
            comment: vec!["A case.".into(), "Two lines.".into()],
            root: key("root").public_key().clone(),
            list: "lists/base.list".into(),
            now: t(61),
            options: DecisionOptions { stale: StaleMode::Reject, ..DecisionOptions::default() },
            // Base45 text may hold ": " and end with a space.
            credential: "HS1:AB: CD ".into(),
        }
    }

    #[test]
    fn files_read_back_as_written() {
        for expect in [
            Expected::Accepted,
            Expected::Rejected { reason: "too_old".into(), detail: None },
            Expected::Rejected { reason: "malformed".into(), detail: Some("text_empty".into()) },
        ] {
            let v = vector(expect);
            assert_eq!(DecisionVector::parse(&v.format()), Ok(v));
        }
    }

    #[test]
    fn the_layout_is_the_documented_one() {
        let v = vector(Expected::Rejected { reason: "too_old".into(), detail: None });
        let expected = format!(
            "expect: rejected\nreason: too_old\nstale: true\n# A case.\n# Two lines.\nroot: {}\n\
             list: lists/base.list\nnow: 2026-11-25T00:01:01Z\nnow_unix: 1795564861\nskew: 300\n\
             stale_grace: 86400\nstale_mode: reject\ncredential: HS1:AB: CD \n",
            hex(v.root.as_bytes())
        );
        assert_eq!(v.format(), expected);
    }

    #[test]
    fn mistakes_are_refused() {
        let good = vector(Expected::Accepted).format();
        for (bad, why) in [
            (good.replacen("expect: accepted\n", "", 1), "the first line must be"),
            (good.replace("now_unix: 1795564861", "now_unix: 1795564862"), "disagree"),
            (good.replace("skew: 300", "skew: 5m"), "skew:"),
            (good.replace("stale_mode: reject", "stale_mode: strict"), "stale_mode:"),
            (good.replace("stale: true", "stale: yes"), "stale:"),
            (good.replace("list: ", "lists: "), "unknown field"),
            (good.clone() + "skew: 1\n", "given twice"),
            (good.replace("stale: true\n", "stale: true\nreason: too_old\n"), "with expect: accepted"),
            (good.replace("credential: HS1:AB: CD \n", ""), "no credential"),
            (good.replace("root: ", "root: 00"), "root:"),
        ] {
            let e = DecisionVector::parse(&bad).unwrap_err();
            assert!(e.contains(why), "{why}: {e}");
        }
    }
}
