//! `healthseal demo` end to end: the folder it writes, the verdict table it prints (every
//! verdict, every reason), and the commands it suggests, run as printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The demo's clock in every test: 2026-11-25T00:00:00Z.
const AT: &str = "2026-11-25T08:00:00+08:00";

/// Runs `healthseal` in `cwd` with the user's state and configuration folders moved inside
/// `home`, so that anything written outside the demo's folder would show.
fn healthseal(cwd: &Path, home: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_healthseal"))
        .current_dir(cwd)
        .args(args)
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HEALTHSEAL_STATE_DIR", home.join("healthseal-state"))
        .env("NO_COLOR", "1")
        .env_remove("HEALTHSEAL_PASSPHRASE")
        .output()
        .expect("runs")
}

fn demo(cwd: &Path, home: &Path, out: Option<&Path>) -> Output {
    let mut args = vec!["demo".to_owned(), "--at".to_owned(), AT.to_owned()];
    if let Some(out) = out {
        args.extend(["--out".to_owned(), out.display().to_string()]);
    }
    healthseal(cwd, home, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// A run that must succeed; its standard output.
fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "stdout:\n{}\nstderr:\n{}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

/// One row of the verdict table: photo, condition, holder, expected, verdict, reason.
#[derive(Debug)]
struct Row {
    photo: String,
    condition: String,
    holder: String,
    expected: String,
    verdict: String,
    reason: String,
}

/// The table under "5. A Henan checkpoint …": its header, then rows up to the blank line.
/// Columns are separated by two spaces or more; no cell holds two spaces in a row.
fn table(stdout: &str) -> Vec<Row> {
    let mut lines = stdout.lines().skip_while(|l| !l.trim_start().starts_with("photo "));
    let header = lines.next().expect("the verdict table");
    assert_eq!(cells(header), ["photo", "condition", "holder", "expected", "verdict", "reason"]);
    lines
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let c = cells(l);
            assert_eq!(c.len(), 6, "a row of six cells: {l:?}");
            Row {
                photo: c[0].clone(),
                condition: c[1].clone(),
                holder: c[2].clone(),
                expected: c[3].clone(),
                verdict: c[4].clone(),
                reason: c[5].clone(),
            }
        })
        .collect()
}

fn cells(line: &str) -> Vec<String> {
    line.trim().split("  ").map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect()
}

/// What the demo must print for each photo: photo, condition, holder, verdict, and the reason:
/// its code in brackets and words it must contain (for an accepted credential, the status and
/// expiry it must show).
const EXPECTED: [(&str, &str, &str, &str, &str, &str); 11] = [
    (
        "01-zhang-san.jpg",
        "phone_screen",
        "张三 · CN-ZJ green",
        "ACCEPTED",
        "",
        "GREEN, valid until 2026-11-28T00:00:00Z",
    ),
    (
        "02-ana-lima.jpg",
        "paper",
        "Ana Lima · CN-ZJ yellow",
        "REJECTED",
        "status_not_accepted",
        "status YELLOW from CN-ZJ is not accepted here",
    ),
    (
        "03-wang-wu.jpg",
        "rotated",
        "王五 · CN-HA yellow",
        "ACCEPTED",
        "",
        "YELLOW, valid until 2026-11-28T00:00:00Z",
    ),
    (
        "04-sun-li.jpg",
        "quarter_turn",
        "Sun Li · CN-HA green",
        "ACCEPTED",
        "",
        "GREEN, valid until 2026-12-02T00:00:00Z",
    ),
    (
        "05-li-wei.jpg",
        "low_contrast",
        "Li Wei · CN-HA red",
        "REJECTED",
        "status_not_accepted",
        "status RED from CN-HA is not accepted here",
    ),
    (
        "06-chen-jing.jpg",
        "perspective",
        "Chen Jing · CN-HA green",
        "REJECTED",
        "expired",
        "expired at 2026-11-24T00:00:00Z",
    ),
    ("07-zhao-min.jpg", "inverted", "Zhao Min · CN-HA green", "REJECTED", "revoked", "revoked by its issuer"),
    (
        "08-zhou-yu.jpg",
        "noise",
        "Zhou Yu · CN-ZJ green",
        "REJECTED",
        "too_old",
        "issued at 2026-11-22T12:00:00Z, more than 2 days ago",
    ),
    (
        "09-huang-lei.jpg",
        "small_in_large",
        "Huang Lei · CN-GD green",
        "REJECTED",
        "region_not_recognized",
        "claims to come from \"CN-GD\", a region this province does not recognise",
    ),
    (
        "10-liu-fang.jpg",
        "blur",
        "Liu Fang · CN-ZJ, forged",
        "REJECTED",
        "bad_signature",
        "the signature is not valid: forged or altered",
    ),
    ("11-no-code.jpg", "no_code", "-", "NO CODE", "no_code", "no QR code found in the photo"),
];

