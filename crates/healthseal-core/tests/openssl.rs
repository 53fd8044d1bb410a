//! Key files are readable by OpenSSL, and OpenSSL's Ed25519 keys are readable here
//! (docs/format.md, keys). Skips, saying so, when `openssl` is not installed.

use std::process::Command;

use healthseal_core::{KeyInfo, PrivateKeyFile, PublicKey, PublicKeyFile, Role, SigningKey};
use rand_core::OsRng;

fn openssl(args: &[&str]) -> Option<std::process::Output> {
    Command::new("openssl").args(args).output().ok()
}

fn available() -> bool {
    let found = openssl(&["version"]).is_some_and(|o| o.status.success());
    if !found {
        println!("openssl interop: skipped: `openssl` not found on PATH");
    }
    found
}

fn info() -> KeyInfo {
    KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() }
}

/// The public key OpenSSL derives from a private key file, as a healthseal `PublicKey`.
fn openssl_public(path: &str, pass: Option<&str>) -> PublicKey {
    let mut args = vec!["pkey", "-in", path, "-pubout"];
    let passin;
    if let Some(p) = pass {
        passin = format!("pass:{p}");
        args.extend(["-passin", &passin]);
    }
    let out = openssl(&args).unwrap();
    assert!(out.status.success(), "openssl refused {path}: {}", String::from_utf8_lossy(&out.stderr));
    PublicKey::from_pem(&String::from_utf8(out.stdout).unwrap()).unwrap()
}

#[test]
fn openssl_reads_healthseal_key_files() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = SigningKey::generate(&mut OsRng);

    let plain = dir.path().join("plain.key");
    std::fs::write(&plain, PrivateKeyFile::format_plain(&info(), &key).as_bytes()).unwrap();
    assert_eq!(openssl_public(plain.to_str().unwrap(), None), *key.public_key());

    let encrypted = dir.path().join("encrypted.key");
    let text = PrivateKeyFile::format_encrypted(&info(), &key, b"s3cret pass", &mut OsRng).unwrap();
    std::fs::write(&encrypted, text.as_bytes()).unwrap();
    assert_eq!(openssl_public(encrypted.to_str().unwrap(), Some("s3cret pass")), *key.public_key());
    let wrong =
        openssl(&["pkey", "-in", encrypted.to_str().unwrap(), "-passin", "pass:nope", "-noout"]).unwrap();
    assert!(!wrong.status.success(), "openssl opened an encrypted key with the wrong passphrase");

    let public = dir.path().join("key.pub");
    std::fs::write(&public, PublicKeyFile { info: info(), key: key.public_key().clone() }.format()).unwrap();
    let out = openssl(&["pkey", "-pubin", "-in", public.to_str().unwrap(), "-pubout"]).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(PublicKey::from_pem(&String::from_utf8(out.stdout).unwrap()).unwrap(), *key.public_key());
}

#[test]
fn healthseal_reads_openssl_keys() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("openssl.key");
    let plain = plain.to_str().unwrap();
    assert!(openssl(&["genpkey", "-algorithm", "ed25519", "-out", plain]).unwrap().status.success());
    let expected = openssl_public(plain, None);
    let file = PrivateKeyFile::parse(&std::fs::read_to_string(plain).unwrap()).unwrap();
    assert_eq!(file.info, KeyInfo::default(), "a bare PEM file says nothing about role or region");
    assert_eq!(*file.unlock(b"").unwrap().public_key(), expected);

    // `openssl pkcs8 -topk8` encrypts with PBES2, PBKDF2-HMAC-SHA256 and AES-256-CBC by default.
    let encrypted = dir.path().join("openssl-encrypted.key");
    let encrypted = encrypted.to_str().unwrap();
    let out = openssl(&["pkcs8", "-topk8", "-in", plain, "-out", encrypted, "-passout", "pass:pw"]).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = PrivateKeyFile::parse(&std::fs::read_to_string(encrypted).unwrap()).unwrap();
    assert!(file.is_encrypted());
    assert_eq!(*file.unlock(b"pw").unwrap().public_key(), expected);
}
