//! `healthseal completions`: a shell completion script, generated from the command definitions.

use crate::exit::{CliResult, Outcome};

pub const HELP: &str = "\
Examples:
  healthseal completions bash > ~/.local/share/bash-completion/completions/healthseal
  healthseal completions zsh  > ~/.zfunc/_healthseal
  healthseal completions fish > ~/.config/fish/completions/healthseal.fish";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the script for `command`, the whole command line's definition (which this module does
/// not know: `main` hands it over).
pub fn run(args: Args, mut command: clap::Command) -> CliResult {
    clap_complete::generate(args.shell, &mut command, "healthseal", &mut std::io::stdout());
    Ok(Outcome::Success)
}
