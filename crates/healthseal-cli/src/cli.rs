//! Command-line definitions. Raw arguments become validated values here, before any work.

use std::path::PathBuf;
use std::time::Duration;

use chrono::FixedOffset;
use clap::{Args, Parser, Subcommand, ValueEnum};
use healthseal_core::{Basis, Region, Status, Timestamp};
use healthseal_issuer::batch::Format;
use healthseal_issuer::qr::{level_from_letter, EcLevel};
use healthseal_issuer::{parse_utc_offset, DEFAULT_MODULE_PX, MAX_MODULE_PX};

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
    /// Sign one credential and print its HS1: text (or write a QR image or card)
    #[command(after_help = SIGN_HELP)]
    Sign(SignArgs),
    /// Issue credentials for everyone in a CSV or JSON Lines file: text, QR images, cards
    #[command(after_help = ISSUE_HELP)]
    Issue(IssueArgs),
    /// Show every header and claim of a credential, WITHOUT verifying it
    #[command(after_help = INSPECT_HELP)]
    Inspect(InspectArgs),
    /// Check credentials at a checkpoint, offline, against a signed trust list
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
    /// Province trust office: issuer statements, recognition of other provinces, trust lists
    #[command(subcommand)]
    Trust(TrustCommand),
    /// The whole story on TEST ONLY material, into a fresh folder: credentials, trust lists, photos, a checkpoint
    Demo(DemoArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
}

const COMPLETIONS_HELP: &str = "\
Examples:
  healthseal completions bash > ~/.local/share/bash-completion/completions/healthseal
  healthseal completions zsh  > ~/.zfunc/_healthseal
  healthseal completions fish > ~/.config/fish/completions/healthseal.fish";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

const VERIFY_HELP: &str = "\
Examples:
  healthseal verify --trust ha.trust-list --root ha-root.key.pub zhang-san.txt
  healthseal verify --trust ha.trust-list --root ha-root.key.pub photo.jpg
  healthseal verify --trust ha.trust-list --root ha-root.key.pub --json camera-frames/
  healthseal verify --trust ha.trust-list --root ha-root.key.pub --json - < scanned-lines.txt

INPUT is one of:
  HS1:...        the credential text itself
  FILE           an image (PNG, JPEG, GIF, BMP or WebP, recognised by its content, not its
                 name): every QR code in it is read; or a text file of HS1: lines
  FOLDER         every image directly in it, in name order (other files are skipped, with a note)
  -              lines on standard input (a 2D scanner that types each code followed by Enter)
One line per credential, printed as each is read. An image with no QR code prints NO CODE, and a
QR code that is not a healthseal credential prints NOT A CREDENTIAL (with its length and first
16 characters only).

The trust list must be signed by the pinned root (--root) and must not be older than the newest
list this checkpoint accepted before (kept in --state; default under $HEALTHSEAL_STATE_DIR,
$XDG_STATE_HOME/healthseal or ~/.local/state/healthseal). Nothing about the people checked is
written anywhere, and no image is kept.

