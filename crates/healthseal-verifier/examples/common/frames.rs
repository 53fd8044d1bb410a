//! Camera frames for the QR examples (`small_codes`, `printed_module`): the clean code image as
//! the issuer draws it, turning a frame as a camera held at an angle sees it, and reading PNG
//! frames with zxing-cpp. Included by each example with `#[path]`; not an example itself.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use healthseal_verifier::GrayImage;
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

/// The angle as quarter turns (0 to 3, clockwise) and the rest, in -45..=45 degrees.
pub fn split_angle(angle: u32) -> (u32, f64) {
    let quarters = (angle + 45) / 90;
    (quarters % 4, f64::from(angle) - 90.0 * f64::from(quarters))
}

/// The frame to render so that turning it by `rest` degrees and cropping gives `target`.
pub fn render_size(target: (u32, u32), rest: f64) -> (u32, u32) {
    if rest == 0.0 {
        return target;
    }
    let (s, c) = rest.to_radians().sin_cos();
    let (w, h) = (f64::from(target.0), f64::from(target.1));
    ((w * c.abs() + h * s.abs()).ceil() as u32 + 2, (w * s.abs() + h * c.abs()).ceil() as u32 + 2)
}

/// `source` turned clockwise by `degrees` about its centre, bilinear, cropped to `size`.
pub fn turn(source: &GrayImage, degrees: f64, size: (u32, u32)) -> GrayImage {
    let (s, c) = degrees.to_radians().sin_cos();
    let (sw, sh) = (source.width() as usize, source.height() as usize);
    let pixels = source.as_raw();
    let at = |x: usize, y: usize| f64::from(pixels[y.min(sh - 1) * sw + x.min(sw - 1)]);
    let (ox, oy) = (f64::from(size.0) / 2.0, f64::from(size.1) / 2.0);
    let (cx, cy) = (sw as f64 / 2.0, sh as f64 / 2.0);
    GrayImage::from_fn(size.0, size.1, |x, y| {
        let (dx, dy) = (f64::from(x) + 0.5 - ox, f64::from(y) + 0.5 - oy);
        // The inverse turn takes the output point back into the source.
        let (u, v) = (c * dx + s * dy + cx - 0.5, -s * dx + c * dy + cy - 0.5);
        let (u, v) = (u.max(0.0), v.max(0.0));
        let (i, j) = (u.floor() as usize, v.floor() as usize);
        let (fx, fy) = (u - i as f64, v - j as f64);
        let top = at(i, j) * (1.0 - fx) + at(i + 1, j) * fx;
        let bottom = at(i, j + 1) * (1.0 - fx) + at(i + 1, j + 1) * fx;
        image::Luma([(top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8])
    })
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
