//! Bulk issuance: bad rows, repeated runs, interrupted runs, unwritable folders.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use healthseal_core::{KeyInfo, Role, Sealed, SigningKey, Timestamp};
use healthseal_issuer::batch::{
    csv_rows, jsonl_rows, run_batch, BatchConfig, BatchError, BatchEvent, Format, ManifestEntry, AUDIT_NAME,
    MANIFEST_NAME,
};
use healthseal_issuer::qr::EcLevel;
use healthseal_issuer::{CardFonts, CardLangs, Issuer};

fn issuer() -> Issuer {
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    Issuer::new(SigningKey::from_seed([5; 32]), &info, None).unwrap()
}

fn config(dir: &Path, formats: &[Format], jobs: usize) -> BatchConfig {
    BatchConfig {
        out_dir: dir.to_path_buf(),
        formats: formats.to_vec(),
        default_valid_for: Some(Duration::from_secs(72 * 3600)),
        level: EcLevel::M,
        module_px: 4,
        utc_offset: None,
        langs: CardLangs::ZhEn,
        fonts: CardFonts::builtin().into(),
        jobs,
        resume: false,
        now: Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap(),
        id_seed: [5; 32],
    }
}

fn people(n: usize) -> String {
    let mut csv = String::from("name,birth_date,status\n");
    for i in 1..=n {
        csv.push_str(&format!(
            "Person {i},1990-01-{:02},{}\n",
            i % 28 + 1,
            ["green", "yellow", "red"][i % 3]
        ));
    }
    csv
}