--json prints one JSON object per line: {\"type\": \"verdict\", \"data\": {...}} with a stable
\"reason\" code for rejections (see docs/trust-lists.md); for images also \"no_code\",
\"not_a_credential\" and \"unreadable_image\" (see docs/qr-reading.md). The source of a code
read from an image is the file name, then #1, #2... in reading order.

Exit codes (the worst over all inputs): 0 all accepted, 1 a credential rejected, 2 an input not
readable as a credential (including an image with no code or with another kind of code), 3 usage
or configuration error (bad trust list, wrong root, rollback).";

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
      --status green --valid-for 72h --terminal
  healthseal sign --key zj-issuer.key --name '张三' --birth-date 1990-07-01 \\
      --status green --valid-for 72h --out zhang-san.png
  healthseal sign --key zj-issuer.key --name 'Ana Lima' --birth-date 1985-03 \\
      --status yellow --valid-for 7d --basis test --out ana.txt

The issue time is now, or --at. Validity runs for --valid-for from --not-before,
or from the issue time when --not-before is not given.
Durations: 72h, 7d, 1h30m. Times: RFC 3339, e.g. 2026-11-25T09:00:00+08:00.
An encrypted key's passphrase comes from HEALTHSEAL_PASSPHRASE or is asked for.

Exit codes: 0 signed, 3 usage or configuration error.";

const ISSUE_HELP: &str = "\
Examples:
  healthseal issue --key zj-issuer.key --input people.csv --out-dir batch-2026-11-25 \\
      --format txt,png,card --valid-for 72h
  healthseal issue --key zj-issuer.key --input people.jsonl --out-dir batch --resume

Input columns (CSV header names or JSON keys):
  name        holder name as on the identity document, any script      required
  birth_date  YYYY-MM-DD, YYYY-MM or YYYY                                required
  status      green, yellow or red                                       required
  basis       test, vaccination, recovery, contact, self-report,
              clinical or exemption                                      optional
  valid_for   72h, 7d ... (else --valid-for)                             optional

Each row becomes row-NNNNNNN.txt / .png / .svg / .card.svg in --out-dir, written completely
or not at all and readable by the owner only, and a line in manifest.jsonl: row, credential id,
key id, region, status, issued-at, expires-at, files. Keep the manifest: revocation needs the
credential ids (healthseal trust revoke --cti ID). It holds no names; join it with the input by
row number.

Rows that cannot be issued are reported (row, line, reason) and the others go on. A folder that
already holds a batch is refused; after an interrupted run, --resume finishes it without
issuing twice for the rows its manifest records.

Exit codes: 0 every row issued, 2 some rows could not be issued (the rest were),
3 usage or configuration error (nothing issued, or the run stopped: see the message).";

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
    /// Write to this file instead of standard output: .png or .svg a QR image, .card.svg a
    /// printable card, anything else the text
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also draw the QR code in the terminal (Unicode blocks, scannable from the screen)
    #[arg(long)]
    pub terminal: bool,
    #[command(flatten)]
    pub qr: QrArgs,
    /// Replace an existing --out file
    #[arg(long)]
    pub force: bool,
}

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
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// Issuing key file (an encrypted key is unlocked once for the whole run)
    #[arg(long, value_name = "PATH")]
    pub key: PathBuf,
    /// People to issue for: a .csv file with a header line, or .jsonl (one JSON object per line);
    /// - for CSV on standard input
    #[arg(long, value_name = "FILE")]
    pub input: String,
    /// Read --input as this format instead of guessing from its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// Folder for the output files and manifest.jsonl (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// What to write per person, comma-separated: txt, png, svg, card
    #[arg(long, value_name = "LIST", default_value = "txt,png", value_parser = parse_formats)]
    pub format: Formats,
    /// Validity for rows without a valid_for value (72h, 7d)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub valid_for: Option<Duration>,
    /// Issue time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Region, when the key file does not name it
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Worker threads (default: one per core)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Finish an interrupted run in the same --out-dir: rows its manifest records are skipped
    #[arg(long)]
    pub resume: bool,
    #[command(flatten)]
    pub qr: QrArgs,
    /// No progress bar
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Report each row as a JSON line on standard output
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Comma-separated values with a header line
    Csv,
    /// One JSON object per line
    Jsonl,
}

