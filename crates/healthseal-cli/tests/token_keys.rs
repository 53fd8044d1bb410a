//! Keys in a token, end to end through the binary, against Debian's SoftHSM2: keygen inside the
//! token, sign and issue with it, a trust list signed by a root in the token, and the checkpoint
//! accepting what they made. Skipped (saying so) without softhsm2, unless
//! HEALTHSEAL_PKCS11_TESTS=required (`.ci/run` installs it and sets that).

use std::path::Path;
use std::process::Output;

use healthseal_test_support::cli::{stderr, Healthseal};
use healthseal_test_support::softhsm::{SoftHsm, MODULE};

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));
const PIN: &str = "246810";

/// A folder with a SoftHSM configuration and one initialised token, "ZJ HSM"; the tests work in
/// it.
fn token_folder() -> Option<SoftHsm> {
    SoftHsm::with_tokens(&["ZJ HSM"], PIN)
}

fn run(dir: &Path, pin: Option<&str>, args: &[&str]) -> Output {
    let mut command = HEALTHSEAL.command(dir, args);
    command.env("SOFTHSM2_CONF", dir.join("softhsm2.conf")).env("HEALTHSEAL_PKCS11_MODULE", MODULE);
    match pin {
        Some(pin) => command.env("HEALTHSEAL_PKCS11_PIN", pin),
        None => command.env_remove("HEALTHSEAL_PKCS11_PIN"),
    };
    command.output().unwrap()
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

const ISSUER: &str = "pkcs11:token=ZJ%20HSM;object=issuer-2026";
const ROOT: &str = "pkcs11:token=ZJ%20HSM;object=root";

#[test]
fn a_province_runs_on_keys_that_never_leave_its_token() {
    let Some(tmp) = token_folder() else { return };
    let dir = tmp.dir();
    let made = ok(run(
        dir,
        Some(PIN),
        &["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", ISSUER, "--pub-out", "issuer.pub"],
    ));
    assert!(made.contains("in the token: sensitive, never extractable"), "{made}");
    ok(run(
        dir,
        Some(PIN),
        &["keygen", "--role", "root", "--region", "CN-ZJ", "--out", ROOT, "--pub-out", "root.pub"],
    ));
    // No private key file anywhere: only the two public key files were written.
    let mut files: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files, ["issuer.pub", "root.pub", "softhsm2.conf", "tokens"]);

    // Credentials signed in the token, one and a batch.
    let at = ["--at", "2026-11-25T09:00:00Z"];
    ok(run(
        dir,
        Some(PIN),
        &[
            &[
                "sign",
                "--key",
                ISSUER,
                "--name",
                "张三",
                "--birth-date",
                "1990-07-01",
                "--status",
                "green",
                "--valid-for",
                "72h",
                "--out",
                "zhang-san.txt",
            ][..],
            &at,
        ]
        .concat(),
    ));
    std::fs::write(
        dir.join("people.csv"),
        "name,birth_date,status\nAna Lima,1985-03,green\nLi Wei,1972,green\n",
    )
    .unwrap();
    ok(run(
        dir,
        Some(PIN),
        &[
            &[
                "issue",
                "--key",
                ISSUER,
                "--input",
                "people.csv",
                "--out-dir",
                "batch",
                "--format",
                "txt",
                "--valid-for",
                "72h",
            ][..],
            &at,
        ]
        .concat(),
    ));

    // The trust list, signed by the root in the token.
    ok(run(
        dir,
        None,
        &[
            "trust",
            "init",
            "--region",
            "CN-ZJ",
            "--name",
            "Zhejiang",
            "--root",
            "root.pub",
            "--out",
            "zj.trust.toml",
        ],
    ));
    ok(run(dir, None, &["trust", "add-key", "zj.trust.toml", "--key", "issuer.pub"]));
    ok(run(
        dir,
        Some(PIN),
        &[
            &[
                "trust",
                "sign",
                "--root",
                ROOT,
                "--source",
                "zj.trust.toml",
                "--next-update",
                "24h",
                "--out",
                "zj.trust-list",
            ][..],
            &at,
        ]
        .concat(),
    ));

    // The checkpoint, pinned to the root's public key file, accepts all three.
    let verdicts = run(
        dir,
        None,
        &[
            "verify",
            "--trust",
            "zj.trust-list",
            "--root",
            "root.pub",
            "--at",
            "2026-11-25T10:00:00Z",
            "zhang-san.txt",
            "batch/row-0000001.txt",
            "batch/row-0000002.txt",
        ],
    );
    let out = ok(verdicts);
    assert_eq!(out.lines().filter(|l| l.starts_with("ACCEPTED")).count(), 3, "{out}");

    // The issuing key signs no trust list, and the root key signs no credential.
    let refused = run(
        dir,
        Some(PIN),
        &[
            &[
                "trust",
                "sign",
                "--root",
                ISSUER,
                "--source",
                "zj.trust.toml",
                "--next-update",
                "24h",
                "--out",
                "x",
            ][..],
            &at,
        ]
        .concat(),
    );
    assert_eq!(refused.status.code(), Some(3));
    assert!(stderr(&refused).contains("is an issuing key"), "{}", stderr(&refused));
    let refused = run(
        dir,
        Some(PIN),
        &[
            "sign",
            "--key",
            ROOT,
            "--name",
            "X",
            "--birth-date",
            "1990",
            "--status",
            "green",
            "--valid-for",
            "1h",
        ],
    );
    assert_eq!(refused.status.code(), Some(3));
}

