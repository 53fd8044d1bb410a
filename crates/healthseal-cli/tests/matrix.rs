//! Misuse matrix: one table row per way to hand `healthseal` something wrong — missing,
//! unreadable, truncated, oversized or foreign inputs, wrong keys, unwritable outputs — each run
//! in a fresh temporary folder.
//!
//! Every row states the exit code, a phrase the message must contain, and the files that must
//! not exist afterwards. Every row also checks the shape of what is printed: an error is one
//! `error: ` line, optionally followed by one `hint: ` line; nothing panics; no temporary file
//! (`.healthseal-*`) is left behind. Inputs are made at run time; repository files are named
//! `@/path` in the arguments.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use healthseal_test_support::crc32::crc32;

/// How the output must look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// stderr is exactly `error: …`, optionally followed by `hint: …`.
    Error,
    /// A command-line parsing error from clap: `error: …` first, then clap's usage lines. Its
    /// layout is clap's (pinned by the snapshot cases in tests/cmd), not one line.
    Clap,
    /// Verdict or per-input lines on stdout (`stdout` must contain the phrase), no `error:` line
    /// on stderr.
    Verdicts,
    /// A batch report: `row N (line L): …` lines, a summary, and a last `error: …` line.
    BatchReport,
}

/// Contents of a file made before the run.
#[derive(Clone, Copy)]
enum Content {
    Text(&'static str),
    /// A repository file, copied.
    Repo(&'static str),
    /// The first `num/den` of a repository file.
    RepoPart(&'static str, usize, usize),
    /// Made by a function (large or binary inputs).
    Made(fn() -> Vec<u8>),
}

/// One step before the run.
#[derive(Clone, Copy)]
enum Setup {
    File(&'static str, Content),
    Dir(&'static str),
    /// Unix permission bits for a file or folder made before.
    #[cfg_attr(not(unix), allow(dead_code))]
    Mode(&'static str, u32),
    /// Runs `healthseal` with these arguments; it must exit with this code.
    Run(&'static [&'static str], i32),
}

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    /// Standard input; `None` is an empty, non-terminal stdin (/dev/null).
    stdin: Option<&'static [u8]>,
    env: &'static [(&'static str, &'static str)],
    setup: &'static [Setup],
    code: i32,
    shape: Shape,
    /// A phrase stderr must contain (stdout for `Shape::Verdicts`).
    says: &'static str,
    /// Paths (in the temporary folder) that must not exist afterwards.
    absent: &'static [&'static str],
    /// Paths that must exist afterwards.
    present: &'static [&'static str],
    /// Longest the run may take.
    within: Option<Duration>,
    /// Says why the case cannot be checked here (e.g. root reads mode-000 files).
    skip: Option<fn(&Path) -> Option<&'static str>>,
}

const CASE: Case = Case {
    name: "",
    args: &[],
    stdin: None,
    env: &[],
    setup: &[],
    code: 3,
    shape: Shape::Error,
    says: "",
    absent: &[],
    present: &[],
    within: None,
    skip: None,
};

const PASSPHRASE: (&str, &str) = ("HEALTHSEAL_PASSPHRASE", "healthseal test passphrase");
const AT: &str = "2026-11-25T01:00:00Z";
const HA_LIST_1: &str = "@/fixtures/trust/ha.trust-list-1";
const HA_ROOT: &str = "@/keys/CN-HA/root.key.pub";
const ZJ_ISSUER: &str = "@/keys/CN-ZJ/issuer-2026.key";
const GREEN: &str = "@/fixtures/credentials/typical_green.txt";

/// Arguments of a `sign` run with key `$key`, to splice into a table row.
macro_rules! sign {
    ($key:expr $(, $extra:expr)*) => {
        &["sign", "--key", $key, "--name", "Ana Lima", "--birth-date", "1985-03", "--status", "green",
          "--valid-for", "72h", "--at", AT $(, $extra)*]
    };
}

/// Arguments of a `verify` run against Henan's first list, state in the temporary folder.
macro_rules! verify {
    ($($extra:expr),*) => {
        &["verify", "--trust", HA_LIST_1, "--root", HA_ROOT, "--state", "checkpoint.state", "--at", AT
          $(, $extra)*]
    };
}

fn cases() -> Vec<Case> {
    vec![
        // ---- unreadable and missing files ----
        Case {
            name: "inspect a missing file",
            args: &["inspect", "no-such.txt"],
            code: 2,
            says: "no such file",
            ..CASE
        },
        Case {
            name: "inspect a folder given as a file",
            args: &["inspect", "folder"],
            setup: &[Setup::Dir("folder")],
            code: 2,
            says: "cannot read folder",
            ..CASE
        },
        Case {
            name: "inspect a file with mode 000",
            args: &["inspect", "secret.txt"],
            setup: &[Setup::File("secret.txt", Content::Repo(GREEN)), Setup::Mode("secret.txt", 0o000)],
            code: 2,
            says: "permission denied",
            skip: Some(skip_if_readable),
            ..CASE
        },
        Case {
            name: "inspect a 10 MB file",
            args: &["inspect", "big.txt"],
            setup: &[Setup::File("big.txt", Content::Made(ten_megabytes))],
            code: 2,
            says: "larger than the 64 KiB allowed",
            ..CASE
        },
        Case {
            name: "inspect binary that is not UTF-8",
            args: &["inspect", "noise.bin"],
            setup: &[Setup::File("noise.bin", Content::Made(noise))],
            code: 2,
            says: "not UTF-8",
            ..CASE
        },
        Case {
            name: "inspect empty stdin",
            args: &["inspect", "-"],
            stdin: Some(b""),
            code: 2,
            says: "standard input is empty",
            ..CASE
        },
        Case {
            name: "verify empty stdin",
            args: verify!("-"),
            stdin: Some(b""),
            code: 2,
            says: "standard input is empty",
            ..CASE
        },
        Case {
            name: "verify stdin of blank lines",
            args: verify!("-"),
            stdin: Some(b"\n   \n\r\n"),
            code: 2,
            says: "standard input is empty",
            ..CASE
        },
        Case {
            name: "verify a missing input file",
            args: verify!("no-such.txt"),
            code: 2,
            says: "no such file",
            ..CASE
        },
        Case {
            name: "verify a text file with mode 000",
            args: verify!("secret.txt"),
            setup: &[Setup::File("secret.txt", Content::Repo(GREEN)), Setup::Mode("secret.txt", 0o000)],
            code: 2,
            says: "permission denied",
            skip: Some(skip_if_readable),
            ..CASE
        },
        // ---- key files ----
        Case {
            name: "sign with a missing key file",
            args: sign!("no-such.key"),
            says: "no such file",
            ..CASE
        },
        Case {
            name: "sign with a folder as key file",
            args: sign!("folder", "--out", "c.txt"),
            setup: &[Setup::Dir("folder")],
            says: "cannot read key file folder",
            absent: &["c.txt"],
            ..CASE
        },
        Case {
            name: "sign with a truncated PEM key",
            args: sign!("cut.key", "--out", "c.txt"),
            setup: &[Setup::File("cut.key", Content::RepoPart(ZJ_ISSUER, 2, 3))],
            says: "PEM block is damaged",
            absent: &["c.txt"],
            ..CASE
        },
        Case {
            name: "sign with a garbage PEM key",
            args: sign!("garbage.key", "--out", "c.txt"),
            setup: &[Setup::File(
                "garbage.key",
                Content::Text("-----BEGIN PRIVATE KEY-----\n!!not base64!!\n-----END PRIVATE KEY-----\n"),
            )],
            says: "not an Ed25519 private key",
            absent: &["c.txt"],
            ..CASE
        },
        Case {
            name: "sign with a binary key file",
            args: sign!("noise.key"),
            setup: &[Setup::File("noise.key", Content::Made(noise))],
            says: "is not a text file",
            ..CASE
        },
        Case {
            name: "sign with an encrypted key, no passphrase, no terminal",
            args: sign!("@/fixtures/keys/encrypted-issuer.key", "--out", "c.txt"),
            says: "no terminal to ask on",
            absent: &["c.txt"],
            ..CASE
        },
        Case {
            name: "sign with an encrypted key and a wrong passphrase",
            args: sign!("@/fixtures/keys/encrypted-issuer.key", "--out", "c.txt"),
            env: &[("HEALTHSEAL_PASSPHRASE", "not the passphrase")],
            says: "passphrase does not unlock",
            absent: &["c.txt"],
            ..CASE
        },
        Case {
            name: "sign with an unlocked encrypted key into a folder under a file",
            args: sign!("@/fixtures/keys/encrypted-issuer.key", "--out", "plain/c.card.svg"),
            env: &[PASSPHRASE],
            setup: &[Setup::File("plain", Content::Text("a file, not a folder\n"))],
            says: "cannot write plain/c.card.svg",
            ..CASE
        },
        Case {
            name: "sign with a root key",
            args: sign!("@/keys/CN-ZJ/root.key", "--out", "c.png"),
            says: "province root key",
            absent: &["c.png"],
            ..CASE
        },
        Case {
            name: "sign with an expired key",
            args: sign!("@/fixtures/keys/expired-issuer.key", "--out", "c.txt"),
            says: "the issuing key expired at 2026-11-24T00:00:00Z",
            absent: &["c.txt"],
            ..CASE
        },
        Case {
            name: "issue with a root key",
            args: &["issue", "--key", "@/keys/CN-ZJ/root.key", "--input", "people.csv", "--out-dir", "b"],
            setup: &[Setup::File("people.csv", Content::Text(TWO_PEOPLE))],
            says: "province root key",
            absent: &["b"],
            ..CASE
        },
        Case {
            name: "issue with an encrypted key, no passphrase",
            args: &[
                "issue",
                "--key",
                "@/fixtures/keys/encrypted-issuer.key",
                "--input",
                "people.csv",
                "--out-dir",
                "b",
                "--valid-for",
                "72h",
            ],
            setup: &[Setup::File("people.csv", Content::Text(TWO_PEOPLE))],
            says: "no terminal to ask on",
            absent: &["b"],
            ..CASE
        },
        // ---- keygen ----
        Case {
            name: "keygen over an existing key without --force",
            args: &["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", "k.key"],
            setup: &[Setup::File("k.key", Content::Text("someone's key\n"))],
            says: "already exists",
            absent: &["k.key.pub"],
            ..CASE
        },
        Case {
            name: "keygen --role issuer with a bad region",
            args: &["keygen", "--role", "issuer", "--region", "china", "--out", "k.key"],
            shape: Shape::Clap,
            says: "region code \"china\" is malformed",
            absent: &["k.key", "k.key.pub"],
            ..CASE
        },
        Case {
            name: "keygen --encrypt without a passphrase",
            args: &["keygen", "--role", "root", "--region", "CN-ZJ", "--out", "k.key", "--encrypt"],
            says: "no terminal to ask on",
            absent: &["k.key", "k.key.pub"],
            ..CASE
        },
        Case {
            name: "keygen --encrypt with a short passphrase",
            args: &["keygen", "--role", "root", "--region", "CN-ZJ", "--out", "k.key", "--encrypt"],
            env: &[("HEALTHSEAL_PASSPHRASE", "short")],
            says: "shorter than 8 characters",
            absent: &["k.key", "k.key.pub"],
            ..CASE
        },
        Case {
            name: "keygen into a folder under a regular file",
            args: &["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", "plain/k.key"],
            setup: &[Setup::File("plain", Content::Text("a file, not a folder\n"))],
            says: "cannot write plain/k.key",
            ..CASE
        },
        Case {
            name: "keygen into a read-only folder",
            args: &["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", "ro/k.key"],
            setup: &[Setup::Dir("ro"), Setup::Mode("ro", 0o555)],
            says: "permission denied",
            absent: &["ro/k.key", "ro/k.key.pub"],
            skip: Some(skip_if_ro_writable),
            ..CASE
        },
        // ---- sign outputs and options ----
        Case {
            name: "sign --out under a regular file",
            args: sign!(ZJ_ISSUER, "--out", "plain/c.png"),
            setup: &[Setup::File("plain", Content::Text("a file, not a folder\n"))],
            says: "cannot write plain/c.png",
            ..CASE
        },
        Case {
            name: "sign --out over an existing file without --force",
            args: sign!(ZJ_ISSUER, "--out", "c.txt"),
            setup: &[Setup::File("c.txt", Content::Text("keep me\n"))],
            says: "already exists",
            ..CASE
        },
        Case {
            name: "sign --ecc X",
            args: sign!(ZJ_ISSUER, "--ecc", "X", "--out", "c.png"),
            shape: Shape::Clap,
            says: "not an error-correction level",
            absent: &["c.png"],
            ..CASE
        },
        Case {
            name: "sign without the required --valid-for",
            args: &["sign", "--key", ZJ_ISSUER, "--name", "Ana", "--birth-date", "1985", "--status", "green"],
            shape: Shape::Clap,
            says: "--valid-for",
            ..CASE
        },
        Case {
            name: "sign --at in a bad format",
            args: &[
                "sign",
                "--key",
                ZJ_ISSUER,
                "--name",
                "Ana",
                "--birth-date",
                "1985",
                "--status",
                "green",
                "--valid-for",
                "72h",
                "--at",
                "25/11/2026 09:00",
            ],
            shape: Shape::Clap,
            says: "--at",
            ..CASE
        },
        // ---- the command line itself ----
        Case {
            name: "unknown subcommand",
            args: &["frobnicate"],
            shape: Shape::Clap,
            says: "unrecognized subcommand 'frobnicate'",
            ..CASE
        },
        Case {
            name: "completions tcsh",
            args: &["completions", "tcsh"],
            shape: Shape::Clap,
            says: "invalid value 'tcsh'",
            ..CASE
        },
        Case {
            name: "verify without the required --root",
            args: &["verify", "--trust", HA_LIST_1, "--state", "s", GREEN],
            shape: Shape::Clap,
            says: "--root <ROOT.pub>",
            absent: &["s"],
            ..CASE
        },
        Case {
            name: "verify --at in a bad format",
            args: &[
                "verify",
                "--trust",
                HA_LIST_1,
                "--root",
                HA_ROOT,
                "--state",
                "s",
                "--at",
                "yesterday",
                GREEN,
            ],
            shape: Shape::Clap,
            says: "--at",
            absent: &["s"],
            ..CASE
        },
        // ---- images given to verify ----
        Case {
            name: "verify a random binary that is not an image",
            args: verify!("noise.bin"),
            setup: &[Setup::File("noise.bin", Content::Made(noise))],
            code: 2,
            says: "noise.bin is not UTF-8 text",
            ..CASE
        },
        Case {
            name: "verify a zero-byte .png",
            args: verify!("empty.png"),
            setup: &[Setup::File("empty.png", Content::Text(""))],
            code: 2,
            says: "empty.png is empty",
            ..CASE
        },
        Case {
            name: "verify a truncated PNG",
            args: verify!("half.png"),
            setup: &[Setup::File("half.png", Content::Made(half_png))],
            code: 2,
            shape: Shape::Verdicts,
            says: "UNREADABLE  half.png: the png image is damaged",
            ..CASE
        },
        Case {
            name: "verify a truncated JPEG",
            args: verify!("half.jpg"),
            setup: &[Setup::File(
                "half.jpg",
                Content::RepoPart("@/fixtures/camera/phone_screen-typical_green.jpg", 1, 2),
            )],
            code: 2,
            shape: Shape::Verdicts,
            // The JPEG decoder fills the missing lower half; the code is in the cut-off part.
            says: "half.jpg",
            ..CASE
        },
        Case {
            name: "verify a PNG declaring 20000x20000 (refused before decoding)",
            args: verify!("--json", "huge.png"),
            setup: &[Setup::File("huge.png", Content::Made(huge_png))],
            code: 2,
            shape: Shape::Verdicts,
            says: "\"reason\":\"too_large\"",
            within: Some(Duration::from_secs(2)),
            ..CASE
        },
        Case {
            name: "verify a folder with no images",
            args: verify!("nothing"),
            setup: &[Setup::Dir("nothing")],
            code: 2,
            says: "no image in this folder",
            ..CASE
        },
        // ---- trust lists at the checkpoint ----
        Case {
            name: "verify with another province's trust list",
            args: &[
                "verify",
                "--trust",
                "@/fixtures/trust/zj.trust-list-1",
                "--root",
                HA_ROOT,
                "--state",
                "s",
                "--at",
                AT,
                GREEN,
            ],
            says: "comes from another province or another root",
            absent: &["s"],
            ..CASE
        },
        Case {
            name: "verify with a list signed by the wrong root",
            args: &["verify", "--trust", "rogue.list", "--root", HA_ROOT, "--state", "s", "--at", AT, GREEN],
            setup: &[
                Setup::Run(&["keygen", "--role", "root", "--region", "CN-HA", "--out", "rogue.key"], 0),
                Setup::Run(
                    &["trust", "init", "--region", "CN-HA", "--root", "rogue.key.pub", "--out", "rogue.toml"],
                    0,
                ),
                Setup::Run(
                    &[
                        "trust",
                        "sign",
                        "--root",
                        "rogue.key",
                        "--source",
                        "rogue.toml",
                        "--next-update",
                        "24h",
                        "--at",
                        "2026-11-25T00:00:00Z",
                        "--out",
                        "rogue.list",
                    ],
                    0,
                ),
            ],
            says: "not by the root key",
            absent: &["s"],
            ..CASE
        },
        Case {
            name: "verify with a private key as --root",
            args: &["verify", "--trust", HA_LIST_1, "--root", "@/keys/CN-HA/root.key", "--state", "s", GREEN],
            says: "where a public key was expected",
            absent: &["s"],
            ..CASE
        },
        Case {
            name: "verify with a rolled-back trust list",
            args: verify!(GREEN),
            setup: &[Setup::Run(
                &[
                    "verify",
                    "--trust",
                    "@/fixtures/trust/ha.trust-list-2",
                    "--root",
                    HA_ROOT,
                    "--state",
                    "checkpoint.state",
                    "--at",
                    "2026-11-25T04:00:00Z",
                    GREEN,
                ],
                // List 2 revokes this credential; what matters is that list 2 was accepted.
                1,
            )],
            says: "refusing to go back",
            present: &["checkpoint.state"],
            ..CASE
        },
        Case {
            name: "verify with a non-document as trust list",
            args: &["verify", "--trust", "people.csv", "--root", HA_ROOT, "--state", "s", "--at", AT, GREEN],
            setup: &[Setup::File("people.csv", Content::Text(TWO_PEOPLE))],
            says: "not a healthseal trust list",
            absent: &["s"],
            ..CASE
        },
        Case {
            name: "verify with a folder as trust list",
            args: &["verify", "--trust", "folder", "--root", HA_ROOT, "--state", "s", "--at", AT, GREEN],
            setup: &[Setup::Dir("folder")],
            says: "cannot read folder",
            absent: &["s"],
            ..CASE
        },
        Case {
            name: "verify with --state under a regular file",
            args: &[
                "verify", "--trust", HA_LIST_1, "--root", HA_ROOT, "--state", "plain/s", "--at", AT, GREEN,
            ],
            setup: &[Setup::File("plain", Content::Text("a file, not a folder\n"))],
            says: "trust state file plain/s",
            ..CASE
        },
        // ---- batches ----
        Case {
            name: "issue a CSV with bad rows",
            args: &[
                "issue",
                "--key",
                ZJ_ISSUER,
                "--input",
                "@/fixtures/batch/people.csv",
                "--out-dir",
                "b",
                "--valid-for",
                "72h",
                "--at",
                AT,
                "--quiet",
            ],
            code: 2,
            shape: Shape::BatchReport,
            says: "4 rows could not be issued",
            present: &["b/manifest.jsonl", "b/row-0000001.txt", "b/row-0000002.png", "b/row-0000006.txt"],
            absent: &["b/row-0000003.txt", "b/row-0000004.txt", "b/row-0000005.png", "b/row-0000007.txt"],
            ..CASE
        },
        Case {
            name: "issue into a folder that already holds a batch",
            args: &[
                "issue",
                "--key",
                ZJ_ISSUER,
                "--input",
                "more.csv",
                "--out-dir",
                "b",
                "--valid-for",
                "72h",
            ],
            setup: &[
                Setup::File("people.csv", Content::Text(TWO_PEOPLE)),
                Setup::File("more.csv", Content::Text("name,birth_date,status\nLi Wei,1972,red\n")),
                Setup::Run(
                    &[
                        "issue",
                        "--key",
                        ZJ_ISSUER,
                        "--input",
                        "people.csv",
                        "--out-dir",
                        "b",
                        "--valid-for",
                        "72h",
                    ],
                    0,
                ),
            ],
            says: "already holds a batch",
            absent: &["b/row-0000003.txt"],
            ..CASE
        },
        Case {
            name: "issue --out-dir under a regular file",
            args: &[
                "issue",
                "--key",
                ZJ_ISSUER,
                "--input",
                "people.csv",
                "--out-dir",
                "plain/b",
                "--valid-for",
                "72h",
            ],
            setup: &[
                Setup::File("people.csv", Content::Text(TWO_PEOPLE)),
                Setup::File("plain", Content::Text("a file, not a folder\n")),
            ],
            says: "output folder plain/b",
            ..CASE
        },
        Case {
            name: "issue --out-dir in a read-only folder",
            args: &[
                "issue",
                "--key",
                ZJ_ISSUER,
                "--input",
                "people.csv",
                "--out-dir",
                "ro/b",
                "--valid-for",
                "72h",
            ],
            setup: &[
                Setup::File("people.csv", Content::Text(TWO_PEOPLE)),
                Setup::Dir("ro"),
                Setup::Mode("ro", 0o555),
            ],
            says: "ro/b",
            absent: &["ro/b"],
            skip: Some(skip_if_ro_writable),
            ..CASE
        },
        Case {
            name: "issue from a folder given as input",
            args: &["issue", "--key", ZJ_ISSUER, "--input", "in.csv", "--out-dir", "b", "--valid-for", "72h"],
            setup: &[Setup::Dir("in.csv")],
            says: "is a folder",
            absent: &["b"],
            ..CASE
        },
        Case {
            name: "issue from empty stdin",
            args: &["issue", "--key", ZJ_ISSUER, "--input", "-", "--out-dir", "b", "--valid-for", "72h"],
            stdin: Some(b""),
            code: 2,
            says: "the input is empty",
            absent: &["b"],
            ..CASE
        },
        // ---- trust office ----
        Case {
            name: "trust verify on a non-document",
            args: &["trust", "verify", "--root", HA_ROOT, "people.csv"],
            setup: &[Setup::File("people.csv", Content::Repo("@/fixtures/batch/people.csv"))],
            code: 2,
            says: "not a healthseal trust document",
            ..CASE
        },
        Case {
            name: "trust verify on a zero-byte file",
            args: &["trust", "verify", "--root", HA_ROOT, "empty.list"],
            setup: &[Setup::File("empty.list", Content::Text(""))],
            code: 2,
            says: "empty.list",
            ..CASE
        },
        Case {
            name: "trust show on random bytes",
            args: &["trust", "show", "noise.bin"],
            setup: &[Setup::File("noise.bin", Content::Made(noise))],
            code: 2,
            says: "noise.bin",
            ..CASE
        },
        Case {
            name: "trust sign from a source that is not TOML",
            args: &[
                "trust",
                "sign",
                "--root",
                "@/keys/CN-HA/root.key",
                "--source",
                "bad.toml",
                "--next-update",
                "24h",
                "--out",
                "l.list",
            ],
            setup: &[Setup::File("bad.toml", Content::Text("region = \"CN-HA\"\nthis is = = not toml [\n"))],
            says: "TOML parse error at line 2",
            absent: &["l.list"],
            ..CASE
        },
        Case {
            name: "trust sign with an issuing key as root",
            args: &[
                "trust",
                "sign",
                "--root",
                "@/keys/CN-HA/issuer-2026.key",
                "--source",
                "ha.trust.toml",
                "--next-update",
                "24h",
                "--out",
                "l.list",
            ],
            setup: &[Setup::File("ha.trust.toml", Content::Repo("@/fixtures/trust/ha.trust.toml"))],
            says: "is an issuing key",
            absent: &["l.list"],
            ..CASE
        },
        Case {
            name: "trust sign with another province's root",
            args: &[
                "trust",
                "sign",
                "--root",
                "@/keys/CN-ZJ/root.key",
                "--source",
                "ha.trust.toml",
                "--next-update",
                "24h",
                "--out",
                "l.list",
            ],
            setup: &[Setup::File("ha.trust.toml", Content::Repo("@/fixtures/trust/ha.trust.toml"))],
            says: "is not the root key of this source",
            absent: &["l.list"],
            ..CASE
        },
        Case {
            name: "trust sign --out under a regular file",
            args: &[
                "trust",
                "sign",
                "--root",
                "@/keys/CN-HA/root.key",
                "--source",
                "ha.trust.toml",
                "--next-update",
                "24h",
                "--out",
                "plain/l.list",
            ],
            setup: &[
                Setup::File("ha.trust.toml", Content::Repo("@/fixtures/trust/ha.trust.toml")),
                Setup::File("plain", Content::Text("a file, not a folder\n")),
            ],
            says: "cannot write plain/l.list",
            ..CASE
        },
        Case {
            name: "trust recognize under the wrong statement root",
            args: &[
                "trust",
                "recognize",
                "ha.trust.toml",
                "--statement",
                "@/fixtures/trust/zj.statement-1",
                "--statement-root",
                HA_ROOT,
                "--accept",
                "green",
                "--max-age",
                "48h",
            ],
            setup: &[Setup::File("ha.trust.toml", Content::Repo("@/fixtures/trust/ha.trust.toml"))],
            says: "statement @/fixtures/trust/zj.statement-1",
            ..CASE
        },
        Case {
            name: "trust init over an existing source",
            args: &["trust", "init", "--region", "CN-HA", "--root", HA_ROOT, "--out", "ha.trust.toml"],
            setup: &[Setup::File("ha.trust.toml", Content::Text("keep me\n"))],
            says: "already exists",
            ..CASE
        },
    ]
}

const TWO_PEOPLE: &str = "name,birth_date,status\nAna Lima,1985-03,green\n张三,1990-07-01,yellow\n";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

/// `@/x` names a repository file; anything else is taken as is (relative to the temporary folder).
fn resolve(arg: &str) -> String {
    match arg.strip_prefix("@/") {
        Some(rest) => repo().join(rest).display().to_string(),
        None => arg.to_owned(),
    }
}

/// Messages name repository files by their full path: `@/x` in a phrase stands for it.
fn expand(phrase: &str) -> String {
    phrase.replace("@/", &format!("{}/", repo().display()))
}

fn healthseal(dir: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_healthseal"));
    cmd.current_dir(dir)
        .args(args.iter().map(|a| resolve(a)))
        // Never the user's passphrase or trust state; colour and backtraces fixed.
        .env_remove("HEALTHSEAL_PASSPHRASE")
        .env_remove("HEALTHSEAL_STATE_DIR")
        .env("HOME", dir)
        .env("XDG_STATE_HOME", dir)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "1")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("healthseal runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        // The command may stop reading early (an error): a broken pipe is fine here.
        let _ = pipe.write_all(bytes);
    }
    child.wait_with_output().expect("healthseal ends")
}

fn make(dir: &Path, setup: &Setup) -> Result<(), String> {
    match *setup {
        Setup::File(name, content) => {
            let bytes = match content {
                Content::Text(t) => t.as_bytes().to_vec(),
                Content::Repo(p) => std::fs::read(resolve(p)).map_err(|e| format!("{p}: {e}"))?,
                Content::RepoPart(p, num, den) => {
                    let all = std::fs::read(resolve(p)).map_err(|e| format!("{p}: {e}"))?;
                    all[..all.len() * num / den].to_vec()
                }
                Content::Made(f) => f(),
            };
            std::fs::write(dir.join(name), bytes).map_err(|e| format!("{name}: {e}"))
        }
        Setup::Dir(name) => std::fs::create_dir_all(dir.join(name)).map_err(|e| format!("{name}: {e}")),
        #[cfg(unix)]
        Setup::Mode(name, mode) => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(mode))
                .map_err(|e| format!("{name}: {e}"))
        }
        #[cfg(not(unix))]
        Setup::Mode(..) => Ok(()),
        Setup::Run(args, code) => {
            let out = healthseal(dir, args, None, &[]);
            if out.status.code() == Some(code) {
                Ok(())
            } else {
                Err(format!(
                    "setup `healthseal {}` exited {:?}, not {code}:\n{}",
                    args.join(" "),
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                ))
            }
        }
    }
}

