//! The pixel proof: the repaired logo, rendered at a tile size, compared with the original
//! rendered finer and brought onto the repaired logo's pixel grid by the exact change of frame
//! (a scale and a translation, the same on both axes).
//!
//! The original is rendered at about [`SUPERSAMPLE`] times the repaired render's scale and
//! averaged over the area of each repaired pixel, which is what an anti-aliased render at that
//! scale approximates; the two differ only along edges, by a small amount. The comparison runs
//! over every pixel either render draws, the parts of the original that would fall outside the
//! new canvas included, so artwork that a new frame would cut off counts as different.

use resvg::tiny_skia::Pixmap;

/// How much finer than the repaired render the original is rendered, where the renderer's
/// largest side allows.
pub const SUPERSAMPLE: f64 = 4.0;
/// The coarsest original render the proof accepts, as a share of the repaired render's scale:
/// below it the original is too small in its canvas to say what its artwork looks like.
pub const MIN_SCALE_RATIO: f64 = 0.5;

/// Pixels at least this opaque (of 255) in either render are the artwork compared.
pub const ARTWORK_ALPHA: f64 = 8.0;
/// A pixel differs when one of its premultiplied channels differs by more than this share.
pub const PIXEL_TOLERANCE: f64 = 0.25;
/// The proof holds when at most this share of the artwork's pixels differ...
pub const DIFFERING_TOLERANCE: f64 = 0.02;
/// ... and the mean difference over the artwork stays under this share.
pub const MEAN_TOLERANCE: f64 = 0.05;

/// Where user coordinates land in a render: `pixel = offset + scale · user`, on both axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub scale: f64,
    pub offset: [f64; 2],
}

impl Placement {
    fn to_user(self, pixel: [f64; 2]) -> [f64; 2] {
        [0, 1].map(|axis| (pixel[axis] - self.offset[axis]) / self.scale)
    }

    fn to_pixel(self, user: [f64; 2]) -> [f64; 2] {
        [0, 1].map(|axis| self.offset[axis] + self.scale * user[axis])
    }
}

/// What the comparison at one size measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub size: u32,
    /// Pixels drawn by either render.
    pub artwork_pixels: usize,
    /// Share of those that differ by more than [`PIXEL_TOLERANCE`].
    pub differing: f64,
    /// Mean largest channel difference over the artwork, as a share of full scale.
    pub mean: f64,
}

impl Comparison {
    pub fn holds(&self) -> bool {
        self.differing <= DIFFERING_TOLERANCE && self.mean <= MEAN_TOLERANCE
    }
}

/// For each target pixel along one axis (`first..first + count`), the source pixels it covers
/// and their share of its area.
fn weights(
    first: i64,
    count: usize,
    target: Placement,
    source: Placement,
    axis: usize,
    source_len: u32,
) -> Vec<Vec<(usize, f64)>> {
    (0..count as i64)
        .map(|index| {
            let edge = |pixel: f64| {
                let mut point = [0.0; 2];
                point[axis] = pixel;
                let user = target.to_user(point);
                source.to_pixel(user)[axis]
            };
            let (start, end) = (
                edge((first + index) as f64),
                edge((first + index + 1) as f64),
            );
            let length = end - start;
            let mut covered = Vec::new();
            if length <= 0.0 {
                return covered;
            }
            let from = start.floor().max(0.0) as i64;
            let to = (end.ceil() as i64).min(i64::from(source_len));
            for column in from..to {
                let overlap = (end.min((column + 1) as f64) - start.max(column as f64)).max(0.0);
                if overlap > 0.0 {
                    covered.push((column as usize, overlap / length));
                }
            }
            covered
        })
        .collect()
}

