//! Logo repair: bytes in, repaired bytes (with the proof that the artwork still looks the same)
//! or a typed refusal out.
//!
//! 1. The pre-pass reads the logo as a check does; a document it refuses is refused here.
//! 2. The tree is written anew ([`rewrite`]) without scripts, event handlers, external
//!    references, `<foreignObject>`, animation and editor metadata, keeping `<title>` (or adding
//!    one from the product name).
//! 3. The artwork's bounding box is measured on a render of the cleaned logo in its own
//!    `viewBox`; the new `viewBox` is the square centred on it with a margin of
//!    [`MARGIN`] of the side on each side, and `width`/`height` are set to its side. A logo that
//!    is already square, with its artwork centred and large enough, keeps its frame.
//! 4. The proof ([`proof`]): the repaired logo at 64, 128 and 256 px against the original
//!    rendered finer and moved by the change of frame; any size outside the tolerance refuses the
//!    repair with the measured difference.
//!
//! Every render goes through the caller's [`RenderLogo`] (the command line's confined worker).
//! Live `<text>` is outlined when the caller gives fonts ([`RepairOptions::fonts`], `mdelist
//! fix --font`): the renderer parses the logo with those fonts only and gives each text
//! element's paths, which replace the element (a group keeping its attributes, its words in an
//! `aria-label`); the proof then compares the original drawn with the fonts against the
//! outlined repair drawn without any. A text that asks for font families none of the fonts
//! provides, or a character the chosen face has no glyph for, refuses the repair. Without
//! fonts the text is kept, and the repair is display-only: the renderer draws no text, so the
//! proof says nothing about it.

pub mod proof;
pub mod rewrite;

use roxmltree::{Document, ParsingOptions};

use crate::svg::outline::OutlineError;
use crate::svg::prepass::{self, MAX_NODES};
use crate::svg::{FontFile, HazardKind, RenderError, RenderLogo};

pub use proof::{Comparison, Placement};
pub use rewrite::Removed;

/// The sizes the proof compares at: the partner page's tile sizes and the measuring size.
pub const PROOF_SIZES: [u32; 3] = [64, 128, 256];
/// The side of the render the artwork's bounding box is measured on.
pub const MEASURE_SIDE: u32 = 1024;
/// The margin around the artwork in a new frame, as a share of the side on each side: the
/// artwork's longer side spans 7/8 of the tile.
pub const MARGIN: f64 = 1.0 / 16.0;
/// A square frame is kept when the artwork's centre is within this share of the side of the
/// canvas centre...
const KEEP_CENTRE: f64 = 0.01;
/// ... and its longer side spans at least this share of the canvas.
const KEEP_EXTENT: f64 = 0.6;
/// The largest side the renderer draws.
const MAX_RENDER_SIDE: u32 = 1024;

/// What the repair needs besides the bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct RepairOptions<'a> {
    /// The product's name, for a `<title>` when the logo has none.
    pub title: Option<&'a str>,
    /// Fonts to outline live text with; generic families and text without a `font-family`
    /// take the first.
    pub fonts: &'a [FontFile],
}

/// A repaired logo, with what was done and the proof.
#[derive(Debug, Clone)]
pub struct Repaired {
    pub bytes: Vec<u8>,
    pub removed: Removed,
    /// The `viewBox` before (as written; `None` when there was none) and after.
    pub view_box_before: Option<String>,
    pub view_box_after: String,
    /// Whether the frame changed (a new square viewBox centred on the artwork).
    pub reframed: bool,
    /// Whether a `<title>` was added.
    pub title_added: bool,
    pub proof: Vec<Comparison>,
    /// Why the repair may be shown but not applied, when it may not (live text).
    pub display_only: Option<String>,
    /// How many `<text>` elements were outlined with the given fonts.
    pub outlined_texts: usize,
}

impl Repaired {
    /// Whether the repair changes the file at all.
    pub fn changes(&self, original: &[u8]) -> bool {
        self.bytes != original
    }
}

