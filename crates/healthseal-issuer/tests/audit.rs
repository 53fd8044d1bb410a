//! The audit trail shows a manifest exactly as its runs recorded it, and shows every way it can
//! differ: a line removed or edited, a line added outside a run, a credential issued without a
//! line, a summary forged, removed or signed by another key.

use std::fs;
use std::path::Path;
use std::time::Duration;

use healthseal_core::{KeyInfo, PublicKey, Role, SigningKey, Timestamp};
use healthseal_issuer::batch::{
    audit_folder, csv_rows, run_batch, BatchConfig, Finding, Format, AUDIT_NAME, MANIFEST_NAME,
};
use healthseal_issuer::{qr::EcLevel, CardFonts, CardLangs, Issuer};

fn people(n: usize) -> String {
    let mut csv = String::from("name,birth_date,status\n");
    for i in 1..=n {
        csv.push_str(&format!("Person {i},1990,green\n"));
    }
    csv
}

/// The issuing key of every run here.
fn issuer() -> Issuer {
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    Issuer::new(SigningKey::from_seed([11; 32]), &info, None).unwrap()
}

/// A text-only run into `dir` at `now`.
fn config(dir: &Path, now: &str, resume: bool, id_seed: u8) -> BatchConfig {
    BatchConfig {
        out_dir: dir.to_path_buf(),
        formats: vec![Format::Txt],
        default_valid_for: Some(Duration::from_secs(3600)),
        level: EcLevel::M,
        module_px: 4,
        utc_offset: None,
        langs: CardLangs::ZhEn,
        fonts: CardFonts::builtin().into(),
        jobs: 2,
        resume,
        now: Timestamp::parse_rfc3339(now).unwrap(),
        id_seed: [id_seed; 32],
    }
}

/// A folder issued in two runs (12 rows, then 30 with --resume); returns the key's public half.
fn two_runs(dir: &Path) -> PublicKey {
    let issuer = issuer();
    run_batch(
        &issuer,
        csv_rows(people(12).as_bytes()).unwrap(),
        &config(dir, "2026-11-25T09:00:00Z", false, 3),
        |_| {},
    )
    .unwrap();
    let resumed = config(dir, "2026-11-26T09:00:00Z", true, 3);
    run_batch(&issuer, csv_rows(people(30).as_bytes()).unwrap(), &resumed, |_| {}).unwrap();
    issuer.key().public_key().clone()
}

fn lines(dir: &Path, name: &str) -> Vec<String> {
    fs::read_to_string(dir.join(name)).unwrap().lines().map(|l| format!("{l}\n")).collect()
}

#[test]
fn an_untouched_folder_audits_clean_with_one_summary_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let key = two_runs(dir.path());
    let report = audit_folder(dir.path(), &key, &[]).unwrap();
    assert_eq!(report.findings, vec![]);
    assert_eq!(report.lines, 30);
    let runs: Vec<_> =
        report.runs.iter().map(|r| (r.run, r.count, r.first_row, r.last_row, r.manifest_lines)).collect();
    assert_eq!(runs, vec![(1, 12, 1, 12, 12), (2, 18, 13, 30, 30)]);
    assert_eq!(report.runs[1].issued_from, "2026-11-26T09:00:00Z");
    // Resuming a finished run adds no summary.
    let before = lines(dir.path(), AUDIT_NAME);
    two_runs_again(dir.path());
    assert_eq!(lines(dir.path(), AUDIT_NAME), before);
}

fn two_runs_again(dir: &Path) {
    // The same folder, resumed once more with nothing left to do.
    let config = config(dir, "2026-11-27T09:00:00Z", true, 4);
    let summary = run_batch(&issuer(), csv_rows(people(30).as_bytes()).unwrap(), &config, |_| {}).unwrap();
    assert_eq!(summary.issued, 0);
}

#[test]
fn a_removed_manifest_line_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let key = two_runs(dir.path());
    let mut manifest = lines(dir.path(), MANIFEST_NAME);
    manifest.remove(20); // row 21, recorded by run 2
    fs::write(dir.path().join(MANIFEST_NAME), manifest.concat()).unwrap();
    let findings = audit_folder(dir.path(), &key, &[]).unwrap().findings;
    assert_eq!(findings, vec![Finding::ManifestChanged { run: 2, lines: 30 }]);
}

#[test]
fn an_edited_line_in_an_earlier_run_is_reported_for_every_run_since() {
    let dir = tempfile::tempdir().unwrap();
    let key = two_runs(dir.path());
    let mut manifest = lines(dir.path(), MANIFEST_NAME);
    manifest[3] = manifest[3].replace("\"green\"", "\"red\"");
    fs::write(dir.path().join(MANIFEST_NAME), manifest.concat()).unwrap();
    let findings = audit_folder(dir.path(), &key, &[]).unwrap().findings;
    assert_eq!(
        findings,
        vec![Finding::ManifestChanged { run: 1, lines: 12 }, Finding::ManifestChanged { run: 2, lines: 30 }]
    );
}

