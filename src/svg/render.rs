//! Fixed-size renders with usvg/resvg, whatever size the document declares: no file or URL is
//! ever read (only `data:` raster images, size-checked), no fonts, and a time budget.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

/// The sizes every logo is rendered at: the tile sizes of the partner page and a larger one
/// for measuring.
pub const RENDER_SIZES: [u32; 3] = [64, 128, 256];
/// Rendering (all sizes) is abandoned after this long.
pub const TIME_BUDGET: Duration = Duration::from_secs(3);
/// Embedded raster images larger than this many pixels are not decoded.
const MAX_EMBEDDED_PIXELS: u64 = 4096 * 4096;
/// Renders run on their own thread with room for deeply nested (but capped) documents.
const RENDER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// The renders of one logo, on a transparent background.
#[derive(Debug, Clone)]
pub struct Renders {
    /// One pixmap per size of [`RENDER_SIZES`], in that order.
    pub pixmaps: Vec<Pixmap>,
    /// How long the 256 px render took.
    pub largest_render_time: Duration,
}

impl Renders {
    pub fn largest(&self) -> Option<&Pixmap> {
        self.pixmaps.last()
    }

    /// The PNG bytes of the render at `size`, if it is one of [`RENDER_SIZES`].
    pub fn png(&self, size: u32) -> Option<Vec<u8>> {
        let index = RENDER_SIZES
            .iter()
            .position(|candidate| *candidate == size)?;
        self.pixmaps.get(index)?.encode_png().ok()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// usvg refused the document (its message).
    Invalid(String),
    /// usvg found no usable size.
    Size,
    /// The renders took longer than [`TIME_BUDGET`].
    TimedOut,
}

/// Parses `text` (the pre-passed SVG, DOCTYPE blanked) and renders it at every size.
pub fn render(text: &str) -> Result<Renders, RenderError> {
    let text = text.to_string();
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("logo-render".into())
        .stack_size(RENDER_STACK_BYTES)
        .spawn(move || {
            let _ = sender.send(render_now(&text));
        });
    if spawned.is_err() {
        return Err(RenderError::Invalid("could not start the renderer".into()));
    }
    // A render past the budget is left to finish on its own; its result is ignored.
    receiver
        .recv_timeout(TIME_BUDGET)
        .unwrap_or(Err(RenderError::TimedOut))
}

fn options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|media, data, _| embedded_raster(media, data)),
            // Never a file, never a URL.
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Decodes only raster `data:` images, and only of a sane size; an embedded SVG document is
/// not drawn (it would escape the pre-pass).
fn embedded_raster(media: &str, data: Arc<Vec<u8>>) -> Option<usvg::ImageKind> {
    let size = imagesize::blob_size(&data).ok()?;
    if (size.width as u64).saturating_mul(size.height as u64) > MAX_EMBEDDED_PIXELS {
        return None;
    }
    match (media, imagesize::image_type(&data).ok()?) {
        (_, imagesize::ImageType::Png) => Some(usvg::ImageKind::PNG(data)),
        (_, imagesize::ImageType::Jpeg) => Some(usvg::ImageKind::JPEG(data)),
        (_, imagesize::ImageType::Gif) => Some(usvg::ImageKind::GIF(data)),
        (_, imagesize::ImageType::Webp) => Some(usvg::ImageKind::WEBP(data)),
        _ => None,
    }
}

fn render_now(text: &str) -> Result<Renders, RenderError> {
    let tree = usvg::Tree::from_str(text, &options()).map_err(|error| match error {
        usvg::Error::InvalidSize => RenderError::Size,
        other => RenderError::Invalid(other.to_string()),
    })?;
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    if !(width > 0.0 && height > 0.0 && width.is_finite() && height.is_finite()) {
        return Err(RenderError::Size);
    }
    let mut pixmaps = Vec::with_capacity(RENDER_SIZES.len());
    let mut largest_render_time = Duration::ZERO;
    for target in RENDER_SIZES {
        let mut pixmap = Pixmap::new(target, target)
            .ok_or_else(|| RenderError::Invalid("could not allocate the canvas".into()))?;
        let side = target as f32;
        let scale = side / width.max(height);
        let transform = Transform::from_scale(scale, scale)
            .post_translate((side - width * scale) / 2.0, (side - height * scale) / 2.0);
        let started = Instant::now();
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        largest_render_time = started.elapsed();
        pixmaps.push(pixmap);
    }
    Ok(Renders {
        pixmaps,
        largest_render_time,
    })
}