/// Why a logo was not repaired.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("it is not an SVG document this tool reads: {0}")]
    NotSvg(String),
    #[error("its size cannot be resolved: {0}")]
    NoSize(String),
    #[error(
        "its width and height stretch the viewBox (preserveAspectRatio=\"none\"), so the intended proportions are unknown"
    )]
    Stretched,
    #[error(
        "its width and height crop the viewBox (preserveAspectRatio=\"… slice\"), so which part is the artwork is unknown"
    )]
    Sliced,
    #[error("it could not be rendered: {0}")]
    Unrendered(String),
    #[error("it draws nothing visible, so there is no artwork to centre")]
    Blank,
    #[error(
        "its artwork is too small in its canvas ({share:.1} % of the side) to be compared pixel by pixel"
    )]
    TooSmall { share: f64 },
    #[error(
        "the repaired logo would not look the same: at {size} px, {differing:.1} % of the artwork's pixels differ by more than {pixel:.0} % (tolerance {tolerance:.0} %), mean difference {mean:.1} % (tolerance {mean_tolerance:.0} %)",
        size = .0.size,
        differing = .0.differing * 100.0,
        pixel = proof::PIXEL_TOLERANCE * 100.0,
        tolerance = proof::DIFFERING_TOLERANCE * 100.0,
        mean = .0.mean * 100.0,
        mean_tolerance = proof::MEAN_TOLERANCE * 100.0
    )]
    Different(Comparison),
    #[error("the rewrite left {0} in it (a defect of the repair; nothing was written)")]
    Residual(String),
    #[error("font file {} of those given is not a font", .0 + 1)]
    NotAFont(usize),
    #[error(
        "the text \"{text}\" asks for the font {} {}, and the fonts given with --font provide only {}: outlined with another font the wordmark would change; give the font it asks for",
        if asked.len() == 1 { "family" } else { "families" },
        asked.join(", "),
        quoted(provided)
    )]
    FamilyNotProvided {
        text: String,
        asked: Vec<String>,
        provided: Vec<String>,
    },
    #[error(
        "the font \"{family}\" has no glyph for U+{:04X} (\"{character}\") in the text \"{text}\", which would be drawn as an empty box; give a font that has it",
        u32::from(*character)
    )]
    MissingGlyph {
        text: String,
        character: char,
        family: String,
    },
    #[error("the text \"{text}\" cannot be outlined: {reason}")]
    NotOutlined { text: String, reason: String },
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn outline_refusal(error: OutlineError) -> Refusal {
    match error {
        OutlineError::Render(error) => render_error(error),
        OutlineError::NotAFont { index } => Refusal::NotAFont(index),
        OutlineError::FamilyNotProvided {
            text,
            asked,
            provided,
        } => Refusal::FamilyNotProvided {
            text,
            asked,
            provided,
        },
        OutlineError::MissingGlyph {
            text,
            character,
            family,
        } => Refusal::MissingGlyph {
            text,
            character,
            family,
        },
        OutlineError::Unsupported { text, reason } => Refusal::NotOutlined { text, reason },
    }
}

/// The kinds of hazard the repair removes; the repaired text is checked for them again.
const REMOVED_KINDS: &[HazardKind] = &[
    HazardKind::Script,
    HazardKind::EventHandler,
    HazardKind::JavascriptUrl,
    HazardKind::ExternalReference,
    HazardKind::EmbeddedSvg,
    HazardKind::ForeignObject,
    HazardKind::Animation,
    HazardKind::CssAnimation,
];

/// The original's frame: how its user coordinates land on its canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Frame {
    view_box: [f64; 4],
    /// The document's width and height (the canvas the renderer fits into its square).
    size: [f64; 2],
    /// Where the viewBox sits in a canvas of another aspect (0, ½ or 1 on each axis).
    align: [f64; 2],
}