#[test]
fn token_mistakes_are_reported_and_nothing_is_written() {
    let Some(tmp) = token_folder() else { return };
    let dir = tmp.dir();
    ok(run(
        dir,
        Some(PIN),
        &["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", ISSUER, "--pub-out", "issuer.pub"],
    ));
    let sign = |pin: Option<&str>, key: &str, extra: &[&str]| {
        let mut args = vec![
            "sign",
            "--key",
            key,
            "--name",
            "Ana Lima",
            "--birth-date",
            "1985",
            "--status",
            "green",
            "--valid-for",
            "1h",
            "--out",
            "a.txt",
        ];
        args.extend_from_slice(extra);
        run(dir, pin, &args)
    };
    for (pin, key, extra, says) in [
        (Some("000000"), ISSUER, &[][..], "wrong PIN for token \"ZJ HSM\""),
        (None, ISSUER, &[], "no terminal to ask on"),
        (
            Some(PIN),
            "pkcs11:token=Nope;object=issuer-2026",
            &[],
            "no token labelled \"Nope\" (tokens present: \"ZJ HSM\")",
        ),
        (Some(PIN), "pkcs11:token=ZJ%20HSM;object=nothing", &[], "has no private key labelled \"nothing\""),
        (
            Some(PIN),
            "pkcs11:token=ZJ%20HSM;object=issuer-2026?pin-value=246810",
            &[],
            "the URI carries a PIN",
        ),
        (
            Some(PIN),
            ISSUER,
            &["--pkcs11-module", "/nonexistent/module.so"],
            "cannot load the PKCS#11 module /nonexistent/module.so",
        ),
    ] {
        let out = sign(pin, key, extra);
        assert_eq!(out.status.code(), Some(3), "{key}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{says:?} not in: {}", stderr(&out));
        assert!(!stderr(&out).contains("246810"), "the PIN is shown: {}", stderr(&out));
        assert!(!dir.join("a.txt").exists());
    }
    // Generating over an existing label is refused; so is --encrypt, and a missing --pub-out.
    let again = run(
        dir,
        Some(PIN),
        &["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", ISSUER, "--pub-out", "other.pub"],
    );
    assert!(stderr(&again).contains("already holds objects labelled \"issuer-2026\""), "{}", stderr(&again));
    assert!(!dir.join("other.pub").exists());
    let encrypt = run(
        dir,
        Some(PIN),
        &[
            "keygen",
            "--role",
            "issuer",
            "--region",
            "CN-ZJ",
            "--out",
            "pkcs11:token=ZJ%20HSM;object=b",
            "--pub-out",
            "b.pub",
            "--encrypt",
        ],
    );
    assert!(stderr(&encrypt).contains("--encrypt is for key files"), "{}", stderr(&encrypt));
    let no_pub = run(
        dir,
        Some(PIN),
        &["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", "pkcs11:token=ZJ%20HSM;object=c"],
    );
    assert!(stderr(&no_pub).contains("needs --pub-out"), "{}", stderr(&no_pub));
}
