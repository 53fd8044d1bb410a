//! The clean code image as the simulator reads it: reflectance 0 (dark module) to 1 (light),
//! its module size, and bilinear sampling.

use image::GrayImage;

use crate::blur;

/// A code image prepared for sampling.
#[derive(Debug, Clone)]
pub(crate) struct CodeImage {
    pub width: usize,
    pub height: usize,
    /// Source pixels per module, measured on the top-left finder pattern.
    pub module: f64,
    pixels: Vec<[f32; 1]>,
}

impl CodeImage {
    pub(crate) fn new(image: &GrayImage) -> Self {
        let (width, height) = (image.width() as usize, image.height() as usize);
        let pixels = image.pixels().map(|p| [f32::from(p.0[0]) / 255.0]).collect();
        Self { width, height, module: module_size(image), pixels }
    }

    /// Width in modules, quiet zone included.
    pub(crate) fn modules(&self) -> f64 {
        self.width as f64 / self.module
    }

    /// A copy blurred with `sigma` source pixels, then with dark areas spread by `ink_spread`
    /// (0: none, 1: reflectance squared, as ink soaking into paper).
    pub(crate) fn printed(&self, sigma: f64, ink_spread: f32) -> Self {
        let mut out = self.clone();
        blur::gaussian(&mut out.pixels, self.width, self.height, sigma);
        if ink_spread > 0.0 {
            for [v] in &mut out.pixels {
                *v *= 1.0 - ink_spread + ink_spread * *v;
            }
        }
        out
    }

    /// Reflectance at (x, y) in source pixel units (pixel i spans i..i+1), bilinear, clamped at
    /// the edges.
    pub(crate) fn sample(&self, x: f64, y: f64) -> f32 {
        let (u, v) = ((x - 0.5).max(0.0), (y - 0.5).max(0.0));
        let (i, j) = ((u as usize).min(self.width - 1), (v as usize).min(self.height - 1));
        let (i1, j1) = ((i + 1).min(self.width - 1), (j + 1).min(self.height - 1));
        let (fx, fy) = ((u - i as f64).min(1.0) as f32, (v - j as f64).min(1.0) as f32);
        let at = |i: usize, j: usize| self.pixels[j * self.width + i][0];
        let top = at(i, j) + (at(i1, j) - at(i, j)) * fx;
        let bottom = at(i, j1) + (at(i1, j1) - at(i, j1)) * fx;
        top + (bottom - top) * fy
    }
}

/// Source pixels per module. A QR code's first dark row starts with the top edge of the
/// top-left finder pattern, a dark run 7 modules long. Images where that fails are taken as 29
/// modules wide (version 1 with a 4-module quiet zone), which only affects sizing.
fn module_size(image: &GrayImage) -> f64 {
    for y in 0..image.height() {
        if let Some(x0) = (0..image.width()).find(|&x| image.get_pixel(x, y).0[0] < 128) {
            let run = (x0..image.width()).take_while(|&x| image.get_pixel(x, y).0[0] < 128).count();
            if run >= 7 {
                return run as f64 / 7.0;
            }
            break;
        }
    }
    (f64::from(image.width()) / 29.0).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_modules_and_samples() {
        // A 7-module dark run at 3 px per module, after a 4-module quiet zone.
        let img = GrayImage::from_fn(60, 60, |x, y| {
            image::Luma([if y >= 12 && (12..33).contains(&x) { 0 } else { 255 }])
        });
        let code = CodeImage::new(&img);
        assert_eq!(code.module, 3.0);
        assert_eq!(code.modules(), 20.0);
        assert_eq!(code.sample(20.5, 20.5), 0.0);
        assert_eq!(code.sample(5.5, 5.5), 1.0);
        assert!((code.sample(12.0, 20.0) - 0.5).abs() < 1e-6, "halfway across the edge");
        let (blurred, spread) = (code.printed(1.0, 0.0), code.printed(1.0, 1.0));
        assert!(blurred.sample(11.5, 20.5) > 0.6 && blurred.sample(11.5, 20.5) < 0.8);
        assert!(spread.sample(11.5, 20.5) < 0.85 * blurred.sample(11.5, 20.5), "ink spreads");
    }
}