impl Frame {
    /// Where user coordinates land in a square render of side `side`: the renderer fits the
    /// document's size into the square, centred, and the viewBox into the size (meet).
    fn placement(&self, side: u32) -> Placement {
        let [vx, vy, vw, vh] = self.view_box;
        let [width, height] = self.size;
        let side = f64::from(side);
        let fit = side / width.max(height);
        let canvas_offset = [(side - width * fit) / 2.0, (side - height * fit) / 2.0];
        let meet = (width / vw).min(height / vh);
        let inner = [
            (width - vw * meet) * self.align[0] - vx * meet,
            (height - vh * meet) * self.align[1] - vy * meet,
        ];
        Placement {
            scale: meet * fit,
            offset: [
                canvas_offset[0] + fit * inner[0],
                canvas_offset[1] + fit * inner[1],
            ],
        }
    }
}

fn differs(a: f64, b: f64) -> bool {
    (a / b - 1.0).abs() > crate::svg::size::SQUARE_TOLERANCE
}

/// The original's frame from its root attributes, as the renderer reads them.
fn frame(sizing: &prepass::RootSizing) -> Result<Frame, Refusal> {
    use crate::svg::size::{Length, parse_length, parse_view_box};
    let view_box = match &sizing.view_box {
        Some((value, _)) => Some(parse_view_box(value).map_err(Refusal::NoSize)?),
        None => None,
    };
    if let Some([_, _, w, h]) = view_box
        && !(w > 0.0 && h > 0.0)
    {
        return Err(Refusal::NoSize("the viewBox is empty".into()));
    }
    let length = |attribute: &Option<(String, std::ops::Range<usize>)>, axis: usize| {
        let Some((value, _)) = attribute else {
            return Ok(None);
        };
        match parse_length(value).map_err(Refusal::NoSize)? {
            Length::Pixels(px) if px > 0.0 => Ok(Some(px)),
            Length::Percent(percent) if percent > 0.0 => match view_box {
                Some(numbers) => Ok(Some(numbers[2 + axis] * percent / 100.0)),
                None => Err(Refusal::NoSize(format!(
                    "a size of {value} needs a viewBox to resolve against"
                ))),
            },
            _ => Err(Refusal::NoSize(format!(
                "a size of {value} is not above zero"
            ))),
        }
    };
    let width = length(&sizing.width, 0)?;
    let height = length(&sizing.height, 1)?;
    let view_box = match (view_box, width, height) {
        (Some(numbers), _, _) => numbers,
        (None, Some(width), Some(height)) => [0.0, 0.0, width, height],
        _ => {
            return Err(Refusal::NoSize("no viewBox and no width and height".into()));
        }
    };
    let size = [width.unwrap_or(view_box[2]), height.unwrap_or(view_box[3])];
    let mut align = [0.5, 0.5];
    if differs(size[0] / size[1], view_box[2] / view_box[3]) {
        let value = sizing.preserve_aspect_ratio.as_deref().unwrap_or("").trim();
        let value = value.strip_prefix("defer").unwrap_or(value).trim();
        let mut words = value.split_whitespace();
        let alignment = words.next().unwrap_or("xMidYMid");
        if alignment == "none" {
            return Err(Refusal::Stretched);
        }
        if words.next() == Some("slice") {
            return Err(Refusal::Sliced);
        }
        let position = |name: &str| match name {
            "Min" => 0.0,
            "Max" => 1.0,
            _ => 0.5,
        };
        if alignment.len() == 8 && alignment.is_ascii() {
            align = [position(&alignment[1..4]), position(&alignment[5..8])];
        }
    }
    Ok(Frame {
        view_box,
        size,
        align,
    })
}

/// A number for an attribute: no more decimals than the side of the frame calls for.
fn number(value: f64, side: f64) -> String {
    let decimals = (4 - side.abs().max(1e-9).log10().floor() as i32).clamp(0, 6) as usize;
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".into() } else { text }
}

fn render_error(error: RenderError) -> Refusal {
    Refusal::Unrendered(match error {
        RenderError::Invalid(message) => message,
        RenderError::Size => "it has no usable size".into(),
        RenderError::TimedOut => "rendering did not finish in time".into(),
        RenderError::TooMuchWork { work, cap } => {
            format!("it needs an estimated {work} pixel operations, over the limit of {cap}")
        }
        RenderError::Failed(reason) => reason,
    })
}

