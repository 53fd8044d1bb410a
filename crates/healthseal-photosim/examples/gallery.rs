//! Renders every condition of one QR code into a folder, with render times:
//! `cargo run --release -p healthseal-photosim --example gallery -- OUT_DIR [TEXT] [SEVERITY] [SEED] [CONDITION|all] [WxH]`.

use std::time::Instant;

use healthseal_photosim::{Condition, Severity, Shot};
use image::{GrayImage, Luma};
use qrcode::{Color, EcLevel, QrCode};

fn clean(text: &str, scale: u32) -> GrayImage {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).expect("text fits a QR code");
    let (n, colors) = (code.width() as u32, code.to_colors());
    GrayImage::from_fn((n + 8) * scale, (n + 8) * scale, |x, y| {
        let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
        let dark = mx < n && my < n && colors[(my * n + mx) as usize] == Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = std::path::PathBuf::from(args.get(1).map_or("gallery", String::as_str));
    let text = args.get(2).cloned().unwrap_or_else(|| format!("HS1:{}", "6BF.0%$K3:7Q-LM".repeat(15)));
    let severity = args.get(3).and_then(|s| s.parse().ok()).and_then(Severity::new).unwrap_or_default();
    let seed = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    std::fs::create_dir_all(&out).expect("create output folder");
    let first = clean(&text, 4);
    let second = clean("https://example.org/not-a-credential", 6);
    let only: Option<Condition> = args.get(5).and_then(|s| s.parse().ok()); // "all": every one
    for condition in Condition::ALL.into_iter().filter(|c| only.is_none_or(|o| o == *c)) {
        let codes: Vec<&GrayImage> = [&first, &second].into_iter().take(condition.codes()).collect();
        let mut shot = Shot::new(condition, seed).severity(severity);
        if let Some((w, h)) = args.get(6).and_then(|s| s.split_once('x')) {
            shot = shot.frame(w.parse().expect("width"), h.parse().expect("height"));
        }
        // CPU time, not wall time: the machine may be shared. Mean of ten runs.
        let (start, wall) = (cpu_ticks(), Instant::now());
        for _ in 0..10 {
            shot.render(&codes).expect("renders");
        }
        let cpu_ms = (cpu_ticks() - start) as f64 * 1000.0 / 100.0 / 10.0;
        let took = format!("{cpu_ms:.0} ms CPU, {:.0} ms wall", wall.elapsed().as_secs_f64() * 100.0);
        let photo = shot.render(&codes).expect("renders");
        let path = out.join(format!("{condition}.png"));
        photo.image.save(&path).expect("save");
        println!("{condition:>15} {:?} {took}", photo.image.dimensions());
    }
}

/// User plus system time of this thread, in clock ticks (1/100 s on Linux); 0 elsewhere.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 and 15 of the file; the name (field 2) ends at ')', field 3 is first here.
    fields.get(11).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0)
        + fields.get(12).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0)
}
