//! One test per file in `fixtures/decisions/` (docs/decision-vectors.md), named after it: the
//! file's trust list opened under its pinned root, `decide` on its credential at its `now` with
//! its options, and the verdict, the reason code (and the failing layer's code, when the file
//! gives one) and the stale flag exactly as the file expects. Beside them: every reason code has a
//! vector, and the folder stays small enough to ship with another implementation.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use healthseal_core::{decide, Reason, TrustList, Verdict};
use healthseal_test_support::decision_vector::{DecisionVector, Expected};
use healthseal_test_support::workspace;
use libtest_mimic::{Arguments, Failed, Trial};

/// The whole folder, lists included, stays well under this.
const MAX_FOLDER_BYTES: u64 = 256 * 1024;

fn read(path: &Path) -> Result<DecisionVector, Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    Ok(DecisionVector::parse(&text)?)
}

fn run(path: &Path) -> Result<(), Failed> {
    let vector = read(path)?;
    let list_path = path.parent().expect("in a folder").join(&vector.list);
    let bytes = std::fs::read(&list_path).map_err(|e| format!("read {}: {e}", list_path.display()))?;
    let list = TrustList::open(&bytes, &vector.root).map_err(|e| format!("{}: {e}", vector.list))?;
    let wants_detail = matches!(&vector.expect, Expected::Rejected { detail: Some(_), .. });
    let (got, stale) = match decide(&vector.credential, &list, vector.now, &vector.options) {
        Verdict::Accepted(a) => (Expected::Accepted, a.list.stale),
        Verdict::Rejected(r) => (
            Expected::Rejected {
                reason: r.reason.code().into(),
                detail: r.reason.detail().filter(|_| wants_detail).map(Into::into),
            },
            r.list.stale,
        ),
    };
    if got != vector.expect {
        return Err(format!("expected {:?}, got {got:?}", vector.expect).into());
    }
    if stale != vector.stale {
        return Err(format!("expected stale: {}, got stale: {stale}", vector.stale).into());
    }
    Ok(())
}

/// Every reason code `decide` can give has at least one vector, and so has acceptance.
fn every_reason_code_has_a_vector(paths: &[PathBuf]) -> Result<(), Failed> {
    let mut seen = BTreeSet::new();
    for path in paths {
        seen.insert(match read(path)?.expect {
            Expected::Accepted => "accepted".to_owned(),
            Expected::Rejected { reason, .. } => reason,
        });
    }
    let missing: Vec<&str> =
        ["accepted"].into_iter().chain(Reason::CODES).filter(|code| !seen.contains(*code)).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("no vector for {missing:?} (add one in crates/healthseal-fixtures/src/decisions.rs)")
            .into())
    }
}

fn size(path: &Path) -> u64 {
    let meta = std::fs::metadata(path).expect("readable");
    if meta.is_dir() {
        std::fs::read_dir(path).expect("readable").map(|e| size(&e.expect("entry").path())).sum()
    } else {
        meta.len()
    }
}

fn main() {
    let dir = workspace::root().join("fixtures/decisions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/decisions exists (cargo run -p healthseal-fixtures)")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut trials: Vec<Trial> = paths
        .iter()
        .map(|path| {
            let name = path.file_stem().expect("name").to_string_lossy().into_owned();
            let path = path.clone();
            Trial::test(name, move || run(&path))
        })
        .collect();
    trials
        .push(Trial::test("every_reason_code_has_a_vector", move || every_reason_code_has_a_vector(&paths)));
    trials.push(Trial::test("the_folder_stays_small", move || {
        let bytes = size(&dir);
        if bytes < MAX_FOLDER_BYTES {
            Ok(())
        } else {
            Err(format!("fixtures/decisions holds {bytes} bytes, more than {MAX_FOLDER_BYTES}").into())
        }
    }));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
