//! The two image operations of the low-contrast pass, in integer arithmetic: a 2x2 reduction
//! and a local contrast gain.

use image::GrayImage;

/// The frame at half its width and height, each pixel the mean of a 2x2 block (which also halves
/// the sensor noise's standard deviation).
pub(super) fn half(frame: &GrayImage) -> GrayImage {
    let (width, height) = (frame.width() / 2, frame.height() / 2);
    let stride = frame.width() as usize;
    let mut out = Vec::with_capacity(width as usize * height as usize);
    for pair in frame.as_raw().chunks_exact(2 * stride).take(height as usize) {
        let (top, bottom) = pair.split_at(stride);
        out.extend(top.chunks_exact(2).zip(bottom.chunks_exact(2)).take(width as usize).map(|(t, b)| {
            ((u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]) + 2) / 4) as u8
        }));
    }
    GrayImage::from_raw(width, height, out).unwrap_or_else(|| GrayImage::new(width, height))
}

/// Each pixel's difference from the mean of the `(2 * radius + 1)²` square around it, multiplied
/// by `gain` and centred on mid-grey: a code printed or shown at a tenth of the full range comes
/// out at a third or more of it, above the binariser's minimum local range, while even lighting
/// and flat areas stay flat.
pub(super) fn local_gain(frame: &GrayImage, radius: usize, gain: i32) -> GrayImage {
    let (width, height) = (frame.width() as usize, frame.height() as usize);
    let src = frame.as_raw();
    let mut out = Vec::with_capacity(width * height);
    // Running box sums: `columns[x]` sums column x over the rows of the window; `run` sums
    // `columns` over the columns of the window. At most 255 x (2r+1)² per sum.
    let mut columns = vec![0u32; width];
    for row in src.chunks_exact(width.max(1)).take(radius.min(height.saturating_sub(1)) + 1) {
        for (c, &p) in columns.iter_mut().zip(row) {
            *c += u32::from(p);
        }
    }
    let (mut last_area, mut reciprocal) = (0u64, 0u64);
    for y in 0..height {
        if y > 0 {
            if y + radius < height {
                add_row(&mut columns, &src[(y + radius) * width..(y + radius + 1) * width], true);
            }
            if y > radius {
                add_row(&mut columns, &src[(y - radius - 1) * width..(y - radius) * width], false);
            }
        }
        let rows = ((y + radius + 1).min(height) - y.saturating_sub(radius)) as u64;
        let mut run: u32 = columns[..(radius + 1).min(width)].iter().sum();
        for x in 0..width {
            if x > 0 {
                if x + radius < width {
                    run += columns[x + radius];
                }
                if x > radius {
                    run -= columns[x - radius - 1];
                }
            }
            let area = rows * ((x + radius + 1).min(width) - x.saturating_sub(radius)) as u64;
            if area != last_area {
                // Rounded-up 2^32 / area: the mean below is exact or one too low.
                (last_area, reciprocal) = (area, (1u64 << 32).div_ceil(area));
            }
            let mean = ((u64::from(run) * reciprocal) >> 32) as i32;
            let value = 128 + (i32::from(src[y * width + x]) - mean) * gain;
            out.push(value.clamp(0, 255) as u8);
        }
    }
    GrayImage::from_raw(frame.width(), frame.height(), out)
        .unwrap_or_else(|| GrayImage::new(frame.width(), frame.height()))
}

fn add_row(columns: &mut [u32], row: &[u8], add: bool) {
    for (c, &p) in columns.iter_mut().zip(row) {
        if add {
            *c += u32::from(p);
        } else {
            *c -= u32::from(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_averages_blocks() {
        let frame = GrayImage::from_raw(4, 2, vec![0, 4, 8, 8, 4, 8, 8, 8]).unwrap();
        assert_eq!(half(&frame).into_raw(), vec![4, 8]);
    }

    #[test]
    fn gain_lifts_a_faint_step_and_keeps_flat_areas_flat() {
        let mut frame = GrayImage::from_pixel(40, 10, image::Luma([120]));
        for y in 0..10 {
            for x in 20..40 {
                frame.put_pixel(x, y, image::Luma([130]));
            }
        }
        let out = local_gain(&frame, 4, 4);
        assert_eq!(out.get_pixel(2, 5).0[0], 128, "flat stays mid-grey");
        assert!(out.get_pixel(19, 5).0[0] < 128 - 15 && out.get_pixel(20, 5).0[0] > 128 + 15);
    }
}
