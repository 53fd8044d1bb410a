//! `sin`, `cos` and `exp` from basic arithmetic only.
//!
//! The standard library's versions call the platform's libm, whose last bit may differ between
//! platforms; IEEE 754 `+ - * /`, `sqrt`, `floor` and `round` are exact everywhere. Rust never
//! fuses `a * b + c` on its own, so these give the same bits on every platform, and so does every
//! photo built on them.

use std::f64::consts::{FRAC_PI_2, LN_2, PI, TAU};

/// Sine, absolute error below 1e-11.
pub(crate) fn sin(x: f64) -> f64 {
    let r = x - (x / TAU).round() * TAU;
    // Fold [-pi, pi] onto [-pi/2, pi/2], where the series converges fast.
    let r = if r > FRAC_PI_2 {
        PI - r
    } else if r < -FRAC_PI_2 {
        -PI - r
    } else {
        r
    };
    let r2 = r * r;
    let mut term = r;
    let mut sum = r;
    for n in 1..9 {
        let k = f64::from(2 * n);
        term *= -r2 / (k * (k + 1.0));
        sum += term;
    }
    sum
}

/// Cosine, absolute error below 1e-11.
pub(crate) fn cos(x: f64) -> f64 {
    sin(x + FRAC_PI_2)
}

/// `e^x`, relative error below 1e-14; 0 below -700.
pub(crate) fn exp(x: f64) -> f64 {
    if x < -700.0 {
        return 0.0;
    }
    let x = x.min(700.0);
    let k = (x / LN_2).round();
    let r = x - k * LN_2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..16 {
        term *= r / f64::from(n);
        sum += term;
    }
    // 2^k, built from its bits: k is within the normal exponent range here.
    let bits = u64::try_from(k as i64 + 1023).unwrap_or(0) << 52;
    sum * f64::from_bits(bits)
}

/// `0.5 + 0.5 cos(2 pi t)`: a wave of period 1 between 0 and 1, absolute error below 2e-5.
/// Cheaper than [`cos`], for per-pixel patterns.
pub(crate) fn wave(t: f64) -> f64 {
    let w = (t - t.round()).abs();
    // cos(2 pi w) = -cos(2 pi (1/2 - w)): fold onto angles up to pi/2.
    let (w, sign) = if w > 0.25 { (0.5 - w, -1.0) } else { (w, 1.0) };
    let x2 = (TAU * w) * (TAU * w);
    let c = 1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0)));
    0.5 + 0.5 * sign * c
}

/// Sine and cosine of an angle in degrees, exact for multiples of 90.
pub(crate) fn sin_cos_deg(degrees: f64) -> (f64, f64) {
    let quarter = degrees / 90.0;
    if quarter == quarter.round() {
        return match quarter.rem_euclid(4.0) as u8 {
            0 => (0.0, 1.0),
            1 => (1.0, 0.0),
            2 => (0.0, -1.0),
            _ => (-1.0, 0.0),
        };
    }
    let radians = degrees * PI / 180.0;
    (sin(radians), cos(radians))
}

/// Hermite smoothstep of `t` clamped to 0..=1.
pub(crate) fn smoothstep(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Linear interpolation from `a` (t = 0) to `b` (t = 1).
pub(crate) fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_platform_functions() {
        for i in -2000..2000 {
            let x = f64::from(i) * 0.0123;
            assert!((sin(x) - x.sin()).abs() < 1e-11, "sin {x}");
            assert!((cos(x) - x.cos()).abs() < 1e-11, "cos {x}");
            let e = f64::from(i) * 0.01;
            assert!(((exp(e) - e.exp()) / e.exp()).abs() < 1e-13, "exp {e}");
        }
        assert_eq!(exp(-800.0), 0.0);
    }

    #[test]
    fn wave_is_a_raised_cosine() {
        for i in -3000..3000 {
            let t = f64::from(i) * 0.00137;
            assert!((wave(t) - (0.5 + 0.5 * (TAU * t).cos())).abs() < 2e-5, "wave {t}");
        }
    }

    #[test]
    fn right_angles_are_exact() {
        assert_eq!(sin_cos_deg(90.0), (1.0, 0.0));
        assert_eq!(sin_cos_deg(-90.0), (-1.0, 0.0));
        assert_eq!(sin_cos_deg(540.0), (0.0, -1.0));
        let (s, c) = sin_cos_deg(30.0);
        assert!((s - 0.5).abs() < 1e-12 && (c - 0.75f64.sqrt()).abs() < 1e-12);
    }
}
