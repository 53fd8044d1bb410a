//! `healthseal`: a thin command-line layer over healthseal-core, -issuer, -verifier and
//! -trust-office.
//!
//! Built without the default `demo` feature, the binary holds no demo command, no built-in
//! TEST ONLY key and no photo simulator: the build to ship.

mod args;
mod cli;
mod clock;
mod commands;
mod exit;
mod files;
mod issuing;
mod keys;
mod output;
mod passphrase;
mod render;
mod render_trust;
mod token;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit::Outcome;

fn main() -> ExitCode {
    quiet_third_party_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let outcome = match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Outcome::Success,
                _ => Outcome::Usage,
            };
            let _ = e.print();
            return outcome.into();
        }
    };
    let result = match cli.command {
        Command::Keygen(args) => commands::keygen::run(args),
        Command::Sign(args) => commands::sign::run(args),
        Command::Issue(args) => commands::issue::run(args),
        Command::Audit(args) => commands::audit::run(args),
        Command::Inspect(args) => commands::inspect::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Trust(command) => commands::trust::run(command),
        Command::Web(args) => commands::web::run(args),
        #[cfg(feature = "demo")]
        Command::Demo(args) => commands::demo::run(args),
        Command::Completions(args) => {
            commands::completions::run(args, <Cli as clap::CommandFactory>::command())
        }
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(e) => {
            output::note(&format!("error: {}", e.message));
            if let Some(hint) = &e.hint {
                output::note(&format!("hint: {hint}"));
            }
            e.outcome.into()
        }
    }
}

/// Image and QR decoders are third-party code that the verifier runs under `catch_unwind`: a
/// panic inside one is reported as an unreadable image, so its default message would only be
/// noise on the officer's screen. Panics anywhere else are bugs and still say where.
fn quiet_third_party_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let third_party = info.location().is_some_and(|l| l.file().contains("/registry/src/"));
        if !third_party {
            default(info);
        }
    }));
}
