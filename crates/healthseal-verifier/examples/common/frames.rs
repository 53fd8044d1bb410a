//! Camera frames for the QR examples (`small_codes`, `printed_module`): the clean code image as
//! the issuer draws it, a photosim scene with its code at a chosen size, and reading PNG frames
//! with zxing-cpp (turning a frame is `healthseal_photosim::Turn`). Included by each example with `#[path]`; not an example itself.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use healthseal_photosim::{Condition, Severity, Shot};
use healthseal_verifier::GrayImage;
use image::imageops;
use qrcode::{Color, QrCode};

/// Pixels per module of the clean code image photosim is given (as the fixture photos).
pub const SOURCE_MODULE_PX: u32 = 6;

/// The quiet zone the issuer draws, in modules.
pub const QUIET_ZONE: u32 = 4;

/// Reads every named PNG of a folder with zxing-cpp (default options, as the interop check)
/// and prints per file: name, 1 if the expected text was among the QR codes read, and how many
/// other QR texts were read.
const ZXING_SCRIPT: &str = r#"
import pathlib, sys
import zxingcpp
from PIL import Image
folder = pathlib.Path(sys.argv[1])
expected = (folder / "expected.txt").read_text(encoding="utf-8").strip()
for name in sys.argv[2:]:
    results = zxingcpp.read_barcodes(Image.open(folder / name).convert("L"))
    texts = [r.text.strip() for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    print(f"{name}\t{int(expected in texts)}\t{sum(t != expected for t in texts)}")
"#;

/// The clean code image, as the issuer draws it: dark 0, light 255, [`SOURCE_MODULE_PX`] per
/// module, a quiet zone of [`QUIET_ZONE`] modules.
pub fn clean(code: &QrCode) -> GrayImage {
    let n = code.width() as u32;
    let colors = code.to_colors();
    let side = (n + 2 * QUIET_ZONE) * SOURCE_MODULE_PX;
    GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (
            (x / SOURCE_MODULE_PX).wrapping_sub(QUIET_ZONE),
            (y / SOURCE_MODULE_PX).wrapping_sub(QUIET_ZONE),
        );
        let dark = mx < n && my < n && colors[(my * n + mx) as usize] == Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    })
}

/// Prepares the output folder `dir` for a credential fixture (`credential`, relative to the
/// workspace): writes its text to `expected.txt` (what zxing-cpp is checked against) and returns
/// it with its clean code image (level M).
pub fn credential_code(dir: &Path, credential: &str) -> Result<(String, GrayImage), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text =
        std::fs::read_to_string(workspace.join(credential)).map_err(|e| format!("read {credential}: {e}"))?;
    let text = text.trim().to_string();
    std::fs::write(dir.join("expected.txt"), &text).map_err(|e| format!("write expected.txt: {e}"))?;
    let code = QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| e.to_string())?;
    Ok((text, clean(&code)))
}

/// Per condition, seed and frame size: the side photosim gives the code at full size, and the
/// desk photo with no code.
pub type Stage = HashMap<(Condition, u64, u32, u32), (f64, GrayImage)>;

/// Renders `images` under `condition` with `seed` in a `size` frame: the grey frame and the
/// first code image's side in it.
pub fn photograph(
    images: &[&GrayImage],
    seed: u64,
    condition: Condition,
    size: (u32, u32),
) -> Result<(GrayImage, f64), String> {
    let shot = Shot::new(condition, seed).severity(Severity::MODERATE).frame(size.0, size.1);
    let photo = shot.render(images).map_err(|e| format!("{condition} seed {seed}: {e}"))?;
    let side = photo.placements.first().map_or(0.0, |q| q.area().sqrt());
    Ok((image::DynamicImage::ImageRgb8(photo.image).into_luma8(), side))
}

/// The scene of `condition` upright in a `size` frame, its code at `module_px` pixels per
/// module: photosim's scene, as it composes it, in the smaller view where the code comes out at
/// that size, set in the middle of a `size` photo of a desk with clutter and no code. Returns
/// the frame and the pixels per module reached.
pub fn staged(
    image: &GrayImage,
    condition: Condition,
    seed: u64,
    module_px: f64,
    size: (u32, u32),
    stage: &mut Stage,
) -> Result<(GrayImage, f64), String> {
    let modules = f64::from(image.width()) / f64::from(SOURCE_MODULE_PX);
    // photosim sizes the code by the frame: a probe at full size gives the scale of the view.
    let (side, desk) = match stage.entry((condition, seed, size.0, size.1)) {
        Entry::Occupied(entry) => entry.into_mut(),
        Entry::Vacant(entry) => {
            let (_, side) = photograph(&[image], seed, condition, size)?;
            let (desk, _) = photograph(&[], seed, Condition::NoCode, size)?;
            entry.insert((side, desk))
        }
    };
    if *side <= 0.0 {
        return Err(format!("{condition} seed {seed}: the code was not placed"));
    }
    let scale = module_px * modules / *side;
    let view = ((f64::from(size.0) * scale).round() as u32, (f64::from(size.1) * scale).round() as u32);
    let mut frame = desk.clone();
    let (shown, placed) = photograph(&[image], seed, condition, view)?;
    let (x, y) = (size.0.saturating_sub(view.0) / 2, size.1.saturating_sub(view.1) / 2);
    imageops::replace(&mut frame, &shown, i64::from(x), i64::from(y));
    Ok((frame, placed / modules))
}

/// Runs zxing-cpp over the named files; per file, (read, other texts).
pub fn zxing(python: &str, dir: &Path, names: &[String]) -> Result<HashMap<String, (bool, usize)>, String> {
    let output = Command::new(python)
        .arg("-c")
        .arg(ZXING_SCRIPT)
        .arg(dir)
        .args(names)
        .output()
        .map_err(|e| format!("run {python}: {e}"))?;
    if !output.status.success() {
        return Err(format!("zxing-cpp script failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let mut results = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut fields = line.split('\t');
        if let (Some(name), Some(read), Some(wrong)) = (fields.next(), fields.next(), fields.next()) {
            results.insert(name.to_string(), (read == "1", wrong.parse().unwrap_or(0)));
        }
    }
    Ok(results)
}
