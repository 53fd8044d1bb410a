//! `healthseal completions`: a shell completion script, generated from the command definitions.

use clap::CommandFactory;

use crate::cli::Cli;
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

pub fn run(args: Args) -> CliResult {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "healthseal", &mut std::io::stdout());
    Ok(Outcome::Success)
}
