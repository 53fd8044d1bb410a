//! The checkpoint needs no network: a verification run in a namespace without one, and the image
//! decoding path fed damaged and arbitrary bytes.
//!
//! Already covered in images.rs and not repeated here: arbitrary frames into `read_qr_codes`,
//! and arbitrary bytes behind each image signature into `decode_frame`.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use healthseal_core::{DecisionOptions, PublicKeyFile, Timestamp, Verdict};
use healthseal_test_support::crc32::crc32;
use healthseal_test_support::damage;
use healthseal_verifier::{decode_frame, read_qr_codes, ImageError, Scan, Verifier};
use proptest::prelude::*;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

// ---- offline verification ----

/// Set in the environment of the re-executed test binary: run the check itself.
const INNER: &str = "HEALTHSEAL_OFFLINE_INNER";
/// Printed by the inner check when everything held.
const PASSED: &str = "offline check passed";
const TEST_NAME: &str = "verifies_a_photo_with_no_network_at_all";

#[test]
fn verifies_a_photo_with_no_network_at_all() {
    if std::env::var_os(INNER).is_some() {
        inner_check();
        println!("{PASSED}");
        return;
    }
    match run_without_network() {
        Ok(()) => {}
        // Past the harness's capture, so that a skip shows in every run.
        Err(Skip(reason)) => report(&format!("skipped: {reason}")),
    }
}

struct Skip(String);

/// Writes to the process's stderr directly: libtest captures `eprintln!` of passing tests.
fn report(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Runs this test again in a new network namespace (a new user namespace too unless root).
#[cfg(target_os = "linux")]
fn run_without_network() -> Result<(), Skip> {
    use std::os::unix::fs::MetadataExt;
    use std::process::Command;

    let root = std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false);
    let exe = std::env::current_exe().expect("the test binary");
    let out = Command::new("unshare")
        .arg(if root { "-n" } else { "-rn" })
        .arg(&exe)
        .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
        .env(INNER, "1")
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => return Err(Skip(format!("unshare not permitted here (cannot run unshare: {e})"))),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // unshare(1) reports its own failure as `unshare: …` before running anything.
    if !out.status.success() && stderr.starts_with("unshare:") {
        return Err(Skip(format!("unshare not permitted here ({})", stderr.trim())));
    }
    assert!(
        out.status.success() && stdout.contains(PASSED),
        "the check without network failed ({:?}):\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}",
        out.status
    );
    report(&format!(
        "ran without network: verified in a fresh network namespace (unshare {})",
        if root { "-n" } else { "-rn" }
    ));
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn run_without_network() -> Result<(), Skip> {
    Err(Skip("unshare not permitted here (network namespaces are Linux only)".into()))
}

/// In the namespace: first that there really is no network, then a whole verification.
fn inner_check() {
    // Only the loopback interface exists. /proc/self/net/dev lists this process's namespace;
    // /sys/class/net would list the namespace of whoever mounted /sys.
    let dev = std::fs::read_to_string("/proc/self/net/dev").expect("/proc/self/net/dev");
    let interfaces: Vec<&str> =
        dev.lines().skip(2).filter_map(|l| l.split(':').next()).map(str::trim).collect();
    assert_eq!(interfaces, ["lo"], "interfaces in the namespace");
    let addr = std::net::SocketAddr::from(([1, 1, 1, 1], 80));
    let connect = std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(2));
    assert!(connect.is_err(), "connected to {addr} from inside the namespace");

    let root_text = std::fs::read_to_string(workspace().join("keys/CN-HA/root.key.pub")).expect("root key");
    let root = PublicKeyFile::parse(&root_text).expect("root key file").key;
    let list = std::fs::read(workspace().join("fixtures/trust/ha.trust-list-1")).expect("trust list");
    let verifier = Verifier::new(&root, &list, DecisionOptions::default()).expect("the list opens");
    let photo =
        std::fs::read(workspace().join("fixtures/camera/phone_screen-typical_green.jpg")).expect("photo");
    let at = Timestamp::parse_rfc3339("2026-11-25T01:00:00Z").expect("time");
    let scans = verifier.verify_image(&photo, at).expect("the photo decodes");
    assert_eq!(scans.len(), 1, "one code in the photo: {scans:?}");
    match &scans[0] {
        Scan::Credential(Verdict::Accepted(a)) => {
            assert_eq!(a.credential.region().as_str(), "CN-ZJ");
        }
        other => panic!("not accepted: {other:?}"),
    }
}

