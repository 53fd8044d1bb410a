//! Local-threshold binarisation: ZXing's hybrid binariser (8x8 blocks; each block's threshold is
//! the mean of the black points of the 5x5 blocks around it; a block whose range is at most the
//! minimum local range is flat, and counts as background), with the block statistics computed
//! once for both polarities, and the flat-block rule as a parameter.
//!
//! With the [`ZXING`] rule it gives rxing's `HybridBinarizer` matrix bit for bit (tested below),
//! about four times faster: whole rows are thresholded and packed into words by loops the
//! compiler vectorises, where rxing sets one bit at a time. The light-on-dark matrix is that of
//! the inverted image, not the dark-on-light matrix inverted: flat areas stay background in both,
//! so the dark screen around a light code is not mistaken for dark modules.
//!
//! The same block statistics also give [`Blocks::midrange_matrix`], the rule of zxing-cpp's
//! current local-average binariser: each block's threshold halfway between its darkest and
//! brightest pixels rather than at its mean, flat blocks left out. It keeps the light modules of
//! codes at 2.5 to 4 pixels a module that ZXing's rule closes (see there).

use image::GrayImage;
use rxing::common::{BitArray, BitMatrix};

/// The block side, in pixels.
const BLOCK: usize = 8;

/// Bits in a matrix word.
const WORD: usize = usize::BITS as usize;

/// One word of bits from as many 0/1 flags, flag i to bit i.
fn pack(flags: &[u8]) -> usize {
    let mut word = 0usize;
    for (i, eight) in flags.chunks_exact(8).enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(eight);
        // Gathers the low bit of each byte into one byte, byte i to bit i.
        let byte = u64::from_le_bytes(bytes).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        word |= (byte as usize) << (8 * i);
    }
    word
}

/// How blocks are thresholded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rule {
    /// A block whose brightest and darkest pixels differ by at most this much is flat.
    pub min_range: u8,
    /// The black point of a flat block.
    pub flat: Flat,
}

/// The black point given to a flat block (before the dark-module continuation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flat {
    /// Half its darkest pixel: ZXing's rule, made for paper (a flat area is white paper, and dark
    /// modules are far below half its brightness).
    Half,
    /// This much below its darkest pixel: the flat area is background, and the blocks around it
    /// keep a threshold close to its level, for codes whose two colours are close together or
    /// whose background is dark.
    Below(u8),
}

/// ZXing's hybrid binariser exactly: minimum range 24, flat blocks at half their minimum.
pub(super) const ZXING: Rule = Rule { min_range: 24, flat: Flat::Half };

/// A block whose brightest and darkest pixels differ by at most this much has no threshold of
/// its own in [`Blocks::midrange_matrix`]: a quarter of the full scale. Thresholds at the middle
/// of the range follow whatever texture a block holds, so ZXing's 24 would binarise desk grain,
/// fabric and sensor noise into runs of all sizes: on photosim's desk scenes it gave 2 000
/// finder-pattern candidates a frame (ZXing's rule: about 100) and 2.9 ms of scanning. At 64,
/// about 60 candidates and 1 ms, and more small codes are read (on the development frames of
/// `examples/small_codes.rs`, 376 of 384 against 350; 56 to 80 read about as many). Codes of
/// less contrast than that are the low-contrast pass's (docs/qr-reading.md).
pub(super) const MIDRANGE_MIN_RANGE: u8 = 64;

/// Which way round a code is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Polarity {
    /// Dark modules on a light background: dark pixels are set.
    DarkOnLight,
    /// Light modules on a dark background (a phone in dark mode): light pixels are set.
    LightOnDark,
}

/// The block statistics of one frame, from which a matrix of either polarity is made.
pub(super) struct Blocks<'a> {
    frame: &'a GrayImage,
    cols: usize,
    rows: usize,
    /// Per block: sum, minimum and maximum of its 64 pixels.
    stats: Vec<(u32, u8, u8)>,
}

