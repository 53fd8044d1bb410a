//! `healthseal keygen`: a province root key or an issuing key, private and public halves.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::ValueEnum;
use healthseal_core::{KeyInfo, PrivateKeyFile, PublicKeyFile, Region, Role, SigningKey, Timestamp};
use rand_core::OsRng;
use serde_json::json;

use crate::args::{parse_region, parse_time, TokenArgs};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::{output, passphrase, token};

pub const HELP: &str = "\
Examples:
  healthseal keygen --role root   --region CN-ZJ --out zj-root.key --encrypt
  healthseal keygen --role issuer --region CN-ZJ --out zj-issuer-2026.key
  healthseal keygen --role issuer --region CN-ZJ --pkcs11-module /usr/lib/softhsm/libsofthsm2.so \\
      --out 'pkcs11:token=ZJ-HSM;object=issuer-2026' --pub-out zj-issuer-2026.key.pub

The private key is written to --out (mode 0600) and the public key beside it with .pub added.
Both are PEM (PKCS#8 / SPKI) that `openssl pkey` reads, preceded by a few `Name: value` lines.
With --encrypt the passphrase is read from HEALTHSEAL_PASSPHRASE or asked for twice.

With --out pkcs11:token=LABEL;object=LABEL the key pair is generated inside the token
(CKM_EC_EDWARDS_KEY_PAIR_GEN; the private key sensitive and never extractable) with the key's
description beside it, and only the public key file is written (--pub-out). The module comes
from --pkcs11-module or HEALTHSEAL_PKCS11_MODULE, the user PIN from HEALTHSEAL_PKCS11_PIN or
the prompt. Sign with it by giving the same URI to --key or --root.

Exit codes: 0 written, 3 usage or configuration error (nothing is written).";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Signs the province's trust list and issuer statement; kept offline
    Root,
    /// Signs credentials for one region; rotated
    Issuer,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the key is for
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// Region the key belongs to, ISO 3166-2 style (CN-ZJ)
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
    /// Private key file to write (the public key goes to the same path plus .pub), or a key to
    /// generate in a token: pkcs11:token=LABEL;object=LABEL
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Public key file to write (default: --out plus .pub; required for a token key)
    #[arg(long, value_name = "PATH")]
    pub pub_out: Option<PathBuf>,
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
    #[command(flatten)]
    pub token: TokenArgs,
}

pub fn run(args: Args) -> CliResult {
    let role = match args.role {
        RoleArg::Root => Role::Root,
        RoleArg::Issuer => Role::Issuer,
    };
    if let Some(note) = &args.note {
        if note.chars().any(char::is_control) {
            return Err(CliError::usage("--note must be one line of text"));
        }
    }
    let info = KeyInfo {
        role: Some(role),
        region: Some(args.region.clone()),
        not_after: args.not_after,
        note: args.note.clone(),
    };
    if token::is_token_key(&args.out) {
        return in_token(&args, role, info);
    }
    let public_path = match &args.pub_out {
        Some(path) => path.clone(),
        None => {
            let mut path = OsString::from(args.out.as_os_str());
            path.push(".pub");
            PathBuf::from(path)
        }
    };
    let key = SigningKey::generate(&mut OsRng);
    let private = if args.encrypt {
        let pass = passphrase::new()?;
        PrivateKeyFile::format_encrypted(&info, &key, pass.as_bytes(), &mut OsRng)
            .map_err(|e| CliError::usage(format!("cannot encrypt the key: {e}")))?
    } else {
        PrivateKeyFile::format_plain(&info, &key)
    };
    let public = PublicKeyFile { info: info.clone(), key: key.public_key().clone() }.format();
    files::write_all_or_nothing(
        &[
            Output { path: &args.out, contents: private.as_bytes(), mode: 0o600, replace: args.force },
            Output { path: &public_path, contents: public.as_bytes(), mode: 0o644, replace: args.force },
        ],
        &[],
    )?;

    let kid = key.public_key().kid().to_string();
    let region = info.region.as_ref().map(ToString::to_string).unwrap_or_default();
    if args.json {
        output::json(
            "key",
            json!({
                "role": role.name(), "region": region, "kid": kid, "encrypted": args.encrypt,
                "private_key": args.out.display().to_string(), "public_key": public_path.display().to_string(),
            }),
        );
    } else {
        let what = if role == Role::Root { "root key" } else { "issuing key" };
        output::line(&format!("{what} for {region}, kid {kid}"));
        output::line(&format!(
            "  private: {} (mode 0600{})",
            args.out.display(),
            if args.encrypt { ", encrypted" } else { "" }
        ));
        output::line(&format!("  public:  {}", public_path.display()));
    }
    Ok(Outcome::Success)
}

/// `--out pkcs11:...`: the key pair is made inside the token; only the public key file is written.
fn in_token(args: &Args, role: Role, info: KeyInfo) -> CliResult {
    if args.encrypt {
        return Err(CliError::usage(
            "--encrypt is for key files; a token key is protected by the token's PIN",
        ));
    }
    let Some(public_path) = &args.pub_out else {
        return Err(CliError::usage("a key generated in a token needs --pub-out FILE for its public key"));
    };
    // Refuse before generating, so that a key is never made whose public file cannot be written.
    if public_path.exists() && !args.force {
        return Err(CliError::usage(format!(
            "{} already exists; nothing was generated",
            public_path.display()
        ))
        .hint("choose another --pub-out, or pass --force to replace it"));
    }
    let uri = args.out.to_string_lossy();
    let file = token::generate(&uri, &info, &args.token)?;
    let public = file.format();
    files::write_all_or_nothing(
        &[Output { path: public_path, contents: public.as_bytes(), mode: 0o644, replace: args.force }],
        &[],
    )
    .map_err(|e| {
        e.hint(format!(
            "the key was made in the token ({uri}); remove it with the token's tools and generate again"
        ))
    })?;
    let kid = file.key.kid().to_string();
    let region = info.region.as_ref().map(ToString::to_string).unwrap_or_default();
    if args.json {
        output::json(
            "key",
            json!({
                "role": role.name(), "region": region, "kid": kid, "encrypted": false,
                "private_key": uri, "public_key": public_path.display().to_string(),
            }),
        );
    } else {
        let what = if role == Role::Root { "root key" } else { "issuing key" };
        output::line(&format!("{what} for {region}, kid {kid}"));
        output::line(&format!("  private: {uri} (in the token: sensitive, never extractable)"));
        output::line(&format!("  public:  {}", public_path.display()));
    }
    Ok(Outcome::Success)
}