/// The output formats of a batch, in a fixed order, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(pub Vec<Format>);

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
#[command(after_help = DEMO_HELP)]
pub struct DemoArgs {
    /// Time to run the demo at instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Folder to create and write into; it must not exist yet [default: healthseal-demo-N, the
    /// first free N, in the current folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

const DEMO_HELP: &str = "\
Everything is TEST ONLY: the built-in demo keys (their seeds are public) and made-up people.
No network is used. The folder holds the keys, trust sources, statements and trust lists,
credentials (text, QR PNG, a printable card) and the photos; the demo ends with commands to
try on it.

Examples:
  healthseal demo
  healthseal demo --out /tmp/healthseal-demo --at 2026-11-25T08:00:00+08:00";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StaleArg {
    /// Decide as usual; every verdict says the list is stale
    Warn,
    /// Reject every credential while the list is stale
    Reject,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The checkpoint's signed trust list
    #[arg(long, value_name = "LIST")]
    pub trust: PathBuf,
    /// The province root public key the list must be signed by (pinned)
    #[arg(long, value_name = "ROOT.pub")]
    pub root: PathBuf,
    /// Credential text (HS1:...), an image, a folder of images, a file of HS1: lines, or - for
    /// lines on standard input
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Check at this time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Print one JSON object per verdict (and per image without a credential)
    #[arg(long)]
    pub json: bool,
    /// Rollback-protection state file
    #[arg(long, value_name = "FILE", conflicts_with = "no_state")]
    pub state: Option<PathBuf>,
    /// Do not keep rollback-protection state (a warning is printed)
    #[arg(long)]
    pub no_state: bool,
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

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Start a province's trust source file (TOML), to edit by hand or with the commands below
    Init(TrustInitArgs),
    /// Add one of this province's issuing keys to the source
    AddKey(TrustAddKeyArgs),
    /// Sign the statement this province publishes about itself (its keys and revocations)
    Statement(TrustStatementArgs),
    /// Recognise another province from its signed statement, on this province's terms
    Recognize(TrustRecognizeArgs),
    /// Change the terms given for own or a recognised province's credentials (others stay)
    Policy(TrustPolicyArgs),
    /// Stop recognising a province
    Unrecognize(TrustUnrecognizeArgs),
    /// Revoke credentials of this province by credential id
    Revoke(TrustRevokeArgs),
    /// Report an issuing key compromised: what it signed from then on is rejected
    Compromise(TrustCompromiseArgs),
    /// Retire an issuing key: it may sign nothing issued after the given time
    Retire(TrustRetireArgs),
    /// Compile the source into the signed trust list this province's checkpoints load
    Sign(TrustSignArgs),
    /// Print a signed trust list or statement readably, including every region's terms
    Show(TrustShowArgs),
    /// Check a trust list's or statement's signature under a root key
    Verify(TrustVerifyArgs),
}

#[derive(Debug, Args)]
pub struct TrustInitArgs {
    /// This province's region code
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
    /// This province's name, for people (default: the region code)
    #[arg(long)]
    pub name: Option<String>,
    /// This province's root public key file
    #[arg(long, value_name = "ROOT.pub")]
    pub root: PathBuf,
    /// Source file to create
    #[arg(long, value_name = "SRC")]
    pub out: PathBuf,
    /// Replace an existing file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TrustAddKeyArgs {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// The issuing key's public key file
    #[arg(long, value_name = "ISSUER.pub")]
    pub key: PathBuf,
    /// Earliest issue time it may sign (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_before: Option<Timestamp>,
    /// Latest issue time it may sign (RFC 3339; default: the key file's Not-After)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_after: Option<Timestamp>,
}

#[derive(Debug, Args)]
pub struct TrustStatementArgs {
    /// This province's root private key file
    #[arg(long, value_name = "ROOT_KEY")]
    pub root: PathBuf,
    /// The trust source file (its statement sequence is increased)
    #[arg(long, value_name = "SRC")]
    pub source: PathBuf,
    /// Statement file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Signing time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Replace an existing --out file
    #[arg(long)]
    pub force: bool,
}

// Terms of a policy. Only the terms given change; `none` removes a limit.
#[derive(Debug, Args)]
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

#[derive(Debug, Args)]
pub struct TrustRecognizeArgs {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// The other province's signed statement
    #[arg(long, value_name = "FILE")]
    pub statement: PathBuf,
    /// The other province's root public key, obtained from it directly (not from the statement)
    #[arg(long, value_name = "OTHER_ROOT.pub")]
    pub statement_root: PathBuf,
    /// Terms: --accept and --max-age are required the first time; when updating from a newer
    /// statement, the terms given change and the others are kept
    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Debug, Args)]
pub struct TrustPolicyArgs {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Region whose terms to set (default: this province)
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Debug, Args)]
pub struct TrustUnrecognizeArgs {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Region to stop recognising
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
}

