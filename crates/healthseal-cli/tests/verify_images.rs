//! `healthseal verify` on images and folders of images: the QR codes are read from the files
//! (recognised by content, not by name), and a picture without a credential says so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use healthseal_issuer::qr::{EcLevel, QrSymbol};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `healthseal verify` against the CN-HA demo trust list at a time its credentials are valid.
fn verify(extra: &[&str], inputs: &[&Path]) -> Output {
    let repo = repo();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_healthseal"));
    cmd.args(["verify", "--no-state", "--at", "2026-11-25T01:00:00Z", "--root"])
        .arg(repo.join("keys/CN-HA/root.key.pub"))
        .arg("--trust")
        .arg(repo.join("fixtures/trust/ha.trust-list-1"))
        .args(extra)
        .args(inputs);
    cmd.output().expect("runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A 24-bit BMP of grey pixels, `side` x `side` (the one image format simple enough to write
/// here by hand).
fn bmp(side: u32, grey: impl Fn(u32, u32) -> u8) -> Vec<u8> {
    let row = (side * 3).next_multiple_of(4);
    let size = 54 + row * side;
    let mut out = Vec::new();
    out.extend(b"BM");
    out.extend(size.to_le_bytes());
    out.extend([0; 4]);
    out.extend(54u32.to_le_bytes());
    out.extend(40u32.to_le_bytes());
    out.extend(side.to_le_bytes());
    out.extend(side.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(24u16.to_le_bytes());
    out.extend([0; 24]);
    for y in (0..side).rev() {
        for x in 0..side {
            let g = grey(x, y);
            out.extend([g, g, g]);
        }
        out.resize(out.len() + (row - side * 3) as usize, 0);
    }
    out
}

/// A QR code of `text`, 4 pixels a module, on a light grey, as a BMP.
fn qr_bmp(text: &str) -> Vec<u8> {
    let (side, luma) = QrSymbol::encode(text, EcLevel::M).unwrap().to_luma(4);
    bmp(side, |x, y| if luma[(y * side + x) as usize] < 128 { 20 } else { 230 })
}

fn credential() -> String {
    std::fs::read_to_string(repo().join("fixtures/credentials/typical_green.txt")).unwrap().trim().to_owned()
}

#[test]
fn an_image_of_a_credential_is_verified_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    // A BMP named like a JPEG: the content decides.
    let photo = dir.path().join("photo.jpg");
    std::fs::write(&photo, qr_bmp(&credential())).unwrap();
    let out = verify(&[], &[&photo]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        stdout(&out),
        "ACCEPTED  GREEN   CN-ZJ Zhejiang · valid until 2026-11-28T00:00:00Z · holder \"Maximilian Oberhofer\" born 1987-06-15\n"
    );
}

#[test]
fn pictures_without_a_credential_say_so_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.bmp");
    std::fs::write(&blank, bmp(64, |_, _| 200)).unwrap();
    let menu = dir.path().join("menu.bmp");
    std::fs::write(&menu, qr_bmp("https://example.org/menu?table=12&session=9f8e7d6c5b4a")).unwrap();
    let out = verify(&[], &[&blank, &menu]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout(&out),
        format!(
            "NO CODE   {}: no QR code found\n\
             NOT A CREDENTIAL  {}#1: a QR code that is not a healthseal credential (54 characters, starting \"https://example.\")\n",
            blank.display(),
            menu.display()
        )
    );
}

#[test]
fn json_lines_report_each_image_with_a_documented_type() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("a.bmp");
    std::fs::write(&photo, qr_bmp(&credential())).unwrap();
    let blank = dir.path().join("b.bmp");
    std::fs::write(&blank, bmp(64, |_, _| 200)).unwrap();
    let menu = dir.path().join("c.bmp");
    std::fs::write(&menu, qr_bmp("WIFI:S:guest;T:WPA;P:hunter22;;")).unwrap();
    // PNG signature, then nothing a decoder can use.
    let broken = dir.path().join("d.png");
    std::fs::write(&broken, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = verify(&["--json"], &[&photo, &blank, &menu, &broken]);
    assert_eq!(out.status.code(), Some(2), "the worst outcome wins");
    let lines: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["type"], "verdict");
    assert_eq!(lines[0]["data"]["verdict"], "accepted");
    assert_eq!(lines[0]["data"]["source"], format!("{}#1", photo.display()));
    assert_eq!(
        lines[1],
        serde_json::json!({"type": "no_code", "data": {"source": blank.display().to_string()}})
    );
    assert_eq!(
        lines[2],
        serde_json::json!({"type": "not_a_credential", "data": {
            "source": format!("{}#1", menu.display()), "preview": "WIFI:S:guest;T:W", "length": 31}})
    );
    assert_eq!(lines[3]["type"], "unreadable_image");
    assert_eq!(lines[3]["data"]["source"], broken.display().to_string());
    assert_eq!(lines[3]["data"]["reason"], "corrupt");
}

#[test]
fn a_folder_is_read_in_name_order_and_other_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2-blank.bmp"), bmp(64, |_, _| 200)).unwrap();
    std::fs::write(dir.path().join("1-photo.bmp"), qr_bmp(&credential())).unwrap();
    std::fs::write(dir.path().join("notes.txt"), credential()).unwrap();
    std::fs::create_dir(dir.path().join("older")).unwrap();
    std::fs::write(dir.path().join("older/3.bmp"), qr_bmp(&credential())).unwrap();
    let out = verify(&[], &[dir.path()]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = stdout(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("ACCEPTED  GREEN   CN-ZJ Zhejiang"), "{stdout}");
    assert!(lines[0].ends_with("holder \"Maximilian Oberhofer\" born 1987-06-15"), "{stdout}");
    assert_eq!(lines[1], format!("NO CODE   {}: no QR code found", dir.path().join("2-blank.bmp").display()));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("skipping {}: not an image", dir.path().join("notes.txt").display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("skipping {}: a folder", dir.path().join("older").display())),
        "{stderr}"
    );

    // Only the accepted picture: exit 0.
    let alone = tempfile::tempdir().unwrap();
    std::fs::write(alone.path().join("photo.bmp"), qr_bmp(&credential())).unwrap();
    assert_eq!(verify(&[], &[alone.path()]).status.code(), Some(0));
}

#[test]
fn text_files_and_literal_credentials_still_work_beside_images() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo.bmp");
    std::fs::write(&photo, qr_bmp(&credential())).unwrap();
    let text = repo().join("fixtures/credentials/typical_green.txt");
    let out = verify(&["--json"], &[&photo, &text]);
    assert_eq!(out.status.code(), Some(0));
    let sources: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["data"]["source"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(sources, [format!("{}#1", photo.display()), format!("{}:1", text.display())]);
}
