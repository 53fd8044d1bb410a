//! The commands in the docs run as written: every `sh` block of the README's walkthrough, of
//! docs/trust-lists.md's worked example, of docs/operations.md and of docs/issuing.md is executed in order in an empty folder,
//! and each command must end with the exit code its `# exits N` comment gives (0 when there is
//! none). Blocks marked `text` are templates with placeholders and are not run.

use std::path::Path;
use std::process::Command;

/// The commands of the `sh` blocks after `heading`, continuation lines joined, with the exit code
/// each is expected to end with.
fn commands(doc: &str, heading: &str) -> Vec<(String, i32)> {
    let section = doc.split_once(heading).unwrap_or_else(|| panic!("{heading} not found")).1;
    // A `## ` heading means that section only; anything else, the rest of the document.
    let section = if heading.starts_with("## ") { section.split("\n## ").next().unwrap() } else { section };
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

/// Runs `commands` in order in a fresh folder with the built binary first on PATH; returns
/// (folder, stdout, stderr) after asserting every command ended as expected.
fn run(commands: &[(String, i32)]) -> (tempfile::TempDir, String, String) {
    let mut script = String::from("set -u\n");
    for (cmd, expected) in commands {
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
        .env("NO_COLOR", "1")
        .env_remove("HEALTHSEAL_STATE_DIR")
        .env_remove("HEALTHSEAL_PASSPHRASE")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "the doc's commands failed:\n{stdout}\n{stderr}");
    (dir, stdout, stderr)
}

fn doc(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(name)).unwrap()
}

#[test]
fn the_readme_walkthrough_runs_as_written() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let mut script = vec![("export HEALTHSEAL_PASSPHRASE='readme walkthrough passphrase'".to_string(), 0)];
    script.extend(commands(&readme, "## Using it"));
    assert!(script.len() >= 15, "found only {} commands", script.len());
    let (dir, stdout, _) = run(&script);
    let line = |start: &str, holder: &str| stdout.lines().any(|l| l.starts_with(start) && l.contains(holder));
    assert!(line("ACCEPTED  GREEN   ", "holder \"张三\""), "{stdout}");
    assert!(line("REJECTED  RED     ", "holder \"Li Wei\""), "{stdout}");
    assert!(dir.path().join("batch-2026-11-25/row-0000002.card.svg").exists());
}

#[test]
fn the_operations_guide_runs_as_written() {
    let commands = commands(&doc("operations.md"), "# ");
    assert!(commands.len() >= 40, "found only {} commands", commands.len());
    let (_dir, stdout, _) = run(&commands);
    assert!(stdout.contains("ACCEPTED"), "{stdout}");
    assert!(stdout.contains("REJECTED"), "{stdout}");
}

#[test]
fn the_issuing_guide_runs_as_written() {
    let commands = commands(&doc("issuing.md"), "# ");
    assert!(commands.len() >= 5, "found only {} commands", commands.len());
    let (dir, _, stderr) = run(&commands);
    assert!(stderr.contains("issued 3 credentials"), "{stderr}");
    assert!(dir.path().join("batch-2026-11-25/manifest.jsonl").exists());
}

#[test]
fn the_trust_list_worked_example_runs_as_written() {
    let commands = commands(&doc("trust-lists.md"), "## Worked example");
    assert!(commands.len() >= 25, "found only {} commands", commands.len());
    let (dir, stdout, stderr) = run(&commands);

    for expected in [
        "ACCEPTED  GREEN   CN-ZJ Zhejiang · valid until 2026-11-28T01:00:00Z · holder \"张三\" born 1990-07-01",
        "REJECTED  YELLOW  CN-ZJ · status YELLOW from CN-ZJ is not accepted here · holder \"李四\" born 1985-03",
        "REJECTED  GREEN   CN-ZJ · revoked by its issuer (credential ",
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
