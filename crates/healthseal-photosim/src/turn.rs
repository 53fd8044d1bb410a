//! A frame as a camera held at an angle sees it: render the scene upright, larger, then turn
//! the whole frame (the phone, its pixel grid and its moire turn with the code). Quarter turns
//! are exact (the frame turned pixel for pixel); the rest of the angle, within ±45 degrees, turns
//! the larger render by bilinear interpolation about its centre, cropped to the frame.

use image::{imageops, GrayImage};

use crate::math::sin_cos_deg;

/// A clockwise turn of a `size` frame by whole degrees: what to render upright
/// ([`Turn::upright_size`]), and how to turn it ([`Turn::apply`]).
///
/// ```
/// use healthseal_photosim::Turn;
/// let turn = Turn::new((1280, 720), 90);
/// assert_eq!(turn.upright_size(), (720, 1280)); // a portrait render, turned a quarter
/// let frame = turn.apply(&image::GrayImage::new(720, 1280));
/// assert_eq!(frame.dimensions(), (1280, 720));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    /// Quarter turns clockwise, 0 to 3.
    quarters: u32,
    /// The rest of the turn, -45..=45 degrees.
    rest: i32,
    /// The frame before the quarter turns.
    straight: (u32, u32),
    /// What to render: `straight`, larger by what turning by `rest` needs.
    upright: (u32, u32),
}

impl Turn {
    /// The turn of a `size` frame (width, height) by `degrees` clockwise.
    pub fn new(size: (u32, u32), degrees: u32) -> Self {
        let quarters = (degrees % 360 + 45) / 90;
        let rest = (degrees % 360) as i32 - 90 * quarters as i32;
        let straight = if quarters % 2 == 1 { (size.1, size.0) } else { size };
        let upright = if rest == 0 {
            straight
        } else {
            let (s, c) = sin_cos_deg(f64::from(rest));
            let (w, h) = (f64::from(straight.0), f64::from(straight.1));
            ((w * c.abs() + h * s.abs()).ceil() as u32 + 2, (w * s.abs() + h * c.abs()).ceil() as u32 + 2)
        };
        Self { quarters: quarters % 4, rest, straight, upright }
    }

    /// The frame to render upright.
    pub fn upright_size(&self) -> (u32, u32) {
        self.upright
    }

    /// The upright render (of [`Turn::upright_size`]) turned: the frame the camera sees.
    pub fn apply(&self, upright: &GrayImage) -> GrayImage {
        let straight =
            if self.rest == 0 { upright.clone() } else { bilinear(upright, self.rest, self.straight) };
        match self.quarters {
            1 => imageops::rotate90(&straight),
            2 => imageops::rotate180(&straight),
            3 => imageops::rotate270(&straight),
            _ => straight,
        }
    }
}

/// `source` turned clockwise by `degrees` about its centre, bilinear, cropped to `size`.
fn bilinear(source: &GrayImage, degrees: i32, size: (u32, u32)) -> GrayImage {
    let (s, c) = sin_cos_deg(f64::from(degrees));
    let (sw, sh) = (source.width() as usize, source.height() as usize);
    let pixels = source.as_raw();
    let at = |x: usize, y: usize| f64::from(pixels[y.min(sh - 1) * sw + x.min(sw - 1)]);
    let (ox, oy) = (f64::from(size.0) / 2.0, f64::from(size.1) / 2.0);
    let (cx, cy) = (sw as f64 / 2.0, sh as f64 / 2.0);
    GrayImage::from_fn(size.0, size.1, |x, y| {
        let (dx, dy) = (f64::from(x) + 0.5 - ox, f64::from(y) + 0.5 - oy);
        // The inverse turn takes the output point back into the source.
        let (u, v) = ((c * dx + s * dy + cx - 0.5).max(0.0), (-s * dx + c * dy + cy - 0.5).max(0.0));
        let (i, j) = (u.floor() as usize, v.floor() as usize);
        let (fx, fy) = (u - i as f64, v - j as f64);
        let top = at(i, j) * (1.0 - fx) + at(i + 1, j) * fx;
        let bottom = at(i, j + 1) * (1.0 - fx) + at(i + 1, j + 1) * fx;
        image::Luma([(top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_turns_are_exact_and_the_rest_keeps_the_frame_size() {
        let frame = GrayImage::from_fn(8, 4, |x, y| image::Luma([(x + 8 * y) as u8]));
        let turn = Turn::new((4, 8), 90);
        assert_eq!(turn.upright_size(), (8, 4));
        assert_eq!(turn.apply(&frame), imageops::rotate90(&frame));
        assert_eq!(Turn::new((8, 4), 360), Turn::new((8, 4), 0));
        let tilted = Turn::new((1280, 720), 30);
        let (w, h) = tilted.upright_size();
        assert!(w > 1280 && h > 720);
        assert_eq!(tilted.apply(&GrayImage::new(w, h)).dimensions(), (1280, 720));
        // 315 degrees is 45 back from a full turn, no quarter turn: at 45 the render is square.
        let back = Turn::new((1280, 720), 315);
        assert_eq!(back.upright_size().0, back.upright_size().1);
        assert_eq!(back.apply(&GrayImage::new(2, 2)).dimensions(), (1280, 720));
    }
}
