//! The command line's top level: the commands. Each command's flags live beside its code in
//! `commands/`, shared value parsers in `args`.

use clap::{Parser, Subcommand};

use crate::commands::{audit, completions, inspect, issue, keygen, sign, trust, verify, web};
use crate::exit::EXIT_CODES_HELP;

/// What `healthseal --help` starts with: where to begin.
#[cfg(feature = "demo")]
const LONG_ABOUT: &str = "Offline-verifiable signed health credentials.\n\n\
    An issuing authority signs a small health attestation (status, holder, validity) with its \
    regional Ed25519 key; a checkpoint verifies it with no network. Start with `healthseal demo`.";
#[cfg(not(feature = "demo"))]
const LONG_ABOUT: &str = "Offline-verifiable signed health credentials.\n\n\
    An issuing authority signs a small health attestation (status, holder, validity) with its \
    regional Ed25519 key; a checkpoint verifies it with no network.";

#[derive(Debug, Parser)]
#[command(
    name = "healthseal",
    version,
    about = "Offline-verifiable signed health credentials",
    long_about = LONG_ABOUT,
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
    #[command(after_help = keygen::HELP)]
    Keygen(keygen::Args),
    /// Sign one credential and print its HS1: text (or write a QR image or card)
    #[command(after_help = sign::HELP)]
    Sign(sign::Args),
    /// Issue credentials for everyone in a CSV or JSON Lines file: text, QR images, cards
    #[command(after_help = issue::HELP)]
    Issue(issue::Args),
    /// Check a batch's manifest against the signed summaries its runs left (issuance outside the record)
    #[command(after_help = audit::HELP)]
    Audit(audit::Args),
    /// Show every header and claim of a credential, WITHOUT verifying it
    #[command(after_help = inspect::HELP)]
    Inspect(inspect::Args),
    /// Check credentials at a checkpoint, offline, against a signed trust list
    #[command(after_help = verify::HELP)]
    Verify(verify::Args),
    /// Province trust office: issuer statements, recognition of other provinces, trust lists
    #[command(subcommand)]
    Trust(trust::Command),
    /// The checkpoint app for phones and tablets: a folder of static files with the root and list inside
    #[command(after_help = web::HELP)]
    Web(web::Args),
    /// The whole story on TEST ONLY material, into a fresh folder: credentials, trust lists, photos, a checkpoint
    #[cfg(feature = "demo")]
    Demo(crate::commands::demo::Args),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell
    #[command(after_help = completions::HELP)]
    Completions(completions::Args),
}