impl<'a> Blocks<'a> {
    /// `None` for a frame narrower or lower than 5 blocks (40 pixels).
    pub(super) fn new(frame: &'a GrayImage) -> Option<Self> {
        let (width, height) = (frame.width() as usize, frame.height() as usize);
        if width < 5 * BLOCK || height < 5 * BLOCK {
            return None;
        }
        let (cols, rows) = (width.div_ceil(BLOCK), height.div_ceil(BLOCK));
        let pixels = frame.as_raw();
        let mut stats = Vec::with_capacity(cols * rows);
        // Per pixel column over a block row's 8 rows: sum, minimum, maximum; then per block, over
        // its 8 columns. The last block overlaps its neighbour when the width is not a multiple
        // of 8, and the last block row its neighbour when the height is not (as in ZXing).
        let (mut sums, mut mins, mut maxs) = (vec![0u16; width], vec![0u8; width], vec![0u8; width]);
        for by in 0..rows {
            let top = (by * BLOCK).min(height - BLOCK);
            sums.fill(0);
            mins.fill(u8::MAX);
            maxs.fill(u8::MIN);
            for row in pixels[top * width..(top + BLOCK) * width].chunks_exact(width) {
                for (((sum, min), max), &p) in
                    sums.iter_mut().zip(mins.iter_mut()).zip(maxs.iter_mut()).zip(row)
                {
                    *sum += u16::from(p);
                    *min = (*min).min(p);
                    *max = (*max).max(p);
                }
            }
            for bx in 0..cols {
                let left = (bx * BLOCK).min(width - BLOCK);
                let span = left..left + BLOCK;
                let sum = sums[span.clone()].iter().map(|&s| u32::from(s)).sum::<u32>();
                let min = mins[span.clone()].iter().copied().fold(u8::MAX, u8::min);
                let max = maxs[span].iter().copied().fold(u8::MIN, u8::max);
                stats.push((sum, min, max));
            }
        }
        Some(Self { frame, cols, rows, stats })
    }

    /// The matrix of one polarity under `rule`: set bits are the code's dark modules.
    pub(super) fn matrix(&self, polarity: Polarity, rule: Rule) -> Option<BitMatrix> {
        self.thresholded(polarity, &self.thresholds(polarity, rule))
    }

    /// The matrix of one polarity with zxing-cpp's current local-average rule: a block whose
    /// range exceeds `min_range` has its own threshold halfway between its darkest and brightest
    /// pixels; each block is thresholded at the mean of the thresholds of the 5x5 blocks around
    /// it (its own counted three times), and a block with none around it (a large flat area)
    /// takes the next one's in reading order. `None` when no block has any contrast.
    ///
    /// Why for small modules: at 2.5 to 4 pixels a module, blur leaves a one-module light gap
    /// between dark modules well below white (a finder pattern's light ring at 120 to 180 where
    /// the screen around is 240). ZXing's rule thresholds at the mean of the black points of the
    /// blocks around, and the screen or paper around a code is seldom flat to it (a phone's pixel
    /// grid beating with the camera's, paper grain): their near-white means lift the threshold
    /// above the ring, which closes, and the row no longer reads 1:1:3:1:1. The middle of each
    /// block's range stays between the dark modules and the blurred light ones, and blocks of
    /// background alone, under the minimum range, do not count.
    pub(super) fn midrange_matrix(&self, polarity: Polarity, min_range: u8) -> Option<BitMatrix> {
        let thresholds = self.midrange_thresholds(polarity, min_range)?;
        self.thresholded(polarity, &thresholds)
    }

    /// The matrix of one polarity from one threshold per block, in the polarity's own brightness.
    fn thresholded(&self, polarity: Polarity, thresholds: &[u32]) -> Option<BitMatrix> {
        // ZXing sets a pixel at or below the threshold; the light-on-dark matrix is that rule
        // applied to the inverted pixel, 255 - p <= t. Either way, a range of set values.
        let ranges: Vec<(u8, u8)> = thresholds
            .iter()
            .copied()
            .map(|t| {
                let t = u8::try_from(t).unwrap_or(u8::MAX);
                match polarity {
                    Polarity::DarkOnLight => (0, t),
                    Polarity::LightOnDark => (255 - t, 255),
                }
            })
            .collect();
        let (width, height) = (self.frame.width() as usize, self.frame.height() as usize);
        let words_per_row = width.div_ceil(WORD);
        let mut words = vec![0usize; words_per_row * height];
        let pixels = self.frame.as_raw();
        // Per pixel of a block row, its block's range; then per pixel row, one flag per pixel,
        // packed into words (all loops the compiler turns into vector instructions).
        let (mut low, mut high) = (vec![0u8; width], vec![0u8; width]);
        let mut flags = vec![0u8; width.next_multiple_of(WORD)];
        for by in 0..self.rows {
            let top = (by * BLOCK).min(height - BLOCK);
            let block_ranges = &ranges[by * self.cols..(by + 1) * self.cols];
            for (bx, &(lo, hi)) in block_ranges.iter().enumerate() {
                let left = bx * BLOCK;
                if left + BLOCK <= width {
                    low[left..left + BLOCK].fill(lo);
                    high[left..left + BLOCK].fill(hi);
                } else {
                    // The last block overlaps its neighbour when the width is not a multiple of
                    // 8; ZXing sets a pixel there if either block's threshold sets it, and both
                    // ranges end at 0 or at 255, so their union is their hull.
                    let left = width - BLOCK;
                    for x in left..width {
                        let fresh = x >= bx * BLOCK;
                        low[x] = if fresh { lo } else { low[x].min(lo) };
                        high[x] = if fresh { hi } else { high[x].max(hi) };
                    }
                }
            }
            for y in top..top + BLOCK {
                let row = &pixels[y * width..(y + 1) * width];
                for (((flag, &p), &lo), &hi) in flags.iter_mut().zip(row).zip(&low).zip(&high) {
                    *flag = u8::from(p >= lo) & u8::from(p <= hi);
                }
                let out = &mut words[y * words_per_row..(y + 1) * words_per_row];
                for (word, chunk) in out.iter_mut().zip(flags.chunks_exact(WORD)) {
                    *word |= pack(chunk);
                }
            }
        }
        let mut matrix = BitMatrix::new(self.frame.width(), self.frame.height()).ok()?;
        let mut row = BitArray::with_size(width);
        for (y, chunk) in words.chunks_exact(words_per_row).enumerate() {
            for (i, word) in chunk.iter().enumerate() {
                row.setBulk(i * WORD, *word);
            }
            matrix.setRow(u32::try_from(y).ok()?, &row);
        }
        Some(matrix)
    }