fn manifest(dir: &Path) -> Vec<ManifestEntry> {
    fs::read_to_string(dir.join(MANIFEST_NAME))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every file in `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect()
}

/// The manifest and the files agree: every entry's text file holds a credential with that id,
/// rows appear once each and in order, and nothing else (no temporary file) is in the folder.
fn assert_consistent(dir: &Path, rows: u64) {
    let entries = manifest(dir);
    assert_eq!(entries.iter().map(|e| e.row).collect::<Vec<_>>(), (1..=rows).collect::<Vec<_>>());
    let mut expected_files = vec![MANIFEST_NAME.to_string()];
    // A run that stopped because its key went away could not sign its summary.
    if dir.join(AUDIT_NAME).exists() {
        expected_files.push(AUDIT_NAME.to_string());
    }
    for entry in &entries {
        let text = fs::read_to_string(dir.join(&entry.files[0])).unwrap();
        let credential = Sealed::from_text(text.trim()).unwrap().claims_unverified().unwrap();
        assert_eq!(credential.id().to_string(), entry.id);
        assert_eq!(credential.name().as_str(), format!("Person {}", entry.row));
        expected_files.extend(entry.files.iter().cloned());
    }
    expected_files.sort();
    expected_files.dedup(); // a sheet of cards belongs to many rows
    let mut found: Vec<_> = snapshot(dir).into_keys().collect();
    found.sort();
    assert_eq!(found, expected_files);
}

#[test]
fn many_rows_in_parallel_keep_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut seen = Vec::new();
    let summary = run_batch(
        &issuer(),
        csv_rows(people(1500).as_bytes()).unwrap(),
        &config(&out, &[Format::Txt], 3),
        |e| {
            if let BatchEvent::Issued(entry) = e {
                seen.push(entry.row);
            }
        },
    )
    .unwrap();
    assert_eq!((summary.issued, summary.failed), (1500, 0));
    assert_eq!(seen, (1..=1500).collect::<Vec<_>>());
    assert_consistent(&out, 1500);
}

#[test]
fn bad_rows_are_reported_and_the_others_issued() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = b"name,birth_date,status,basis\n\
        Person 1,1990,green,\n\
        ,1990,green,\n\
        Person 3,19x0-01-01,green,\n\
        Person 4,1990,blue,\n\
        Person 5,1990,green\n"
        .to_vec();
    input.extend_from_slice(b"Person \xff6,1990,green,\n");
    input.extend_from_slice(b"Person 7,2999-01-01,green,\n");
    input.extend_from_slice(b"Person 8,1990,green,test\n");
    let mut failures = Vec::new();
    let summary =
        run_batch(&issuer(), csv_rows(&input[..]).unwrap(), &config(dir.path(), &Format::ALL, 2), |e| {
            if let BatchEvent::Failed { row, line, failure } = e {
                failures.push((row, line, failure.to_string()));
            }
        })
        .unwrap();
    assert_eq!((summary.issued, summary.failed), (2, 6));
    let rows: Vec<_> = failures.iter().map(|(row, line, _)| (*row, *line)).collect();
    assert_eq!(rows, vec![(2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8)]);
    assert_eq!(failures[0].2, "name is empty");
    assert!(failures[1].2.contains("birth date"), "{}", failures[1].2);
    assert!(failures[2].2.contains("blue"));
    assert_eq!(failures[3].2, "3 fields where the header has 4");
    assert_eq!(failures[4].2, "the name field is not valid UTF-8");
    assert!(failures[5].2.contains("after the issue date"), "{}", failures[5].2);
    // Failed rows wrote nothing; issued rows wrote every format, their cards on one sheet.
    let names: Vec<_> = snapshot(dir.path()).into_keys().collect();
    assert_eq!(names.len(), 2 + 2 * 4 + 1);
    assert!(names.iter().all(|n| n == MANIFEST_NAME
        || n == AUDIT_NAME
        || n == "sheets-0000001.pdf"
        || n.starts_with("row-0000001.")
        || n.starts_with("row-0000008.")));
}

#[test]
fn jsonl_rows_with_their_own_validity() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"name\":\"Person 1\",\"birth_date\":\"1990\",\"status\":\"green\",\"valid_for\":\"7d\"}\n\
                 {\"name\":\"Person 2\",\"birth_date\":\"1990\",\"status\":\"red\"}\n";
    let mut config = config(dir.path(), &[Format::Txt], 1);
    run_batch(&issuer(), jsonl_rows(input.as_bytes()), &config, |_| {}).unwrap();
    let entries = manifest(dir.path());
    assert_eq!(entries[0].expires_at, "2026-12-02T09:00:00Z");
    assert_eq!(entries[1].expires_at, "2026-11-28T09:00:00Z");
    // Without a default, a row without valid_for fails alone.
    config.default_valid_for = None;
    config.out_dir = dir.path().join("second");
    let mut failed = Vec::new();
    let summary = run_batch(&issuer(), jsonl_rows(input.as_bytes()), &config, |e| {
        if let BatchEvent::Failed { row, failure, .. } = e {
            failed.push((row, failure.to_string()));
        }
    })
    .unwrap();
    assert_eq!(summary.issued, 1);
    assert_eq!(failed, vec![(2, "no valid_for in the row and no default validity for the run".to_string())]);
}

#[test]
fn a_repeated_run_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &[Format::Txt, Format::Png], 2);
    run_batch(&issuer(), csv_rows(people(20).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    let before = snapshot(dir.path());
    let err = run_batch(&issuer(), csv_rows(people(20).as_bytes()).unwrap(), &config, |_| {}).unwrap_err();
    assert!(matches!(err, BatchError::AlreadyIssued { .. }), "{err}");
    assert_eq!(snapshot(dir.path()), before);
    // Batch files without a manifest are refused too.
    fs::remove_file(dir.path().join(MANIFEST_NAME)).unwrap();
    let before = snapshot(dir.path());
    let err = run_batch(&issuer(), csv_rows(people(20).as_bytes()).unwrap(), &config, |_| {}).unwrap_err();
    assert!(matches!(err, BatchError::StrayFiles { .. }), "{err}");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn an_interrupted_run_resumes_without_issuing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path(), &[Format::Txt, Format::Svg], 2);
    run_batch(&issuer(), csv_rows(people(30).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    let full = manifest(dir.path());
    // Make the folder look like a run killed after recording row 12, halfway through writing row
    // 13's manifest line, with rows 13-30's files written but never recorded and a temporary
    // file in flight.
    let mut text: String = full[..12].iter().map(|e| serde_json::to_string(e).unwrap() + "\n").collect();
    text.push_str(&serde_json::to_string(&full[12]).unwrap()[..40]);
    fs::write(dir.path().join(MANIFEST_NAME), text).unwrap();
    for entry in &full[20..] {
        for file in &entry.files {
            fs::remove_file(dir.path().join(file)).unwrap();
        }
    }
    fs::write(dir.path().join(".healthseal-tmp-999-row-0000021.txt"), "HS1:half").unwrap();
    // A killed run never got to sign its summary.
    fs::remove_file(dir.path().join(AUDIT_NAME)).unwrap();
    let recorded: Vec<_> =
        full[..12].iter().map(|e| fs::read(dir.path().join(&e.files[0])).unwrap()).collect();

    config.resume = true;
    let summary = run_batch(&issuer(), csv_rows(people(30).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    assert_eq!(summary.already_done, 12);
    assert_eq!(summary.issued, 18);
    assert_eq!(summary.replaced, 8 * 2, "rows 13-20 had both files on disk");
    assert_eq!(summary.removed_temporary, 1);
    assert!(summary.repaired_manifest);
    assert_consistent(dir.path(), 30);
    // Recorded credentials were handed out: they are never reissued or rewritten.
    let entries = manifest(dir.path());
    assert_eq!(entries[..12], full[..12]);
    for (entry, before) in entries[..12].iter().zip(&recorded) {
        assert_eq!(&fs::read(dir.path().join(&entry.files[0])).unwrap(), before);
    }
    // Resuming a finished run issues nothing.
    let summary = run_batch(&issuer(), csv_rows(people(30).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    assert_eq!((summary.issued, summary.already_done), (0, 30));
}

#[test]
fn a_write_failure_stops_the_run_with_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut config = config(&out, &[Format::Txt], 2);
    run_batch(&issuer(), csv_rows(people(3).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    // Row 5's file cannot be written (a folder is in its way; a full disk or a read-only folder
    // fail the same way, and those cannot be staged when tests run as root).
    fs::create_dir(out.join("row-0000005.txt")).unwrap();
    config.resume = true;
    let err = run_batch(&issuer(), csv_rows(people(12).as_bytes()).unwrap(), &config, |_| {}).unwrap_err();
    assert!(matches!(&err, BatchError::Write { path, .. } if path.ends_with("row-0000005.txt")), "{err}");
    // Row 4 came before the failure and is recorded; rows after it left nothing behind, whichever
    // worker wrote them.
    fs::remove_dir(out.join("row-0000005.txt")).unwrap();
    assert_consistent(&out, 4);
    // An output folder that cannot be created is refused before anything happens.
    fs::write(dir.path().join("file"), "x").unwrap();
    let config = self::config(&dir.path().join("file/out"), &[Format::Txt], 1);
    let err = run_batch(&issuer(), csv_rows(people(1).as_bytes()).unwrap(), &config, |_| {}).unwrap_err();
    assert!(matches!(err, BatchError::OutDir { .. }), "{err}");
}

fn pdf_pages(path: &Path) -> usize {
    let pdf = fs::read(path).unwrap();
    pdf.windows(12).filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's').count()
}

#[test]
fn cards_go_on_sheets_of_512_rows_each_and_a_failed_sheet_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut config = config(&out, &[Format::Txt, Format::Pdf], 2);
    // The second sheet file cannot be written (a folder is in its way): the run stops after
    // recording the first. (Resume, or the folder in the way is refused as a stray batch file.)
    fs::create_dir_all(out.join("sheets-0000513.pdf")).unwrap();
    config.resume = true;
    let err = run_batch(&issuer(), csv_rows(people(520).as_bytes()).unwrap(), &config, |_| {}).unwrap_err();
    assert!(matches!(&err, BatchError::Write { path, .. } if path.ends_with("sheets-0000513.pdf")), "{err}");
    fs::remove_dir(out.join("sheets-0000513.pdf")).unwrap();
    assert_consistent(&out, 512);
    assert_eq!(pdf_pages(&out.join("sheets-0000001.pdf")), 64);

    let summary = run_batch(&issuer(), csv_rows(people(520).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    assert_eq!((summary.issued, summary.already_done), (8, 512));
    assert_consistent(&out, 520);
    assert_eq!(pdf_pages(&out.join("sheets-0000513.pdf")), 1);
    // Every row names its sheet.
    for entry in manifest(&out) {
        let sheet = if entry.row <= 512 { "sheets-0000001.pdf" } else { "sheets-0000513.pdf" };
        assert_eq!(entry.files, vec![format!("row-{:07}.txt", entry.row), sheet.to_string()]);
    }
}

/// A key that stops answering after `left` signatures, like a token pulled out mid-batch.
struct Flaky {
    key: healthseal_core::SigningKey,
    left: std::sync::atomic::AtomicUsize,
}

impl healthseal_core::Signer for Flaky {
    fn public_key(&self) -> &healthseal_core::PublicKey {
        self.key.public_key()
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; 64], healthseal_core::SignerError> {
        use std::sync::atomic::Ordering;
        if self.left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_err() {
            return Err(healthseal_core::SignerError::Unavailable { reason: "token removed".into() });
        }
        Ok(self.key.sign(message))
    }
}

#[test]
fn a_key_lost_mid_batch_stops_the_run_and_resume_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    let flaky = Flaky { key: SigningKey::from_seed([9; 32]), left: 7.into() };
    let issuer = Issuer::new(flaky, &info, None).unwrap();
    let mut config = config(&out, &[Format::Txt, Format::Pdf], 1);
    let err = run_batch(&issuer, csv_rows(people(20).as_bytes()).unwrap(), &config, |_| {}).unwrap_err();
    assert!(matches!(&err, BatchError::Signer { row: 8, .. }), "{err}");
    // Rows 1-7 are issued, on their sheet, and recorded; nothing of row 8 or later exists.
    assert_consistent(&out, 7);
    config.resume = true;
    let summary =
        run_batch(&self::issuer(), csv_rows(people(20).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    assert_eq!((summary.issued, summary.already_done, summary.failed), (13, 7, 0));
    assert_consistent(&out, 20);
}
