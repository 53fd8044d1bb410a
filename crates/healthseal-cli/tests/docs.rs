//! The commands in the docs run as written: every `sh` block of the worked example in
//! docs/trust-lists.md is executed in order in an empty folder, and each command must end with
//! the exit code its `# exits N` comment gives (0 when there is none).

use std::path::Path;
use std::process::Command;

/// The commands of the `sh` blocks after `heading`, continuation lines joined, with the exit code
/// each is expected to end with.
fn commands(doc: &str, heading: &str) -> Vec<(String, i32)> {
    let section = doc.split(heading).nth(1).unwrap_or_else(|| panic!("{heading} not found"));
    let section = section.split("\n## ").next().unwrap();
    let mut out = Vec::new();
    for block in section.split("```sh\n").skip(1) {
        let body = block.split("```").next().unwrap();
        let mut command = String::new();
        for line in body.lines() {
            command.push_str(line.trim_end_matches('\\').trim_end());
            command.push(' ');
            if !line.ends_with('\\') {
                let (cmd, expected) = match command.split_once("# exits ") {
                    Some((cmd, code)) => (cmd.trim().to_owned(), code.trim().parse().unwrap()),
                    None => (command.trim().to_owned(), 0),
                };
                if !cmd.is_empty() {
                    out.push((cmd, expected));
                }
                command.clear();
            }
        }
    }
    out
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[test]
fn the_trust_list_worked_example_runs_as_written() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/trust-lists.md"))
            .unwrap();
    let commands = commands(&doc, "## Worked example");
    assert!(commands.len() >= 25, "found only {} commands", commands.len());
    let mut script = String::from("set -u\n");
    for (cmd, expected) in &commands {
        script.push_str(&format!(
            "printf '+ %s\\n' {q}\n{cmd}\ncode=$?\nif [ $code -ne {expected} ]; then echo \"exit $code, expected {expected}: \"{q} >&2; exit 90; fi\n",
            q = shell_quote(cmd)
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_healthseal")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PATH", path)
        .env("HOME", dir.path())
        .env_remove("HEALTHSEAL_STATE_DIR")
        .env_remove("HEALTHSEAL_PASSPHRASE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the worked example failed:\n{stdout}\n{stderr}");
    for expected in [
        "ACCEPTED  GREEN   张三 (born 1990-07-01) · CN-ZJ Zhejiang · valid until 2026-11-28T01:00:00Z",
        "REJECTED  YELLOW  李四 (born 1985-03) · CN-ZJ · status YELLOW from CN-ZJ is not accepted here",
        "REJECTED  GREEN   张三 (born 1990-07-01) · CN-ZJ · revoked by its issuer",
        "\"reason\":\"status_not_accepted\"",
    ] {
        assert!(stdout.contains(expected), "missing from the output: {expected}\n{stdout}");
    }
    assert!(stderr.contains("refusing to go back"), "{stderr}");
    assert!(stderr.contains("not by the root key"), "{stderr}");
    // The state lives where the doc put it, and nothing was written in HOME.
    assert!(dir.path().join("checkpoint-state").is_dir());
    assert!(!dir.path().join(".local").exists());
}
