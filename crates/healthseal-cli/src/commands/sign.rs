//! `healthseal sign`.

use healthseal_issuer::{IssueError, IssueRequest, Issuer, IssuerError};
use rand_core::OsRng;

use crate::cli::SignArgs;
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::{clock, keys, output};

pub fn run(args: SignArgs) -> CliResult {
    if let Some(out) = &args.out {
        let ext = out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if ext == "png" || ext == "svg" {
            return Err(CliError::usage(format!("{} asks for a QR image, which this version cannot draw yet", out.display()))
                .hint("write the text (.txt, or standard output) and render it with any QR tool in alphanumeric mode"));
        }
    }
    let (info, key) = keys::load_private(&args.key)?;
    let issuer = Issuer::new(key, &info, args.region).map_err(|e| {
        let err = CliError::usage(format!("key file {}: {e}", args.key.display()));
        match e {
            IssuerError::RootKey => {
                err.hint("sign credentials with an issuing key (healthseal keygen --role issuer)")
            }
            IssuerError::NoRegion => err.hint("pass --region CODE"),
            _ => err,
        }
    })?;
    let now = clock::now_or(args.at)?;
    let request = IssueRequest {
        name: args.name,
        birth_date: args.birth_date,
        status: args.status,
        valid_for: args.valid_for,
        not_before: args.not_before,
        basis: args.basis,
    };
    let sealed = issuer.issue(request, now, &mut OsRng).map_err(|e| match e {
        IssueError::KeyExpired { .. } => {
            CliError::usage(e).hint("create a new issuing key with healthseal keygen")
        }
        other => CliError::usage(other),
    })?;
    let text = sealed.to_text();
    match &args.out {
        None => output::line(&text),
        Some(path) => {
            let contents = format!("{text}\n");
            // The text holds personal data: readable by the owner only.
            files::write_all_or_nothing(
                &[Output { path, contents: contents.as_bytes(), mode: 0o600, replace: args.force }],
                &[&args.key],
            )?;
            output::note(&format!("wrote {} ({} characters)", path.display(), text.len()));
        }
    }
    Ok(Outcome::Success)
}
