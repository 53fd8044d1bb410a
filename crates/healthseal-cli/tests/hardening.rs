//! Issue 10, the second hardening pass: one regression test per finding that concerns the
//! binary, each run through real processes (concurrency findings with processes running at the
//! same time). Findings inside the libraries are tested beside their code.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use healthseal_core::PublicKeyFile;
use healthseal_test_support::cli::{folder_with, ok, stderr, Healthseal};
use healthseal_test_support::workspace::root as repo;

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));

fn command(dir: &Path, args: &[&str]) -> Command {
    HEALTHSEAL.command(dir, args)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    HEALTHSEAL.run(dir, args)
}

/// Waits for a child at most `limit`; kills it and fails the test if it is still running then.
fn wait_at_most(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("{what} was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A province made now, on the real clock: root and issuing key, a trust source accepting its
/// own green credentials, and a signed list. Returns the folder.
fn province_now() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(run(d, &["keygen", "--role", "root", "--region", "CN-HA", "--out", "root.key"]));
    ok(run(d, &["keygen", "--role", "issuer", "--region", "CN-HA", "--out", "issuer.key"]));
    ok(run(d, &["trust", "init", "--region", "CN-HA", "--root", "root.key.pub", "--out", "ha.toml"]));
    ok(run(d, &["trust", "add-key", "--key", "issuer.key.pub", "ha.toml"]));
    ok(run(d, &sign_list("list")));
    dir
}

/// `trust sign` of the province's source into `out`, for the next 24 hours.
fn sign_list(out: &str) -> Vec<&str> {
    vec!["trust", "sign", "--root", "root.key", "--source", "ha.toml", "--next-update", "24h", "--out", out]
}

fn sign_now(dir: &Path, status: &str, valid_for: &str) -> String {
    let args = ["sign", "--key", "issuer.key", "--name", "Liu Yang", "--birth-date", "1980-04-02"];
    ok(run(dir, &[&args[..], &["--status", status, "--valid-for", valid_for]].concat())).trim().to_owned()
}

const CHECK: [&str; 5] = ["verify", "--trust", "list", "--root", "root.key.pub"];

/// Item 1: `verify … | head -1` exited 0 when the line it printed was a rejection.
#[test]
fn a_closed_output_never_turns_a_rejection_into_success() {
    let dir = province_now();
    let green = sign_now(dir.path(), "green", "1h");
    let yellow = sign_now(dir.path(), "yellow", "1h");
    for inputs in
        [vec![yellow.as_str()], vec![green.as_str(), yellow.as_str()], vec![yellow.as_str(), green.as_str()]]
    {
        // The reading end is closed before the checkpoint writes anything: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = command(dir.path(), &[&CHECK[..], &inputs].concat())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{inputs:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

/// Item 2: a scanner session read the clock once, so a credential that expired during the
/// session kept being accepted.
#[test]
fn a_scanner_session_reads_the_clock_for_each_credential() {
    let dir = province_now();
    let text = sign_now(dir.path(), "green", "2s");
    let mut child = command(dir.path(), &[&CHECK[..], &["--skew", "1s", "--json", "-"]].concat())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut verdict = |stdin: &mut std::process::ChildStdin| {
        writeln!(stdin, "{text}").unwrap();
        let line: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        (line["data"]["verdict"].as_str().unwrap().to_owned(), line["data"]["reason"].clone())
    };
    assert_eq!(verdict(&mut stdin).0, "accepted");
    // Past its expiry plus the 1 s skew.
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(verdict(&mut stdin), ("rejected".to_owned(), serde_json::json!("expired")));
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// Item 5: file names reached the terminal raw, and a FIFO in a scanned folder hung the scan.
#[test]
#[cfg(unix)]
fn file_names_are_shown_escaped_and_a_fifo_is_skipped_without_blocking() {
    let dir = province_now();
    let scans = dir.path().join("scans");
    std::fs::create_dir(&scans).unwrap();
    let forged = "\u{1b}[2J\rACCEPTED  GREEN   \u{202E}x";
    std::fs::copy(repo().join("fixtures/camera/no_code.jpg"), scans.join(format!("{forged}.jpg"))).unwrap();
    std::fs::write(scans.join(format!("{forged}.txt")), "not an image").unwrap();
    let fifo = scans.join("scanner.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());

    let child = command(dir.path(), &[&CHECK[..], &["scans"]].concat())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_at_most(child, Duration::from_secs(60), "a scan of a folder with a FIFO");
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    for text in [&stdout, &stderr] {
        assert!(!text.contains('\u{1b}') && !text.contains('\r') && !text.contains('\u{202E}'), "{text:?}");
    }
    assert!(stdout.starts_with("NO CODE   scans/\u{FFFD}[2J\u{FFFD}ACCEPTED"), "{stdout:?}");
    assert!(stderr.contains("skipping scans/scanner.fifo: not a regular file"), "{stderr}");
    assert!(stderr.contains(".txt: not an image"), "{stderr}");
}

/// Item 6: two checkpoints started together could both pass the rollback check, and the older
/// list's store could land last. Load, check and store now happen under the state's lock.
#[test]
fn a_checkpoint_waits_for_the_state_lock_before_it_checks_and_stores() {
    let dir = fixture_checkpoint();
    let state = healthseal_verifier::StateFile::new(dir.path().join("state/trust.state"));
    let held = state.lock().unwrap();
    let child =
        command(dir.path(), &fixture_verify("ha.trust-list-2")).stdout(Stdio::null()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(state.load().unwrap().is_none(), "the state was written while another process held its lock");
    drop(held);
    let out = wait_at_most(child, Duration::from_secs(60), "a checkpoint waiting for the lock");
    assert!(out.status.code().is_some());
    assert_eq!(state.load().unwrap().map(|s| s.sequence), Some(2));
}

#[test]
fn checkpoints_started_together_never_roll_the_state_back() {
    for trial in 0..8 {
        let dir = fixture_checkpoint();
        let children: Vec<Child> = (0..6)
            .map(|i| {
                let list = if i % 2 == 0 { "ha.trust-list-1" } else { "ha.trust-list-2" };
                command(dir.path(), &fixture_verify(list))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            wait_at_most(child, Duration::from_secs(60), "a checkpoint");
        }
        let state = healthseal_verifier::StateFile::new(dir.path().join("state/trust.state"));
        assert_eq!(state.load().unwrap().map(|s| s.sequence), Some(2), "trial {trial}");
        // And #1 is refused from now on.
        let out = run(dir.path(), &fixture_verify("ha.trust-list-1"));
        assert_eq!(out.status.code(), Some(3), "trial {trial}: {}", stderr(&out));
    }
}

fn fixture_checkpoint() -> tempfile::TempDir {
    folder_with(&[
        ("keys/CN-HA/root.key.pub", "ha-root.key.pub"),
        ("fixtures/trust/ha.trust-list-1", "ha.trust-list-1"),
        ("fixtures/trust/ha.trust-list-2", "ha.trust-list-2"),
        ("fixtures/credentials/typical_green.txt", "green.txt"),
    ])
}

fn fixture_verify(list: &str) -> Vec<&str> {
    vec![
        "verify",
        "--trust",
        list,
        "--root",
        "ha-root.key.pub",
        "--state",
        "state/trust.state",
        "--at",
        "2026-11-26T00:00:00Z",
        "green.txt",
    ]
}

/// Item 7: `--skew 300y` switched the expiry and clock checks off; `--grace` was unbounded.
#[test]
fn tolerances_larger_than_the_documented_caps_are_usage_errors() {
    let dir = province_now();
    let text = sign_now(dir.path(), "green", "1h");
    for (flag, value, needle) in [
        ("--skew", "300y", "at most 1h"),
        ("--skew", "61m", "at most 1h"),
        ("--grace", "15days", "at most 14d "),
    ] {
        let out = run(dir.path(), &[&CHECK[..], &[flag, value, &text]].concat());
        assert_eq!(out.status.code(), Some(3), "{flag} {value}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{flag} {value}: {}", stderr(&out));
    }
    for (flag, value) in [("--skew", "1h"), ("--grace", "14d")] {
        let out = run(dir.path(), &[&CHECK[..], &[flag, value, &text]].concat());
        assert_eq!(out.status.code(), Some(0), "{flag} {value}: {}", stderr(&out));
    }
}

/// Item 8: names with invisible characters or a run of spaces are refused at signing (the
/// checkpoint side is the fixtures' named vectors).
#[test]
fn misleading_names_are_refused_at_signing() {
    let dir = province_now();
    for (name, needle) in [
        ("Li\u{061C} Wei", "U+061C"),
        ("Li\u{3164}Wei", "U+3164"),
        ("Li\u{00AD}Wei", "U+00AD"),
        ("Li\u{180E}Wei", "U+180E"),
        ("Li Wei\u{E0041}", "U+E0041"),
        ("Li Wei (born 1990-01-01) · CN-ZJ          x", "run of spaces"),
    ] {
        let args =
            ["sign", "--key", "issuer.key", "--name", name, "--birth-date", "1980", "--status", "green"];
        let out = run(dir.path(), &[&args[..], &["--valid-for", "1h"]].concat());
        assert_eq!(out.status.code(), Some(3), "{name:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{name:?}: {}", stderr(&out));
    }
}

/// Item 9: a file of `HS1:` lines over 64 KiB was refused outright.
#[test]
fn a_day_of_scanner_output_is_read_line_by_line() {
    let dir = province_now();
    let text = sign_now(dir.path(), "green", "1h");
    let lines = 2_000;
    std::fs::write(dir.path().join("day.txt"), format!("{text}\n").repeat(lines)).unwrap();
    let out = run(dir.path(), &[&CHECK[..], &["day.txt"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().filter(|l| l.starts_with("ACCEPTED")).count(),
        lines
    );
    // Each line is still bounded: an overlong one is one malformed verdict, not a refusal.
    std::fs::write(dir.path().join("long.txt"), format!("{text}\n{}\n", "A".repeat(1 << 20))).unwrap();
    let out = run(dir.path(), &[&CHECK[..], &["--json", "long.txt"]].concat());
    let reasons: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["data"]["reason"].to_string())
        .collect();
    assert_eq!(reasons, ["null", "\"malformed\""]);
    assert_eq!(out.status.code(), Some(2));
}

/// Item 10: `trust revoke` and `trust sign` run together each rewrote the source from what they
/// had read: revocations and sequence increments were lost.
#[test]
fn trust_source_edits_run_together_lose_nothing() {
    let dir = province_now();
    let d = dir.path();
    let ids: Vec<String> = (1..=6).map(|i| format!("{i:016x}")).collect();
    let mut children: Vec<Child> = ids
        .iter()
        .map(|id| {
            command(d, &["trust", "revoke", "--cti", id, "ha.toml"]).stdout(Stdio::null()).spawn().unwrap()
        })
        .collect();
    for i in 0..4 {
        let out = format!("list-{i}");
        let args = sign_list(&out);
        children.push(command(d, &args).stdout(Stdio::null()).spawn().unwrap());
    }
    for child in children {
        let out = wait_at_most(child, Duration::from_secs(120), "a trust source edit");
        assert!(out.status.success());
    }
    let source = std::fs::read_to_string(d.join("ha.toml")).unwrap();
    for id in &ids {
        assert!(source.contains(id), "revocation {id} lost:\n{source}");
    }
    // The first list was #1; four more signed since, each with its own number.
    assert!(source.contains("list_sequence = 5"), "{source}");
}

#[test]
#[cfg(unix)]
fn a_trust_source_edit_waits_for_the_lock_of_another() {
    let dir = province_now();
    let source = dir.path().join("ha.toml");
    let held = std::fs::File::open(&source).unwrap();
    held.lock().unwrap();
    let child = command(dir.path(), &["trust", "revoke", "--cti", "00000000000000aa", "ha.toml"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        !std::fs::read_to_string(&source).unwrap().contains("00000000000000aa"),
        "written under a held lock"
    );
    drop(held);
    assert!(wait_at_most(child, Duration::from_secs(60), "a revoke waiting for the lock").status.success());
    assert!(std::fs::read_to_string(&source).unwrap().contains("00000000000000aa"));
}

/// Item 11: a recognised province's statement could list another region's issuing key, which
/// then survived its own region's compromise.
#[test]
fn a_statement_listing_another_regions_key_is_not_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (from, to) in [
        ("keys/CN-HA/root.key.pub", "ha-root.key.pub"),
        ("keys/CN-ZJ/root.key", "zj-root.key"),
        ("keys/CN-ZJ/root.key.pub", "zj-root.key.pub"),
        ("fixtures/trust/ha.trust.toml", "ha.trust.toml"),
        ("fixtures/trust/zj.trust.toml", "zj.trust.toml"),
    ] {
        std::fs::copy(repo().join(from), d.join(to)).unwrap();
    }
    // Zhejiang's source, edited to list Henan's issuing key as its own.
    let ha_issuer = PublicKeyFile::parse(
        &std::fs::read_to_string(repo().join("keys/CN-HA/issuer-2026.key.pub")).unwrap(),
    )
    .unwrap();
    let hex: String = ha_issuer.key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let zj = std::fs::read_to_string(d.join("zj.trust.toml")).unwrap().replacen(
        "[[recognized]]",
        &format!(
            "[[keys]]\nkid = \"{}\"\npublic_key = \"{hex}\"\nstatus = \"active\"\n\n[[recognized]]",
            ha_issuer.key.kid()
        ),
        1,
    );
    std::fs::write(d.join("zj.trust.toml"), zj).unwrap();
    ok(run(
        d,
        &[
            "trust",
            "statement",
            "--root",
            "zj-root.key",
            "--source",
            "zj.trust.toml",
            "--out",
            "zj.statement",
            "--at",
            "2026-11-26T00:00:00Z",
        ],
    ));

    let before = std::fs::read(d.join("ha.trust.toml")).unwrap();
    let out = run(
        d,
        &[
            "trust",
            "recognize",
            "--statement",
            "zj.statement",
            "--statement-root",
            "zj-root.key.pub",
            "ha.trust.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(&format!("issuing key {}", ha_issuer.key.kid()))
            && message.contains("already listed for CN-HA"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(d.join("ha.trust.toml")).unwrap(),
        before,
        "the source changed although refused"
    );
}

/// Item 12: a key marked retired with no end date kept signing.
#[test]
fn a_retired_key_without_an_end_date_is_refused_in_a_source() {
    let dir = province_now();
    let source = dir.path().join("ha.toml");
    let text =
        std::fs::read_to_string(&source).unwrap().replace("status = \"active\"", "status = \"retired\"");
    std::fs::write(&source, text).unwrap();
    let out = run(dir.path(), &sign_list("list-2"));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("is retired but has no not_after"), "{}", stderr(&out));
    assert!(!dir.path().join("list-2").exists());
}