/// Compares `repaired` (rendered with `repaired_at`) with `original` (rendered with
/// `original_at`), over the repaired canvas and everything of the original's canvas that maps
/// outside it.
pub fn compare(
    repaired: &Pixmap,
    repaired_at: Placement,
    original: &Pixmap,
    original_at: Placement,
) -> Comparison {
    let side = repaired.width();
    // The original's canvas in repaired pixels, so artwork cut off by the new frame counts.
    let corner = |pixel: [f64; 2]| repaired_at.to_pixel(original_at.to_user(pixel));
    let low = corner([0.0, 0.0]);
    let high = corner([f64::from(original.width()), f64::from(original.height())]);
    let bound = |axis: usize| {
        let first = low[axis].min(0.0).floor() as i64;
        let last = high[axis].max(f64::from(side)).ceil() as i64;
        (first, (last - first).max(0) as usize)
    };
    let (first_x, count_x) = bound(0);
    let (first_y, count_y) = bound(1);
    let columns = weights(
        first_x,
        count_x,
        repaired_at,
        original_at,
        0,
        original.width(),
    );
    let rows = weights(
        first_y,
        count_y,
        repaired_at,
        original_at,
        1,
        original.height(),
    );
    let source = original.data();
    let source_width = original.width() as usize;
    let target = repaired.data();
    let mut artwork = 0usize;
    let mut differing = 0usize;
    let mut total = 0.0f64;
    let mut row_buffer = vec![[0.0f64; 4]; count_x];
    for (y_index, row_weights) in rows.iter().enumerate() {
        for cell in row_buffer.iter_mut() {
            *cell = [0.0; 4];
        }
        for (x_index, column_weights) in columns.iter().enumerate() {
            let mut value = [0.0f64; 4];
            for &(source_y, weight_y) in row_weights {
                for &(source_x, weight_x) in column_weights {
                    let at = (source_y * source_width + source_x) * 4;
                    let weight = weight_x * weight_y;
                    for (channel, sum) in value.iter_mut().enumerate() {
                        *sum += weight * f64::from(source[at + channel]);
                    }
                }
            }
            row_buffer[x_index] = value;
        }
        let y = first_y + y_index as i64;
        for (x_index, expected) in row_buffer.iter().enumerate() {
            let x = first_x + x_index as i64;
            let actual = if (0..i64::from(side)).contains(&x) && (0..i64::from(side)).contains(&y) {
                let at = (y as usize * side as usize + x as usize) * 4;
                [0, 1, 2, 3].map(|channel| f64::from(target[at + channel]))
            } else {
                [0.0; 4]
            };
            if expected[3] < ARTWORK_ALPHA && actual[3] < ARTWORK_ALPHA {
                continue;
            }
            artwork += 1;
            let difference = (0..4)
                .map(|channel| (expected[channel] - actual[channel]).abs() / 255.0)
                .fold(0.0, f64::max);
            total += difference;
            if difference > PIXEL_TOLERANCE {
                differing += 1;
            }
        }
    }
    let share = |count: f64| {
        if artwork == 0 {
            0.0
        } else {
            count / artwork as f64
        }
    };
    Comparison {
        size: side,
        artwork_pixels: artwork,
        differing: share(differing as f64),
        mean: share(total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Rect, Transform};

    fn square(side: u32, x: f32, y: f32, size: f32) -> Pixmap {
        let mut pixmap = Pixmap::new(side, side).unwrap();
        let mut paint = Paint::default();
        paint.set_color(Color::from_rgba8(200, 0, 0, 255));
        pixmap.fill_rect(
            Rect::from_xywh(x, y, size, size).unwrap(),
            &paint,
            Transform::identity(),
            None,
        );
        pixmap
    }

    #[test]
    fn the_same_square_moved_and_scaled_holds() {
        // User square 10..20 drawn at scale 4 (original) and, framed anew, at scale 2 shifted.
        let original = square(256, 40.0, 40.0, 40.0);
        let repaired = square(64, 10.0, 10.0, 20.0);
        let comparison = compare(
            &repaired,
            Placement {
                scale: 2.0,
                offset: [-10.0, -10.0],
            },
            &original,
            Placement {
                scale: 4.0,
                offset: [0.0, 0.0],
            },
        );
        assert_eq!(comparison.artwork_pixels, 400);
        assert_eq!((comparison.differing, comparison.mean), (0.0, 0.0));
    }

    #[test]
    fn a_shift_of_two_pixels_fails() {
        let original = square(256, 40.0, 40.0, 40.0);
        let repaired = square(64, 12.0, 10.0, 20.0);
        let comparison = compare(
            &repaired,
            Placement {
                scale: 2.0,
                offset: [-10.0, -10.0],
            },
            &original,
            Placement {
                scale: 4.0,
                offset: [0.0, 0.0],
            },
        );
        assert!(!comparison.holds(), "{comparison:?}");
        assert_eq!(comparison.artwork_pixels, 440);
        assert!((comparison.differing - 80.0 / 440.0).abs() < 1e-9);
    }

    #[test]
    fn artwork_cut_off_by_the_new_canvas_counts() {
        // The original square sits partly where the repaired canvas does not reach.
        let original = square(256, 0.0, 0.0, 40.0);
        let repaired = Pixmap::new(64, 64).unwrap();
        let comparison = compare(
            &repaired,
            Placement {
                scale: 2.0,
                offset: [0.0, 0.0],
            },
            &original,
            Placement {
                scale: 4.0,
                offset: [80.0, 80.0],
            },
        );
        assert_eq!(comparison.artwork_pixels, 400);
        assert_eq!(comparison.differing, 1.0);
    }
}
