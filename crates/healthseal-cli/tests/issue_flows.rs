//! Issuing through the binary: QR images and cards from `sign`, bulk `issue` with bad rows,
//! repeated runs, and a run killed midway then resumed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use healthseal_core::Sealed;
use healthseal_test_support::cli::{stderr, Healthseal};

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn key() -> PathBuf {
    repo().join("keys/CN-ZJ/issuer-2026.key")
}

fn healthseal(dir: &Path, args: &[&str]) -> Output {
    HEALTHSEAL.run(dir, args)
}

/// Every QR payload in an image file, read by rxing.
fn read_png(path: &Path) -> Vec<String> {
    let image = image::open(path).unwrap().to_luma8();
    let (w, h) = image.dimensions();
    let mut hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true));
    rxing::helpers::detect_multiple_in_luma_with_hints(image.into_raw(), w, h, &mut hints)
        .map(|r| r.iter().map(|r| r.getText().to_string()).collect())
        .unwrap_or_default()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn sign(dir: &Path, extra: &[&str]) -> Output {
    sign_as(dir, "张三", extra)
}

fn sign_as(dir: &Path, name: &str, extra: &[&str]) -> Output {
    let key = key();
    let mut args = vec![
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--name",
        name,
        "--birth-date",
        "1990-07-01",
        "--status",
        "green",
        "--valid-for",
        "72h",
        "--at",
        "2026-11-25T09:00:00Z",
    ];
    args.extend_from_slice(extra);
    healthseal(dir, &args)
}

#[test]
fn sign_writes_png_svg_card_and_text() {
    let dir = tempfile::tempdir().unwrap();
    for (file, magic) in [("a.png", &b"\x89PNG"[..]), ("a.svg", b"<svg"), ("a.txt", b"HS1:")] {
        let out = sign(dir.path(), &["--out", file, "--ecc", "Q"]);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        assert!(stderr(&out).starts_with(&format!("wrote {file} (")), "{}", stderr(&out));
        let bytes = fs::read(dir.path().join(file)).unwrap();
        assert!(bytes.starts_with(magic), "{file}");
        #[cfg(unix)]
        assert_eq!(mode(&dir.path().join(file)), 0o600, "{file} holds personal data");
    }
    let texts = read_png(&dir.path().join("a.png"));
    assert_eq!(texts.len(), 1);
    let credential = Sealed::from_text(&texts[0]).unwrap().claims_unverified().unwrap();
    assert_eq!(credential.name().as_str(), "张三");
    assert!(stderr(&sign(dir.path(), &["--out", "a.png"])).contains("a.png already exists"));
}

#[test]
fn sign_draws_cards_as_svg_and_pdf_from_the_installed_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let drawn = healthseal_issuer::CardFonts::installed().missing("张三").is_empty();
    if !drawn {
        eprintln!("no font here draws 张三: checking that the card is refused instead");
    }
    for (file, magic, kind) in
        [("a.card.svg", &b"<svg"[..], "card"), ("a.pdf", b"%PDF-", "card on an A4 sheet")]
    {
        let out = sign(dir.path(), &["--out", file]);
        let path = dir.path().join(file);
        if drawn {
            assert!(out.status.success(), "{file}: {}", stderr(&out));
            assert!(
                stderr(&out).starts_with(&format!("wrote {file} ({kind}, QR version ")),
                "{}",
                stderr(&out)
            );
            let bytes = fs::read(&path).unwrap();
            assert!(bytes.starts_with(magic), "{file}");
            // Text as outlines: the file names no font and holds no text to select.
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("<text") && !text.contains("/Font"), "{file}");
            #[cfg(unix)]
            assert_eq!(mode(&path), 0o600, "{file} holds personal data");
        } else {
            assert_eq!(out.status.code(), Some(3), "{file}");
            let says = stderr(&out);
            assert!(says.contains("张 (U+5F20), 三 (U+4E09)") && says.contains("fonts-noto-cjk"), "{says}");
            assert!(!path.exists(), "{file} written");
        }
    }
}

