//! Fixed-size renders with usvg/resvg, whatever size the document declares: no file or URL is
//! ever read (only `data:` raster images, size-checked), no fonts, and a bound on work that is
//! the same on every machine ([`super::work`]). Where and within what time the renders run is
//! the caller's choice ([`RenderLogo`]): the command line runs them in a confined worker
//! process (`crate::worker`).

use std::sync::Arc;
use std::time::Duration;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use super::outline::{FontFile, OutlineError, OutlinedText};

/// The sizes a logo is shipped at (the bundle's PNGs, the preview's tiles): the tile sizes of
/// the partner page and a larger one, which is also the one measured.
pub const RENDER_SIZES: [u32; 3] = [64, 128, 256];
/// The render the pixel measures read (the `LOGO` rules' visible pixels, position, contrast).
pub const MEASURED_SIZE: u32 = 256;
/// What a check alone renders: only what its rules read.
pub const CHECKED_SIZES: [u32; 1] = [MEASURED_SIZE];
/// Rendering (all sizes) is abandoned after this long by the command line's renderer: a safety
/// stop only, since the work bound keeps every accepted document far below it.
pub const TIME_BUDGET: Duration = Duration::from_secs(3);
/// Embedded raster images larger than this many pixels are not decoded.
const MAX_EMBEDDED_PIXELS: u64 = 4096 * 4096;

/// The renders of one logo, on a transparent background.
#[derive(Debug, Clone)]
pub struct Renders {
    /// One pixmap per size asked for, in that order.
    pub pixmaps: Vec<Pixmap>,
    /// The estimated work of rendering the logo at the shipped sizes ([`RENDER_SIZES`],
    /// [`super::work::estimate`]), whatever sizes were rendered: the same on every machine and
    /// for every command.
    pub work: u64,
    /// The PNGs the renderer encodes after the renders, where it does (a worker does, for the
    /// callers that ship them); `None` where this process encodes them when asked.
    pub encoded: Option<Arc<dyn EncodedPngs>>,
}

/// PNGs a renderer gives after the renders: it encodes them while the caller goes on with them.
pub trait EncodedPngs: Send + Sync + std::fmt::Debug {
    /// One PNG per render, in their order, waited for on the first call; an empty PNG, or none
    /// at all, where the renderer gave none (the caller then encodes that render itself).
    fn pngs(&self) -> &[Vec<u8>];
}

impl Renders {
    /// The render `size` px wide, if that size was rendered.
    pub fn at(&self, size: u32) -> Option<&Pixmap> {
        self.pixmaps.iter().find(|pixmap| pixmap.width() == size)
    }

    /// The PNG bytes of the render at `size`, if that size was rendered.
    pub fn png(&self, size: u32) -> Option<Vec<u8>> {
        self.encoded(size)
            .map(<[u8]>::to_vec)
            .or_else(|| self.at(size)?.encode_png().ok())
    }

    /// The PNG the renderer encoded for the render at `size`.
    fn encoded(&self, size: u32) -> Option<&[u8]> {
        let index = self
            .pixmaps
            .iter()
            .position(|pixmap| pixmap.width() == size)?;
        self.encoded
            .as_ref()?
            .pngs()
            .get(index)
            .map(Vec::as_slice)
            .filter(|png| !png.is_empty())
    }

    /// Whether the renderer encodes the PNGs (they are waited for, not encoded here).
    pub fn encoded_by_renderer(&self) -> bool {
        self.encoded.is_some()
    }

    /// The PNG bytes of the renders at each of `sizes`, as [`Renders::png`] gives them, the
    /// largest encoded on a thread of its own while the others are (inline where no thread can
    /// be started, as in a browser).
    pub fn pngs(&self, sizes: &[u32]) -> Vec<Option<Vec<u8>>> {
        let Some(&largest) = sizes.iter().max() else {
            return Vec::new();
        };
        if self.encoded_by_renderer() || self.at(largest).is_none() {
            return sizes.iter().map(|&size| self.png(size)).collect();
        }
        std::thread::scope(|scope| {
            let spawned = std::thread::Builder::new()
                .name("png".into())
                .spawn_scoped(scope, move || self.png(largest))
                .ok();
            let inline = spawned.is_none();
            let others: Vec<Option<Option<Vec<u8>>>> = sizes
                .iter()
                .map(|&size| (inline || size != largest).then(|| self.png(size)))
                .collect();
            let largest_png =
                spawned.map(|thread| thread.join().unwrap_or_else(|_| self.png(largest)));
            others
                .into_iter()
                .map(|png| png.unwrap_or_else(|| largest_png.clone().flatten()))
                .collect()
        })
    }
}