// ---- the image path on damaged bytes ----

/// The error `decode_frame` gives when it caught a panic in a third-party decoder.
fn caught_panic(e: &ImageError) -> bool {
    matches!(e, ImageError::Corrupt { format, reason } if format == "image" && reason == "the decoder failed on it")
}

fn check_decode(bytes: &[u8], read: bool) -> Result<(), TestCaseError> {
    match decode_frame(bytes) {
        Err(e) => {
            prop_assert!(!caught_panic(&e), "a decoder panicked (caught) on {} bytes", bytes.len());
            let text = e.to_string();
            prop_assert!(!text.is_empty() && !text.chars().any(char::is_control), "{text:?}");
        }
        Ok(frame) => {
            prop_assert!(frame.width() > 0 && frame.height() > 0);
            if read {
                let _ = read_qr_codes(&frame);
            }
        }
    }
    Ok(())
}

/// A small real PNG: a QR code of a credential-like text, 4 px a module.
fn qr_png() -> Vec<u8> {
    let code = qrcode::QrCode::new(b"HS1:6BFA%LD1 NOT A REAL CREDENTIAL").expect("QR");
    let (width, colors) = (code.width(), code.to_colors());
    let side = u32::try_from((width + 8) * 4).expect("small");
    let frame = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / 4) as usize, (y / 4) as usize);
        let dark = (4..width + 4).contains(&mx)
            && (4..width + 4).contains(&my)
            && colors[(my - 4) * width + (mx - 4)] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    frame.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).expect("PNG");
    png
}

fn camera_jpeg() -> Vec<u8> {
    std::fs::read(workspace().join("fixtures/camera/no_code.jpg")).expect("fixtures/camera/no_code.jpg")
}

/// Overwrites, removes or inserts one to seven bytes at random places (never in the first 8, so
/// the format is still recognised and the decoder itself is exercised).
fn damaged(original: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    damage::bytes(&original, 8, 1..8)
}

/// Recomputes every PNG chunk's CRC, so that damage inside a chunk reaches the inflater and the
/// filters instead of stopping at the checksum.
fn fix_png_crcs(mut png: Vec<u8>) -> Vec<u8> {
    let mut at = 8;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]) as usize;
        let Some(end) = (at + 8).checked_add(len).filter(|&end| end + 4 <= png.len()) else { break };
        let crc = crc32(&png[at + 4..end]);
        png[end..end + 4].copy_from_slice(&crc.to_be_bytes());
        at = end + 4;
    }
    png
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes at all, with no image signature in front: refused before any decoder runs, or
    /// decoded by the format the bytes happen to start like.
    #[test]
    fn decode_frame_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        check_decode(&bytes, true)?;
    }

    #[test]
    fn decode_frame_on_a_damaged_png(bytes in damaged(qr_png()), fix_crcs in any::<bool>()) {
        let bytes = if fix_crcs { fix_png_crcs(bytes) } else { bytes };
        check_decode(&bytes, true)?;
    }

    #[test]
    fn decode_frame_on_a_damaged_camera_jpeg(bytes in damaged(camera_jpeg())) {
        check_decode(&bytes, false)?;
    }
}

#[test]
fn the_undamaged_images_decode() {
    let frame = decode_frame(&qr_png()).expect("the PNG decodes");
    assert_eq!(read_qr_codes(&frame).len(), 1, "the QR code in the PNG reads");
    assert_eq!(fix_png_crcs(qr_png()), qr_png(), "CRCs recomputed as written");
    decode_frame(&camera_jpeg()).expect("the JPEG decodes");
}
