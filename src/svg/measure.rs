//! What a person sees in a render: whether anything is drawn, where the artwork sits, and how
//! it stands out on the portal's light and dark themes.

use resvg::tiny_skia::{Pixmap, PremultipliedColorU8};

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
    let (themes, weighted) = &*TABLES;
    let mut visible = 0usize;
    let mut low = [0usize; 2];
    let (mut left, mut top, mut right, mut bottom) = (u32::MAX, u32::MAX, 0u32, 0u32);
    // Logos are mostly flat colour: a pixel like the one before it has its verdicts; other
    // pixels mostly repeat a few colours (an edge's anti-aliasing steps), remembered below.
    let mut previous: Option<(PremultipliedColorU8, [bool; 2])> = None;
    let mut verdicts = Verdicts::new();
    let width = side.max(1) as usize;
    for (y, row) in pixmap.pixels().chunks(width).enumerate() {
        let mut first = None;
        let mut last = 0u32;
        // A row is runs of one pixel value (flat colour, transparent margins): each run is
        // judged once and counted by its length.
        let mut x = 0;
        while x < row.len() {
            let pixel = row[x];
            let mut end = x + 1;
            while end < row.len() && row[end] == pixel {
                end += 1;
            }
            let run = end - x;
            if pixel.alpha() >= VISIBLE_ALPHA {
                visible += run;
                first.get_or_insert(x as u32);
                last = (end - 1) as u32;
                let lows = match previous {
                    Some((seen, lows)) if seen == pixel => lows,
                    _ => {
                        let lows = verdicts.get(pixel, themes, weighted);
                        previous = Some((pixel, lows));
                        lows
                    }
                };
                low[0] += run * usize::from(lows[0]);
                low[1] += run * usize::from(lows[1]);
            }
            x = end;
        }
        if let Some(first) = first {
            let y = y as u32;
            left = left.min(first);
            right = right.max(last + 1);
            top = top.min(y);
            bottom = bottom.max(y + 1);
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

/// The verdicts of recently seen pixel values: a direct-mapped cache, so a colour is judged
/// once however often it recurs (the verdict itself is always computed the same way).
struct Verdicts {
    /// (pixel as RGBA bytes, verdicts); a key of 0 is empty (transparent pixels are never
    /// judged).
    slots: Vec<(u32, [bool; 2])>,
}

impl Verdicts {
    const BITS: u32 = 10;

    fn new() -> Verdicts {
        Verdicts {
            slots: vec![(0, [false; 2]); 1 << Self::BITS],
        }
    }

    fn get(
        &mut self,
        pixel: PremultipliedColorU8,
        themes: &[Theme; 2],
        weighted: &Weighted,
    ) -> [bool; 2] {
        let key = u32::from_le_bytes([pixel.red(), pixel.green(), pixel.blue(), pixel.alpha()]);
        let slot = (key.wrapping_mul(0x9E37_79B1) >> (32 - Self::BITS)) as usize;
        let (seen, lows) = self.slots[slot];
        if seen == key && key != 0 {
            return lows;
        }
        let lows = themes
            .each_ref()
            .map(|theme| theme.low_contrast(pixel, weighted));
        self.slots[slot] = (key, lows);
        lows
    }
}

/// The lookup tables, computed once per process (768 powers of the linearisation).
static TABLES: std::sync::LazyLock<([Theme; 2], Weighted)> = std::sync::LazyLock::new(|| {
    (
        [LIGHT_BACKGROUND, DARK_BACKGROUND].map(Theme::new),
        Weighted::new(),
    )
});

/// The WCAG luminance weights times the linearised channel, one table per channel, so a
/// pixel's luminance is three lookups and two additions (in the order [`luminance`] adds).
struct Weighted {
    red: [f64; 256],
    green: [f64; 256],
    blue: [f64; 256],
}

impl Weighted {
    fn new() -> Weighted {
        let table = |weight: f64| std::array::from_fn(|value| weight * linear(value as f64));
        Weighted {
            red: table(0.2126),
            green: table(0.7152),
            blue: table(0.0722),
        }
    }
}

/// One portal background: what it adds under a pixel of each alpha, per channel, and its
/// luminance.
struct Theme {
    /// `under[c][alpha]` = (1 − a) · background, rounded as 8-bit compositing rounds.
    under: [[u8; 256]; 3],
    luminance: f64,
}

impl Theme {
    fn new(background: [u8; 3]) -> Theme {
        Theme {
            under: background.map(|channel| {
                std::array::from_fn(|alpha| {
                    (((255 - alpha as u32) * u32::from(channel) + 127) / 255) as u8
                })
            }),
            luminance: luminance(background.map(f64::from)),
        }
    }

    /// Whether `pixel` (premultiplied) over this background is below [`LOW_CONTRAST`] against it.
    fn low_contrast(&self, pixel: PremultipliedColorU8, weighted: &Weighted) -> bool {
        let alpha = usize::from(pixel.alpha());
        let shown = |value: u8, channel: usize| {
            usize::from(value.saturating_add(self.under[channel][alpha]))
        };
        let shown_luminance = weighted.red[shown(pixel.red(), 0)]
            + weighted.green[shown(pixel.green(), 1)]
            + weighted.blue[shown(pixel.blue(), 2)];
        contrast(shown_luminance, self.luminance) < LOW_CONTRAST
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

    /// The measures pixel by pixel, straight from their definition: what the one-pass
    /// measure with its tables must agree with exactly.
    fn by_definition(pixmap: &Pixmap) -> Measures {
        let side = pixmap.width();
        let themes = [LIGHT_BACKGROUND, DARK_BACKGROUND]
            .map(|background| (background, luminance(background.map(f64::from))));
        let (mut visible, mut low) = (0usize, [0usize; 2]);
        let (mut left, mut top, mut right, mut bottom) = (u32::MAX, u32::MAX, 0u32, 0u32);
        for (index, pixel) in pixmap.pixels().iter().enumerate() {
            let alpha = pixel.alpha();
            if alpha < VISIBLE_ALPHA {
                continue;
            }
            visible += 1;
            let (x, y) = (index as u32 % side, index as u32 / side);
            (left, top) = (left.min(x), top.min(y));
            (right, bottom) = (right.max(x + 1), bottom.max(y + 1));
            let colour = [pixel.red(), pixel.green(), pixel.blue()];
            for (theme, (background, background_luminance)) in themes.iter().enumerate() {
                let shown = [0, 1, 2].map(|c| {
                    let over = (u32::from(255 - alpha) * u32::from(background[c]) + 127) / 255;
                    f64::from((u32::from(colour[c]) + over).min(255))
                });
                if contrast(luminance(shown), *background_luminance) < LOW_CONTRAST {
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

    #[test]
    fn one_pass_agrees_with_the_definition_on_every_kind_of_pixel() {
        // Every alpha with colours from a fixed pseudo-random sequence, in runs of equal pixels
        // (as flat logos have) and alone, and a real render of the example logo.
        let mut pixmap = Pixmap::new(256, 256).unwrap();
        let mut state = 0x2545_f491_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let mut index = 0;
        while index < 256 * 256 {
            let alpha = (index / 256) as u8;
            let word = next();
            let colour = [word as u8, (word >> 8) as u8, (word >> 16) as u8].map(|c| c.min(alpha));
            let pixel =
                PremultipliedColorU8::from_rgba(colour[0], colour[1], colour[2], alpha).unwrap();
            let run = 1 + (word >> 24) as usize % 4;
            for _ in 0..run.min(256 * 256 - index) {
                pixmap.pixels_mut()[index] = pixel;
                index += 1;
            }
        }
        assert_eq!(measure(&pixmap), by_definition(&pixmap));
        let logo = include_str!("../../examples/contoso-cognito/logo.svg");
        let renders = crate::svg::render::render_now(logo, &[256]).unwrap();
        let rendered = &renders.pixmaps[0];
        assert!(by_definition(rendered).visible_pixels > 1000);
        assert_eq!(measure(rendered), by_definition(rendered));
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
