//! Regenerates the committed test material, byte for byte the same on every run:
//!
//! - `keys/`: the TEST ONLY demo provinces CN-ZJ and CN-HA (root and issuing keys);
//! - `fixtures/credentials/`: valid credentials signed by the CN-ZJ demo issuing key;
//! - `fixtures/vectors/`: one file per way a credential can be wrong, first line
//!   `expect: <code>`, each built so that exactly that check fails;
//! - `fixtures/keys/`: key files for CLI tests (encrypted, root, unrelated);
//! - `fixtures/trust/`: statements, trust lists and trust sources of the demo provinces;
//! - `fixtures/camera/`: camera-like photos of the credentials, with their expected verdicts;
//! - `fixtures/decisions/`: the acceptance decision's cases as data (docs/decision-vectors.md).
//!
//! Run from the workspace root: `cargo run -p healthseal-fixtures`. CI runs it and fails if
//! anything changed.

use std::fs;
use std::path::{Path, PathBuf};

use healthseal_core::{
    Basis, Credential, CredentialDraft, CredentialId, KeyInfo, PrivateKeyFile, PublicKeyFile, Role, Sealed,
    SigningKey, Status, Timestamp,
};
use rand_chacha::rand_core::SeedableRng;
use sha2::{Digest, Sha256};

/// Every fixture is made at this instant: 2026-11-25T00:00:00Z.
const CLOCK: i64 = 1_795_564_800;
const HOUR: i64 = 3600;

/// The demo provinces and their names.
pub const PROVINCES: [(&str, &str); 2] = [("CN-ZJ", "Zhejiang"), ("CN-HA", "Henan")];

/// A key from a label: the seed is SHA-256 of the label, so anyone can recompute it (which is
/// exactly why these keys are TEST ONLY).
fn key(label: &str) -> SigningKey {
    SigningKey::from_seed(Sha256::digest(format!("healthseal TEST ONLY key: {label}")).into())
}

fn at(offset: i64) -> Timestamp {
    Timestamp::from_unix(CLOCK + offset).expect("fixture times are in range")
}

fn write(path: &Path, contents: &str) {
    fs::create_dir_all(path.parent().expect("fixture paths have a parent")).expect("create fixture folder");
    fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Removes generated files of one extension, so renamed fixtures leave nothing stale behind.
fn clear(dir: &Path, ext: &str) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.path().extension().is_some_and(|e| e == ext) {
                fs::remove_file(entry.path()).expect("remove stale fixture");
            }
        }
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    write_demo_keys(&root.join("keys"));
    write_test_keys(&root.join("fixtures/keys"));
    let issuer = key("CN-ZJ issuer 2026");
    let credentials = root.join("fixtures/credentials");
    clear(&credentials, "txt");
    for (name, credential) in valid_credentials() {
        let text = Sealed::sign(&credential, &issuer).expect("fixture credentials sign").to_text();
        write(&credentials.join(format!("{name}.txt")), &format!("{text}\n"));
    }
    let vectors = root.join("fixtures/vectors");
    clear(&vectors, "txt");
    let all = vectors::all(&issuer);
    for v in &all {
        let mut body = format!("expect: {}\n", v.expect);
        for line in v.why.lines() {
            body.push_str(&format!("# {line}\n"));
        }
        body.push_str(&v.text);
        body.push('\n');
        write(&vectors.join(format!("{}.txt", v.name)), &body);
    }
    trust::write(&root.join("fixtures/trust"));
    let photos = camera::write_all(&root.join("fixtures"));
    let decisions = decisions::write_all(&root.join("fixtures/decisions"));
    println!(
        "wrote keys/, fixtures/keys/, fixtures/credentials/, fixtures/trust/, {} vectors in fixtures/vectors/, {photos} photos in fixtures/camera/ and {decisions} decision vectors in fixtures/decisions/",
        all.len()
    );
}

fn note() -> Option<String> {
    Some("TEST ONLY - demo key published in the healthseal repository; never trust it".into())
}

fn write_demo_keys(dir: &Path) {
    for (region, _) in PROVINCES {
        for (file, role, label) in [
            ("root.key", Role::Root, format!("{region} root")),
            ("issuer-2026.key", Role::Issuer, format!("{region} issuer 2026")),
        ] {
            let key = key(&label);
            let info = KeyInfo {
                role: Some(role),
                region: Some(region.parse().expect("demo region")),
                not_after: None,
                note: note(),
            };
            write(&dir.join(region).join(file), &PrivateKeyFile::format_plain(&info, &key));
            let public = PublicKeyFile { info, key: key.public_key().clone() };
            write(&dir.join(region).join(format!("{file}.pub")), &public.format());
        }
    }
}

fn write_test_keys(dir: &Path) {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
    let issuer_info = |note: &str| KeyInfo {
        role: Some(Role::Issuer),
        region: Some("CN-ZJ".parse().expect("region")),
        not_after: None,
        note: Some(note.into()),
    };
    // Fewer KDF iterations than real keys get, so tests stay fast; the passphrase is public.
    let encrypted = key("test encrypted issuer");
    let mut text = String::new();
    text.push_str("# healthseal issuing key, private half. Keep this file secret.\n");
    text.push_str("Role: issuer\nRegion: CN-ZJ\n");
    text.push_str(&format!("Kid: {}\n", encrypted.public_key().kid()));
    text.push_str(
        "Note: TEST ONLY - passphrase is 'healthseal test passphrase', KDF cost lowered for tests\n",
    );
    text.push_str(
        &encrypted
            .to_encrypted_pkcs8_pem_with(b"healthseal test passphrase", &mut rng, 10_000)
            .expect("encrypt"),
    );
    write(&dir.join("encrypted-issuer.key"), &text);
    let expired = key("test expired issuer");
    let mut info = issuer_info("TEST ONLY - an issuing key whose validity ended");
    info.not_after = Some(at(-24 * HOUR));
    write(&dir.join("expired-issuer.key"), &PrivateKeyFile::format_plain(&info, &expired));
    let bare = key("test bare key");
    write(&dir.join("bare.key"), &bare.to_pkcs8_pem());
}

/// The typical draft (CN-ZJ, issued at the fixture clock, valid 72 hours) for this holder.
fn draft(name: &str, birth_date: &str, status: Status, id: u8) -> CredentialDraft {
    CredentialDraft {
        id: CredentialId::from_bytes([0x5e, 0xa1, 0, 0, 0, 0, 0, id]),
        status,
        name: name.into(),
        birth_date: birth_date.into(),
        ..healthseal_test_support::drafts::typical()
    }
}

fn valid_credentials() -> Vec<(&'static str, Credential)> {
    let check = |d: CredentialDraft| d.check().expect("fixture credentials are valid");
    let mut with_basis = draft("Maria Fernanda Lopez", "1987-06-15", Status::Green, 3);
    with_basis.basis = Some(Basis::Vaccination);
    let mut later = draft("Chen Jie", "1992-10", Status::Green, 5);
    later.not_before = Some(at(12 * HOUR));
    vec![
        ("typical_green", check(draft("Maximilian Oberhofer", "1987-06-15", Status::Green, 1))),
        ("cjk_name_yellow", check(draft("张三", "1990-07-01", Status::Yellow, 2))),
        ("basis_vaccination", check(with_basis)),
        ("red_partial_birth_year", check(draft("Zoë Ünal", "1954", Status::Red, 4))),
        ("not_before_later", check(later)),
    ]
}

mod camera;
mod decisions;
mod trust;
mod vectors;
