//! Rasterises SVG files (QR drawings and cards written by healthseal) to PNG with resvg, so an
//! independent QR reader can check them: `cargo run -p healthseal-issuer --example rasterise --
//! FILE.svg...` writes FILE.svg.png beside each. Used by `just interop`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        if let Err(e) = rasterise(&path) {
            eprintln!("{path}: {e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn rasterise(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let svg = std::fs::read_to_string(path)?;
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())?;
    // Cards are sized in millimetres (12 px/mm is 300 dpi); bare QR drawings in modules (6 px each).
    let scale = if svg.contains("mm\" height") && svg.contains("card") { 12.0 } else { 6.0 };
    let size = tree.size();
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or("empty drawing")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.save_png(format!("{path}.png"))?;
    Ok(())
}
