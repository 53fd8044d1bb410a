//! One test per file in `fixtures/vectors/`: the file's first line says `expect: <code>`, and the
//! credential text on its last line must give exactly that outcome (`valid`, or an error code)
//! when decoded and verified against the CN-ZJ demo issuing key.

use std::path::Path;

use healthseal_core::{PublicKeyFile, Sealed};
use libtest_mimic::{Arguments, Failed, Trial};

fn outcome(text: &str, key: &healthseal_core::PublicKey) -> &'static str {
    match Sealed::from_text(text) {
        Err(e) => e.code(),
        Ok(sealed) => match sealed.verify([key]) {
            Ok(_) => "valid",
            Err(e) => e.code(),
        },
    }
}

fn run(path: &Path, key: &healthseal_core::PublicKey) -> Result<(), Failed> {
    let content = std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))?;
    let mut lines = content.lines();
    let expect = lines
        .next()
        .and_then(|l| l.strip_prefix("expect: "))
        .ok_or("the first line must be `expect: <code>`")?;
    let text = lines.rfind(|l| !l.starts_with('#')).unwrap_or("");
    let got = outcome(text, key);
    if got == expect {
        Ok(())
    } else {
        Err(format!("expected {expect}, got {got}").into())
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let key_text = std::fs::read_to_string(root.join("keys/CN-ZJ/issuer-2026.key.pub")).expect("demo key");
    let key = PublicKeyFile::parse(&key_text).expect("demo key parses").key;
    let mut paths: Vec<_> = std::fs::read_dir(root.join("fixtures/vectors"))
        .expect("fixtures/vectors exists (cargo run -p healthseal-fixtures)")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 60, "expected the full vector set, found {}", paths.len());
    let trials = paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().expect("name").to_string_lossy().into_owned();
            let key = key.clone();
            Trial::test(name, move || run(&path, &key))
        })
        .collect();
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
