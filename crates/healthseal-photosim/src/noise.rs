//! Randomness: the seeded generator, smooth textures, and sensor noise.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::math::{lerp, smoothstep};

/// Independent streams of one seed, so that changing how much one part draws (a larger frame
/// has larger textures) never shifts what another part draws.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    /// Where things go and how they look.
    Layout = 0,
    /// Texture lattices (desk, room).
    Texture = 1,
    /// Sensor noise.
    Sensor = 2,
}

/// A seeded ChaCha8 generator with the few draws the simulator needs.
#[derive(Debug, Clone)]
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    pub(crate) fn new(seed: u64, stream: Stream) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream as u64);
        Self(rng)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in [0, 1), 53 bits.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    pub(crate) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lerp(lo, hi, self.unit())
    }

    /// -1 or +1.
    pub(crate) fn sign(&mut self) -> f64 {
        if self.0.next_u64() & 1 == 0 {
            -1.0
        } else {
            1.0
        }
    }

    /// Uniform in 0..n.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// One of `items`.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Approximately standard normal from four 16-bit uniforms (Irwin-Hall): arithmetic only, no
/// logarithm, so the same bits everywhere.
pub(crate) fn normal_from(bits: u64) -> f32 {
    let sum: u32 = (0..4).map(|i| ((bits >> (16 * i)) & 0xffff) as u32).sum();
    // Four uniforms on [0, 1) have mean 2 and variance 1/3.
    (sum as f32 / 65536.0 - 2.0) * 1.732_050_8
}

/// A 64-bit mix of two integers and a salt (splitmix64 finaliser).
pub(crate) fn hash(x: i64, y: i64, salt: u64) -> u64 {
    let mut h = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ salt;
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Uniform in [-1, 1) for an integer cell: per-cell grain of paper or plastic.
pub(crate) fn grain(x: f64, y: f64, salt: u64) -> f32 {
    (hash(x.floor() as i64, y.floor() as i64, salt) >> 40) as f32 / (1u64 << 23) as f32 - 1.0
}

/// Smooth random texture: random values on a lattice, interpolated with smoothstep. Cells may
/// be stretched (long in x, short in y looks like wood grain).
#[derive(Debug, Clone)]
pub(crate) struct ValueNoise {
    /// Cells per pixel, across and down.
    per_px: (f64, f64),
    cols: usize,
    rows: usize,
    values: Vec<f32>,
}

impl ValueNoise {
    /// A lattice covering `width` x `height` pixels.
    pub(crate) fn new(rng: &mut Rng, width: u32, height: u32, cell_x: f64, cell_y: f64) -> Self {
        let cols = (f64::from(width) / cell_x).ceil() as usize + 2;
        let rows = (f64::from(height) / cell_y).ceil() as usize + 2;
        let values = (0..cols * rows).map(|_| rng.unit() as f32).collect();
        Self { per_px: (1.0 / cell_x, 1.0 / cell_y), cols, rows, values }
    }

    /// The texture at (x, y), in 0..1.
    pub(crate) fn at(&self, x: f64, y: f64) -> f32 {
        let (u, v) = ((x * self.per_px.0).max(0.0), (y * self.per_px.1).max(0.0));
        let (i, j) = ((u as usize).min(self.cols - 2), (v as usize).min(self.rows - 2));
        let (fx, fy) = (smoothstep(u - i as f64) as f32, smoothstep(v - j as f64) as f32);
        let at = |i: usize, j: usize| self.values[j * self.cols + i];
        let top = at(i, j) + (at(i + 1, j) - at(i, j)) * fx;
        let bottom = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * fx;
        top + (bottom - top) * fy
    }
}

/// What the sensor adds: read noise (constant), shot noise (growing with the square root of
/// the signal), colour noise, and a few stuck-bright pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SensorNoise {
    /// Standard deviation of the luminance read noise, in 8-bit levels.
    pub read: f32,
    /// Shot noise: standard deviation `shot * sqrt(level)`.
    pub shot: f32,
    /// Standard deviation of independent per-channel noise, in levels.
    pub chroma: f32,
    /// Stuck-bright pixels per million.
    pub hot_per_million: f32,
}

impl SensorNoise {
    /// Adds the noise to `pixels` (8-bit levels as floats).
    pub(crate) fn apply(&self, pixels: &mut [[f32; 3]], rng: &mut Rng) {
        for px in pixels.iter_mut() {
            let luma = (px[0] + px[1] + px[2]) / 3.0;
            let sigma = self.read + self.shot * luma.max(0.0).sqrt();
            let common = normal_from(rng.next_u64()) * sigma;
            let bits = rng.next_u64();
            for (c, v) in px.iter_mut().enumerate() {
                // A triangular variable from two 10-bit uniforms: cheap, zero mean, variance 1/6.
                let a = ((bits >> (20 * c)) & 0x3ff) as f32;
                let b = ((bits >> (20 * c + 10)) & 0x3ff) as f32;
                let colour = ((a + b) / 1024.0 - 1.0) * 2.449_49 * self.chroma;
                *v += common + colour;
            }
        }
        let hot = (pixels.len() as f64 * f64::from(self.hot_per_million) / 1e6) as usize;
        for _ in 0..hot {
            let i = rng.below(pixels.len());
            let level = 200.0 + 55.0 * rng.unit() as f32;
            pixels[i] = [level, level * 0.9, level];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_has_unit_variance() {
        let mut rng = Rng::new(1, Stream::Sensor);
        let n = 100_000;
        let xs: Vec<f64> = (0..n).map(|_| f64::from(normal_from(rng.next_u64()))).collect();
        let mean = xs.iter().sum::<f64>() / f64::from(n);
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / f64::from(n);
        assert!(mean.abs() < 0.02 && (var - 1.0).abs() < 0.03, "{mean} {var}");
    }

    #[test]
    fn streams_differ_and_repeat() {
        let a = Rng::new(5, Stream::Layout).next_u64();
        assert_eq!(a, Rng::new(5, Stream::Layout).next_u64());
        assert_ne!(a, Rng::new(5, Stream::Texture).next_u64());
        assert_ne!(a, Rng::new(6, Stream::Layout).next_u64());
    }

    #[test]
    fn value_noise_is_continuous() {
        let mut rng = Rng::new(3, Stream::Texture);
        let tex = ValueNoise::new(&mut rng, 100, 100, 10.0, 10.0);
        for i in 0..990 {
            let x = f64::from(i) / 10.0;
            assert!((tex.at(x, 33.3) - tex.at(x + 0.1, 33.3)).abs() < 0.05);
        }
    }
}
