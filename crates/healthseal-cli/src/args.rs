//! Value parsers and flag groups shared by several commands. Raw arguments become validated
//! values here, before any work; each command's own flags live beside its code.

use std::path::PathBuf;
use std::time::Duration;

use chrono::FixedOffset;
use clap::Args;
use healthseal_core::{format_duration, Basis, Region, Status, Timestamp};
use healthseal_issuer::qr::{level_from_letter, EcLevel};
use healthseal_issuer::{parse_utc_offset, CardLangs, DEFAULT_MODULE_PX, MAX_MODULE_PX};

/// How QR codes are drawn.
#[derive(Debug, Args)]
pub struct QrArgs {
    /// QR error-correction level: L, M, Q or H (default M: docs/qr-reading.md says why)
    #[arg(long, value_name = "LEVEL", value_parser = parse_ecc)]
    pub ecc: Option<EcLevel>,
    /// Pixels per QR module in PNG images
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MODULE_PX,
          value_parser = clap::value_parser!(u32).range(1..=MAX_MODULE_PX as i64))]
    pub module_px: u32,
    /// Offset from UTC for local times printed on cards, e.g. +08:00 (default: the region's,
    /// for single-zone countries; else UTC only)
    #[arg(long, value_name = "OFFSET", value_parser = parse_offset, allow_hyphen_values = true)]
    pub utc_offset: Option<FixedOffset>,
    /// Languages of the words printed on cards: zh,en (default), en,zh, zh or en
    #[arg(long, value_name = "LANGS", default_value = "zh,en", value_parser = parse_card_langs)]
    pub card_lang: CardLangs,
}

fn parse_card_langs(s: &str) -> Result<CardLangs, String> {
    s.parse()
}

/// Where keys given as `pkcs11:` URIs live (RFC 7512: `pkcs11:token=LABEL;object=LABEL`).
#[derive(Debug, Clone, Default, Args)]
pub struct TokenArgs {
    /// PKCS#11 module (the token's shared library) for keys given as pkcs11: URIs; else
    /// HEALTHSEAL_PKCS11_MODULE. The PIN comes from HEALTHSEAL_PKCS11_PIN or is asked for
    #[arg(long, value_name = "PATH")]
    pub pkcs11_module: Option<PathBuf>,
}

/// A limit that may be switched off with `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit<T = Duration> {
    None,
    Some(T),
}

impl<T> Limit<T> {
    pub fn get(self) -> Option<T> {
        match self {
            Self::None => None,
            Self::Some(d) => Some(d),
        }
    }
}

pub fn parse_limit(s: &str) -> Result<Limit, String> {
    if s == "none" {
        Ok(Limit::None)
    } else {
        parse_duration(s).map(Limit::Some)
    }
}

pub fn parse_time_limit(s: &str) -> Result<Limit<Timestamp>, String> {
    if s == "none" {
        Ok(Limit::None)
    } else {
        parse_time(s).map(Limit::Some)
    }
}

pub fn parse_region(s: &str) -> Result<Region, String> {
    s.parse().map_err(|e: healthseal_core::RegionError| e.to_string())
}

pub fn parse_status(s: &str) -> Result<Status, String> {
    s.parse().map_err(|e: healthseal_core::StatusError| e.to_string())
}

pub fn parse_basis(s: &str) -> Result<Basis, String> {
    s.parse().map_err(|e: healthseal_core::BasisError| e.to_string())
}

pub fn parse_time(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(s).map_err(|e| e.to_string())
}

/// A duration such as `72h`, `7d` or `1h30m`, at least one second.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    healthseal_core::parse_duration(s).map_err(|e| e.to_string())
}

/// A duration no longer than `max_secs`; `why` says what a longer one would do.
pub fn parse_duration_at_most(s: &str, max_secs: u64, why: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d.as_secs() > max_secs {
        let max = format_duration(Duration::from_secs(max_secs));
        return Err(format!("at most {max} is allowed ({why})"));
    }
    Ok(d)
}

fn parse_ecc(s: &str) -> Result<EcLevel, String> {
    level_from_letter(s).ok_or_else(|| format!("{s:?} is not an error-correction level; use L, M, Q or H"))
}

fn parse_offset(s: &str) -> Result<FixedOffset, String> {
    parse_utc_offset(s).ok_or_else(|| format!("{s:?} is not a UTC offset; write e.g. +08:00 or -05:30"))
}

/// A trust list and the province root it must be signed by: what a checkpoint (`verify`) and the
/// checkpoint app (`web`) are given.
#[derive(Debug, Clone, Args)]
pub struct PinnedList {
    /// The signed trust list
    #[arg(long, value_name = "LIST")]
    pub trust: PathBuf,
    /// The province root public key the list must be signed by (pinned)
    #[arg(long, value_name = "ROOT.pub")]
    pub root: PathBuf,
}

impl PinnedList {
    /// The root's key file and the list's bytes, each read within its limits (the list is not
    /// opened here: `verify` and `web` open it in their own ways).
    pub fn read(&self) -> crate::exit::CliResult<(healthseal_core::PublicKeyFile, Vec<u8>)> {
        let root = crate::files::read_public(&self.root, "root public key")?;
        Ok((root, crate::files::read_document(&self.trust)?))
    }
}

/// The decision options a checkpoint's operator sets: `verify`, and `web` for the app.
#[derive(Debug, Clone, Args)]
pub struct DecisionArgs {
    /// Clock difference tolerated with issuers, both ways (at most 1h: a larger tolerance would
    /// switch the expiry and clock checks off)
    #[arg(long, value_name = "DURATION", value_parser = parse_skew, default_value = "5m")]
    pub skew: Duration,
    /// Time after the list's next update before it counts as stale (at most 14d)
    #[arg(long, value_name = "DURATION", value_parser = parse_grace, default_value = "24h")]
    pub grace: Duration,
    /// What a stale trust list does
    #[arg(long, value_enum, default_value = "warn")]
    pub stale: StaleArg,
}

impl DecisionArgs {
    pub fn options(&self) -> healthseal_core::DecisionOptions {
        healthseal_core::DecisionOptions {
            skew: self.skew,
            stale_grace: self.grace,
            stale: self.stale.into(),
        }
    }
}

/// What a stale trust list does (`--stale`), at a checkpoint and in the checkpoint app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StaleArg {
    /// Decide as usual; every verdict says the list is stale
    Warn,
    /// Reject every credential while the list is stale
    Reject,
}

impl From<StaleArg> for healthseal_core::StaleMode {
    fn from(arg: StaleArg) -> Self {
        match arg {
            StaleArg::Warn => Self::Warn,
            StaleArg::Reject => Self::Reject,
        }
    }
}

/// A clock-skew tolerance (`--skew`), at most [`MAX_SKEW_SECS`](healthseal_core::limits::MAX_SKEW_SECS).
fn parse_skew(s: &str) -> Result<Duration, String> {
    parse_duration_at_most(
        s,
        healthseal_core::limits::MAX_SKEW_SECS,
        "a clock off by more is to be set right",
    )
}

/// A stale-list grace (`--grace`), at most [`MAX_STALE_GRACE_SECS`](healthseal_core::limits::MAX_STALE_GRACE_SECS).
fn parse_grace(s: &str) -> Result<Duration, String> {
    parse_duration_at_most(
        s,
        healthseal_core::limits::MAX_STALE_GRACE_SECS,
        "a list older than that must say so on every verdict",
    )
}