    /// Each block's threshold under [`Blocks::midrange_matrix`]'s rule, in the polarity's own
    /// brightness; `None` when no block's range exceeds `min_range`.
    fn midrange_thresholds(&self, polarity: Polarity, min_range: u8) -> Option<Vec<u32>> {
        let (cols, rows) = (self.cols, self.rows);
        // A block's own threshold, 0 for none: the middle of a range wider than `min_range` is
        // above min_range / 2.
        let own: Vec<u32> = self
            .stats
            .iter()
            .map(|&(_, min, max)| {
                let (min, max) = match polarity {
                    Polarity::DarkOnLight => (min, max),
                    Polarity::LightOnDark => (255 - max, 255 - min),
                };
                if max - min <= min_range {
                    0
                } else {
                    (u32::from(min) + u32::from(max)) / 2
                }
            })
            .collect();
        // The 5x5 window is shifted inside the frame at its edges, as in `thresholds`.
        let mut thresholds = Vec::with_capacity(cols * rows);
        for by in 0..rows {
            let top = by.clamp(2, rows - 3);
            for bx in 0..cols {
                let left = bx.clamp(2, cols - 3);
                let centre = own[by * cols + bx];
                let (mut sum, mut count) = (2 * centre, 2 * u32::from(centre > 0));
                for y in top - 2..=top + 2 {
                    for &t in &own[y * cols + left - 2..=y * cols + left + 2] {
                        sum += t;
                        count += u32::from(t > 0);
                    }
                }
                thresholds.push(sum.checked_div(count).unwrap_or(0));
            }
        }
        // Blocks with no threshold around them take the next one's in reading order; those after
        // the last one, the last one's.
        let mut next = *thresholds.iter().rfind(|&&t| t > 0)?;
        for t in thresholds.iter_mut().rev() {
            if *t == 0 {
                *t = next;
            } else {
                next = *t;
            }
        }
        Some(thresholds)
    }

    /// Each block's threshold, in the polarity's own brightness (inverted for light-on-dark).
    fn thresholds(&self, polarity: Polarity, rule: Rule) -> Vec<u32> {
        let (cols, rows) = (self.cols, self.rows);
        let mut black_points = vec![0u32; cols * rows];
        for by in 0..rows {
            for bx in 0..cols {
                let (sum, min, max) = self.stats[by * cols + bx];
                let (sum, min, max) = match polarity {
                    Polarity::DarkOnLight => (sum, min, max),
                    Polarity::LightOnDark => (64 * 255 - sum, 255 - max, 255 - min),
                };
                let mut point = sum >> 6;
                if max - min <= rule.min_range {
                    // Flat: background, unless the blocks above and to the left are darker
                    // than it (the inside of a large dark module).
                    point = match rule.flat {
                        Flat::Half => u32::from(min) / 2,
                        Flat::Below(k) => u32::from(min).saturating_sub(u32::from(k)),
                    };
                    if by > 0 && bx > 0 {
                        let neighbours = (black_points[(by - 1) * cols + bx]
                            + 2 * black_points[by * cols + bx - 1]
                            + black_points[(by - 1) * cols + bx - 1])
                            / 4;
                        if u32::from(min) < neighbours {
                            point = neighbours;
                        }
                    }
                }
                black_points[by * cols + bx] = point;
            }
        }
        let mut thresholds = Vec::with_capacity(cols * rows);
        for by in 0..rows {
            let top = by.clamp(2, rows - 3);
            for bx in 0..cols {
                let left = bx.clamp(2, cols - 3);
                let mut sum = 0;
                for y in top - 2..=top + 2 {
                    sum += black_points[y * cols + left - 2..=y * cols + left + 2].iter().sum::<u32>();
                }
                thresholds.push(sum / 25);
            }
        }
        thresholds
    }
}

#[cfg(test)]
mod tests {
    use rxing::common::HybridBinarizer;
    use rxing::{Binarizer, Luma8Source};