/// The visible pixels' box (left, top, right, bottom; any alpha above zero) of a render.
fn drawn_box(pixmap: &resvg::tiny_skia::Pixmap) -> Option<[u32; 4]> {
    let side = pixmap.width();
    let mut found: Option<[u32; 4]> = None;
    for (index, pixel) in pixmap.pixels().iter().enumerate() {
        if pixel.alpha() == 0 {
            continue;
        }
        let (x, y) = (index as u32 % side, index as u32 / side);
        let edges = found.get_or_insert([x, y, x + 1, y + 1]);
        edges[0] = edges[0].min(x);
        edges[1] = edges[1].min(y);
        edges[2] = edges[2].max(x + 1);
        edges[3] = edges[3].max(y + 1);
    }
    found
}

/// The LOGO findings the repair addresses: a finding among these starts a repair in
/// `mdelist fix`, and carries a fix that says so.
pub const REPAIRED_CODES: &[&str] = &[
    "LOGO002", "LOGO003", "LOGO005", "LOGO006", "LOGO008", "LOGO009", "LOGO010", "LOGO013",
    "LOGO014",
];

/// The logo read and its frame resolved: the repair's first steps, which render nothing.
fn framed(bytes: &[u8]) -> Result<(prepass::Prepass, Frame), Refusal> {
    let text = prepass::decode(bytes).map_err(Refusal::NotSvg)?;
    let checked = prepass::prepass(text);
    if let Some(not_svg) = &checked.not_svg {
        return Err(Refusal::NotSvg(not_svg.reason.clone()));
    }
    if checked
        .doctype
        .as_ref()
        .is_some_and(|doctype| !matches!(doctype.kind, crate::svg::DoctypeKind::Plain))
    {
        return Err(Refusal::NotSvg(
            "it declares entities or an external DTD subset, which the repair does not expand"
                .into(),
        ));
    }
    let sizing = checked.sizing.clone().unwrap_or_default();
    let frame = frame(&sizing)?;
    Ok((checked, frame))
}

/// Why the repair would be refused before it renders anything (the logo is not an SVG it
/// reads, its size cannot be resolved, it is stretched or cropped), or `None` when it would go
/// on to render and prove. Cheap enough for a check.
pub fn refused_before_rendering(bytes: &[u8]) -> Option<Refusal> {
    framed(bytes).err()
}