/// Gives back write permission to everything, so the temporary folder can be removed.
#[cfg(unix)]
fn unlock(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let _ = std::fs::set_permissions(
            &path,
            std::fs::Permissions::from_mode(if is_dir { 0o755 } else { 0o644 }),
        );
        if is_dir {
            unlock(&path);
        }
    }
}

#[cfg(not(unix))]
fn unlock(_: &Path) {}

/// Temporary files (`.healthseal-*`) anywhere under `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with(".healthseal") {
            found.push(path.clone());
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            found.extend(leftovers(&path));
        }
    }
    found
}

fn skip_if_readable(dir: &Path) -> Option<&'static str> {
    std::fs::read(dir.join("secret.txt"))
        .is_ok()
        .then_some("this user reads mode-000 files (root): permission checks do not apply")
}

fn skip_if_ro_writable(dir: &Path) -> Option<&'static str> {
    let probe = dir.join("ro/probe");
    let writable = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    writable.then_some("this user writes into mode-555 folders (root): permission checks do not apply")
}

/// Checks one case; `Ok(Some(reason))` when it was skipped.
fn check(case: &Case) -> Result<Option<&'static str>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for step in case.setup {
        make(dir.path(), step)?;
    }
    if let Some(reason) = case.skip.and_then(|skip| skip(dir.path())) {
        unlock(dir.path());
        return Ok(Some(reason));
    }
    let started = Instant::now();
    let out = healthseal(dir.path(), case.args, case.stdin, case.env);
    let took = started.elapsed();
    unlock(dir.path());

    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let context = format!("exit {:?}\n--- stderr:\n{stderr}--- stdout:\n{stdout}", out.status.code());
    let fail = |what: String| Err(format!("{what}\n{context}"));

    if out.status.code() != Some(case.code) {
        return fail(format!("exit code {:?}, expected {}", out.status.code(), case.code));
    }
    for text in [&stderr, &stdout] {
        for bad in ["panicked", "stack backtrace", "RUST_BACKTRACE"] {
            if text.contains(bad) {
                return fail(format!("output contains {bad:?}"));
            }
        }
    }
    let lines: Vec<&str> = stderr.lines().collect();
    match case.shape {
        Shape::Error => {
            let one_error = matches!(lines.as_slice(), [e] if e.starts_with("error: "));
            let with_hint =
                matches!(lines.as_slice(), [e, h] if e.starts_with("error: ") && h.starts_with("hint: "));
            if !(one_error || with_hint) {
                return fail("stderr is not one `error:` line plus an optional `hint:` line".into());
            }
            if lines.iter().any(|l| l.trim() != *l || l.is_empty()) {
                return fail("stderr lines have stray white space".into());
            }
        }
        Shape::Clap => {
            if !lines.first().is_some_and(|l| l.starts_with("error: "))
                || lines.last() != Some(&"For more information, try '--help'.")
            {
                return fail("not a clap usage error".into());
            }
        }
        Shape::Verdicts => {
            if lines.iter().any(|l| l.starts_with("error") || l.starts_with("hint")) {
                return fail("an error on stderr where verdict lines were expected".into());
            }
            if !stdout.contains(&expand(case.says)) {
                return fail(format!("stdout does not contain {:?}", case.says));
            }
        }
        Shape::BatchReport => {
            let Some((last, before)) = lines.split_last() else {
                return fail("no report on stderr".into());
            };
            if !last.starts_with("error: ")
                || before.iter().any(|l| {
                    !(l.starts_with("row ") || l.starts_with("issued ") || l.starts_with("audit trail: "))
                })
            {
                return fail(
                    "stderr is not `row N (line L): …` lines, a summary and one `error:` line".into(),
                );
            }
        }
    }
    if case.shape != Shape::Verdicts && !stderr.contains(&expand(case.says)) {
        return fail(format!("stderr does not contain {:?}", case.says));
    }
    if let Some(limit) = case.within {
        if took > limit {
            return fail(format!("took {took:?}, more than {limit:?}"));
        }
    }
    let stray = leftovers(dir.path());
    if !stray.is_empty() {
        return fail(format!("temporary files left behind: {stray:?}"));
    }
    for path in case.absent {
        if dir.path().join(path).symlink_metadata().is_ok() {
            return fail(format!("{path} exists but must not (partial or unwanted output)"));
        }
    }
    for path in case.present {
        if !dir.path().join(path).exists() {
            return fail(format!("{path} is missing"));
        }
    }
    Ok(None)
}