#[test]
fn a_batch_to_print_sheets_reports_an_undrawable_name_without_showing_it() {
    let name = "\u{10000}\u{10001}";
    if healthseal_issuer::CardFonts::installed().missing(name).is_empty() {
        eprintln!("SKIPPED: a font on this machine draws Linear B");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = format!("name,birth_date,status\nAna Lima,1985-03,green\n{name},1990,green\nLi Wei,1972,red\n");
    fs::write(dir.path().join("people.csv"), csv).unwrap();
    let out = issue_people(dir.path(), "txt,pdf");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let says = stderr(&out);
    assert!(says.contains("row 2 (line 3): no installed font draws 2 of the name's characters"), "{says}");
    assert!(!says.contains(name) && !says.contains("U+10000"), "a batch report shows the name: {says}");
    let manifest = fs::read_to_string(dir.path().join("out/manifest.jsonl")).unwrap();
    assert_eq!(manifest.lines().count(), 2);
    assert!(manifest.lines().all(|l| l.contains("\"sheets-0000001.pdf\"")), "{manifest}");
    let pdf = fs::read(dir.path().join("out/sheets-0000001.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    #[cfg(unix)]
    assert_eq!(mode(&dir.path().join("out/sheets-0000001.pdf")), 0o600, "the sheets hold personal data");
}

#[test]
fn sign_refuses_a_card_whose_name_no_installed_font_draws() {
    // Linear B: in no font Debian installs by default nor in fonts-noto-cjk.
    let name = "\u{10000}\u{10001}";
    if healthseal_issuer::CardFonts::installed().missing(name).is_empty() {
        eprintln!("SKIPPED: a font on this machine draws Linear B");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = sign_as(dir.path(), name, &["--out", "x.card.svg"]);
    assert_eq!(out.status.code(), Some(3));
    let says = stderr(&out);
    assert!(says.contains("no installed font draws \u{10000} (U+10000), \u{10001} (U+10001)"), "{says}");
    assert!(says.contains("nothing was written"), "{says}");
    assert!(!dir.path().join("x.card.svg").exists());
    // The text itself needs no font.
    assert!(sign_as(dir.path(), name, &["--out", "x.txt"]).status.success());
}

#[test]
fn sign_draws_a_terminal_code_that_matches_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = sign(dir.path(), &["--terminal"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let text = lines.last().unwrap();
    assert!(text.starts_with("HS1:"));
    // A symbol of 17 + 4 × version modules plus 8 of quiet zone, two module rows per line.
    let width = lines[0].chars().count();
    assert_eq!((width - 8 - 17) % 4, 0, "{width} columns");
    assert_eq!(lines.len() - 1, width.div_ceil(2));
    assert!(lines[..lines.len() - 1].iter().all(|l| l.chars().count() == width));
    assert!(!stdout.contains('\x1b'), "no colour codes when NO_COLOR is set or stdout is not a terminal");
}

/// `issue` of `dir/people.csv` into `dir/out` in `formats`, with the test key at a fixed time.
fn issue_people(dir: &Path, formats: &str) -> Output {
    let key = key();
    let args = ["issue", "--key", key.to_str().unwrap(), "--input", "people.csv", "--out-dir", "out"];
    let rest = ["--format", formats, "--valid-for", "72h", "--at", "2026-11-25T09:00:00Z"];
    healthseal(dir, &[&args[..], &rest].concat())
}

fn people(n: usize) -> String {
    let mut csv = String::from("name,birth_date,status\n");
    for i in 1..=n {
        csv.push_str(&format!("Person {i},1990,green\n"));
    }
    csv
}

#[test]
fn issue_reports_bad_rows_and_issues_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = repo().join("fixtures/batch/people.csv");
    let key = key();
    let args = [
        "issue",
        "--key",
        key.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--out-dir",
        "out",
        "--format",
        "svg,png,txt",
        "--valid-for",
        "72h",
        "--at",
        "2026-11-25T09:00:00Z",
    ];
    let out = healthseal(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "row 3 (line 4): name is empty",
        "row 4 (line 5): status: unknown status \"purple\"",
        "row 5 (line 6): 3 fields where the header has 5",
        "row 7 (line 8): the name field is not valid UTF-8",
        "issued 3 credentials",
        "error: 4 rows could not be issued",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let out_dir = dir.path().join("out");
    let manifest = fs::read_to_string(out_dir.join("manifest.jsonl")).unwrap();
    let rows: Vec<u64> = manifest
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, vec![1, 2, 6]);
    assert!(!manifest.contains("张三"), "the manifest names rows, not people");
    let texts = read_png(&out_dir.join("row-0000006.png"));
    let credential = Sealed::from_text(&texts[0]).unwrap().claims_unverified().unwrap();
    assert_eq!(credential.name().as_str(), "Maria Fernanda de los Ángeles Rodríguez-Ocampo");
    assert_eq!(
        fs::read_to_string(out_dir.join("row-0000006.txt")).unwrap().trim(),
        texts[0],
        "the PNG carries exactly the text"
    );

    // A second run into the same folder is refused and changes nothing.
    let before: BTreeSet<_> = fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    let out = healthseal(dir.path(), &args);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("already holds a batch"), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint: choose a new --out-dir, or pass --resume"));
    let after: BTreeSet<_> = fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(before, after);
    assert_eq!(fs::read_to_string(out_dir.join("manifest.jsonl")).unwrap(), manifest);
}

#[test]
fn issue_json_reports_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("people.jsonl");
    fs::write(
        &input,
        "{\"name\":\"A\",\"birth_date\":\"1990\",\"status\":\"green\",\"valid_for\":\"7d\"}\n{\"name\":\"B\"}\n",
    )
    .unwrap();
    let key = key();
    let out = healthseal(
        dir.path(),
        &[
            "issue",
            "--key",
            key.to_str().unwrap(),
            "--input",
            "people.jsonl",
            "--out-dir",
            "o",
            "--json",
            "--format",
            "txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let messages: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let types: Vec<&str> = messages.iter().map(|m| m["type"].as_str().unwrap()).collect();
    assert_eq!(types, vec!["row_failed", "issued", "summary"]);
    assert_eq!(messages[0]["data"]["row"], 2);
    assert_eq!(messages[0]["data"]["reason"], "birth_date is empty");
    assert_eq!(messages[1]["data"]["row"], 1);
    assert_eq!(messages[2]["data"]["issued"], 1);
}

/// A run killed partway (as by a power cut or Ctrl-C) leaves only complete files; `--resume`
/// finishes it, and every row ends up issued exactly once.
#[test]
fn a_killed_run_resumes_to_exactly_one_credential_per_row() {
    const ROWS: usize = 6000;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("people.csv"), people(ROWS)).unwrap();
    let key = key();
    let args = [
        "issue",
        "--key",
        key.to_str().unwrap(),
        "--input",
        "people.csv",
        "--out-dir",
        "out",
        "--format",
        "txt",
        "--valid-for",
        "72h",
        "--jobs",
        "2",
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_healthseal"))
        .current_dir(dir.path())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once the first chunk is on disk.
    let manifest = dir.path().join("out/manifest.jsonl");
    for _ in 0..2000 {
        if fs::metadata(&manifest).is_ok_and(|m| m.len() > 0) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let recorded_before = fs::read_to_string(&manifest).unwrap().lines().count();

    let mut resume = args.to_vec();
    resume.push("--resume");
    let out = healthseal(dir.path(), &resume);
    assert!(out.status.success(), "{}", stderr(&out));
    if recorded_before < ROWS {
        assert!(stderr(&out).contains(&format!("skipped {recorded_before} rows")), "{}", stderr(&out));
    }
    let entries: Vec<serde_json::Value> =
        fs::read_to_string(&manifest).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let rows: Vec<u64> = entries.iter().map(|e| e["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, (1..=ROWS as u64).collect::<Vec<_>>());
    let mut files: BTreeSet<String> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(files.remove("manifest.jsonl"));
    // The resumed run signed a summary covering the killed run's lines and its own.
    assert!(files.remove("audit.jsonl"));
    assert_eq!(files.len(), ROWS, "one file per row, no temporary files");
    let public = format!("{}.pub", key.display());
    let audit = healthseal(dir.path(), &["audit", "out", "--key", &public]);
    assert_eq!(audit.status.code(), Some(0), "{}", String::from_utf8_lossy(&audit.stdout));
    for entry in entries.iter().step_by(97) {
        let file = entry["files"][0].as_str().unwrap();
        let text = fs::read_to_string(dir.path().join("out").join(file)).unwrap();
        let credential = Sealed::from_text(text.trim()).unwrap().claims_unverified().unwrap();
        assert_eq!(credential.id().to_string(), entry["id"].as_str().unwrap());
    }
}

/// Key safety for a batch: the passphrase is asked for once, before any row; a wrong one, a root
/// key or an expired key stops the run before anything is written.
#[test]
fn issue_checks_the_key_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("people.csv"), people(3)).unwrap();
    let run = |key: &str, passphrase: Option<&str>, out: &str| {
        let key = repo().join(key);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_healthseal"));
        cmd.current_dir(dir.path())
            .args(["issue", "--key", key.to_str().unwrap(), "--input", "people.csv", "--out-dir", out])
            .args(["--valid-for", "72h", "--at", "2026-11-25T09:00:00Z"])
            .env_remove("HEALTHSEAL_PASSPHRASE")
            .stdin(Stdio::null());
        if let Some(p) = passphrase {
            cmd.env("HEALTHSEAL_PASSPHRASE", p);
        }
        cmd.output().unwrap()
    };
    let out = run("fixtures/keys/encrypted-issuer.key", Some("healthseal test passphrase"), "ok");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("ok/manifest.jsonl")).unwrap().lines().count(), 3);
    for (key, passphrase, expected) in [
        ("fixtures/keys/encrypted-issuer.key", Some("wrong passphrase!"), "check the passphrase"),
        ("fixtures/keys/encrypted-issuer.key", None, "passphrase"),
        ("keys/CN-ZJ/root.key", None, "root key"),
        ("fixtures/keys/expired-issuer.key", None, "expired"),
    ] {
        let out = run(key, passphrase, "never");
        assert_eq!(out.status.code(), Some(3), "{key}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{key}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().filter(|l| l.starts_with("error:")).count(), 1);
        assert!(!dir.path().join("never").exists(), "{key}: nothing written");
    }
}

#[test]
fn audit_tells_a_recorded_batch_from_one_edited_after_the_fact() {
    let dir = tempfile::tempdir().unwrap();
    let key = key();
    fs::write(dir.path().join("people.csv"), people(6)).unwrap();
    let issue = issue_people(dir.path(), "txt");
    assert!(issue.status.success(), "{}", stderr(&issue));
    let public = format!("{}.pub", key.display());
    let audit = |extra: &[&str]| {
        let mut args = vec!["audit", "out", "--key", public.as_str()];
        args.extend_from_slice(extra);
        healthseal(dir.path(), &args)
    };
    // `issue` said what the trail ends with; the audit holds it to that.
    let said = stderr(&issue);
    let last = said.split("--last ").nth(1).map(str::trim).expect(&said).to_string();
    let clean = audit(&["--credential", "out/row-0000003.txt", "--last", &last]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    let said = String::from_utf8(clean.stdout).unwrap();
    assert!(
        said.contains("run 1: 6 credentials, rows 1-6") && said.contains("OK  6 manifest lines"),
        "{said}"
    );

    // A credential signed with the same key outside the batch, and a manifest line removed.
    let outside = sign(dir.path(), &["--out", "outside.txt"]);
    assert!(outside.status.success(), "{}", stderr(&outside));
    let manifest = fs::read_to_string(dir.path().join("out/manifest.jsonl")).unwrap();
    let kept: String =
        manifest.lines().filter(|l| !l.contains("\"row\":4,")).map(|l| format!("{l}\n")).collect();
    fs::write(dir.path().join("out/manifest.jsonl"), kept).unwrap();
    let found = audit(&["--credential", "outside.txt", "--json"]);
    assert_eq!(found.status.code(), Some(1), "{}", stderr(&found));
    let report: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    let findings: Vec<String> = report["data"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(
        findings[0].starts_with("run 1: the manifest's first 6 lines are not what the run recorded"),
        "{findings:?}"
    );
    assert!(findings[1].ends_with("not in the manifest (issued outside the record)"), "{findings:?}");
}
