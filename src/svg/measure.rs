//! What a person sees in a render: whether anything is drawn, where the artwork sits, and how
//! it stands out on the portal's light and dark themes.

use resvg::tiny_skia::Pixmap;

/// Pixels at least this opaque count as visible (anti-aliasing fringes do not).
const VISIBLE_ALPHA: u8 = 16;

/// The portal's backgrounds.
pub const LIGHT_BACKGROUND: [u8; 3] = [0xFF, 0xFF, 0xFF];
pub const DARK_BACKGROUND: [u8; 3] = [0x1B, 0x1A, 0x19];
/// Below this WCAG contrast ratio against the background a pixel all but vanishes.
pub const LOW_CONTRAST: f64 = 1.5;

#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    pub visible_pixels: usize,
    /// Left, top, right, bottom (exclusive) of the visible pixels.
    pub bounding_box: Option<[u32; 4]>,
    pub side: u32,
    /// Share of visible pixels with contrast below [`LOW_CONTRAST`] on each theme.
    pub low_contrast_light: f64,
    pub low_contrast_dark: f64,
}

impl Measures {
    /// The bounding box's width and height as shares of the canvas side.
    pub fn extent(&self) -> Option<(f64, f64)> {
        let [left, top, right, bottom] = self.bounding_box?;
        let side = f64::from(self.side);
        Some((
            f64::from(right - left) / side,
            f64::from(bottom - top) / side,
        ))
    }

    /// Distance of the bounding box's centre from the canvas centre, as a share of the side.
    pub fn centre_offset(&self) -> Option<f64> {
        let [left, top, right, bottom] = self.bounding_box?;
        let side = f64::from(self.side);
        let dx = (f64::from(left + right) / 2.0 - side / 2.0) / side;
        let dy = (f64::from(top + bottom) / 2.0 - side / 2.0) / side;
        Some((dx * dx + dy * dy).sqrt())
    }
}

fn linear(channel: f64) -> f64 {
    let c = channel / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(rgb: [f64; 3]) -> f64 {
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// WCAG contrast ratio between two luminances.
pub fn contrast(a: f64, b: f64) -> f64 {
    let (light, dark) = if a > b { (a, b) } else { (b, a) };
    (light + 0.05) / (dark + 0.05)
}

pub fn measure(pixmap: &Pixmap) -> Measures {
    let side = pixmap.width();
    // Composited in 8-bit integers, so linearisation is one table lookup per channel.
    let linear_table: Vec<f64> = (0..=255).map(|value| linear(f64::from(value))).collect();
    let backgrounds = [LIGHT_BACKGROUND, DARK_BACKGROUND].map(|background| {
        let luminance = luminance(background.map(f64::from));
        (background, luminance)
    });
    let mut visible = 0usize;
    let mut low = [0usize; 2];
    let (mut left, mut top, mut right, mut bottom) = (u32::MAX, u32::MAX, 0u32, 0u32);
    for (index, pixel) in pixmap.pixels().iter().enumerate() {
        let alpha = pixel.alpha();
        if alpha < VISIBLE_ALPHA {
            continue;
        }
        visible += 1;
        let x = index as u32 % side;
        let y = index as u32 / side;
        left = left.min(x);
        top = top.min(y);
        right = right.max(x + 1);
        bottom = bottom.max(y + 1);
        let premultiplied = [pixel.red(), pixel.green(), pixel.blue()];
        for (theme, (background, background_luminance)) in backgrounds.iter().enumerate() {
            // Premultiplied colour over the background: c + (1 - a) · background.
            let shown = [0, 1, 2].map(|c| {
                let over = (u32::from(255 - alpha) * u32::from(background[c]) + 127) / 255;
                (u32::from(premultiplied[c]) + over).min(255) as usize
            });
            let shown_luminance = 0.2126 * linear_table[shown[0]]
                + 0.7152 * linear_table[shown[1]]
                + 0.0722 * linear_table[shown[2]];
            if contrast(shown_luminance, *background_luminance) < LOW_CONTRAST {
                low[theme] += 1;
            }
        }
    }
    let share = |count: usize| {
        if visible == 0 {
            0.0
        } else {
            count as f64 / visible as f64
        }
    };
    Measures {
        visible_pixels: visible,
        bounding_box: (visible > 0).then_some([left, top, right, bottom]),
        side,
        low_contrast_light: share(low[0]),
        low_contrast_dark: share(low[1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Rect, Transform};

    fn square(color: Color, x: f32, y: f32, size: f32) -> Pixmap {
        let mut pixmap = Pixmap::new(100, 100).unwrap();
        let mut paint = Paint::default();
        paint.set_color(color);
        pixmap.fill_rect(
            Rect::from_xywh(x, y, size, size).unwrap(),
            &paint,
            Transform::identity(),
            None,
        );
        pixmap
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let white = luminance([255.0; 3]);
        let black = luminance([0.0; 3]);
        assert!((contrast(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn measures_position_and_themes() {
        let white = measure(&square(Color::WHITE, 60.0, 60.0, 30.0));
        assert_eq!(white.bounding_box, Some([60, 60, 90, 90]));
        assert_eq!(white.extent(), Some((0.3, 0.3)));
        assert!((white.centre_offset().unwrap() - (0.25f64 * 0.25 * 2.0).sqrt()).abs() < 1e-9);
        assert_eq!(
            (white.low_contrast_light, white.low_contrast_dark),
            (1.0, 0.0)
        );
        let black = measure(&square(Color::BLACK, 0.0, 0.0, 100.0));
        assert_eq!(
            (black.low_contrast_light, black.low_contrast_dark),
            (0.0, 1.0)
        );
        let blank = measure(&Pixmap::new(100, 100).unwrap());
        assert_eq!((blank.visible_pixels, blank.bounding_box), (0, None));
    }
}
