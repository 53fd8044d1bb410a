//! QR symbols drawn in a terminal with Unicode half blocks, two module rows per text line.

use crate::qr::QrSymbol;

impl QrSymbol {
    /// The symbol as lines of text for a terminal, quiet zone included.
    ///
    /// With `ansi`, colours are set explicitly (black modules on a white field), which scans on
    /// any terminal theme. Without it, the block glyphs draw the *light* modules, which scans on
    /// the usual dark-background terminal and needs no colour support.
    ///
    /// ```
    /// use healthseal_issuer::qr::{EcLevel, QrSymbol};
    /// let symbol = QrSymbol::encode("HS1:BB8", EcLevel::M)?;
    /// let text = symbol.to_terminal(false);
    /// assert_eq!(text.lines().count(), (21 + 8 + 1) / 2);
    /// # Ok::<(), healthseal_issuer::qr::QrError>(())
    /// ```
    pub fn to_terminal(&self, ansi: bool) -> String {
        let n = self.width_with_quiet_zone();
        let mut out = String::new();
        for y in (0..n).step_by(2) {
            if ansi {
                out.push_str("\x1b[30;47m");
            }
            for x in 0..n {
                let top = self.is_dark_with_quiet_zone(x, y);
                let bottom = y + 1 < n && self.is_dark_with_quiet_zone(x, y + 1);
                // With ANSI the glyph is drawn in black (dark modules); without, in the
                // terminal's light foreground (light modules). The last odd row's lower half is
                // quiet zone: light.
                let (upper, lower) = if ansi { (top, bottom) } else { (!top, !bottom || y + 1 >= n) };
                out.push(match (upper, lower) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            if ansi {
                out.push_str("\x1b[0m");
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::EcLevel;

    /// Reads the drawing back into modules and compares with the symbol.
    fn read_back(text: &str, ansi: bool, n: usize) -> Vec<Vec<bool>> {
        let mut rows = vec![vec![false; n]; n + 1];
        for (line_no, line) in text.lines().enumerate() {
            let glyphs: Vec<char> = line.replace("\x1b[30;47m", "").replace("\x1b[0m", "").chars().collect();
            assert_eq!(glyphs.len(), n);
            for (x, g) in glyphs.into_iter().enumerate() {
                let (upper, lower) = match g {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    _ => (false, false),
                };
                let (top, bottom) = if ansi { (upper, lower) } else { (!upper, !lower) };
                rows[2 * line_no][x] = top;
                rows[2 * line_no + 1][x] = bottom;
            }
        }
        rows.truncate(n);
        rows
    }

    #[test]
    fn both_styles_draw_every_module() {
        let symbol = QrSymbol::encode("HS1:6BFA%LD1 ABC", EcLevel::M).unwrap();
        let n = symbol.width_with_quiet_zone();
        for ansi in [true, false] {
            let rows = read_back(&symbol.to_terminal(ansi), ansi, n);
            for (y, row) in rows.iter().enumerate() {
                for (x, &dark) in row.iter().enumerate() {
                    assert_eq!(dark, symbol.is_dark_with_quiet_zone(x, y), "ansi={ansi} module {x},{y}");
                }
            }
        }
    }
}