const SLUGS: [&str; 10] = [
    "zhang-san",
    "ana-lima",
    "wang-wu",
    "sun-li",
    "li-wei",
    "chen-jing",
    "zhao-min",
    "zhou-yu",
    "huang-lei",
    "liu-fang",
];

#[test]
fn the_demo_prints_every_expected_verdict_and_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("demo");
    let out = demo(tmp.path(), tmp.path(), Some(&out_dir));
    let stdout = ok(&out);
    assert!(stdout.starts_with("healthseal demo — TEST ONLY"), "{stdout}");

    let rows = table(&stdout);
    assert_eq!(rows.len(), EXPECTED.len(), "one row per photo:\n{stdout}");
    for (row, (photo, condition, holder, verdict, code, words)) in rows.iter().zip(EXPECTED) {
        assert_eq!(row.photo, photo, "{row:?}");
        assert_eq!(row.condition, condition, "{row:?}");
        assert_eq!(row.holder, holder, "{row:?}");
        assert_eq!(row.expected, verdict, "expected column: {row:?}");
        assert_eq!(row.verdict, verdict, "verdict: {row:?}");
        if code.is_empty() {
            assert_eq!(row.reason, words, "{row:?}");
        } else {
            assert!(row.reason.ends_with(&format!(" [{code}]")), "reason code {code}: {row:?}");
            assert!(row.reason.starts_with(words), "reason words {words:?}: {row:?}");
        }
    }
    // Every kind of verdict and every reason the demo sets out to show is there.
    for reason in [
        "status_not_accepted",
        "expired",
        "revoked",
        "too_old",
        "region_not_recognized",
        "bad_signature",
        "no_code",
    ] {
        assert!(rows.iter().any(|r| r.reason.ends_with(&format!("[{reason}]"))), "{reason} missing");
    }
    for verdict in ["ACCEPTED", "REJECTED", "NO CODE"] {
        assert!(rows.iter().any(|r| r.verdict == verdict), "{verdict} missing");
    }
    assert!(
        stdout.contains("   Every verdict as expected: 3 accepted, 7 rejected, 1 photo without a code.\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\nTry next"), "{stdout}");

    // The folder holds everything the story made.
    let file = |p: &str| out_dir.join(p);
    for slug in SLUGS {
        let credential = std::fs::read_to_string(file(&format!("credentials/{slug}.txt"))).unwrap();
        assert!(credential.starts_with("HS1:") && credential.ends_with('\n'), "{slug}: {credential}");
        let png = std::fs::read(file(&format!("credentials/{slug}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{slug}.png");
    }
    // Cards: one SVG for 张三 where a font draws the name (else a note says why not), and
    // every card that could be drawn on A4 sheets.
    match std::fs::read_to_string(file("credentials/zhang-san.card.svg")) {
        Ok(card) => assert!(card.starts_with("<svg") && !card.contains("<text"), "{card}"),
        Err(_) => assert!(text(&out.stderr).contains("demo: no card for 张三"), "{}", text(&out.stderr)),
    }
    assert!(std::fs::read(file("credentials/cards.pdf")).unwrap().starts_with(b"%PDF-"));
    let photos: Vec<String> = std::fs::read_dir(file("photos"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(photos.len(), EXPECTED.len(), "{photos:?}");
    for (photo, ..) in EXPECTED {
        assert!(
            std::fs::read(file(&format!("photos/{photo}"))).unwrap().starts_with(b"\xff\xd8\xff"),
            "{photo}"
        );
    }
    for province in ["henan", "zhejiang"] {
        let source = std::fs::read_to_string(file(&format!("{province}.trust.toml"))).unwrap();
        assert!(source.starts_with("# healthseal trust source"), "{province}.trust.toml");
        assert!(!std::fs::read(file(&format!("{province}.statement"))).unwrap().is_empty());
        assert!(!std::fs::read(file(&format!("{province}.trust-list"))).unwrap().is_empty());
    }
    for region in ["CN-ZJ", "CN-HA"] {
        for key in ["root.key", "issuer-2026.key"] {
            let private = std::fs::read_to_string(file(&format!("keys/{region}/{key}"))).unwrap();
            assert!(private.contains("TEST ONLY"), "{region}/{key}");
            assert!(file(&format!("keys/{region}/{key}.pub")).is_file());
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode =
                    std::fs::metadata(file(&format!("keys/{region}/{key}"))).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{region}/{key}");
            }
        }
    }
    assert!(std::fs::read_to_string(file("README.txt")).unwrap().contains("TEST ONLY"));
    // Henan revoked Zhao Min's credential in its own source; Zhejiang took it from Henan's statement.
    let henan = std::fs::read_to_string(file("henan.trust.toml")).unwrap();
    assert!(henan.contains("[[recognized]]") && henan.contains("region = \"CN-ZJ\""));

    // Nothing outside the folder: no trust state, no temporary files left behind.
    for state in ["state", "healthseal-state", ".local"] {
        assert!(!tmp.path().join(state).exists(), "{state} written");
    }
    let mut stack = vec![out_dir.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            assert!(!entry.file_name().to_string_lossy().starts_with('.'), "{:?}", entry.path());
            if entry.path().is_dir() {
                stack.push(entry.path());
            }
        }
    }

    // The same clock gives the same folder, byte for byte.
    let again = tmp.path().join("again");
    let stdout_again = ok(&demo(tmp.path(), tmp.path(), Some(&again)));
    assert_eq!(without_folder_and_time(&stdout, &out_dir), without_folder_and_time(&stdout_again, &again));
    for (photo, ..) in EXPECTED {
        let path = format!("photos/{photo}");
        assert!(
            std::fs::read(out_dir.join(&path)).unwrap() == std::fs::read(again.join(&path)).unwrap(),
            "{path}"
        );
    }
    assert_eq!(
        std::fs::read(out_dir.join("henan.trust-list")).unwrap(),
        std::fs::read(again.join("henan.trust-list")).unwrap()
    );
}

/// Standard output with the folder's path and the time taken blanked out.
fn without_folder_and_time(stdout: &str, dir: &Path) -> String {
    stdout.replace(&dir.display().to_string(), "DIR").lines().filter(|l| !l.starts_with("Done in ")).collect()
}

/// The commands under "Try next:", as argument lists (each starts with `healthseal`).
fn suggested_commands(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("Try next"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| {
            let words = shell_words(l.trim());
            assert_eq!(words[0], "healthseal", "{l}");
            words[1..].to_vec()
        })
        .collect()
}

/// Splits a line the way a POSIX shell would, for what the demo prints: bare words, single
/// quotes, and backslash escapes outside quotes.
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut in_word) = (Vec::new(), String::new(), false);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            '"' | '$' | '`' | '*' | '?' | ';' | '&' | '|' | '<' | '>' => panic!("unquoted {c:?} in {line:?}"),
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[test]
fn the_commands_it_suggests_work_on_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    // A space in the path: the printed commands must quote it.
    let out_dir = tmp.path().join("my demo");
    let stdout = ok(&demo(tmp.path(), tmp.path(), Some(&out_dir)));
    let commands = suggested_commands(&stdout);
    let names: Vec<&str> = commands.iter().map(|c| c[0].as_str()).collect();
    assert_eq!(names, ["verify", "trust", "inspect", "trust", "trust", "sign"], "{stdout}");
    let run = |args: &[String]| healthseal(tmp.path(), tmp.path(), args);

    // The checkpoint on the photos: a line per photo, the verdicts of the demo's table.
    let verify = run(&commands[0]);
    let lines = text(&verify.stdout);
    assert_eq!(verify.status.code(), Some(2), "a photo without a code is unreadable input:\n{lines}");
    let count = |word: &str| lines.lines().filter(|l| l.starts_with(word)).count();
    assert_eq!((count("ACCEPTED"), count("REJECTED"), count("NO CODE")), (3, 7, 1), "{lines}");
    assert_eq!(lines.lines().count(), EXPECTED.len(), "{lines}");
    assert!(lines.contains("NO CODE   ") && lines.contains("11-no-code.jpg"), "{lines}");
    assert!(out_dir.join("checkpoint.state").is_file(), "the state stays in the demo's folder");

    let show = ok(&run(&commands[1]));
    assert!(show.contains("signature      valid under the given root"), "{show}");
    assert!(show.contains("CN-ZJ Zhejiang (recognised; statement #1"), "{show}");

    let inspect = ok(&run(&commands[2]));
    assert!(inspect.contains("张三") && inspect.contains("UNVERIFIED"), "{inspect}");

    // Revoke 王五's credential, sign trust list #2: the checkpoint now rejects it.
    let revoke = ok(&run(&commands[3]));
    assert!(revoke.starts_with("1 credential(s) revoked"), "{revoke}");
    let sign = ok(&run(&commands[4]));
    assert!(sign.starts_with("trust list #2 of CN-HA"), "{sign}");
    let again = run(&commands[0]);
    let lines = text(&again.stdout);
    assert!(text(&again.stderr).contains("trust list #2 replaces #1"), "{}", text(&again.stderr));
    assert_eq!((count_in(&lines, "ACCEPTED"), count_in(&lines, "REJECTED")), (2, 8), "{lines}");
    assert!(
        lines
            .lines()
            .any(|l| l.contains("CN-HA · revoked by its issuer") && l.ends_with("holder \"王五\" born 1978")),
        "{lines}"
    );

    ok(&run(&commands[5]));
    let card = std::fs::read_to_string(out_dir.join("you.card.svg")).unwrap();
    assert!(card.starts_with("<svg") && card.contains("<path"), "{card}");

    for state in ["state", "healthseal-state", ".local"] {
        assert!(!tmp.path().join(state).exists(), "{state} written");
    }
}

