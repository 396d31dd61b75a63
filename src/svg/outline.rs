//! Live `<text>` turned into outlines with fonts the caller supplies (`mdelist fix --font`):
//! the font database is built from those bytes only, never from the system, and only for the
//! repair; a check renders with an empty database, so it draws no text.
//!
//! [`outline_now`] parses a logo whose `<text>` elements carry ids, and gives for each text
//! element the paths usvg draws for it, in the text element's own user space (after its
//! `transform`), with each span's paint. Before it outlines anything it checks what the text
//! asks for: a font family that the given fonts provide (generic families map to the first
//! given font), and a glyph for every character in the face that would draw it.

use std::sync::Arc;

use resvg::usvg;
use usvg::fontdb;
use usvg::tiny_skia_path::PathSegment;

use super::render::{RenderError, Renders};

/// The bytes of one font file (TrueType, OpenType or a collection of them).
pub type FontFile = Arc<Vec<u8>>;

/// At most this many font files per repair.
pub const MAX_FONTS: usize = 4;
/// The largest font file.
pub const MAX_FONT_BYTES: usize = 32 * 1024 * 1024;
/// The most font bytes one request carries, all files together.
pub const MAX_FONTS_TOTAL_BYTES: usize = 64 * 1024 * 1024;

/// One `<text>` element outlined: its id (as written, or the one the repair gave it) and its
/// paths, in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlinedText {
    pub id: String,
    pub paths: Vec<OutlinePath>,
}

