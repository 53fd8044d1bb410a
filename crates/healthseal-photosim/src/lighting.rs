//! Light falling on the scene: ambient level and colour, a gradient across the frame, the soft
//! shadow of something between the lamp and the desk, lens vignetting, and specular glare.

use crate::geometry::Point;
use crate::math::smoothstep;

/// Illumination of reflecting surfaces, as a multiplier per frame position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lighting {
    /// Overall level: 1 renders a white surface at its albedo.
    pub ambient: f32,
    /// Colour of the light, multiplied into every reflected colour.
    pub tint: [f32; 3],
    /// Unit direction in which light increases, and by how much across the frame diagonal.
    pub gradient: (Point, f32),
    pub shadow: Option<Shadow>,
    /// Brightness lost at the frame corners (0: none).
    pub vignette: f32,
    /// Frame centre and half diagonal, for the gradient and the vignette.
    pub centre: Point,
    pub half_diagonal: f64,
}

/// A half-plane in shadow: points with `normal . p > offset` are darker by `depth`, with a soft
/// edge `softness` pixels wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shadow {
    pub normal: Point,
    pub offset: f64,
    pub softness: f64,
    pub depth: f32,
}

impl Lighting {
    /// Plain, even light over a `width` x `height` frame.
    pub(crate) fn even(width: u32, height: u32) -> Self {
        let (w, h) = (f64::from(width), f64::from(height));
        Self {
            ambient: 1.0,
            tint: [1.0; 3],
            gradient: (Point::new(1.0, 0.0), 0.0),
            shadow: None,
            vignette: 0.0,
            centre: Point::new(w / 2.0, h / 2.0),
            half_diagonal: (w * w + h * h).sqrt() / 2.0,
        }
    }

    /// Light reaching a reflecting surface at `p`, before vignetting.
    pub(crate) fn incident(&self, p: Point) -> f32 {
        let (d, strength) = self.gradient;
        let along = ((p.x - self.centre.x) * d.x + (p.y - self.centre.y) * d.y) / self.half_diagonal;
        let mut level = self.ambient * (1.0 + strength * along as f32 / 2.0);
        if let Some(s) = &self.shadow {
            let t = (p.x * s.normal.x + p.y * s.normal.y - s.offset) / s.softness + 0.5;
            level *= 1.0 - s.depth * smoothstep(t) as f32;
        }
        level.max(0.0)
    }

    /// The lens's fall-off towards the corners, applied to everything the camera sees.
    pub(crate) fn vignetting(&self, p: Point) -> f32 {
        let (dx, dy) = (p.x - self.centre.x, p.y - self.centre.y);
        let r2 = (dx * dx + dy * dy) / (self.half_diagonal * self.half_diagonal);
        1.0 - self.vignette * r2 as f32
    }
}

/// A specular reflection of a lamp on glass: an elliptical spot, added light falling off as
/// `peak / (1 + q)^2` with `q` the squared elliptical distance. Only on one surface (the glass).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glare {
    pub centre: Point,
    /// Semi-axes in pixels.
    pub axes: (f64, f64),
    /// Cosine and sine of the ellipse's rotation.
    pub rotation: (f64, f64),
    pub peak: f32,
    /// Index of the surface the reflection lies on.
    pub surface: usize,
}

impl Glare {
    /// Light added at `p`, in 8-bit levels.
    pub(crate) fn at(&self, p: Point) -> f32 {
        let (dx, dy) = (p.x - self.centre.x, p.y - self.centre.y);
        let (c, s) = self.rotation;
        let (u, v) = ((dx * c + dy * s) / self.axes.0, (dy * c - dx * s) / self.axes.1);
        let q = 1.0 + u * u + v * v;
        self.peak / (q * q) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadow_darkens_one_side() {
        let mut light = Lighting::even(100, 100);
        light.shadow =
            Some(Shadow { normal: Point::new(1.0, 0.0), offset: 50.0, softness: 10.0, depth: 0.5 });
        assert_eq!(light.incident(Point::new(10.0, 50.0)), 1.0);
        assert_eq!(light.incident(Point::new(90.0, 50.0)), 0.5);
        let mid = light.incident(Point::new(50.0, 50.0));
        assert!(mid > 0.5 && mid < 1.0);
    }

    #[test]
    fn glare_peaks_at_its_centre() {
        let g = Glare {
            centre: Point::new(10.0, 10.0),
            axes: (5.0, 2.0),
            rotation: (1.0, 0.0),
            peak: 100.0,
            surface: 0,
        };
        assert_eq!(g.at(Point::new(10.0, 10.0)), 100.0);
        assert!(g.at(Point::new(15.0, 10.0)) > g.at(Point::new(10.0, 15.0)));
    }
}
