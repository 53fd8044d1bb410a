//! `healthseal verify`: the checkpoint. Offline, nothing about holders written anywhere.
//!
//! Inputs are credential texts, text files of them, standard input, images (every QR code in
//! them), and folders of images.

mod checkpoint;
mod image;

use std::path::{Path, PathBuf};

use healthseal_core::Timestamp;
use healthseal_verifier::{LoadError, StateChange, StateFile, Verifier};

use self::checkpoint::{Checkpoint, Utf8, INPUT_HINT};
use crate::args::{parse_time, DecisionArgs, PinnedList};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Source};
use crate::output;

pub const HELP: &str = "\
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

The trust list must be signed by the pinned root (--root), or by a later root of the province
named through the root succession the list carries (after which lists of the earlier roots are
refused), and must not be older than the newest list this checkpoint accepted before (kept in
--state; default under $HEALTHSEAL_STATE_DIR, $XDG_STATE_HOME/healthseal or
~/.local/state/healthseal). Nothing about the people checked is written anywhere, and no image is
kept.

--json prints one JSON object per line: {\"type\": \"verdict\", \"data\": {...}} with a stable
\"reason\" code for rejections (see docs/trust-lists.md); for images also \"no_code\",
\"not_a_credential\" and \"unreadable_image\" (see docs/qr-reading.md). The source of a code
read from an image is the file name, then #1, #2... in reading order.

Exit codes (the worst over all inputs): 0 all accepted, 1 a credential rejected, 2 an input not
readable as a credential (including an image with no code or with another kind of code), 3 usage
or configuration error (bad trust list, wrong root, rollback).";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: PinnedList,
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
    #[command(flatten)]
    pub decision: DecisionArgs,
}

pub fn run(args: Args) -> CliResult {
    let (root, list) = args.list.read()?;
    let options = args.decision.options();
    let verifier = if args.no_state {
        let verifier =
            Verifier::new(&root.key, &list, options).map_err(|e| load_error(&args.list.trust, e))?;
        output::note("warning: --no-state: an older trust list would be accepted (no rollback protection)");
        verifier
    } else {
        let state = StateFile::new(state_path(args.state.clone(), &root.key)?);
        let (verifier, change) =
            Verifier::load(&root.key, &list, &state, options).map_err(|e| load_error(&args.list.trust, e))?;
        let sequence = verifier.list().sequence();
        match change {
            StateChange::Advanced { from } => output::note(&format!("trust list #{sequence} replaces #{from}")),
            StateChange::RootMoved { from, number, root: new_root } => output::note(&format!(
                "trust list #{sequence} replaces #{from} and is signed by root {new_root}, named by root \
                 succession #{number}: from now on this checkpoint refuses lists signed by the roots before it"
            )),
            StateChange::First | StateChange::Unchanged => {}
        }
        verifier
    };
    let mut checkpoint =
        Checkpoint { verifier: &verifier, at: args.at, json: args.json, worst: Outcome::Success };
    for input in &args.inputs {
        match Source::parse(input) {
            Source::Literal(text) => checkpoint.text("argument", &text)?,
            Source::Stdin => {
                // Line by line, answering each as it arrives: a 2D scanner types one code per line.
                let lines =
                    checkpoint.lines(&mut std::io::stdin().lock(), "stdin", "standard input", Utf8::Lossy)?;
                // Nothing checked is not "all accepted": exit 0 must never mean no credential.
                if lines == 0 {
                    return Err(CliError::unreadable("standard input is empty"));
                }
            }
            Source::File(path) if path.is_dir() => checkpoint.folder(&path)?,
            Source::File(path) if image::is_image(&path) => checkpoint.image_file(&path)?,
            Source::File(path) => {
                let name = files::shown(&path);
                let file = std::fs::File::open(&path).map_err(|e| {
                    CliError::unreadable(format!("cannot read {name}: {}", files::io_reason(&e)))
                        .hint(INPUT_HINT)
                })?;
                // A file of scanner output is read line by line like standard input, whatever its
                // size, each line bounded.
                let lines =
                    checkpoint.lines(&mut std::io::BufReader::new(file), &name, &name, Utf8::Required)?;
                if lines == 0 {
                    return Err(CliError::unreadable(format!("{name} is empty")));
                }
            }
        }
    }
    Ok(checkpoint.worst)
}

fn load_error(path: &Path, e: LoadError) -> CliError {
    match e {
        // The trust list is configuration here, not an input: exit 3 even when it is not a
        // trust document at all (`trust verify` and `trust show` report that as unreadable).
        LoadError::List(doc) => CliError { outcome: Outcome::Usage, ..files::document_error(path, doc) }
            .hint("the trust list must be signed by the root key given with --root"),
        LoadError::Rollback { .. } | LoadError::RootLeft { .. } => {
            CliError::usage(format!("{}: {e}", files::shown(path)))
                .hint("install the newest trust list from your province's trust office")
        }
        LoadError::SuccessionFork { .. } => CliError::usage(format!("{}: {e}", files::shown(path)))
            .hint("report this list to your province's trust office: someone else holds an old root key"),
        other => CliError::usage(format!("{}: {other}", files::shown(path))),
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
