//! Command-line definitions. Raw arguments become validated values here, before any work.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use healthseal_core::{Basis, Region, Status, Timestamp};

use crate::exit::EXIT_CODES_HELP;

#[derive(Debug, Parser)]
#[command(
    name = "healthseal",
    version,
    about = "Offline-verifiable signed health credentials",
    long_about = "Offline-verifiable signed health credentials.\n\n\
        An issuing authority signs a small health attestation (status, holder, validity) with its \
        regional Ed25519 key; a checkpoint verifies it with no network. Start with `healthseal demo`.",
    after_help = EXIT_CODES_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a key pair: a province root key or an issuing key
    #[command(after_help = KEYGEN_HELP)]
    Keygen(KeygenArgs),
    /// Sign one credential and print its HS1: text
    #[command(after_help = SIGN_HELP)]
    Sign(SignArgs),
    /// Show every header and claim of a credential, WITHOUT verifying it
    #[command(after_help = INSPECT_HELP)]
    Inspect(InspectArgs),
    /// Sign and verify a credential with the built-in TEST ONLY demo keys
    Demo(DemoArgs),
}

const KEYGEN_HELP: &str = "\
Examples:
  healthseal keygen --role root   --region CN-ZJ --out zj-root.key --encrypt
  healthseal keygen --role issuer --region CN-ZJ --out zj-issuer-2026.key

The private key is written to --out (mode 0600) and the public key beside it with .pub added.
Both are PEM (PKCS#8 / SPKI) that `openssl pkey` reads, preceded by a few `Name: value` lines.
With --encrypt the passphrase is read from HEALTHSEAL_PASSPHRASE or asked for twice.

Exit codes: 0 written, 3 usage or configuration error (nothing is written).";

const SIGN_HELP: &str = "\
Examples:
  healthseal sign --key zj-issuer.key --name '张三' --birth-date 1990-07-01 \\
      --status green --valid-for 72h
  healthseal sign --key zj-issuer.key --name 'Ana Lima' --birth-date 1985-03 \\
      --status yellow --valid-for 7d --basis test --out ana.txt

The issue time is now, or --at. Validity runs for --valid-for from --not-before,
or from the issue time when --not-before is not given.
Durations: 72h, 7d, 1h30m. Times: RFC 3339, e.g. 2026-11-25T09:00:00+08:00.
An encrypted key's passphrase comes from HEALTHSEAL_PASSPHRASE or is asked for.

Exit codes: 0 signed, 3 usage or configuration error.";

const INSPECT_HELP: &str = "\
INPUT is the credential text itself (it starts with HS1:), a file holding it, or - for standard input.

Nothing shown is verified: a forged credential inspects exactly like a genuine one.
Use it to debug, never to decide.

Exit codes: 0 decoded, 2 not a well-formed credential (the layer that failed is named).";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Signs the province's trust list and issuer statement; kept offline
    Root,
    /// Signs credentials for one region; rotated
    Issuer,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// What the key is for
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// Region the key belongs to, ISO 3166-2 style (CN-ZJ)
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
    /// Private key file to write; the public key goes to the same path plus .pub
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Encrypt the private key with a passphrase (PBES2: PBKDF2-SHA256, AES-256-CBC)
    #[arg(long)]
    pub encrypt: bool,
    /// Last time the key may sign (RFC 3339); recorded in the key file
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_after: Option<Timestamp>,
    /// A note for people reading the key file
    #[arg(long)]
    pub note: Option<String>,
    /// Replace existing files
    #[arg(long)]
    pub force: bool,
    /// Print what was written as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Issuing key file
    #[arg(long, value_name = "PATH")]
    pub key: PathBuf,
    /// Holder name exactly as on the identity document (any script)
    #[arg(long)]
    pub name: String,
    /// Holder birth date: YYYY-MM-DD, YYYY-MM or YYYY
    #[arg(long, value_name = "DATE")]
    pub birth_date: String,
    /// Attested status
    #[arg(long, value_parser = parse_status)]
    pub status: Status,
    /// How long the credential is valid (72h, 7d, 1h30m)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub valid_for: Duration,
    /// Why this status: test, vaccination, recovery, contact, self-report, clinical, exemption
    #[arg(long, value_parser = parse_basis)]
    pub basis: Option<Basis>,
    /// Start of validity, if later than issue (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_before: Option<Timestamp>,
    /// Issue time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Region, when the key file does not name it
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Write the text to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Credential text (HS1:…), a file holding it, or - for standard input
    #[arg(value_name = "INPUT")]
    pub input: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Time to run the demo at instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
}

fn parse_region(s: &str) -> Result<Region, String> {
    s.parse().map_err(|e: healthseal_core::RegionError| e.to_string())
}

fn parse_status(s: &str) -> Result<Status, String> {
    s.parse().map_err(|e: healthseal_core::StatusError| e.to_string())
}

fn parse_basis(s: &str) -> Result<Basis, String> {
    s.parse().map_err(|e: healthseal_core::BasisError| e.to_string())
}

fn parse_time(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(s).map_err(|e| e.to_string())
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| format!("{e}; write e.g. 72h, 7d or 1h30m"))?;
    if d.as_secs() == 0 {
        return Err("the duration must be at least one second".into());
    }
    Ok(d)
}
