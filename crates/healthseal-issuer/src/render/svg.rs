//! QR symbols as SVG: one path of dark runs, scalable to any print size.

use std::fmt::Write;

use crate::qr::{QrSymbol, QUIET_ZONE};

impl QrSymbol {
    /// The symbol as a standalone SVG document, quiet zone included. `size_mm` sets the printed
    /// side length (quiet zone included); `None` leaves the size to whoever places it.
    ///
    /// ```
    /// use healthseal_issuer::qr::{EcLevel, QrSymbol};
    /// let svg = QrSymbol::encode("HS1:BB8", EcLevel::M)?.to_svg(Some(40.0));
    /// assert!(svg.starts_with("<svg") && svg.contains(r#"width="40mm""#));
    /// # Ok::<(), healthseal_issuer::qr::QrError>(())
    /// ```
    pub fn to_svg(&self, size_mm: Option<f64>) -> String {
        let n = self.width_with_quiet_zone();
        let size = size_mm.map_or(String::new(), |mm| format!(r#" width="{mm}mm" height="{mm}mm""#));
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\"{size} shape-rendering=\"crispEdges\">\n\
             <rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/>\n{}\n</svg>\n",
            self.svg_path(0.0, 0.0, 1.0)
        )
    }

    /// A `<path>` drawing the dark modules, the quiet zone's outer corner at (`x`, `y`) and
    /// `module` user units per module: for placing the symbol inside a larger drawing.
    pub(crate) fn svg_path(&self, x: f64, y: f64, module: f64) -> String {
        let mut d = String::with_capacity(self.width() * self.width() * 3);
        d.push_str("<path fill=\"#000\" d=\"");
        let q = QUIET_ZONE as f64;
        for (rx, ry, len) in self.dark_runs() {
            let run = len as f64 * module;
            d.push('M');
            push_num(&mut d, x + (rx as f64 + q) * module);
            d.push(',');
            push_num(&mut d, y + (ry as f64 + q) * module);
            d.push('h');
            push_num(&mut d, run);
            d.push('v');
            push_num(&mut d, module);
            d.push_str("h-");
            push_num(&mut d, run);
            d.push('z');
        }
        d.push_str("\"/>");
        d
    }
}

/// Appends a coordinate: an integer as is, anything else with at most three decimals and no
/// trailing zeros.
pub(crate) fn push_num(out: &mut String, v: f64) {
    // Writing to a String cannot fail.
    if v.fract() == 0.0 && v.abs() < 1e9 {
        let _ = write!(out, "{}", v as i64);
    } else {
        let start = out.len();
        let _ = write!(out, "{v:.3}");
        let trimmed = out[start..].trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(start + trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        let num = |v| {
            let mut s = String::new();
            push_num(&mut s, v);
            s
        };
        assert_eq!(num(4.0), "4");
        assert_eq!(num(4.25), "4.25");
        assert_eq!(num(1.0 / 3.0), "0.333");
        assert_eq!(num(2.0004), "2");
    }
}
