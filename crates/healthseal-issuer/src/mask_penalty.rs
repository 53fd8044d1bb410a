//! Choosing a QR mask by the penalty rules of ISO/IEC 18004:2015 §7.8.3, written here because
//! the `qrcode` crate's own scoring allocates a closure per module and position and takes over a
//! millisecond per symbol, most of the cost of drawing a credential; this takes tens of
//! microseconds on the same flat module array.

// Every rule below is branch-free over the modules: masked data is random-looking, so branches
// on module values mispredict about half the time and dominated the cost.

/// N1: a run of five or more modules of one colour in a row or column scores 3, plus 1 for each
/// module beyond five. Counted as 3 where a run reaches its fifth module and 1 for each after.
fn runs(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 0u32;
    let mut prev = !line.first().copied().unwrap_or(false);
    for &m in line {
        run = run * u32::from(m == prev) + 1;
        prev = m;
        score += 3 * u32::from(run == 5) + u32::from(run > 5);
    }
    score
}

/// N3: the finder-like sequence dark-light-dark-dark-dark-light-dark with four light modules
/// before or after it (outside the symbol counts as light) scores 40 each time it appears; with
/// light on both sides it still counts once. A sliding window of the last 15 modules, with four
/// light modules of padding after the line.
#[allow(clippy::unusual_byte_groupings)] // grouped as light | pattern | light
fn finder_like(line: &[bool]) -> u32 {
    const BEFORE: u32 = 0b0000_1011101; // four light, then the pattern (ends 4 modules back)
    const AFTER: u32 = 0b1011101_0000; // the pattern, then four light
    const BOTH: u32 = 0b0000_1011101_0000;
    let mut window = 0u32;
    let mut count = 0;
    for m in line.iter().copied().chain([false; 4]) {
        window = ((window << 1) | u32::from(m)) & 0x7FFF;
        count += u32::from((window >> 4) & 0x7FF == BEFORE) + u32::from(window & 0x7FF == AFTER)
            - u32::from(window == BOTH);
    }
    40 * count
}

/// The total penalty of a square symbol of `width` modules (`dark`, row by row).
pub(crate) fn penalty(dark: &[bool], width: usize) -> u32 {
    let mut transposed = vec![false; dark.len()];
    for y in 0..width {
        for x in 0..width {
            transposed[x * width + y] = dark[y * width + x];
        }
    }
    let mut score = 0;
    for line in dark.chunks_exact(width).chain(transposed.chunks_exact(width)) {
        score += runs(line) + finder_like(line);
    }
    // N2: each 2×2 block of one colour scores 3.
    let rows: Vec<&[bool]> = dark.chunks_exact(width).collect();
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        for x in 0..width - 1 {
            let m = a[x];
            score += 3 * u32::from((a[x + 1] == m) & (b[x] == m) & (b[x + 1] == m));
        }
    }
    // N4: 10 for every whole 5 % step the dark share is away from 50 %.
    let total = dark.len().max(1);
    let dark_count = dark.iter().map(|&d| usize::from(d)).sum::<usize>();
    let percent_off = (dark_count * 100).abs_diff(total * 50) / total;
    score + 10 * (percent_off / 5) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_rule() {
        assert_eq!(runs(&[true; 4]), 0);
        assert_eq!(runs(&[true; 5]), 3);
        assert_eq!(runs(&[false, true, true, true, true, true, true, true, false]), 5);
    }

    #[test]
    fn finder_rule_needs_light_on_one_side() {
        let mut line = vec![false; 4];
        line.extend([true, false, true, true, true, false, true]);
        assert_eq!(finder_like(&line), 40);
        // At the edge, outside the symbol is light.
        assert_eq!(finder_like(&[true, false, true, true, true, false, true]), 40);
        let mut dark_both_sides = vec![true, false, false, true];
        dark_both_sides.extend([true, false, true, true, true, false, true]);
        dark_both_sides.extend([false, true, false, false]);
        assert_eq!(finder_like(&dark_both_sides), 0);
        // Light on both sides counts once; two patterns count twice.
        let mut both = vec![false; 4];
        both.extend([true, false, true, true, true, false, true]);
        both.extend([false; 4]);
        assert_eq!(finder_like(&both), 40);
        let twice: Vec<bool> = both.iter().chain(both.iter()).copied().collect();
        assert_eq!(finder_like(&twice), 80);
    }

    #[test]
    fn block_and_balance_rules() {
        // 3×3 all dark: blocks 4×3 = 12, rows and columns have no run of 5, 100 % dark: 10×10.
        assert_eq!(penalty(&[true; 9], 3), 12 + 100);
        // A 2×2 checkerboard: no blocks, no runs, exactly 50 % dark.
        assert_eq!(penalty(&[true, false, false, true], 2), 0);
    }
}
