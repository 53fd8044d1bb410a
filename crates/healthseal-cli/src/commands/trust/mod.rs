//! `healthseal trust …`: the province trust office's commands, one file each, over a trust
//! source (`healthseal-trust-office`) and the signed documents it compiles into.

mod add_key;
mod compromise;
mod init;
mod policy;
mod recognize;
mod retire;
mod revoke;
mod rotate_root;
mod show;
mod sign;
mod source_file;
mod statement;
mod terms;
mod unrecognize;
mod verify;

use clap::Subcommand;

use crate::exit::CliResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a province's trust source file (TOML), to edit by hand or with the commands below
    Init(init::Args),
    /// Add one of this province's issuing keys to the source
    AddKey(add_key::Args),
    /// Sign the statement this province publishes about itself (its keys and revocations)
    Statement(statement::Args),
    /// Recognise another province from its signed statement, on this province's terms
    Recognize(recognize::Args),
    /// Change the terms given for own or a recognised province's credentials (others stay)
    Policy(policy::Args),
    /// Stop recognising a province
    Unrecognize(unrecognize::Args),
    /// Revoke credentials of this province by credential id
    Revoke(revoke::Args),
    /// Report an issuing key compromised: what it signed from then on is rejected
    Compromise(compromise::Args),
    /// Retire an issuing key: it may sign nothing issued after the given time
    Retire(retire::Args),
    /// Replace this province's root: the current root names the new one in a signed record
    #[command(after_help = rotate_root::HELP)]
    RotateRoot(rotate_root::Args),
    /// Compile the source into the signed trust list this province's checkpoints load
    Sign(sign::Args),
    /// Print a signed trust list or statement readably, including every region's terms
    Show(show::Args),
    /// Check a trust list's or statement's signature under a root key
    Verify(verify::Args),
}

pub fn run(command: Command) -> CliResult {
    match command {
        Command::Init(args) => init::run(args),
        Command::AddKey(args) => add_key::run(args),
        Command::Statement(args) => statement::run(args),
        Command::Recognize(args) => recognize::run(args),
        Command::Policy(args) => policy::run(args),
        Command::Unrecognize(args) => unrecognize::run(args),
        Command::Revoke(args) => revoke::run(args),
        Command::Compromise(args) => compromise::run(args),
        Command::Retire(args) => retire::run(args),
        Command::RotateRoot(args) => rotate_root::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Show(args) => show::run(args),
        Command::Verify(args) => verify::run(args),
    }
}