    use super::*;

    fn zxing(frame: &GrayImage) -> BitMatrix {
        let source = Luma8Source::new_with_slice(frame.as_raw(), frame.width(), frame.height()).unwrap();
        HybridBinarizer::new(source).get_black_matrix().unwrap().clone()
    }

    /// A frame with dark and light modules, flat areas, gradients and sizes that are not
    /// multiples of the block (so the last blocks overlap).
    fn frame(width: u32, height: u32) -> GrayImage {
        GrayImage::from_fn(width, height, |x, y| {
            let module = ((x / 6) * 7 + (y / 6) * 13) % 5 < 2;
            let flat = x > width * 2 / 3;
            let base = 60 + (x + y) % 90;
            let value = if flat {
                200 - y / 8
            } else if module {
                base / 2
            } else {
                base + 100
            };
            image::Luma([value as u8])
        })
    }

    #[test]
    fn matches_zxing_bit_for_bit_in_both_polarities() {
        for (width, height) in [(40, 40), (123, 77), (320, 240)] {
            let frame = frame(width, height);
            let blocks = Blocks::new(&frame).unwrap();
            assert_eq!(blocks.matrix(Polarity::DarkOnLight, ZXING).unwrap(), zxing(&frame));
            let inverted =
                GrayImage::from_fn(width, height, |x, y| image::Luma([255 - frame.get_pixel(x, y).0[0]]));
            assert_eq!(blocks.matrix(Polarity::LightOnDark, ZXING).unwrap(), zxing(&inverted));
        }
        assert!(Blocks::new(&GrayImage::new(39, 100)).is_none());
    }

    /// The runs of row `y` of `m` between columns `from` and `to`, starting with a set run.
    fn runs(m: &BitMatrix, y: u32, from: u32, to: u32) -> Vec<u32> {
        let mut runs = vec![0];
        let mut set = true;
        for x in from..to {
            if m.get(x, y) != set {
                set = !set;
                runs.push(0);
            }
            if let Some(last) = runs.last_mut() {
                *last += 1;
            }
        }
        runs
    }

    #[test]
    fn midrange_keeps_the_light_ring_of_a_small_blurred_finder_pattern() {
        // A finder pattern at 3 px a module on a phone screen, as a camera sees it: the screen at
        // 225 to 250 (its pixel grid beating with the camera's, so no block of it is flat), the
        // dark modules at 30, and the one-module light ring between them only at 170 (blur); data
        // modules to its right.
        let module = 3;
        let (left, top) = (30, 30);
        let frame = GrayImage::from_fn(120, 90, |x, y| {
            let inside = |x0: u32, x1: u32| (x0..x1).contains(&x) && (top..top + 7 * module).contains(&y);
            let (mx, my) = (x.wrapping_sub(left) / module, y.wrapping_sub(top) / module);
            let value = if inside(left, left + 7 * module) {
                if mx.abs_diff(3).max(my.abs_diff(3)) == 2 {
                    170
                } else {
                    30
                }
            } else if inside(left + 8 * module, 120) {
                if (mx + my) % 2 == 0 {
                    30
                } else {
                    200
                }
            } else {
                225 + 25 * ((x + y) % 2)
            };
            image::Luma([value as u8])
        });
        let blocks = Blocks::new(&frame).unwrap();
        let centre = top + 7 * module / 2;
        let (from, to) = (left, left + 7 * module);
        let midrange = blocks.midrange_matrix(Polarity::DarkOnLight, MIDRANGE_MIN_RANGE).unwrap();
        assert_eq!(runs(&midrange, centre, from, to), [3, 3, 9, 3, 3], "1:1:3:1:1 across the centre");
        let zxing = blocks.matrix(Polarity::DarkOnLight, ZXING).unwrap();
        assert_eq!(runs(&zxing, centre, from, to), [21], "ZXING's block means close the ring");
    }

    #[test]
    fn midrange_polarities_mirror_and_flat_frames_have_none() {
        let frame = frame(123, 77);
        let inverted = GrayImage::from_fn(123, 77, |x, y| image::Luma([255 - frame.get_pixel(x, y).0[0]]));
        let (blocks, inverted_blocks) = (Blocks::new(&frame).unwrap(), Blocks::new(&inverted).unwrap());
        for range in [24, MIDRANGE_MIN_RANGE] {
            assert_eq!(
                blocks.midrange_matrix(Polarity::LightOnDark, range).unwrap(),
                inverted_blocks.midrange_matrix(Polarity::DarkOnLight, range).unwrap()
            );
        }
        let flat = GrayImage::from_fn(64, 64, |x, _| image::Luma([100 + (x % 3) as u8]));
        assert!(Blocks::new(&flat).unwrap().midrange_matrix(Polarity::DarkOnLight, 24).is_none());
    }
}
