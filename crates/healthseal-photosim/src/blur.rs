//! Separable Gaussian blur, edges clamped: lens defocus, print blur, anti-aliasing.

use crate::math::exp;

/// Below this sigma (pixels) a blur changes nothing worth the time.
const MIN_SIGMA: f64 = 0.2;

/// Normalised Gaussian weights for offsets -r..=r, r = ceil(3 sigma).
fn kernel(sigma: f64) -> Vec<f32> {
    let radius = (3.0 * sigma).ceil().max(1.0) as i32;
    let weights: Vec<f64> =
        (-radius..=radius).map(|i| exp(-f64::from(i * i) / (2.0 * sigma * sigma))).collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| (w / total) as f32).collect()
}

/// Blurs `width` x `height` pixels of `N` channels in place.
pub(crate) fn gaussian<const N: usize>(pixels: &mut [[f32; N]], width: usize, height: usize, sigma: f64) {
    if sigma < MIN_SIGMA || width == 0 || height == 0 {
        return;
    }
    let k = kernel(sigma);
    let r = k.len() / 2;
    // Work on flat channel values: the inner loops then run over contiguous floats, which the
    // compiler vectorises. Sums are taken in a fixed order, so results are the same everywhere.
    let stride = width * N;
    let flat = pixels.as_flattened_mut();
    // Rows: copy each row with clamped padding, then convolve.
    let mut line = vec![0.0f32; (width + 2 * r) * N];
    for row in flat.chunks_exact_mut(stride) {
        for i in 0..width + 2 * r {
            let src = i.saturating_sub(r).min(width - 1) * N;
            line[i * N..(i + 1) * N].copy_from_slice(&row[src..src + N]);
        }
        row.fill(0.0);
        for (t, w) in k.iter().enumerate() {
            for (o, s) in row.iter_mut().zip(&line[t * N..t * N + stride]) {
                *o += s * w;
            }
        }
    }
    // Columns, a whole row at a time so memory is read in order; a ring of the source rows
    // still needed keeps the copy small. Ring slot j % len holds padded row j.
    let len = k.len();
    let mut ring = vec![0.0f32; len * stride];
    let source_row = |j: usize| j.saturating_sub(r).min(height - 1);
    for j in 0..len - 1 {
        let (slot, sy) = (j % len, source_row(j));
        ring[slot * stride..(slot + 1) * stride].copy_from_slice(&flat[sy * stride..(sy + 1) * stride]);
    }
    for y in 0..height {
        let newest = y + len - 1;
        let (slot, sy) = (newest % len, source_row(newest));
        ring[slot * stride..(slot + 1) * stride].copy_from_slice(&flat[sy * stride..(sy + 1) * stride]);
        let out = &mut flat[y * stride..(y + 1) * stride];
        out.fill(0.0);
        for (t, w) in k.iter().enumerate() {
            let slot = (y + t) % len;
            for (o, s) in out.iter_mut().zip(&ring[slot * stride..(slot + 1) * stride]) {
                *o += s * w;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_mean_and_softens_an_edge() {
        let (w, h) = (20, 5);
        let mut px: Vec<[f32; 1]> = (0..w * h).map(|i| [if i % w < 10 { 0.0 } else { 1.0 }]).collect();
        gaussian(&mut px, w, h, 1.5);
        let row: Vec<f32> = px[..w].iter().map(|p| p[0]).collect();
        assert!(row[0] < 1e-4 && row[19] > 1.0 - 1e-4);
        assert!(row[9] > 0.2 && row[9] < 0.5 && row[10] > 0.5 && row[10] < 0.8);
        assert!((row.iter().sum::<f32>() - 10.0).abs() < 1e-3);
    }

    #[test]
    fn blurs_columns_like_rows() {
        let signal: Vec<[f32; 1]> = (0..30).map(|i| [((i * 7) % 11) as f32]).collect();
        let (mut row, mut column) = (signal.clone(), signal);
        gaussian(&mut row, 30, 1, 2.0);
        gaussian(&mut column, 1, 30, 2.0);
        for (a, b) in row.iter().zip(&column) {
            assert!((a[0] - b[0]).abs() < 1e-5);
        }
    }
}