/// A render started by [`RenderLogo::start`].
pub enum PendingRender<'a> {
    Done(Result<Renders, RenderError>),
    /// Waits for the renders (within the renderer's budget, counted from the wait).
    Waiting(Box<dyn FnOnce() -> Result<Renders, RenderError> + Send + 'a>),
}

impl PendingRender<'_> {
    pub fn wait(self) -> Result<Renders, RenderError> {
        match self {
            PendingRender::Done(result) => result,
            PendingRender::Waiting(wait) => wait(),
        }
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
    /// The document needs more work than any render may take ([`super::work::MAX_WORK`]); it
    /// was not rendered.
    TooMuchWork { work: u64, cap: u64 },
    /// The renderer stopped without an answer (out of memory, aborted, killed by a limit): the
    /// reason in plain words.
    Failed(String),
}

/// Parses the pre-passed SVG text and renders it at each of `sizes` (px, square).
///
/// The check core renders only through this trait: how (on which thread or in which process)
/// and within what time is the caller's choice.
pub trait RenderLogo: Send + Sync {
    fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError>;

    /// Starts rendering as [`RenderLogo::render`] does and gives the renders when they are
    /// waited for, so the caller can do other work meanwhile (a worker process renders while
    /// the check reads the texts). By default the render is done at once.
    ///
    /// With `png`, the caller will want each render as PNG ([`Renders::png`]): a renderer
    /// that can encode them meanwhile does.
    fn start(&self, text: &str, sizes: &[u32], png: bool) -> PendingRender<'_> {
        let _ = png;
        PendingRender::Done(self.render(text, sizes))
    }

    /// Renders as [`RenderLogo::render`] does, with `fonts` for its live text (a repair's
    /// proof with `--font`). A renderer that takes no fonts says so.
    fn render_with_fonts(
        &self,
        text: &str,
        sizes: &[u32],
        fonts: &[FontFile],
    ) -> Result<Renders, OutlineError> {
        let _ = (text, sizes, fonts);
        Err(OutlineError::Render(RenderError::Failed(
            "this renderer takes no fonts".into(),
        )))
    }

    /// The outlines of the text elements with `ids` in `text`, drawn with `fonts`
    /// ([`super::outline::outline_now`]).
    fn outline(
        &self,
        text: &str,
        ids: &[String],
        fonts: &[FontFile],
    ) -> Result<Vec<OutlinedText>, OutlineError> {
        let _ = (text, ids, fonts);
        Err(OutlineError::Render(RenderError::Failed(
            "this renderer takes no fonts".into(),
        )))
    }
}

/// Renders on the calling thread, with no time budget: for the browser edition and tests.
#[derive(Debug, Clone, Copy, Default)]
pub struct InProcess;

impl RenderLogo for InProcess {
    fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
        render_caught(text, sizes)
    }

    fn render_with_fonts(
        &self,
        text: &str,
        sizes: &[u32],
        fonts: &[FontFile],
    ) -> Result<Renders, OutlineError> {
        caught(|| super::outline::render_with_fonts_now(text, sizes, fonts))
    }

    fn outline(
        &self,
        text: &str,
        ids: &[String],
        fonts: &[FontFile],
    ) -> Result<Vec<OutlinedText>, OutlineError> {
        caught(|| super::outline::outline_now(text, ids, fonts))
    }
}

/// `work()`, with a panic inside usvg turned into a refusal of the document.
pub fn caught<T>(work: impl FnOnce() -> Result<T, OutlineError>) -> Result<T, OutlineError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(OutlineError::Render(RenderError::Invalid(
            "the renderer failed on it (an internal error)".into(),
        )))
    })
}

/// [`render_now`], with a panic inside the renderer on some document it should have refused
/// turned into a finding about that document, not a crash of the run.
pub fn render_caught(text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
    std::panic::catch_unwind(|| render_now(text, sizes)).unwrap_or_else(|_| {
        Err(RenderError::Invalid(
            "the renderer failed on it (an internal error)".into(),
        ))
    })
}

/// The options of every render: no file, no URL, no font (a render with fonts adds them,
/// `super::outline`).
pub(crate) fn options() -> usvg::Options<'static> {
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

/// How far from the canvas, in pixels of the render, anything may reach. The rasterizer's
/// fixed-point arithmetic breaks from about 10⁹ px (a panic, or an abort of the whole process,
/// depending on the shape); no logo draws anything within orders of magnitude of this.
const MAX_DEVICE_EXTENT: f32 = 1.0e7;

