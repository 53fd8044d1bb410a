//! Points, quadrilaterals, and the plane-to-image homography of a pinhole camera.

use crate::math::sin_cos_deg;

/// A point in pixel coordinates: x to the right, y down, (0, 0) the top-left corner of the
/// top-left pixel (so the centre of pixel (i, j) is (i + 0.5, j + 0.5)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate.
    pub y: f64,
}

impl Point {
    /// The point (x, y).
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

/// Where a code landed in a photo: the frame positions of the four corners of the clean code
/// image (quiet zone included), in the order top-left, top-right, bottom-right, bottom-left of
/// that image. After a rotation the "top-left" corner may be anywhere in the frame.
///
/// ```
/// use healthseal_photosim::{Point, Quad};
/// let quad = Quad {
///     corners: [Point::new(10.0, 0.0), Point::new(20.0, 10.0), Point::new(10.0, 20.0), Point::new(0.0, 10.0)],
/// };
/// assert_eq!(quad.area(), 200.0);
/// assert_eq!(quad.center(), Point::new(10.0, 10.0));
/// assert!(quad.contains(Point::new(10.0, 10.0)) && !quad.contains(Point::new(1.0, 1.0)));
/// assert_eq!(quad.bounding_box(), (Point::new(0.0, 0.0), Point::new(20.0, 20.0)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quad {
    /// The corners, in frame pixel coordinates.
    pub corners: [Point; 4],
}

impl Quad {
    /// The mean of the four corners.
    pub fn center(&self) -> Point {
        let (sx, sy) = self.corners.iter().fold((0.0, 0.0), |(sx, sy), p| (sx + p.x, sy + p.y));
        Point::new(sx / 4.0, sy / 4.0)
    }

    /// The smallest axis-aligned rectangle holding the quad: (minimum corner, maximum corner).
    pub fn bounding_box(&self) -> (Point, Point) {
        let mut min = self.corners[0];
        let mut max = self.corners[0];
        for p in &self.corners[1..] {
            min = Point::new(min.x.min(p.x), min.y.min(p.y));
            max = Point::new(max.x.max(p.x), max.y.max(p.y));
        }
        (min, max)
    }

    /// The area in square pixels (shoelace formula).
    pub fn area(&self) -> f64 {
        let mut twice = 0.0;
        for i in 0..4 {
            let (a, b) = (self.corners[i], self.corners[(i + 1) % 4]);
            twice += a.x * b.y - b.x * a.y;
        }
        (twice / 2.0).abs()
    }

    /// Whether `p` lies inside the quad (which is convex: a projected rectangle).
    pub fn contains(&self, p: Point) -> bool {
        let mut sign = 0.0f64;
        for i in 0..4 {
            let (a, b) = (self.corners[i], self.corners[(i + 1) % 4]);
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
            if cross != 0.0 {
                if sign != 0.0 && cross.signum() != sign {
                    return false;
                }
                sign = cross.signum();
            }
        }
        true
    }

    /// Whether two convex quads overlap (separating axis test).
    pub fn overlaps(&self, other: &Quad) -> bool {
        for quad in [self, other] {
            for i in 0..4 {
                let (a, b) = (quad.corners[i], quad.corners[(i + 1) % 4]);
                let axis = Point::new(a.y - b.y, b.x - a.x);
                let project = |q: &Quad| {
                    q.corners
                        .iter()
                        .map(|p| p.x * axis.x + p.y * axis.y)
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
                };
                let ((lo1, hi1), (lo2, hi2)) = (project(self), project(other));
                if hi1 < lo2 || hi2 < lo1 {
                    return false;
                }
            }
        }
        true
    }
}

/// A 3x3 projective transform of the plane, row-major.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Homography([f64; 9]);

impl Homography {
    pub(crate) const IDENTITY: Self = Self([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);

    pub(crate) fn translation(dx: f64, dy: f64) -> Self {
        Self([1.0, 0.0, dx, 0.0, 1.0, dy, 0.0, 0.0, 1.0])
    }

    pub(crate) fn scaling(s: f64) -> Self {
        Self([s, 0.0, 0.0, 0.0, s, 0.0, 0.0, 0.0, 1.0])
    }

    /// `self` after `first`: maps p to self(first(p)).
    pub(crate) fn after(&self, first: &Self) -> Self {
        let (a, b) = (&self.0, &first.0);
        let mut m = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                m[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
            }
        }
        Self(m)
    }

    /// The image of `p`, and the homogeneous weight (positive in front of the camera when the
    /// transform is an inverse camera projection built by [`Pose::homography`]).
    pub(crate) fn apply_weighted(&self, p: Point) -> (Point, f64) {
        let m = &self.0;
        let w = m[6] * p.x + m[7] * p.y + m[8];
        let r = 1.0 / w;
        let x = (m[0] * p.x + m[1] * p.y + m[2]) * r;
        let y = (m[3] * p.x + m[4] * p.y + m[5]) * r;
        (Point::new(x, y), w)
    }

    pub(crate) fn apply(&self, p: Point) -> Point {
        self.apply_weighted(p).0
    }