/// One outlined path: its data in the text element's user space, and its paint.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlinePath {
    /// Path data with absolute `M`, `L`, `Q`, `C` and `Z` commands only.
    pub d: String,
    pub fill: Option<FillPaint>,
    pub stroke: Option<StrokePaint>,
    /// The stroke is painted under the fill (`paint-order: stroke`).
    pub stroke_first: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FillPaint {
    pub color: [u8; 3],
    pub opacity: f32,
    pub even_odd: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StrokePaint {
    pub color: [u8; 3],
    pub opacity: f32,
    pub width: f32,
    /// 0 butt, 1 round, 2 square.
    pub cap: u8,
    /// 0 miter, 1 miter-clip, 2 round, 3 bevel.
    pub join: u8,
    pub miter_limit: f32,
    pub dashes: Vec<f32>,
    pub dash_offset: f32,
}

/// Why the text could not be outlined.
#[derive(Debug, Clone, PartialEq)]
pub enum OutlineError {
    /// The logo could not be parsed or rendered.
    Render(RenderError),
    /// The font file at this index (of those given) holds no font.
    NotAFont { index: usize },
    /// A text asks for named font families, none of which the given fonts provide.
    FamilyNotProvided {
        text: String,
        asked: Vec<String>,
        provided: Vec<String>,
    },
    /// The face that would draw `text` has no glyph for `character`.
    MissingGlyph {
        text: String,
        character: char,
        family: String,
    },
    /// The text is drawn in a way the outline cannot carry (a gradient paint, a colour or
    /// bitmap glyph): the reason in plain words.
    Unsupported { text: String, reason: String },
}

/// The English (else first) family name of a face.
fn family_name(face: &fontdb::FaceInfo) -> String {
    face.families
        .iter()
        .find(|(_, language)| *language == fontdb::Language::English_UnitedStates)
        .or_else(|| face.families.first())
        .map(|(name, _)| name.clone())
        .unwrap_or_default()
}

/// The font database of `fonts`, with every generic family (serif, sans-serif, monospace,
/// cursive, fantasy) mapped to the first font's family, and the families the files provide in
/// the order given.
pub fn database(fonts: &[FontFile]) -> Result<(fontdb::Database, Vec<String>), OutlineError> {
    let mut database = fontdb::Database::new();
    let mut provided: Vec<String> = Vec::new();
    for (index, font) in fonts.iter().enumerate() {
        let ids = database.load_font_source(fontdb::Source::Binary(font.clone()));
        if ids.is_empty() {
            return Err(OutlineError::NotAFont { index });
        }
        for id in ids {
            if let Some(face) = database.face(id) {
                let name = family_name(face);
                if !name.is_empty() && !provided.contains(&name) {
                    provided.push(name);
                }
            }
        }
    }
    if let Some(first) = provided.first() {
        database.set_serif_family(first.clone());
        database.set_sans_serif_family(first.clone());
        database.set_monospace_family(first.clone());
        database.set_cursive_family(first.clone());
        database.set_fantasy_family(first.clone());
    }
    Ok((database, provided))
}

/// The usvg options of a render with `fonts`: the text without a `font-family` takes the first
/// given font's family.
fn options_with(fonts: &[FontFile]) -> Result<(usvg::Options<'static>, Vec<String>), OutlineError> {
    let (database, provided) = database(fonts)?;
    let mut options = super::render::options();
    options.fontdb = Arc::new(database);
    if let Some(first) = provided.first() {
        options.font_family = first.clone();
    }
    Ok((options, provided))
}

/// [`super::render::render_now`] with `fonts` loaded, so live text is drawn.
pub fn render_with_fonts_now(
    text: &str,
    sizes: &[u32],
    fonts: &[FontFile],
) -> Result<Renders, OutlineError> {
    let (options, _) = options_with(fonts)?;
    super::render::render_with_options(text, sizes, &options).map_err(OutlineError::Render)
}

/// The string a text draws, with its runs of white space made one space.
fn drawn_string(text: &usvg::Text) -> String {
    text.chunks()
        .iter()
        .map(|chunk| chunk.text())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks what `text` asks for against `database`: a provided family, and a glyph for each
/// character in the face chosen for it.
fn check_text(
    text: &usvg::Text,
    database: &fontdb::Database,
    provided: &[String],
) -> Result<(), OutlineError> {
    let drawn = drawn_string(text);
    for chunk in text.chunks() {
        for span in chunk.spans() {
            let font = span.font();
            let named: Vec<&str> = font
                .families()
                .iter()
                .filter_map(|family| match family {
                    usvg::FontFamily::Named(name) => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            let matched = named.is_empty()
                || named.iter().any(|name| {
                    provided
                        .iter()
                        .any(|given| given.eq_ignore_ascii_case(name))
                });
            if !matched {
                let asked = font.families().iter().map(ToString::to_string).collect();
                return Err(OutlineError::FamilyNotProvided {
                    text: drawn,
                    asked,
                    provided: provided.to_vec(),
                });
            }
            let families: Vec<fontdb::Family> = font
                .families()
                .iter()
                .map(|family| match family {
                    usvg::FontFamily::Serif => fontdb::Family::Serif,
                    usvg::FontFamily::SansSerif => fontdb::Family::SansSerif,
                    usvg::FontFamily::Cursive => fontdb::Family::Cursive,
                    usvg::FontFamily::Fantasy => fontdb::Family::Fantasy,
                    usvg::FontFamily::Monospace => fontdb::Family::Monospace,
                    usvg::FontFamily::Named(name) => fontdb::Family::Name(name),
                })
                .chain([fontdb::Family::Serif])
                .collect();
            let query = fontdb::Query {
                families: &families,
                weight: fontdb::Weight(font.weight()),
                stretch: match font.stretch() {
                    usvg::FontStretch::UltraCondensed => fontdb::Stretch::UltraCondensed,
                    usvg::FontStretch::ExtraCondensed => fontdb::Stretch::ExtraCondensed,
                    usvg::FontStretch::Condensed => fontdb::Stretch::Condensed,
                    usvg::FontStretch::SemiCondensed => fontdb::Stretch::SemiCondensed,
                    usvg::FontStretch::Normal => fontdb::Stretch::Normal,
                    usvg::FontStretch::SemiExpanded => fontdb::Stretch::SemiExpanded,
                    usvg::FontStretch::Expanded => fontdb::Stretch::Expanded,
                    usvg::FontStretch::ExtraExpanded => fontdb::Stretch::ExtraExpanded,
                    usvg::FontStretch::UltraExpanded => fontdb::Stretch::UltraExpanded,
                },
                style: match font.style() {
                    usvg::FontStyle::Normal => fontdb::Style::Normal,
                    usvg::FontStyle::Italic => fontdb::Style::Italic,
                    usvg::FontStyle::Oblique => fontdb::Style::Oblique,
                },
            };
            let Some(id) = database.query(&query) else {
                return Err(OutlineError::FamilyNotProvided {
                    text: drawn,
                    asked: font.families().iter().map(ToString::to_string).collect(),
                    provided: provided.to_vec(),
                });
            };
            let family = database.face(id).map(family_name).unwrap_or_default();
            let content = chunk.text().get(span.start()..span.end()).unwrap_or("");
            if let Some(character) = content
                .chars()
                .find(|&c| !c.is_control() && !has_glyph(database, id, c))
            {
                return Err(OutlineError::MissingGlyph {
                    text: drawn,
                    character,
                    family,
                });
            }
        }
    }
    Ok(())
}

/// Whether the face `id` maps `character` to a glyph in its character map.
fn has_glyph(database: &fontdb::Database, id: fontdb::ID, character: char) -> bool {
    database
        .with_face_data(id, |data, index| {
            skrifa::FontRef::from_index(data, index)
                .ok()
                .and_then(|font| skrifa::MetadataProvider::charmap(&font).map(character))
                .is_some_and(|glyph| glyph.to_u32() != 0)
        })
        .unwrap_or(false)
}

/// A number in path data: at most three decimals, no trailing zeros.
fn coordinate(value: f32) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".into()
    } else {
        text.to_string()
    }
}

fn path_data(path: &usvg::tiny_skia_path::Path) -> String {
    let mut parts = Vec::new();
    let point = |p: usvg::tiny_skia_path::Point| format!("{} {}", coordinate(p.x), coordinate(p.y));
    for segment in path.segments() {
        parts.push(match segment {
            PathSegment::MoveTo(p) => format!("M{}", point(p)),
            PathSegment::LineTo(p) => format!("L{}", point(p)),
            PathSegment::QuadTo(a, p) => format!("Q{} {}", point(a), point(p)),
            PathSegment::CubicTo(a, b, p) => format!("C{} {} {}", point(a), point(b), point(p)),
            PathSegment::Close => "Z".into(),
        });
    }
    parts.join("")
}

fn color(paint: &usvg::Paint) -> Option<[u8; 3]> {
    match paint {
        usvg::Paint::Color(color) => Some([color.red, color.green, color.blue]),
        _ => None,
    }
}

/// The paths of an outlined text (its flattened group), or why they cannot be written.
fn outline_paths(group: &usvg::Group, drawn: &str) -> Result<Vec<OutlinePath>, OutlineError> {
    let unsupported = |reason: &str| OutlineError::Unsupported {
        text: drawn.to_string(),
        reason: reason.to_string(),
    };
    let mut paths = Vec::new();
    for node in group.children() {
        let usvg::Node::Path(path) = node else {
            return Err(unsupported(
                "its font draws glyphs as colour layers or images, which are not outlines",
            ));
        };
        if !path.is_visible() {
            continue;
        }
        let fill = match path.fill() {
            None => None,
            Some(fill) => Some(FillPaint {
                color: color(fill.paint())
                    .ok_or_else(|| unsupported("it is filled with a gradient or a pattern"))?,
                opacity: fill.opacity().get(),
                even_odd: fill.rule() == usvg::FillRule::EvenOdd,
            }),
        };
        let stroke = match path.stroke() {
            None => None,
            Some(stroke) => Some(StrokePaint {
                color: color(stroke.paint())
                    .ok_or_else(|| unsupported("it is stroked with a gradient or a pattern"))?,
                opacity: stroke.opacity().get(),
                width: stroke.width().get(),
                cap: match stroke.linecap() {
                    usvg::LineCap::Butt => 0,
                    usvg::LineCap::Round => 1,
                    usvg::LineCap::Square => 2,
                },
                join: match stroke.linejoin() {
                    usvg::LineJoin::Miter => 0,
                    usvg::LineJoin::MiterClip => 1,
                    usvg::LineJoin::Round => 2,
                    usvg::LineJoin::Bevel => 3,
                },
                miter_limit: stroke.miterlimit().get(),
                dashes: stroke.dasharray().map(<[f32]>::to_vec).unwrap_or_default(),
                dash_offset: stroke.dashoffset(),
            }),
        };
        paths.push(OutlinePath {
            d: path_data(path.data()),
            fill,
            stroke,
            stroke_first: path.paint_order() == usvg::PaintOrder::StrokeAndFill,
        });
    }
    Ok(paths)
}

/// Parses `svg` with `fonts` and outlines every text node whose id is one of `ids` (the first
/// node of each id; a `<use>` of a text draws the same outlines).
pub fn outline_now(
    svg: &str,
    ids: &[String],
    fonts: &[FontFile],
) -> Result<Vec<OutlinedText>, OutlineError> {
    let (options, provided) = options_with(fonts)?;
    let database = options.fontdb.clone();
    let tree = usvg::Tree::from_str(svg, &options).map_err(|error| {
        OutlineError::Render(match error {
            usvg::Error::InvalidSize => RenderError::Size,
            other => RenderError::Invalid(other.to_string()),
        })
    })?;
    let mut found = Vec::new();
    collect_texts(tree.root(), &mut found);
    let mut outlined = Vec::new();
    for id in ids {
        let Some(text) = found.iter().find(|text| text.id() == id) else {
            continue;
        };
        check_text(text, &database, &provided)?;
        let drawn = drawn_string(text);
        outlined.push(OutlinedText {
            id: id.clone(),
            paths: outline_paths(text.flattened(), &drawn)?,
        });
    }
    Ok(outlined)
}

fn collect_texts<'a>(group: &'a usvg::Group, found: &mut Vec<&'a usvg::Text>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(child) => collect_texts(child, found),
            usvg::Node::Text(text) => found.push(text),
            _ => {}
        }
        let mut roots: Vec<&'a usvg::Group> = Vec::new();
        subroots_of(node, &mut roots);
        for root in roots {
            collect_texts(root, found);
        }
    }
}

/// The groups `node` refers to (clip paths, masks, patterns, filter images).
fn subroots_of<'a>(node: &'a usvg::Node, roots: &mut Vec<&'a usvg::Group>) {
    if let usvg::Node::Group(group) = node {
        if let Some(clip) = group.clip_path() {
            roots.push(clip.root());
        }
        if let Some(mask) = group.mask() {
            roots.push(mask.root());
        }
    }
}
