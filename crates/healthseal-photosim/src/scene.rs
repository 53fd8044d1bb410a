//! A whole scene and the camera that photographs it: surfaces over a background, light, lens
//! blur, sensor noise, and the 8-bit frame that comes out.

use image::RgbImage;

use crate::blur;
use crate::code::CodeImage;
use crate::geometry::Point;
use crate::lighting::{Glare, Lighting};
use crate::noise::{Rng, SensorNoise, ValueNoise};
use crate::surface::{Rgb, Shade, Surface};

/// What lies behind everything: a desk or a room, two textures blended between two colours.
#[derive(Debug, Clone)]
pub(crate) struct Background {
    pub coarse: ValueNoise,
    /// Fine, often stretched texture (wood grain), weighted by `fine_weight`.
    pub fine: ValueNoise,
    pub fine_weight: f32,
    pub dark: Rgb,
    pub light: Rgb,
}

impl Background {
    fn colour(&self, p: Point) -> Rgb {
        let t =
            self.coarse.at(p.x, p.y) * (1.0 - self.fine_weight) + self.fine.at(p.x, p.y) * self.fine_weight;
        let (d, l) = (self.dark, self.light);
        [d[0] + (l[0] - d[0]) * t, d[1] + (l[1] - d[1]) * t, d[2] + (l[2] - d[2]) * t]
    }
}

/// The camera: lens blur, sensor noise, white balance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Camera {
    /// Standard deviation of the Gaussian point-spread function, in pixels.
    pub blur: f64,
    pub noise: SensorNoise,
    /// Per-channel gains (an imperfect white balance).
    pub gains: Rgb,
}

/// Everything in front of the camera.
#[derive(Debug, Clone)]
pub(crate) struct Scene {
    pub width: u32,
    pub height: u32,
    pub background: Background,
    /// Bottom to top.
    pub surfaces: Vec<Surface>,
    /// The prepared (printed, anti-aliased) codes the surfaces' prints refer to.
    pub codes: Vec<CodeImage>,
    pub lighting: Lighting,
    pub glare: Option<Glare>,
    pub camera: Camera,
}

impl Scene {
    /// Renders the frame; `sensor` draws the noise.
    pub(crate) fn render(&self, sensor: &mut Rng) -> RgbImage {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut pixels = vec![[0.0f32; 3]; w * h];
        for y in 0..h {
            for x in 0..w {
                pixels[y * w + x] = self.shade(Point::new(x as f64 + 0.5, y as f64 + 0.5));
            }
        }
        blur::gaussian(&mut pixels, w, h, self.camera.blur);
        self.camera.noise.apply(&mut pixels, sensor);
        let mut bytes = vec![0u8; w * h * 3];
        for (out, px) in bytes.chunks_exact_mut(3).zip(&pixels) {
            for (o, v) in out.iter_mut().zip(px) {
                *o = (v.clamp(0.0, 255.0) + 0.5) as u8;
            }
        }
        RgbImage::from_raw(self.width, self.height, bytes)
            .unwrap_or_else(|| RgbImage::new(self.width, self.height))
    }

    /// The light reaching frame point `p`, before blur and noise.
    fn shade(&self, p: Point) -> Rgb {
        let mut hit = None;
        let mut glow = 0.0;
        for (i, surface) in self.surfaces.iter().enumerate().rev() {
            if hit.is_some() && surface.screen.is_none() || surface.screen.is_none() && !surface.may_cover(p)
            {
                continue;
            }
            let Some(q) = surface.locate(p) else { continue };
            if hit.is_none() {
                match surface.shade(q, &self.codes) {
                    Shade::Miss => {}
                    shade => hit = Some((i, shade)),
                }
            }
            glow += surface.glow(q);
        }
        let mut colour = match hit {
            Some((_, Shade::Emit(c))) => c,
            Some((_, Shade::Reflect(c))) => self.lit(c, p),
            _ => self.lit(self.background.colour(p), p),
        };
        if !matches!(hit, Some((_, Shade::Emit(_)))) {
            colour = [colour[0] + glow, colour[1] + glow, colour[2] + glow];
        }
        let v = self.lighting.vignetting(p);
        if let Some(g) = &self.glare {
            if hit.is_some_and(|(i, _)| i == g.surface) {
                let add = g.at(p);
                colour = [colour[0] + add, colour[1] + add * 0.98, colour[2] + add * 0.95];
            }
        }
        let k = self.camera.gains;
        [colour[0] * v * k[0], colour[1] * v * k[1], colour[2] * v * k[2]]
    }

    fn lit(&self, albedo: Rgb, p: Point) -> Rgb {
        let e = self.lighting.incident(p);
        let t = self.lighting.tint;
        [albedo[0] * e * t[0], albedo[1] * e * t[1], albedo[2] * e * t[2]]
    }
}
