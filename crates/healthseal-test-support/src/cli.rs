//! Running the `healthseal` binary in a test folder, and checking what it did.
//!
//! The binary's path comes from the test: `env!("CARGO_BIN_EXE_healthseal")` exists only in the
//! command-line crate's own tests.
//!
//! ```no_run
//! use healthseal_test_support::cli::{ok, Healthseal};
//! // In a test of healthseal-cli: Healthseal::new(env!("CARGO_BIN_EXE_healthseal")).
//! const HEALTHSEAL: Healthseal = Healthseal::new("target/debug/healthseal");
//! let dir = tempfile::tempdir().unwrap();
//! let version = ok(HEALTHSEAL.run(dir.path(), &["--version"]));
//! assert!(version.starts_with("healthseal "));
//! ```

use std::borrow::Borrow;
use std::path::Path;
use std::process::{Command, Output};

use crate::workspace;

/// The `healthseal` binary a test runs.
#[derive(Debug, Clone, Copy)]
pub struct Healthseal {
    bin: &'static str,
}

impl Healthseal {
    /// The binary at `bin`.
    pub const fn new(bin: &'static str) -> Self {
        Self { bin }
    }

    /// A command run in `dir` with `args`: never the user's passphrase, trust state kept in
    /// `dir/state`, no colour.
    pub fn command(&self, dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(self.bin);
        cmd.current_dir(dir)
            .args(args)
            .env("HEALTHSEAL_STATE_DIR", dir.join("state"))
            .env_remove("HEALTHSEAL_PASSPHRASE")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs [`command`](Self::command) to its end.
    pub fn run(&self, dir: &Path, args: &[&str]) -> Output {
        self.command(dir, args).output().expect("healthseal runs")
    }

    /// Runs a command that must fail with exit `code`, leave every file in `dir` untouched, and
    /// say `needle` on its first line, an `error:` line.
    pub fn refused(&self, dir: &Path, args: &[&str], code: i32, needle: &str) {
        let before = snapshot(dir);
        let out = self.run(dir, args);
        let stderr = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        let first = stderr.lines().next().unwrap_or("");
        assert!(first.starts_with("error: ") && first.contains(needle), "{args:?}: {stderr}");
        assert_eq!(snapshot(dir), before, "{args:?} changed files although it failed");
    }
}

/// A run that must have succeeded: its standard output (UTF-8).
pub fn ok(out: impl Borrow<Output>) -> String {
    let out = out.borrow();
    assert!(out.status.success(), "failed ({}): {}", out.status, stderr(out));
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// A run's standard error, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` with its contents, by relative path, sorted: equal snapshots mean
/// nothing was written, created or removed.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).expect("under dir").display().to_string();
                files.push((name, std::fs::read(&path).expect("readable file")));
            }
        }
    }
    files.sort();
    files
}

/// A new temporary folder holding the repository files `files` names, each `(from, to)`: `from`
/// relative to the workspace root, `to` relative to the folder.
pub fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = workspace::root();
    for (from, to) in files {
        std::fs::copy(root.join(from), dir.path().join(to)).unwrap_or_else(|e| panic!("copy {from}: {e}"));
    }
    dir
}