#[derive(Debug, Args)]
pub struct TrustRevokeArgs {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Credential id to revoke (16 hex digits, as `inspect` shows it); repeat for several
    #[arg(long = "cti", value_name = "HEX", required_unless_present = "credentials")]
    pub ids: Vec<String>,
    /// A credential (text file or HS1: text) of this province to revoke; repeat for several
    #[arg(long = "credential", value_name = "FILE")]
    pub credentials: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TrustCompromiseArgs {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Key id of the compromised issuing key
    #[arg(long, value_name = "HEX")]
    pub kid: String,
    /// Earliest time the key may have been in other hands (RFC 3339); choose it early. A key
    /// already marked compromised takes only an earlier time
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Timestamp,
}

#[derive(Debug, Args)]
pub struct TrustRetireArgs {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Key id of the issuing key to retire
    #[arg(long, value_name = "HEX")]
    pub kid: String,
    /// Last issue time it may sign (RFC 3339; default now). An earlier not-after already set is
    /// kept: retiring only narrows the key's window
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
}

#[derive(Debug, Args)]
pub struct TrustSignArgs {
    /// This province's root private key file
    #[arg(long, value_name = "ROOT_KEY")]
    pub root: PathBuf,
    /// The trust source file (its list sequence is increased)
    #[arg(long, value_name = "SRC")]
    pub source: PathBuf,
    /// When checkpoints should have the next list (24h)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub next_update: Duration,
    /// Trust list file to write
    #[arg(long, value_name = "LIST")]
    pub out: PathBuf,
    /// Signing time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Replace an existing --out file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TrustShowArgs {
    /// A signed trust list or issuer statement
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Also check the signature under this root public key
    #[arg(long, value_name = "ROOT.pub")]
    pub root: Option<PathBuf>,
    /// Print JSON (every revoked credential id included)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TrustVerifyArgs {
    /// A signed trust list or issuer statement
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The root public key it must be signed by
    #[arg(long, value_name = "ROOT.pub")]
    pub root: PathBuf,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
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

fn parse_limit(s: &str) -> Result<Limit, String> {
    if s == "none" {
        Ok(Limit::None)
    } else {
        parse_duration(s).map(Limit::Some)
    }
}

fn parse_time_limit(s: &str) -> Result<Limit<Timestamp>, String> {
    if s == "none" {
        Ok(Limit::None)
    } else {
        parse_time(s).map(Limit::Some)
    }
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

fn parse_ecc(s: &str) -> Result<EcLevel, String> {
    level_from_letter(s).ok_or_else(|| format!("{s:?} is not an error-correction level; use L, M, Q or H"))
}

fn parse_offset(s: &str) -> Result<FixedOffset, String> {
    parse_utc_offset(s).ok_or_else(|| format!("{s:?} is not a UTC offset; write e.g. +08:00 or -05:30"))
}

fn parse_formats(s: &str) -> Result<Formats, String> {
    let mut formats = Vec::new();
    for name in s.split(',') {
        let format = Format::from_name(name)
            .ok_or_else(|| format!("{:?} is not an output format; use txt, png, svg or card", name.trim()))?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    formats.sort();
    Ok(Formats(formats))
}

fn parse_time(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(s).map_err(|e| e.to_string())
}

fn parse_skew(s: &str) -> Result<Duration, String> {
    parse_duration_at_most(
        s,
        healthseal_core::limits::MAX_SKEW_SECS,
        "a clock off by more is to be set right",
    )
}

fn parse_grace(s: &str) -> Result<Duration, String> {
    parse_duration_at_most(
        s,
        healthseal_core::limits::MAX_STALE_GRACE_SECS,
        "a list older than that must say so on every verdict",
    )
}

fn parse_duration_at_most(s: &str, max_secs: u64, why: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d.as_secs() > max_secs {
        let max = humantime::format_duration(Duration::from_secs(max_secs));
        return Err(format!("at most {max} is allowed ({why})"));
    }
    Ok(d)
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| format!("{e}; write e.g. 72h, 7d or 1h30m"))?;
    if d.as_secs() == 0 {
        return Err("the duration must be at least one second".into());
    }
    Ok(d)
}