/// Repairs the logo `bytes`, rendering through `renderer`.
pub fn repair(
    bytes: &[u8],
    options: RepairOptions,
    renderer: &dyn RenderLogo,
) -> Result<Repaired, Refusal> {
    let (checked, original_frame) = framed(bytes)?;
    let sizing = checked.sizing.clone().unwrap_or_default();
    let parse_options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(&checked.parse_text, parse_options)
        .map_err(|error| Refusal::NotSvg(error.to_string()))?;
    let root = document.root_element();

    // The cleaned logo in its own viewBox, with no width or height: the render's square then
    // holds the viewBox exactly, fitted and centred.
    let [vx, vy, vw, vh] = original_frame.view_box;
    let own_side = vw.max(vh);
    let own = rewrite::RootFrame {
        view_box: [vx, vy, vw, vh]
            .map(|value| number(value, own_side))
            .join(" "),
        size: None,
    };
    // Live text outlined with the given fonts, found by the ids the tagged rewrite gives it.
    let has_text = checked
        .hazards
        .iter()
        .any(|hazard| hazard.kind == HazardKind::Text);
    let outlines = if has_text && !options.fonts.is_empty() {
        let (tagged, _, count) =
            rewrite::rewrite_with(root, &own, options.title, rewrite::TextMode::Tag);
        let ids: Vec<String> = (0..count).map(rewrite::text_id).collect();
        Some(
            renderer
                .outline(&tagged, &ids, options.fonts)
                .map_err(outline_refusal)?,
        )
    } else {
        None
    };
    let text_mode = match &outlines {
        Some(outlined) => rewrite::TextMode::Outline(outlined),
        None => rewrite::TextMode::Keep,
    };
    let (measuring_text, _, _) = rewrite::rewrite_with(root, &own, options.title, text_mode);
    let measured = renderer
        .render(&measuring_text, &[MEASURE_SIDE])
        .map_err(render_error)?;
    let measure_pixmap = measured
        .pixmaps
        .first()
        .ok_or_else(|| Refusal::Unrendered("the renderer gave no image".into()))?;
    let [left, top, right, bottom] = drawn_box(measure_pixmap).ok_or(Refusal::Blank)?;
    let own_at = Frame {
        view_box: original_frame.view_box,
        size: [vw, vh],
        align: [0.5, 0.5],
    }
    .placement(MEASURE_SIDE);
    let to_user = |pixel: f64, axis: usize| (pixel - own_at.offset[axis]) / own_at.scale;
    let artwork = [
        to_user(f64::from(left), 0),
        to_user(f64::from(top), 1),
        to_user(f64::from(right), 0),
        to_user(f64::from(bottom), 1),
    ];
    let art_width = artwork[2] - artwork[0];
    let art_height = artwork[3] - artwork[1];
    let centre = [
        (artwork[0] + artwork[2]) / 2.0,
        (artwork[1] + artwork[3]) / 2.0,
    ];

    let square = !differs(vw, vh) && !differs(original_frame.size[0], original_frame.size[1]);
    let centred = ((centre[0] - (vx + vw / 2.0)).powi(2) + (centre[1] - (vy + vh / 2.0)).powi(2))
        .sqrt()
        <= KEEP_CENTRE * own_side;
    let large = art_width.max(art_height) >= KEEP_EXTENT * own_side;
    let keep = square && centred && large && sizing.view_box.is_some();
    let (new_frame, view_box_numbers) = if keep {
        let view_box = sizing
            .view_box
            .as_ref()
            .map(|(value, _)| value.trim().to_string())
            .unwrap_or_default();
        let size = match (&sizing.width, &sizing.height) {
            (None, None) => None,
            (Some((width, _)), Some((height, _))) => {
                Some((width.trim().to_string(), height.trim().to_string()))
            }
            (Some((one, _)), None) | (None, Some((one, _))) => {
                Some((one.trim().to_string(), one.trim().to_string()))
            }
        };
        (rewrite::RootFrame { view_box, size }, [vx, vy, vw.max(vh)])
    } else {
        let side = art_width.max(art_height) / (1.0 - 2.0 * MARGIN);
        let x = centre[0] - side / 2.0;
        let y = centre[1] - side / 2.0;
        let (x_text, y_text, side_text) = (number(x, side), number(y, side), number(side, side));
        let parse = |text: &str| text.parse::<f64>().unwrap_or(0.0);
        let numbers = [parse(&x_text), parse(&y_text), parse(&side_text)];
        (
            rewrite::RootFrame {
                view_box: format!("{x_text} {y_text} {side_text} {side_text}"),
                size: Some((side_text.clone(), side_text)),
            },
            numbers,
        )
    };
    let (repaired_text, removed, _) =
        rewrite::rewrite_with(root, &new_frame, options.title, text_mode);

    // The repair is checked by the pre-pass that finds what it removes.
    let again = prepass::prepass(&repaired_text);
    if let Some(not_svg) = again.not_svg {
        return Err(Refusal::Residual(format!(
            "a document the pre-pass refuses ({})",
            not_svg.reason
        )));
    }
    if let Some(residual) = again
        .hazards
        .iter()
        .find(|hazard| REMOVED_KINDS.contains(&hazard.kind))
    {
        return Err(Refusal::Residual(residual.detail.clone()));
    }
    let display_only = again
        .hazards
        .iter()
        .find(|hazard| hazard.kind == HazardKind::Text)
        .map(|hazard| {
            format!(
                "the logo has live text (\"{}\"), which cannot be outlined without its font and \
                 which the renderer does not draw, so the proof cannot cover it; convert the \
                 text to paths in the design tool",
                hazard.detail
            )
        });

    // The proof.
    let [fx, fy, side] = view_box_numbers;
    let repaired_at = |size: u32| Placement {
        scale: f64::from(size) / side,
        offset: [-fx * f64::from(size) / side, -fy * f64::from(size) / side],
    };
    let unit = original_frame.placement(1).scale;
    let original_sizes: Vec<u32> = PROOF_SIZES
        .iter()
        .map(|&size| {
            let wanted = proof::SUPERSAMPLE * (f64::from(size) / side) / unit;
            (wanted.ceil() as u32).clamp(16, MAX_RENDER_SIDE)
        })
        .collect();
    for (&size, &original_size) in PROOF_SIZES.iter().zip(&original_sizes) {
        let ratio = original_frame.placement(original_size).scale / repaired_at(size).scale;
        if ratio < proof::MIN_SCALE_RATIO {
            return Err(Refusal::TooSmall {
                share: 100.0 * art_width.max(art_height) / own_side,
            });
        }
    }
    let repaired_renders = renderer
        .render(&repaired_text, &PROOF_SIZES)
        .map_err(render_error)?;
    // The original with the fonts its text is outlined with; the repair needs none.
    let original_renders = if outlines.is_some() {
        renderer
            .render_with_fonts(&checked.parse_text, &original_sizes, options.fonts)
            .map_err(outline_refusal)?
    } else {
        renderer
            .render(&checked.parse_text, &original_sizes)
            .map_err(render_error)?
    };
    let mut comparisons = Vec::with_capacity(PROOF_SIZES.len());
    for (index, &size) in PROOF_SIZES.iter().enumerate() {
        let (Some(repaired), Some(original)) = (
            repaired_renders.pixmaps.get(index),
            original_renders.pixmaps.get(index),
        ) else {
            return Err(Refusal::Unrendered(
                "the renderer gave too few images".into(),
            ));
        };
        let comparison = proof::compare(
            repaired,
            repaired_at(size),
            original,
            original_frame.placement(original_sizes[index]),
        );
        if !comparison.holds() {
            return Err(Refusal::Different(comparison));
        }
        comparisons.push(comparison);
    }
    let title_added = options.title.is_some_and(|title| !title.trim().is_empty())
        && !root
            .children()
            .any(|child| child.is_element() && child.tag_name().name() == "title");
    Ok(Repaired {
        bytes: repaired_text.into_bytes(),
        removed,
        view_box_before: sizing.view_box.map(|(value, _)| value),
        view_box_after: new_frame.view_box,
        reframed: !keep,
        title_added,
        proof: comparisons,
        display_only,
        outlined_texts: outlines.as_ref().map_or(0, Vec::len),
    })
}

/// The placement of the repaired logo at `size`, for comparing another renderer's image of it
/// with the original ([`proof::compare`]).
pub fn repaired_placement(repaired: &Repaired, size: u32) -> Option<Placement> {
    let numbers: Vec<f64> = repaired
        .view_box_after
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect();
    let [x, y, w, h] = numbers.as_slice() else {
        return None;
    };
    let side = w.max(*h);
    let scale = f64::from(size) / side;
    Some(Placement {
        scale,
        offset: [
            -x * scale + (f64::from(size) - w * scale) / 2.0,
            -y * scale + (f64::from(size) - h * scale) / 2.0,
        ],
    })
}

/// The placement of the original logo `bytes` in a render of side `size`, as [`repair`] uses it.
pub fn original_placement(bytes: &[u8], size: u32) -> Result<Placement, Refusal> {
    let text = prepass::decode(bytes).map_err(Refusal::NotSvg)?;
    let checked = prepass::prepass(text);
    let sizing = checked
        .sizing
        .ok_or_else(|| Refusal::NotSvg("no <svg> root".into()))?;
    Ok(frame(&sizing)?.placement(size))
}