fn count_in(lines: &str, word: &str) -> usize {
    lines.lines().filter(|l| l.starts_with(word)).count()
}

#[test]
fn an_existing_folder_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let existing = tmp.path().join("taken");
    std::fs::create_dir(&existing).unwrap();
    std::fs::write(existing.join("keep.txt"), "mine").unwrap();
    let out = demo(tmp.path(), tmp.path(), Some(&existing));
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with(&format!("error: {} already exists\nhint: ", existing.display())), "{stderr}");
    let left: Vec<PathBuf> = std::fs::read_dir(&existing).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(left, [existing.join("keep.txt")]);
    assert_eq!(std::fs::read_to_string(existing.join("keep.txt")).unwrap(), "mine");
}

#[test]
fn without_out_it_writes_the_next_free_numbered_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("healthseal-demo-1")).unwrap();
    let stdout = ok(&demo(tmp.path(), tmp.path(), None));
    assert!(stdout.contains("Writing to healthseal-demo-2/"), "{stdout}");
    assert_eq!(std::fs::read_dir(tmp.path().join("healthseal-demo-1")).unwrap().count(), 0);
    assert!(tmp.path().join("healthseal-demo-2/README.txt").is_file());
    // The printed commands name the folder as it was created, relative to where the demo ran.
    assert!(stdout.contains(" healthseal-demo-2/photos/\n"), "{stdout}");
}
