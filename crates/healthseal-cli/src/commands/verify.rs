//! `healthseal verify`: the checkpoint. Offline, nothing about holders written anywhere.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use healthseal_core::{DecisionOptions, Reason, StaleMode, Verdict};
use healthseal_verifier::{LoadError, StateChange, StateFile, Verifier};

use crate::cli::{StaleArg, VerifyArgs};
use crate::commands::trust::{read_document, read_public};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::Source;
use crate::{clock, output, render};

pub fn run(args: VerifyArgs) -> CliResult {
    let root = read_public(&args.root, "root public key")?;
    let list = read_document(&args.trust)?;
    let options = DecisionOptions {
        skew: args.skew,
        stale_grace: args.grace,
        stale: match args.stale {
            StaleArg::Warn => StaleMode::Warn,
            StaleArg::Reject => StaleMode::Reject,
        },
    };
    let verifier = if args.no_state {
        let verifier = Verifier::new(&root.key, &list, options).map_err(|e| load_error(&args.trust, e))?;
        output::note("warning: --no-state: an older trust list would be accepted (no rollback protection)");
        verifier
    } else {
        let state = StateFile::new(state_path(args.state.clone(), &root.key)?);
        let (verifier, change) =
            Verifier::load(&root.key, &list, &state, options).map_err(|e| load_error(&args.trust, e))?;
        if let StateChange::Advanced { from } = change {
            output::note(&format!("trust list #{} replaces #{from}", verifier.list().sequence()));
        }
        verifier
    };
    let now = clock::now_or(args.at)?;
    let mut worst = Outcome::Success;
    let mut report = |source: &str, text: &str| {
        let verdict = verifier.verify(text, now);
        let outcome = match &verdict {
            Verdict::Accepted(_) => Outcome::Success,
            Verdict::Rejected(r) if matches!(r.reason, Reason::Malformed(_)) => Outcome::Unreadable,
            Verdict::Rejected(_) => Outcome::Rejected,
        };
        if args.json {
            output::json("verdict", render::verdict_json(source, &verdict, now));
        } else {
            output::line(&render::verdict_line(&verdict, colour()));
        }
        worst = worst.max(outcome);
    };
    for input in &args.inputs {
        match Source::parse(input) {
            Source::Literal(text) => report("argument", &text),
            Source::Stdin => {
                // Line by line, answering each as it arrives: a 2D scanner types one code per line.
                for (i, line) in std::io::stdin().lock().lines().enumerate() {
                    let line = line.map_err(|e| CliError::unreadable(format!("standard input: {e}")))?;
                    let line = line.trim();
                    if !line.is_empty() {
                        report(&format!("stdin:{}", i + 1), line);
                    }
                }
            }
            Source::File(path) => {
                let text = Source::File(path.clone()).read()?;
                for (i, line) in text.lines().enumerate() {
                    let line = line.trim();
                    if !line.is_empty() {
                        report(&format!("{}:{}", path.display(), i + 1), line);
                    }
                }
            }
        }
    }
    Ok(worst)
}

fn colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn load_error(path: &Path, e: LoadError) -> CliError {
    match e {
        LoadError::List(doc) => crate::commands::trust::document_error(path, doc)
            .hint("the trust list must be signed by the root key given with --root"),
        LoadError::Rollback { .. } => CliError::usage(format!("{}: {e}", path.display()))
            .hint("install the newest trust list from your province's trust office"),
        other => CliError::usage(format!("{}: {other}", path.display())),
    }
}

/// The state file: `--state`, else one per root under the user's state directory.
fn state_path(given: Option<PathBuf>, root: &healthseal_core::PublicKey) -> CliResult<PathBuf> {
    if let Some(path) = given {
        return Ok(path);
    }
    let name = format!("trust-{}.state", root.kid());
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = env("HEALTHSEAL_STATE_DIR") {
        return Ok(dir.join(name));
    }
    if let Some(dir) = env("XDG_STATE_HOME") {
        return Ok(dir.join("healthseal").join(name));
    }
    if let Some(home) = env("HOME") {
        return Ok(home.join(".local/state/healthseal").join(name));
    }
    Err(CliError::usage("no place to keep the trust state").hint("pass --state FILE, or --no-state"))
}