#[test]
fn misuse_matrix() {
    let cases = cases();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        assert!(names.insert(case.name), "two cases named {:?}", case.name);
    }
    let (mut failures, mut skipped) = (Vec::new(), Vec::new());
    for case in &cases {
        match check(case) {
            Ok(None) => {}
            Ok(Some(reason)) => {
                let _ = writeln!(std::io::stderr(), "skipped: {} ({reason})", case.name);
                skipped.push(case.name);
            }
            Err(e) => failures.push(format!("[{}] healthseal {}\n{e}", case.name, case.args.join(" "))),
        }
    }
    // Straight to the process's stderr, past the test harness's capture: the count shows in
    // every run.
    let _ = writeln!(
        std::io::stderr(),
        "misuse matrix: {} cases, {} run, {} skipped, {} failed",
        cases.len(),
        cases.len() - skipped.len(),
        skipped.len(),
        failures.len()
    );
    assert!(cases.len() >= 40, "the matrix has shrunk to {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

// ---- inputs made at run time ----

/// 4 KiB of fixed pseudo-random bytes: not UTF-8, not any image format, not CBOR.
fn noise() -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    // A byte that never starts UTF-8, and no image signature at the start.
    bytes[0] = 0xFF;
    bytes[1] = 0x00;
    bytes
}

