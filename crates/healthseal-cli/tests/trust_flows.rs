//! Trust-office and checkpoint flows through the binary that need files and state: refusals
//! that must leave every file as it was, and rollback across runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_healthseal"))
        .current_dir(dir)
        .args(args)
        .env("HEALTHSEAL_STATE_DIR", dir.join("state"))
        .env_remove("HEALTHSEAL_PASSPHRASE")
        .output()
        .expect("runs")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail with `code`, leave every file in `dir` untouched, and say
/// `needle` on one `error:` line.
fn refused(dir: &Path, args: &[&str], code: i32, needle: &str) {
    let before = snapshot(dir);
    let out = run(dir, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    let first = stderr.lines().next().unwrap_or("");
    assert!(first.starts_with("error: ") && first.contains(needle), "{args:?}: {stderr}");
    assert_eq!(snapshot(dir), before, "{args:?} changed files although it failed");
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((
                    path.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

/// A folder with the demo provinces' keys and the fixture trust documents.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("keys/CN-HA/root.key", "ha-root.key"),
        ("keys/CN-HA/root.key.pub", "ha-root.key.pub"),
        ("keys/CN-HA/issuer-2026.key", "ha-issuer.key"),
        ("keys/CN-HA/issuer-2026.key.pub", "ha-issuer.key.pub"),
        ("keys/CN-ZJ/root.key", "zj-root.key"),
        ("keys/CN-ZJ/root.key.pub", "zj-root.key.pub"),
        ("keys/CN-ZJ/issuer-2026.key.pub", "zj-issuer.key.pub"),
        ("fixtures/trust/ha.trust.toml", "ha.trust.toml"),
        ("fixtures/trust/zj.statement-1", "zj.statement-1"),
        ("fixtures/trust/zj.statement-2", "zj.statement-2"),
        ("fixtures/trust/ha.trust-list-1", "ha.trust-list-1"),
        ("fixtures/trust/ha.trust-list-2", "ha.trust-list-2"),
        ("fixtures/trust/zj.trust-list-1", "zj.trust-list-1"),
        ("fixtures/credentials/typical_green.txt", "green.txt"),
    ] {
        std::fs::copy(root().join(from), dir.path().join(to)).unwrap();
    }
    dir
}

#[test]
fn a_checkpoint_never_goes_back_to_an_older_list() {
    let d = setup();
    let dir = d.path();
    let verify = |list: &str| {
        run(
            dir,
            &[
                "verify",
                "--trust",
                list,
                "--root",
                "ha-root.key.pub",
                "--at",
                "2026-11-25T04:00:00Z",
                "green.txt",
            ],
        )
    };
    // List #1: the credential is fine.
    assert_eq!(verify("ha.trust-list-1").status.code(), Some(0));
    // List #2 revokes it.
    let out = verify("ha.trust-list-2");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("trust list #2 replaces #1"));
    // Going back to #1 would un-revoke it: refused, and the state stays at #2.
    refused(
        dir,
        &["verify", "--trust", "ha.trust-list-1", "--root", "ha-root.key.pub", "green.txt"],
        3,
        "refusing to go back",
    );
    let state = std::fs::read_dir(dir.join("state")).unwrap().next().unwrap().unwrap().path();
    assert!(std::fs::read_to_string(state).unwrap().contains("sequence: 2"));
}

#[test]
fn a_list_from_another_province_is_refused_at_the_checkpoint() {
    let d = setup();
    refused(
        d.path(),
        &["verify", "--trust", "zj.trust-list-1", "--root", "ha-root.key.pub", "green.txt"],
        3,
        "not by the root key",
    );
}

#[test]
fn trust_office_misuse_is_refused_and_changes_nothing() {
    let d = setup();
    let dir = d.path();
    // A statement checked against the wrong root (someone's key found next to the statement).
    refused(
        dir,
        &[
            "trust",
            "recognize",
            "ha.trust.toml",
            "--statement",
            "zj.statement-2",
            "--statement-root",
            "ha-root.key.pub",
        ],
        3,
        "not by the root key",
    );
    // An older statement than the one already taken.
    refused(
        dir,
        &[
            "trust",
            "recognize",
            "ha.trust.toml",
            "--statement",
            "zj.statement-1",
            "--statement-root",
            "zj-root.key.pub",
        ],
        3,
        "older than #2",
    );
    // Signing the list with an issuing key, or with another province's root.
    for key in ["ha-issuer.key", "zj-root.key"] {
        refused(
            dir,
            &[
                "trust",
                "sign",
                "--root",
                key,
                "--source",
                "ha.trust.toml",
                "--next-update",
                "24h",
                "--out",
                "new.list",
            ],
            3,
            if key == "zj-root.key" { "is not the root key of this source" } else { "is an issuing key" },
        );
    }
    // The source as its own output.
    refused(
        dir,
        &[
            "trust",
            "sign",
            "--root",
            "ha-root.key",
            "--source",
            "ha.trust.toml",
            "--next-update",
            "24h",
            "--out",
            "ha.trust.toml",
            "--force",
        ],
        3,
        "both an input and an output",
    );
    // Adding a root key, or another province's issuing key, as an issuing key.
    refused(dir, &["trust", "add-key", "ha.trust.toml", "--key", "ha-root.key.pub"], 3, "is a root key");
    refused(dir, &["trust", "add-key", "ha.trust.toml", "--key", "zj-issuer.key.pub"], 3, "belongs to CN-ZJ");
    // Revoking another province's credential.
    refused(dir, &["trust", "revoke", "ha.trust.toml", "--credential", "green.txt"], 3, "no trusted key");
    // A key id that is not in the source.
    refused(
        dir,
        &[
            "trust",
            "compromise",
            "ha.trust.toml",
            "--kid",
            "0000000000000000",
            "--since",
            "2026-11-25T00:00:00Z",
        ],
        3,
        "no issuing key",
    );
    // Recognising a province for the first time without terms.
    std::fs::write(dir.join("fresh.toml"), std::fs::read(dir.join("ha.trust.toml")).unwrap()).unwrap();
    ok(run(dir, &["trust", "unrecognize", "fresh.toml", "--region", "CN-ZJ"]));
    refused(
        dir,
        &[
            "trust",
            "recognize",
            "fresh.toml",
            "--statement",
            "zj.statement-2",
            "--statement-root",
            "zj-root.key.pub",
        ],
        3,
        "recognised for the first time",
    );
}

#[test]
fn a_hand_edited_source_is_checked_with_the_place_of_the_mistake() {
    let d = setup();
    let dir = d.path();
    let text = std::fs::read_to_string(dir.join("ha.trust.toml")).unwrap();
    std::fs::write(dir.join("ha.trust.toml"), text.replace("max_age = \"48h\"", "max_age = \"two days\""))
        .unwrap();
    refused(
        dir,
        &[
            "trust",
            "sign",
            "--root",
            "ha-root.key",
            "--source",
            "ha.trust.toml",
            "--next-update",
            "24h",
            "--out",
            "new.list",
        ],
        3,
        "recognized[CN-ZJ].policy.max_age: \"two days\" is not a duration",
    );
}

#[test]
fn compromise_then_sign_rejects_what_the_key_signed_after() {
    let d = setup();
    let dir = d.path();
    ok(run(
        dir,
        &[
            "trust",
            "compromise",
            "ha.trust.toml",
            "--kid",
            "0a2d02b3f260a835",
            "--since",
            "2026-11-25T02:00:00Z",
        ],
    ));
    ok(run(
        dir,
        &[
            "trust",
            "sign",
            "--root",
            "ha-root.key",
            "--source",
            "ha.trust.toml",
            "--next-update",
            "24h",
            "--out",
            "ha.list",
            "--at",
            "2026-11-25T05:00:00Z",
        ],
    ));
    let sign = |at: &str| {
        ok(run(
            dir,
            &[
                "sign",
                "--key",
                "ha-issuer.key",
                "--name",
                "Liu Yang",
                "--birth-date",
                "1980",
                "--status",
                "green",
                "--valid-for",
                "24h",
                "--at",
                at,
            ],
        ))
    };
    let (before, after) = (sign("2026-11-25T01:59:59Z"), sign("2026-11-25T02:00:00Z"));
    let verify = |text: &str| {
        run(
            dir,
            &[
                "verify",
                "--json",
                "--trust",
                "ha.list",
                "--root",
                "ha-root.key.pub",
                "--at",
                "2026-11-25T06:00:00Z",
                text.trim(),
            ],
        )
    };
    assert_eq!(verify(&before).status.code(), Some(0));
    let out = verify(&after);
    assert_eq!(out.status.code(), Some(1));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["data"]["reason"], "key_compromised");
    // `trust show` reports the compromise for audit.
    let shown = ok(run(dir, &["trust", "show", "ha.list"]));
    assert!(shown.contains("0a2d02b3f260a835  compromised since 2026-11-25T02:00:00Z"), "{shown}");
}
