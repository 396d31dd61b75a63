//! A logo's perceptual fingerprint: a 64-bit difference hash (dHash) of the measured render,
//! so that the same artwork under two listings is recognised whatever its file looks like
//! (reformatted, re-exported, recoloured slightly, rescaled). Only these 8 bytes are kept
//! once the render is dropped.

use resvg::tiny_skia::Pixmap;

/// Columns and rows of the grey grid the hash compares: each of the 8 rows gives 8 bits, one
/// per pair of neighbouring columns.
const COLUMNS: usize = 9;
const ROWS: usize = 8;

/// A grid whose cells differ by less than this (in 0–255 grey levels) is blank or flat: it has
/// no shape to recognise, and every such logo would hash alike.
const FLAT_RANGE: u32 = 8;

/// Every this many pixels, across and down, are averaged.
const SAMPLE_STEP: usize = 2;

/// The dHash of `pixmap` over white (the portal's light theme): the render averaged down to a
/// 9 × 8 grey grid, one bit per cell set when the cell to its right is brighter. `None` for a
/// blank or flat render.
pub fn dhash(pixmap: &Pixmap) -> Option<u64> {
    let (width, height) = (pixmap.width() as usize, pixmap.height() as usize);
    if width < COLUMNS || height < ROWS {
        return None;
    }
    // Plain arithmetic over the raw bytes, every other pixel of every other row (a cell of the
    // grid is some 28 × 32 px of the 256 px render: a quarter of its pixels average it as
    // well): this runs for every logo checked and must cost little even unoptimised.
    let column_of: Vec<usize> = (0..width)
        .step_by(SAMPLE_STEP)
        .map(|x| x * COLUMNS / width)
        .collect();
    let mut sums = [[0u64; COLUMNS]; ROWS];
    let mut counts = [[0u64; COLUMNS]; ROWS];
    let lines = pixmap.data().chunks_exact(width * 4).enumerate();
    for (y, line) in lines.step_by(SAMPLE_STEP) {
        let row = y * ROWS / height;
        let (sums, counts) = (&mut sums[row], &mut counts[row]);
        let pixels = line.chunks_exact(4).step_by(SAMPLE_STEP);
        for (pixel, &column) in pixels.zip(&column_of) {
            // Premultiplied: over white, each channel is its value plus the white let through.
            let white = 255 - u32::from(pixel[3]);
            let grey = (u32::from(pixel[0]) + white) * 299
                + (u32::from(pixel[1]) + white) * 587
                + (u32::from(pixel[2]) + white) * 114;
            sums[column] += u64::from(grey);
            counts[column] += 1;
        }
    }
    let mut grid = [[0u32; COLUMNS]; ROWS];
    for row in 0..ROWS {
        for column in 0..COLUMNS {
            grid[row][column] = (sums[row][column] / (1000 * counts[row][column].max(1))) as u32;
        }
    }
    let cells = grid.iter().flatten();
    let (low, high) = cells.fold((u32::MAX, 0), |(low, high), &grey| {
        (low.min(grey), high.max(grey))
    });
    if high - low < FLAT_RANGE {
        return None;
    }
    let mut hash = 0u64;
    for row in &grid {
        for pair in row.windows(2) {
            hash = (hash << 1) | u64::from(pair[0] < pair[1]);
        }
    }
    Some(hash)
}

/// Bits that differ between two fingerprints.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::render::render_now;

    fn hash_of(svg: &str) -> Option<u64> {
        let renders = render_now(svg, &[256]).unwrap();
        dhash(&renders.pixmaps[0])
    }

    const MARK: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="40" cy="50" r="30" fill="#0a5"/><rect x="60" y="20" width="30" height="60" fill="#036"/></svg>"##;

    #[test]
    fn the_same_artwork_hashes_alike_however_it_is_written() {
        let hash = hash_of(MARK).unwrap();
        // Reformatted, rescaled canvas, colours nudged: the same picture.
        let rewritten = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="512" height="512">
  <circle cx="80" cy="100" r="60" fill="#0b6"/>
  <rect x="120" y="40" width="60" height="120" fill="#037"/>
</svg>"##;
        assert!(distance(hash, hash_of(rewritten).unwrap()) <= 2);
        let other = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><path d="M10 90 L50 10 L90 90 Z" fill="#c00"/></svg>"##;
        assert!(distance(hash, hash_of(other).unwrap()) > 12);
    }

    #[test]
    fn a_blank_or_flat_render_has_no_fingerprint() {
        assert_eq!(
            hash_of(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>"#),
            None
        );
        assert_eq!(
            hash_of(
                r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#123"/></svg>"##
            ),
            None
        );
    }
}