#[test]
fn issuance_outside_the_record_stands_out() {
    let dir = tempfile::tempdir().unwrap();
    let key = two_runs(dir.path());
    // A line appended by hand, for a credential no run issued.
    let mut manifest = lines(dir.path(), MANIFEST_NAME);
    let forged = manifest[29].replace("\"row\":30", "\"row\":31");
    manifest.push(forged);
    fs::write(dir.path().join(MANIFEST_NAME), manifest.concat()).unwrap();
    // And a credential found in the field whose id is in no line.
    let findings = audit_folder(dir.path(), &key, &["00112233aabbccdd".to_string()]).unwrap().findings;
    assert_eq!(
        findings,
        vec![
            Finding::Unrecorded { count: 1, first_row: 31, last_row: 31 },
            Finding::NotInManifest { id: "00112233aabbccdd".into() },
        ]
    );
}

#[test]
fn forged_removed_or_foreign_summaries_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let key = two_runs(dir.path());
    let trail = lines(dir.path(), AUDIT_NAME);
    // A summary edited to cover fewer lines than were issued: its signature fails, and the next
    // summary no longer follows it.
    fs::write(
        dir.path().join(AUDIT_NAME),
        [trail[0].replace("\"count\":12", "\"count\":11"), trail[1].clone()].concat(),
    )
    .unwrap();
    assert_eq!(
        audit_folder(dir.path(), &key, &[]).unwrap().findings,
        vec![Finding::BadSignature { run: 1 }, Finding::BrokenChain { run: 2 }]
    );
    // The first summary removed: the second no longer follows.
    fs::write(dir.path().join(AUDIT_NAME), trail[1].clone()).unwrap();
    assert_eq!(audit_folder(dir.path(), &key, &[]).unwrap().findings, vec![Finding::BrokenChain { run: 2 }]);
    // Audited against another key: nothing is vouched for by it.
    fs::write(dir.path().join(AUDIT_NAME), trail.concat()).unwrap();
    let other = SigningKey::from_seed([12; 32]).public_key().clone();
    let findings = audit_folder(dir.path(), &other, &[]).unwrap().findings;
    assert_eq!(findings.iter().filter(|f| matches!(f, Finding::BadSignature { .. })).count(), 2);
    assert_eq!(findings.iter().filter(|f| matches!(f, Finding::OtherKey { .. })).count(), 30);
    // No trail at all.
    fs::remove_file(dir.path().join(AUDIT_NAME)).unwrap();
    let findings = audit_folder(dir.path(), &key, &[]).unwrap().findings;
    assert_eq!(findings[0], Finding::NoTrail);
    assert_eq!(findings[1], Finding::Unrecorded { count: 30, first_row: 1, last_row: 30 });
}

#[test]
fn a_trail_cut_at_its_end_is_found_against_the_hash_issue_reported() {
    let dir = tempfile::tempdir().unwrap();
    let key = two_runs(dir.path());
    let report = healthseal_issuer::batch::audit_folder(dir.path(), &key, &[]).unwrap();
    let last = report.last_sha256.clone().unwrap();
    // Run 2 removed with its summary and its lines: the rest is self-consistent...
    let manifest = lines(dir.path(), MANIFEST_NAME);
    fs::write(dir.path().join(MANIFEST_NAME), manifest[..12].concat()).unwrap();
    fs::write(dir.path().join(AUDIT_NAME), lines(dir.path(), AUDIT_NAME)[0].clone()).unwrap();
    assert_eq!(audit_folder(dir.path(), &key, &[]).unwrap().findings, vec![]);
    // ...but not what the auditor was told the trail ends with.
    let cut =
        healthseal_issuer::batch::audit_folder_ending(dir.path(), &key, &[], Some(&last[..16])).unwrap();
    assert_eq!(cut.findings, vec![Finding::TrailCut { expected: last[..16].to_string() }]);
}

#[test]
fn a_partial_last_line_is_reported_and_a_resume_does_not_sign_over_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let key = two_runs(dir.path());
    let mut manifest = lines(dir.path(), MANIFEST_NAME);
    let partial = "{\"row\":31,\"id\":\"00";
    fs::write(dir.path().join(MANIFEST_NAME), manifest.concat() + partial).unwrap();
    let findings = audit_folder(dir.path(), &key, &[]).unwrap().findings;
    assert_eq!(findings, vec![Finding::Unterminated { bytes: partial.len() }]);
    // A line edited before a resume: the resumed run refuses to vouch for the manifest.
    manifest[0] = manifest[0].replace("\"green\"", "\"red\"");
    fs::write(dir.path().join(MANIFEST_NAME), manifest.concat()).unwrap();
    let config = config(dir.path(), "2026-11-27T09:00:00Z", true, 5);
    let err = run_batch(&issuer(), csv_rows(people(31).as_bytes()).unwrap(), &config, |_| {}).unwrap_err();
    assert!(err.to_string().contains("changed since run 1 was recorded"), "{err}");
    assert_eq!(lines(dir.path(), AUDIT_NAME).len(), 2, "no summary signed over the edit");
}