    /// The inverse (adjugate over determinant, so weights keep their sign meaning), or `None`
    /// for a singular transform.
    pub(crate) fn inverse(&self) -> Option<Self> {
        let m = &self.0;
        let adj = [
            m[4] * m[8] - m[5] * m[7],
            m[2] * m[7] - m[1] * m[8],
            m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8],
            m[0] * m[8] - m[2] * m[6],
            m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6],
            m[1] * m[6] - m[0] * m[7],
            m[0] * m[4] - m[1] * m[3],
        ];
        let det = m[0] * adj[0] + m[1] * adj[3] + m[2] * adj[6];
        if det.abs() < 1e-300 || !det.is_finite() {
            return None;
        }
        Some(Self(adj.map(|v| v / det)))
    }
}

/// How a flat object sits in front of the camera: turned in its own plane (`roll`), tipped
/// away about the horizontal axis (`pitch`) and about the vertical axis (`yaw`), all in degrees,
/// at `distance` (in widths of the anchor rectangle) from a pinhole camera whose focal length
/// equals that distance. Closer means stronger perspective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pose {
    pub roll: f64,
    pub pitch: f64,
    pub yaw: f64,
    pub distance: f64,
}

impl Pose {
    pub(crate) fn flat(roll: f64) -> Self {
        Self { roll, pitch: 0.0, yaw: 0.0, distance: 4.0 }
    }

    /// The homography from surface coordinates to frame pixels that shows the rectangle
    /// `anchor` (x, y, width, height in surface units) with this pose, its centre at `centre` and
    /// the square root of its projected area equal to `side` pixels.
    pub(crate) fn homography(&self, anchor: [f64; 4], centre: Point, side: f64) -> Homography {
        let [ax, ay, aw, ah] = anchor;
        let to_world =
            Homography::scaling(1.0 / aw).after(&Homography::translation(-(ax + aw / 2.0), -(ay + ah / 2.0)));
        let (sr, cr) = sin_cos_deg(self.roll);
        let (sp, cp) = sin_cos_deg(self.pitch);
        let (sy, cy) = sin_cos_deg(self.yaw);
        // R = Ry(yaw) * Rx(pitch) * Rz(roll); only its first two columns matter for a plane.
        let rz = [[cr, -sr, 0.0], [sr, cr, 0.0], [0.0, 0.0, 1.0]];
        let rx = [[1.0, 0.0, 0.0], [0.0, cp, -sp], [0.0, sp, cp]];
        let ry = [[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]];
        let r = mul3(&ry, &mul3(&rx, &rz));
        let z = self.distance;
        let project =
            Homography([z * r[0][0], z * r[0][1], 0.0, z * r[1][0], z * r[1][1], 0.0, r[2][0], r[2][1], z]);
        let unscaled = project.after(&to_world);
        let quad = Quad {
            corners: [(ax, ay), (ax + aw, ay), (ax + aw, ay + ah), (ax, ay + ah)]
                .map(|(x, y)| unscaled.apply(Point::new(x, y))),
        };
        let scale = side / quad.area().sqrt();
        Homography::translation(centre.x, centre.y).after(&Homography::scaling(scale)).after(&unscaled)
    }
}

fn mul3(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut m = [[0.0; 3]; 3];
    for (r, row) in m.iter_mut().enumerate() {
        for (c, v) in row.iter_mut().enumerate() {
            *v = a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c];
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, s: f64) -> Quad {
        Quad {
            corners: [Point::new(x, y), Point::new(x + s, y), Point::new(x + s, y + s), Point::new(x, y + s)],
        }
    }

    #[test]
    fn inverse_undoes_the_pose() {
        let pose = Pose { roll: 33.0, pitch: 40.0, yaw: -15.0, distance: 1.6 };
        let h = pose.homography([10.0, 20.0, 100.0, 80.0], Point::new(400.0, 300.0), 250.0);
        let inv = h.inverse().expect("invertible");
        for p in [Point::new(10.0, 20.0), Point::new(110.0, 100.0), Point::new(55.5, 73.25)] {
            let (frame, _) = h.apply_weighted(p);
            let (back, w) = inv.apply_weighted(frame);
            assert!(w > 0.0, "in front of the camera");
            assert!((back.x - p.x).abs() < 1e-9 && (back.y - p.y).abs() < 1e-9);
        }
        let centre = h.apply(Point::new(60.0, 60.0));
        assert!((centre.x - 400.0).abs() < 1e-9 && (centre.y - 300.0).abs() < 1e-9);
    }

    #[test]
    fn side_is_the_root_of_the_projected_area() {
        let h = Pose::flat(90.0).homography([0.0, 0.0, 50.0, 50.0], Point::new(0.0, 0.0), 200.0);
        let q = Quad {
            corners: [(0.0, 0.0), (50.0, 0.0), (50.0, 50.0), (0.0, 50.0)]
                .map(|(x, y)| h.apply(Point::new(x, y))),
        };
        assert!((q.area() - 40_000.0).abs() < 1e-6);
        // A quarter turn clockwise: the image's top-left corner lands at the top right.
        assert!((q.corners[0].x - 100.0).abs() < 1e-9 && (q.corners[0].y + 100.0).abs() < 1e-9);
    }

    #[test]
    fn quad_predicates() {
        let a = square(0.0, 0.0, 10.0);
        assert!(a.contains(Point::new(5.0, 5.0)) && !a.contains(Point::new(11.0, 5.0)));
        assert!(a.overlaps(&square(9.0, 9.0, 10.0)) && !a.overlaps(&square(10.5, 0.0, 3.0)));
        assert_eq!(a.bounding_box(), (Point::new(0.0, 0.0), Point::new(10.0, 10.0)));
        assert_eq!(a.center(), Point::new(5.0, 5.0));
    }
}
