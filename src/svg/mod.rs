//! The logo: a safe XML pre-pass over the exact bytes the manifest stage read, the square check
//! from the document itself, fixed-size renders with usvg/resvg, and pixel measures. The result
//! is facts; the `LOGO` rules turn them into findings.

pub mod css;
pub mod doctype;
pub mod fingerprint;
pub mod measure;
pub mod outline;
pub mod prepass;
pub mod render;
pub mod size;
pub mod work;

use std::path::PathBuf;

use crate::diagnostics::SourceFile;
use crate::manifest::LoadedFile;

pub use doctype::{Doctype, DoctypeKind};
pub use measure::Measures;
pub use outline::{FontFile, OutlineError, OutlinedText};
pub use prepass::{Hazard, HazardKind, NotSvg, NotSvgKind};
pub use render::{
    CHECKED_SIZES, InProcess, MEASURED_SIZE, PendingRender, RENDER_SIZES, RenderError, RenderLogo,
    Renders,
};
pub use size::SizeFinding;

/// Everything known about the logo after one pass: read once, rendered once.
#[derive(Debug, Clone)]
pub struct Logo {
    pub path: PathBuf,
    pub byte_len: usize,
    /// The SVG text (BOM removed), when the bytes are UTF-8.
    pub source: Option<SourceFile>,
    pub not_svg: Option<NotSvg>,
    pub doctype: Option<Doctype>,
    pub hazards: Vec<Hazard>,
    pub element_count: usize,
    pub size_findings: Vec<SizeFinding>,
    /// `None` when the document was not rendered (it is not an SVG this tool reads).
    pub render: Option<Result<Renders, RenderError>>,
    /// Measured on the render at [`MEASURED_SIZE`].
    pub measures: Option<Measures>,
    /// The perceptual hash of the render at [`MEASURED_SIZE`] ([`fingerprint::dhash`]).
    pub fingerprint: Option<u64>,
}

impl Logo {
    pub fn renders(&self) -> Option<&Renders> {
        self.render.as_ref().and_then(|render| render.as_ref().ok())
    }
}

/// Analyses the logo file the manifest stage read, rendering it with `renderer` at `sizes`
/// ([`CHECKED_SIZES`] for a check, [`RENDER_SIZES`] for what ships the renders) and at
/// [`MEASURED_SIZE`] in any case.
pub fn analyze(file: &LoadedFile, renderer: &dyn RenderLogo, sizes: &[u32]) -> Logo {
    start(file, renderer, sizes).finish()
}

/// A logo read and pre-passed whose render is under way ([`RenderLogo::start`]).
pub struct Analyzing<'a> {
    logo: Logo,
    render: Option<PendingRender<'a>>,
}

impl Analyzing<'_> {
    /// Waits for the render and measures it.
    pub fn finish(self) -> Logo {
        let Analyzing { mut logo, render } = self;
        let Some(render) = render else {
            return logo;
        };
        let render = render.wait();
        if let Ok(renders) = &render {
            logo.measures = renders.at(MEASURED_SIZE).map(measure::measure);
            logo.fingerprint = renders.at(MEASURED_SIZE).and_then(fingerprint::dhash);
        }
        logo.render = Some(render);
        logo
    }
}

/// [`analyze`] up to the render, which is started and not waited for: the caller does other
/// work, then [`Analyzing::finish`]es.
pub fn start<'a>(file: &LoadedFile, renderer: &'a dyn RenderLogo, sizes: &[u32]) -> Analyzing<'a> {
    let mut logo = Logo {
        path: file.path.clone(),
        byte_len: file.bytes.len(),
        source: None,
        not_svg: None,
        doctype: None,
        hazards: Vec::new(),
        element_count: 0,
        size_findings: Vec::new(),
        render: None,
        measures: None,
        fingerprint: None,
    };
    let text = match prepass::decode(&file.bytes) {
        Ok(text) => text,
        Err(reason) => {
            let kind = if file.bytes.starts_with(prepass::GZIP_SIGNATURE) {
                NotSvgKind::Compressed
            } else {
                NotSvgKind::Other
            };
            logo.not_svg = Some(NotSvg {
                reason,
                kind,
                span: None,
            });
            return Analyzing { logo, render: None };
        }
    };
    let result = prepass::prepass(text);
    logo.source = Some(SourceFile::new(file.path.clone(), text.to_string()));
    logo.doctype = result.doctype;
    logo.hazards = result.hazards;
    logo.element_count = result.element_count;
    if let Some(not_svg) = result.not_svg {
        logo.not_svg = Some(not_svg);
        return Analyzing { logo, render: None };
    }
    if let Some(sizing) = &result.sizing {
        logo.size_findings = size::judge(sizing);
    }
    let mut sizes = sizes.to_vec();
    if !sizes.contains(&MEASURED_SIZE) {
        sizes.push(MEASURED_SIZE);
    }
    // A check renders only what it measures and ships nothing; the callers that ask for more
    // sizes ship each render as PNG.
    let ships = sizes != CHECKED_SIZES;
    let render = renderer.start(&result.parse_text, &sizes, ships);
    Analyzing {
        logo,
        render: Some(render),
    }
}
