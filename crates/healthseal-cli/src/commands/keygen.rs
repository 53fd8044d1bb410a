//! `healthseal keygen`.

use std::ffi::OsString;
use std::path::PathBuf;

use healthseal_core::{KeyInfo, PrivateKeyFile, PublicKeyFile, Role, SigningKey};
use rand_core::OsRng;
use serde_json::json;

use crate::cli::{KeygenArgs, RoleArg};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::{output, passphrase};

pub fn run(args: KeygenArgs) -> CliResult {
    let role = match args.role {
        RoleArg::Root => Role::Root,
        RoleArg::Issuer => Role::Issuer,
    };
    if let Some(note) = &args.note {
        if note.chars().any(char::is_control) {
            return Err(CliError::usage("--note must be one line of text"));
        }
    }
    let mut public_path = OsString::from(args.out.as_os_str());
    public_path.push(".pub");
    let public_path = PathBuf::from(public_path);

    let info =
        KeyInfo { role: Some(role), region: Some(args.region), not_after: args.not_after, note: args.note };
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