/// Whether everything in `group`, the groups in it, and what they refer to (clip paths, masks,
/// patterns, filter images) stays within [`MAX_DEVICE_EXTENT`] once scaled by `scale`: every
/// node's bounds with stroke and filter regions, and the filters' own distances.
fn within_reach(group: &usvg::Group, scale: f32) -> bool {
    let reaches = |rect: usvg::Rect| {
        [rect.left(), rect.right(), rect.top(), rect.bottom()]
            .iter()
            .all(|edge| edge.is_finite() && edge.abs() * scale <= MAX_DEVICE_EXTENT)
    };
    filters_within_reach(group, scale)
        && group.children().iter().all(|node| {
            let mut inside = reaches(node.abs_stroke_bounding_box())
                && node
                    .abs_layer_bounding_box()
                    .is_none_or(|rect| reaches(rect.to_rect()));
            if let usvg::Node::Group(child) = node {
                inside = inside && within_reach(child, scale);
            }
            node.subroots(|root| inside = inside && within_reach(root, scale));
            inside
        })
}

/// Whether the distances in `group`'s filters (offsets, blur and morphology radii, displacement)
/// stay within [`MAX_DEVICE_EXTENT`] in render pixels.
fn filters_within_reach(group: &usvg::Group, scale: f32) -> bool {
    use usvg::filter::Kind;
    let (sx, sy) = group.abs_transform().get_scale();
    let factor = sx.max(sy) * scale;
    group.filters().iter().all(|filter| {
        filter.primitives().iter().all(|primitive| {
            let distances: Vec<f32> = match primitive.kind() {
                Kind::Offset(offset) => vec![offset.dx(), offset.dy()],
                Kind::DropShadow(shadow) => vec![
                    shadow.dx(),
                    shadow.dy(),
                    shadow.std_dev_x().get(),
                    shadow.std_dev_y().get(),
                ],
                Kind::GaussianBlur(blur) => vec![blur.std_dev_x().get(), blur.std_dev_y().get()],
                Kind::Morphology(morphology) => {
                    vec![morphology.radius_x().get(), morphology.radius_y().get()]
                }
                Kind::DisplacementMap(map) => vec![map.scale()],
                _ => Vec::new(),
            };
            distances.iter().all(|distance| {
                distance.is_finite() && (distance * factor).abs() <= MAX_DEVICE_EXTENT
            })
        })
    })
}

/// Parses and renders on the calling thread: what every [`RenderLogo`] runs in the end.
pub fn render_now(text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
    render_with_options(text, sizes, &options())
}

/// [`render_now`] with the given usvg options (the same, plus fonts, for a repair's proof).
pub(crate) fn render_with_options(
    text: &str,
    sizes: &[u32],
    options: &usvg::Options,
) -> Result<Renders, RenderError> {
    let tree = usvg::Tree::from_str(text, options).map_err(|error| match error {
        usvg::Error::InvalidSize => RenderError::Size,
        other => RenderError::Invalid(other.to_string()),
    })?;
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    if !(width > 0.0 && height > 0.0 && width.is_finite() && height.is_finite()) {
        return Err(RenderError::Size);
    }
    let work = super::work::estimate(&tree, &RENDER_SIZES);
    if work > super::work::MAX_WORK {
        return Err(RenderError::TooMuchWork {
            work,
            cap: super::work::MAX_WORK,
        });
    }
    let largest_scale = sizes
        .iter()
        .copied()
        .chain(RENDER_SIZES)
        .max()
        .unwrap_or(MEASURED_SIZE) as f32
        / width.max(height);
    if !within_reach(tree.root(), largest_scale) {
        return Err(RenderError::Invalid(
            "it draws at coordinates far outside its canvas (beyond 10,000,000 px at the 256 px \
             render)"
                .into(),
        ));
    }
    let mut pixmaps = Vec::with_capacity(sizes.len());
    for &target in sizes {
        let mut pixmap = Pixmap::new(target, target)
            .ok_or_else(|| RenderError::Invalid("could not allocate the canvas".into()))?;
        let side = target as f32;
        let scale = side / width.max(height);
        let transform = Transform::from_scale(scale, scale)
            .post_translate((side - width * scale) / 2.0, (side - height * scale) / 2.0);
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        pixmaps.push(pixmap);
    }
    Ok(Renders {
        pixmaps,
        work,
        encoded: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pngs_are_each_size_encoded_as_png_encodes_it() {
        let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#0078D4"/></svg>"##;
        let renders = InProcess.render(logo, &RENDER_SIZES).unwrap();
        let sizes = [256, 64, 999, 128, 256];
        let expected: Vec<Option<Vec<u8>>> = sizes.iter().map(|&size| renders.png(size)).collect();
        assert!(expected[0].is_some() && expected[2].is_none());
        assert_eq!(renders.pngs(&sizes), expected);
        assert_eq!(renders.pngs(&[]), Vec::<Option<Vec<u8>>>::new());
    }
}
