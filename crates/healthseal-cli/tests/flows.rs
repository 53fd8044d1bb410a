//! End-to-end flows through the `healthseal` binary: keys written safely, credentials signed
//! with them verify with the public key alone, names survive in every script.

use std::path::Path;
use std::process::Output;

use healthseal_core::{PublicKeyFile, Sealed, Timestamp};
use healthseal_test_support::cli::{ok, Healthseal};

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));

fn healthseal(dir: &Path, args: &[&str], passphrase: Option<&str>) -> Output {
    let mut cmd = HEALTHSEAL.command(dir, args);
    if let Some(p) = passphrase {
        cmd.env("HEALTHSEAL_PASSPHRASE", p);
    }
    cmd.output().expect("runs")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn keygen_sign_and_verify_with_the_public_key_only() {
    let dir = tempfile::tempdir().unwrap();
    for (file, passphrase) in [("plain.key", None), ("locked.key", Some("a long enough passphrase"))] {
        let mut args = vec!["keygen", "--role", "issuer", "--region", "CN-ZJ", "--out", file, "--json"];
        if passphrase.is_some() {
            args.push("--encrypt");
        }
        let report: serde_json::Value =
            serde_json::from_str(&ok(healthseal(dir.path(), &args, passphrase))).unwrap();
        assert_eq!(report["type"], "key");
        assert_eq!(report["data"]["encrypted"], passphrase.is_some());
        #[cfg(unix)]
        {
            assert_eq!(mode(&dir.path().join(file)), 0o600, "private key mode");
            assert_eq!(mode(&dir.path().join(format!("{file}.pub"))), 0o644, "public key mode");
        }
        // No temporary files are left behind.
        assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with('.')));

        let public =
            PublicKeyFile::parse(&std::fs::read_to_string(dir.path().join(format!("{file}.pub"))).unwrap())
                .unwrap();
        assert_eq!(report["data"]["kid"], public.key.kid().to_string());
        for name in ["张三", "José Ángel Gómez-Ibáñez", "Nguyễn Thị Minh Khai", "Ñandú ".repeat(30).trim()]
        {
            let text = ok(healthseal(
                dir.path(),
                &[
                    "sign",
                    "--key",
                    file,
                    "--name",
                    name,
                    "--birth-date",
                    "1990-07",
                    "--status",
                    "yellow",
                    "--valid-for",
                    "7d",
                    "--basis",
                    "contact",
                    "--at",
                    "2026-11-25T09:00:00+08:00",
                ],
                passphrase,
            ));
            let verified = Sealed::from_text(text.trim()).unwrap().verify([&public.key]).unwrap();
            assert_eq!(verified.name().as_str(), name);
            assert_eq!(verified.issued_at(), Timestamp::parse_rfc3339("2026-11-25T01:00:00Z").unwrap());
            assert_eq!(verified.expires_at().unix() - verified.issued_at().unix(), 7 * 86_400);

            let inspected: serde_json::Value =
                serde_json::from_str(&ok(healthseal(dir.path(), &["inspect", "--json", text.trim()], None)))
                    .unwrap();
            assert_eq!(inspected["data"]["verified"], false);
            assert_eq!(inspected["data"]["claims"]["name"], name);
            assert_eq!(inspected["data"]["claims"]["basis"], "contact");
        }
    }
}

#[test]
fn sign_out_writes_once_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    ok(healthseal(dir.path(), &["keygen", "--role", "issuer", "--region", "CN-HA", "--out", "ha.key"], None));
    let sign = |extra: &[&str]| {
        let mut args = vec![
            "sign",
            "--key",
            "ha.key",
            "--name",
            "Li Na",
            "--birth-date",
            "1970",
            "--status",
            "green",
            "--valid-for",
            "72h",
            "--out",
            "li.txt",
        ];
        args.extend_from_slice(extra);
        healthseal(dir.path(), &args, None)
    };
    ok(sign(&[]));
    let first = std::fs::read_to_string(dir.path().join("li.txt")).unwrap();
    assert!(first.starts_with("HS1:") && first.ends_with('\n'));
    let again = sign(&[]);
    assert_eq!(again.status.code(), Some(3));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("li.txt")).unwrap(),
        first,
        "refused run changed the file"
    );
    ok(sign(&["--force"]));
    assert_ne!(
        std::fs::read_to_string(dir.path().join("li.txt")).unwrap(),
        first,
        "a fresh credential id each time"
    );
    // The file feeds inspect directly.
    ok(healthseal(dir.path(), &["inspect", "li.txt"], None));
}

#[test]
fn keygen_writes_neither_file_when_one_exists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("k.key.pub"), "someone's public key").unwrap();
    let out =
        healthseal(dir.path(), &["keygen", "--role", "root", "--region", "CN-ZJ", "--out", "k.key"], None);
    assert_eq!(out.status.code(), Some(3));
    assert!(!dir.path().join("k.key").exists(), "the private key was written although the pair could not be");
    assert_eq!(std::fs::read_to_string(dir.path().join("k.key.pub")).unwrap(), "someone's public key");
}

#[test]
fn keygen_into_a_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = healthseal(
        dir.path(),
        &["keygen", "--role", "root", "--region", "CN-ZJ", "--out", "no/such/dir/k.key"],
        None,
    );
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: cannot write no/such/dir/k.key"), "{stderr}");
}