fn ten_megabytes() -> Vec<u8> {
    b"HS1:".iter().copied().chain(std::iter::repeat_n(b'A', 10 * 1024 * 1024 - 4)).collect()
}

/// The first half of a real PNG (a 200x200 gradient written by the `image` crate).
fn half_png() -> Vec<u8> {
    let img = image::GrayImage::from_fn(200, 200, |x, y| image::Luma([((x * 7 + y * 13) % 256) as u8]));
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("PNG encodes");
    png.truncate(png.len() / 2);
    png
}

/// A tiny, well-formed PNG whose header declares 20000 x 20000 grey pixels (400 megapixels):
/// correct CRCs, one stored zlib block of image data, IEND.
fn huge_png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend(u32::try_from(data.len()).expect("small chunk").to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit greyscale, deflate, adaptive filter, no interlace
    let raw = [0u8; 64];
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend(u16::try_from(raw.len()).expect("small").to_le_bytes());
    zlib.extend((!u16::try_from(raw.len()).expect("small")).to_le_bytes());
    zlib.extend(raw);
    zlib.extend(adler32(&raw).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[test]
fn the_crafted_png_is_well_formed() {
    // The decoder reads the header (so the CRCs hold) and reports the declared size.
    let png = huge_png();
    let reader = image::ImageReader::with_format(std::io::Cursor::new(&png), image::ImageFormat::Png);
    let decoder = reader.into_decoder().expect("a well-formed PNG header");
    assert_eq!(image::ImageDecoder::dimensions(&decoder), (20_000, 20_000));
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926, "CRC-32 check value");
}
