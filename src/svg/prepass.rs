//! The safe pre-pass over the logo's exact bytes: what the file is, whether it parses within
//! limits, and everything in it that usvg would silently drop or that must never reach the
//! portal (scripts, external references, text, animation…), each with its position.

use std::ops::Range;

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use super::css;
use super::doctype::{Doctype, blank_out, find_doctype};
use crate::xml_limits;

pub const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";
const XLINK_NAMESPACE: &str = "http://www.w3.org/1999/xlink";

/// Nodes (elements, text, comments) the XML parser builds at most.
pub const MAX_NODES: u32 = 200_000;
/// Elements a logo may have before it is refused outright (`LOGO016` warns far earlier).
pub const MAX_ELEMENTS: usize = 50_000;
/// Nesting depth a logo may have; real logos stay under 20.
pub const MAX_DEPTH: usize = 128;
/// Elements the document may expand to once `<use>` references are followed.
pub const MAX_EXPANDED: u64 = 200_000;

/// The first bytes of a gzip stream (an SVGZ logo).
pub const GZIP_SIGNATURE: &[u8] = b"\x1F\x8B";

/// Why the bytes are not an SVG document this tool will read (`LOGO001`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSvg {
    pub reason: String,
    pub kind: NotSvgKind,
    /// Where in the SVG text, when it is text.
    pub span: Option<Range<usize>>,
}

/// What kind of refusal a [`NotSvg`] is, for the rule to choose its help by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSvgKind {
    /// gzip-compressed (SVGZ).
    Compressed,
    /// Over one of the parsing limits (nodes, elements, depth, `<use>` expansion).
    OverLimit,
    /// An `<svg>` root outside the SVG namespace.
    NoNamespace,
    /// Anything else: another format, not UTF-8, not well-formed XML, another root.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HazardKind {
    Script,
    EventHandler,
    JavascriptUrl,
    ExternalReference,
    EmbeddedRaster,
    EmbeddedSvg,
    Text,
    ForeignObject,
    Animation,
    CssAnimation,
}

/// Something in the SVG a rule reports, with its position and what exactly it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hazard {
    pub kind: HazardKind,
    pub span: Range<usize>,
    pub detail: String,
}

/// The root element's sizing attributes, raw, with spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RootSizing {
    pub view_box: Option<(String, Range<usize>)>,
    pub width: Option<(String, Range<usize>)>,
    pub height: Option<(String, Range<usize>)>,
    pub preserve_aspect_ratio: Option<String>,
    /// The `<svg` start tag, for findings about the root as a whole.
    pub root_span: Range<usize>,
}

/// The outcome of the pre-pass on UTF-8 text.
#[derive(Debug, Clone, Default)]
pub struct Prepass {
    pub doctype: Option<Doctype>,
    pub not_svg: Option<NotSvg>,
    pub hazards: Vec<Hazard>,
    pub element_count: usize,
    pub sizing: Option<RootSizing>,
    /// The text handed to the XML parser and the renderer: the DOCTYPE blanked out.
    pub parse_text: String,
}

/// What the raw bytes are, before any parsing: `Err` for everything that is not UTF-8 text.
pub fn decode(bytes: &[u8]) -> Result<&str, String> {
    if bytes.is_empty() {
        return Err("is empty".into());
    }
    let signatures: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "is a PNG image, not an SVG document"),
        (b"\xFF\xD8\xFF", "is a JPEG image, not an SVG document"),
        (b"GIF8", "is a GIF image, not an SVG document"),
        (
            GZIP_SIGNATURE,
            "is gzip-compressed (SVGZ); submit the uncompressed .svg",
        ),
        (b"%PDF", "is a PDF document, not an SVG document"),
        (b"PK\x03\x04", "is a zip archive, not an SVG document"),
        (b"BM", "is a BMP image, not an SVG document"),
        (
            b"\x00\x00\x01\x00",
            "is an icon (.ico), not an SVG document",
        ),
        (b"\xFF\xFE", "is UTF-16 text; save it as UTF-8"),
        (b"\xFE\xFF", "is UTF-16 text; save it as UTF-8"),
    ];
    for (signature, reason) in signatures {
        if bytes.starts_with(signature) {
            return Err((*reason).into());
        }
    }
    if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Err("is a WebP image, not an SVG document".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        format!(
            "is not UTF-8 text (byte 0x{:02X} at offset {at}); save it as UTF-8",
            bytes.get(at).copied().unwrap_or_default()
        )
    })
}

/// Runs the pre-pass over the logo text (BOM already removed).
pub fn prepass(text: &str) -> Prepass {
    let mut result = Prepass {
        parse_text: text.to_string(),
        ..Prepass::default()
    };
    let start = text
        .trim_start()
        .get(..15)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        result.not_svg = Some(NotSvg {
            reason: "is an HTML document, not an SVG document".into(),
            kind: NotSvgKind::Other,
            span: None,
        });
        return result;
    }
    if let Some(doctype) = find_doctype(text) {
        result.parse_text = blank_out(text, &doctype.span);
        result.doctype = Some(doctype);
    }
    if let Err(limit) = xml_limits::scan(&result.parse_text, &xml_limits::LIMITS) {
        result.not_svg = Some(NotSvg {
            reason: format!("has {}, beyond safe parsing limits", limit.describe()),
            kind: NotSvgKind::OverLimit,
            span: Some(limit.span()),
        });
        return result;
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let document = match Document::parse_with_options(&result.parse_text, options) {
        Ok(document) => document,
        Err(error) => {
            result.not_svg = Some(xml_error(text, &error));
            return result;
        }
    };
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        let name = root.tag_name().name();
        let reason = if name.eq_ignore_ascii_case("html") {
            "is an HTML document, not an SVG document".to_string()
        } else {
            format!("has the root element <{name}>; an SVG document's root is <svg>")
        };
        result.not_svg = Some(NotSvg {
            reason,
            kind: NotSvgKind::Other,
            span: Some(tag_span(root)),
        });
        return result;
    }
    if root.tag_name().namespace() != Some(SVG_NAMESPACE) {
        result.not_svg = Some(NotSvg {
            reason: format!(
                "has an <svg> root outside the SVG namespace; add xmlns=\"{SVG_NAMESPACE}\""
            ),
            kind: NotSvgKind::NoNamespace,
            span: Some(tag_span(root)),
        });
        return result;
    }
    if let Err(reason) = check_limits(&document) {
        result.not_svg = Some(NotSvg {
            reason,
            kind: NotSvgKind::OverLimit,
            span: None,
        });
        return result;
    }
    result.element_count = document.descendants().filter(Node::is_element).count();
    result.sizing = Some(root_sizing(root));
    result.hazards = find_hazards(&document);
    result
}

fn xml_error(text: &str, error: &roxmltree::Error) -> NotSvg {
    if matches!(error, roxmltree::Error::NodesLimitReached) {
        return NotSvg {
            reason: format!("has more than {MAX_NODES} XML nodes, beyond safe parsing limits"),
            kind: NotSvgKind::OverLimit,
            span: None,
        };
    }
    let position = error.pos();
    let offset = offset_of(text, position.row as usize, position.col as usize);
    let message = error.to_string();
    // roxmltree appends " at R:C"; the position is shown separately.
    let message = message
        .rsplit_once(" at ")
        .map_or(message.as_str(), |(head, _)| head)
        .to_string();
    NotSvg {
        reason: format!("is not well-formed XML: {message}"),
        kind: NotSvgKind::Other,
        span: Some(offset..offset + text[offset..].chars().next().map_or(0, char::len_utf8)),
    }
}

/// Byte offset of a 1-based row and character column.
fn offset_of(text: &str, row: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line = &text[line_start..];
    line_start
        + line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.len(), |(at, _)| at)
}

/// Depth, element count, and the size `<use>` references expand to.
fn check_limits(document: &Document) -> Result<(), String> {
    let node_count = document.descendants().count();
    let mut depths = vec![0u32; node_count + 1];
    let mut elements = 0usize;
    for node in document.descendants() {
        let depth = node
            .parent()
            .map_or(0, |parent| depths[parent.id().get_usize()] + 1);
        depths[node.id().get_usize()] = depth;
        if node.is_element() {
            elements += 1;
            if depth as usize > MAX_DEPTH {
                return Err(format!(
                    "nests elements more than {MAX_DEPTH} deep, beyond safe parsing limits"
                ));
            }
        }
    }
    if elements > MAX_ELEMENTS {
        return Err(format!(
            "has {elements} elements, beyond the safe limit of {MAX_ELEMENTS}"
        ));
    }
    let expanded = expanded_size(document);
    if expanded > MAX_EXPANDED {
        return Err(format!(
            "has <use> references that expand to more than {MAX_EXPANDED} elements \
             (a reference bomb), beyond safe rendering limits"
        ));
    }
    Ok(())
}

/// How many elements the document becomes once every `<use>` is replaced by what it
/// references, saturating early. Cycles count once (renderers refuse them).
fn expanded_size(document: &Document) -> u64 {
    let ids: std::collections::HashMap<&str, Node> = document
        .descendants()
        .filter_map(|node| node.attribute("id").map(|id| (id, node)))
        .collect();
    let mut memo: std::collections::HashMap<roxmltree::NodeId, u64> = Default::default();
    let mut in_progress = std::collections::HashSet::new();
    fn size<'a, 'i>(
        node: Node<'a, 'i>,
        ids: &std::collections::HashMap<&str, Node<'a, 'i>>,
        memo: &mut std::collections::HashMap<roxmltree::NodeId, u64>,
        in_progress: &mut std::collections::HashSet<roxmltree::NodeId>,
        depth: usize,
    ) -> u64 {
        if let Some(known) = memo.get(&node.id()) {
            return *known;
        }
        if depth > 4 * MAX_DEPTH || !in_progress.insert(node.id()) {
            return if depth > 4 * MAX_DEPTH {
                MAX_EXPANDED + 1
            } else {
                0
            };
        }
        let mut total: u64 = 1;
        for child in node.children().filter(Node::is_element) {
            total = total.saturating_add(size(child, ids, memo, in_progress, depth + 1));
            if total > MAX_EXPANDED {
                break;
            }
        }
        if node.tag_name().name() == "use"
            && let Some(target) = href(node)
                .and_then(|(value, _)| value.trim().strip_prefix('#'))
                .and_then(|id| ids.get(id))
        {
            total = total.saturating_add(size(*target, ids, memo, in_progress, depth + 1));
        }
        in_progress.remove(&node.id());
        memo.insert(node.id(), total);
        total
    }
    size(
        document.root_element(),
        &ids,
        &mut memo,
        &mut in_progress,
        0,
    )
}

/// The `href` or `xlink:href` attribute of an element, with the span of its value.
fn href<'a>(node: Node<'a, '_>) -> Option<(&'a str, Range<usize>)> {
    node.attributes()
        .find(|attribute| {
            attribute.name() == "href"
                && matches!(attribute.namespace(), None | Some(XLINK_NAMESPACE))
        })
        .map(|attribute| (attribute.value(), attribute.range_value()))
}

/// The span of an element's `<name` (prefix included) at the start of its tag.
fn tag_span(node: Node) -> Range<usize> {
    let start = node.range().start;
    let tag = &node.document().input_text()[start..];
    let name_end = tag
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_whitespace() || *c == '/' || *c == '>')
        .map_or(tag.len(), |(at, _)| at);
    start..start + name_end
}

fn root_sizing(root: Node) -> RootSizing {
    let attribute = |name: &str| {
        root.attributes()
            .find(|attribute| attribute.name() == name && attribute.namespace().is_none())
            .map(|attribute| (attribute.value().to_string(), attribute.range()))
    };
    RootSizing {
        view_box: attribute("viewBox"),
        width: attribute("width"),
        height: attribute("height"),
        preserve_aspect_ratio: attribute("preserveAspectRatio").map(|(value, _)| value),
        root_span: tag_span(root),
    }
}

const ANIMATION_ELEMENTS: &[&str] = &[
    "animate",
    "set",
    "animateTransform",
    "animateMotion",
    "animateColor",
];

fn find_hazards(document: &Document) -> Vec<Hazard> {
    let mut hazards = Vec::new();
    let mut push = |kind, span: Range<usize>, detail: String| {
        hazards.push(Hazard { kind, span, detail });
    };
    for node in document.descendants() {
        if node.node_type() == NodeType::PI {
            if let Some(pi) = node.pi()
                && pi.target == "xml-stylesheet"
            {
                push(
                    HazardKind::ExternalReference,
                    node.range(),
                    format!(
                        "an xml-stylesheet instruction ({})",
                        pi.value.unwrap_or("").trim()
                    ),
                );
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        let in_svg = node.tag_name().namespace() == Some(SVG_NAMESPACE);
        // HTML parsers lower-case tag names, so a logo inlined into a page runs <SCRIPT> too.
        match name {
            name if name.eq_ignore_ascii_case("script") => {
                push(HazardKind::Script, tag_span(node), format!("<{name}>"))
            }
            name if name.eq_ignore_ascii_case("foreignObject") && name != "foreignObject" => push(
                HazardKind::ForeignObject,
                tag_span(node),
                format!("<{name}>"),
            ),
            "foreignObject" => push(
                HazardKind::ForeignObject,
                tag_span(node),
                "<foreignObject>".into(),
            ),
            "text"
                if in_svg
                    && !node
                        .ancestors()
                        .skip(1)
                        .any(|a| a.tag_name().name() == "text") =>
            {
                let content: String = node
                    .descendants()
                    .filter(Node::is_text)
                    .filter_map(|d| d.text())
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                push(HazardKind::Text, tag_span(node), content);
            }
            name if ANIMATION_ELEMENTS
                .iter()
                .any(|known| name.eq_ignore_ascii_case(known)) =>
            {
                push(HazardKind::Animation, tag_span(node), format!("<{name}>"));
                animated_reference(node, &mut push);
            }
            name if name.eq_ignore_ascii_case("style") => {
                // All the text and CDATA content (comments may split the sheet, and the parser
                // merges adjacent parts), located within the element's raw content.
                let css: String = node
                    .children()
                    .filter(Node::is_text)
                    .filter_map(|c| c.text())
                    .collect();
                css_hazards(
                    &css,
                    css::Source::Sheet,
                    document.input_text(),
                    content_range(node),
                    false,
                    &mut push,
                );
            }
            name if name.eq_ignore_ascii_case("meta")
                && node
                    .attributes()
                    .any(|a| a.name().eq_ignore_ascii_case("http-equiv")) =>
            {
                // Inlined into a page, `<meta>` leaves the SVG and can refresh or redirect it.
                push(
                    HazardKind::ExternalReference,
                    tag_span(node),
                    format!("<{name} http-equiv>"),
                );
            }
            _ => {}
        }
        for attribute in node.attributes() {
            let attribute_name = attribute.name();
            let value = attribute.value();
            if attribute_name.len() > 2 && attribute_name[..2].eq_ignore_ascii_case("on") {
                push(
                    HazardKind::EventHandler,
                    attribute.range(),
                    format!("the event handler `{attribute_name}`"),
                );
                continue;
            }
            if is_javascript_url(value) {
                push(
                    HazardKind::JavascriptUrl,
                    attribute.range_value(),
                    format!("a javascript: URL in `{attribute_name}`"),
                );
                continue;
            }
            // Names compared without case: an HTML parser lower-cases them when the logo is
            // inlined into a page, so `HREF` is an href there.
            if attribute_name.eq_ignore_ascii_case("href") {
                href_hazard(name, value, attribute.range_value(), &mut push);
            } else if URL_ATTRIBUTES
                .iter()
                .any(|known| attribute_name.eq_ignore_ascii_case(known))
            {
                href_hazard("", value, attribute.range_value(), &mut push);
            } else {
                let source = if attribute_name.eq_ignore_ascii_case("style") {
                    css::Source::Declarations
                } else {
                    css::Source::Value
                };
                css_hazards(
                    value,
                    source,
                    document.input_text(),
                    attribute.range_value(),
                    true,
                    &mut push,
                );
            }
        }
    }
    hazards.sort_by_key(|hazard| hazard.span.start);
    hazards
}

/// A `javascript:` URL, also as one item of a `;`-separated animation `values` list.
pub(crate) fn is_javascript_url(value: &str) -> bool {
    value.split(';').any(|item| {
        let compact: String = item
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .take(11)
            .collect();
        compact.eq_ignore_ascii_case("javascript:")
    })
}

/// Decodes XML character content as the parser did (character and predefined entity
/// references, CDATA sections, normalised line ends; in attributes, white space as spaces),
/// recording where each decoded character comes from. `None` when the result differs from the
/// parser's text, in which case callers fall back to the node's whole range.
fn offset_map(
    raw: &str,
    raw_start: usize,
    decoded: &str,
    attribute: bool,
) -> Option<Vec<(usize, usize)>> {
    let mut map = Vec::with_capacity(decoded.len() + 1);
    let mut out = String::with_capacity(decoded.len());
    let mut at = 0;
    while at < raw.len() {
        let rest = &raw[at..];
        if let Some(section) = rest.strip_prefix("<![CDATA[") {
            let end = section.find("]]>")?;
            for (offset, c) in section[..end].char_indices() {
                map.push((out.len(), raw_start + at + 9 + offset));
                out.push(c);
            }
            at += 9 + end + 3;
            continue;
        }
        if !attribute && (rest.starts_with("<!--") || rest.starts_with("<?")) {
            let close = if rest.starts_with("<!--") {
                "-->"
            } else {
                "?>"
            };
            at += rest.find(close)? + close.len();
            continue;
        }
        let c = rest.chars().next()?;
        if c == '&' {
            let end = rest.find(';')?;
            let entity = &rest[1..end];
            let decoded_char = match entity {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = if let Some(hex) = entity.strip_prefix("#x") {
                        u32::from_str_radix(hex, 16).ok()?
                    } else {
                        entity.strip_prefix('#')?.parse().ok()?
                    };
                    char::from_u32(code)?
                }
            };
            map.push((out.len(), raw_start + at));
            out.push(decoded_char);
            at += end + 1;
            continue;
        }
        if c == '\r' && rest[1..].starts_with('\n') {
            at += 1;
            continue;
        }
        map.push((out.len(), raw_start + at));
        out.push(if attribute && matches!(c, '\t' | '\n' | '\r') {
            ' '
        } else {
            c
        });
        at += c.len_utf8();
    }
    map.push((out.len(), raw_start + raw.len()));
    (out == decoded).then_some(map)
}

/// The raw content of an element: after its start tag, before its end tag.
fn content_range(node: Node) -> Range<usize> {
    let range = node.range();
    let raw = &node.document().input_text()[range.clone()];
    let start = raw.find('>').map_or(range.start, |at| range.start + at + 1);
    let end = raw
        .rfind("</")
        .map_or(range.end, |at| range.start + at)
        .max(start);
    start..end
}

/// Maps offsets in decoded text to the input, exactly where the decoding was reproduced.
struct Locator {
    map: Option<Vec<(usize, usize)>>,
    fallback: Range<usize>,
}

impl Locator {
    fn new(input: &str, range: Range<usize>, decoded: &str, attribute: bool) -> Locator {
        let map = input
            .get(range.clone())
            .and_then(|raw| offset_map(raw, range.start, decoded, attribute));
        Locator {
            map,
            fallback: range,
        }
    }

    fn span(&self, local: Range<usize>) -> Range<usize> {
        let Some(map) = &self.map else {
            return self.fallback.clone();
        };
        let at = |offset: usize| {
            let index = map.partition_point(|(decoded, _)| *decoded <= offset);
            map[index.saturating_sub(1)].1
        };
        at(local.start)..at(local.end).max(at(local.start))
    }
}

/// `data:image/png…` → `Some("image/png")`.
pub(super) fn data_media_type(url: &str) -> Option<String> {
    let rest = url.trim().strip_prefix("data:").or_else(|| {
        url.trim()
            .get(..5)
            .filter(|head| head.eq_ignore_ascii_case("data:"))
            .map(|_| &url.trim()[5..])
    })?;
    let end = rest.find([';', ',']).unwrap_or(rest.len());
    Some(rest[..end].trim().to_ascii_lowercase())
}

pub(super) const RASTER_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
];

fn href_hazard(
    element: &str,
    value: &str,
    span: Range<usize>,
    push: &mut impl FnMut(HazardKind, Range<usize>, String),
) {
    let trimmed = value.trim();
    if trimmed.starts_with('#') {
        return;
    }
    match data_media_type(trimmed) {
        Some(media)
            if matches!(element, "image" | "feImage") && RASTER_TYPES.contains(&media.as_str()) =>
        {
            push(HazardKind::EmbeddedRaster, span, media);
        }
        Some(media) if matches!(element, "image" | "feImage") && media == "image/svg+xml" => {
            push(HazardKind::EmbeddedSvg, span, media);
        }
        _ => push(
            HazardKind::ExternalReference,
            span,
            format!("`{}`", shorten(trimmed)),
        ),
    }
}

pub(super) fn shorten(url: &str) -> String {
    let mut chars = url.chars();
    let head: String = chars.by_ref().take(80).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// The CSS findings of a style sheet or attribute value, located in the input.
fn css_hazards(
    css: &str,
    source: css::Source,
    input: &str,
    range: Range<usize>,
    attribute: bool,
    push: &mut impl FnMut(HazardKind, Range<usize>, String),
) {
    let findings = css::read(css, source);
    if findings.is_empty() {
        return;
    }
    let locator = Locator::new(input, range, css, attribute);
    for finding in findings {
        push(finding.kind, locator.span(finding.span), finding.detail);
    }
}

/// Attributes other than `href` whose value is fetched when the logo is inlined into a page
/// (an `<img>`, `<iframe>` or `<table>` inside it leaves the SVG there and becomes HTML).
const URL_ATTRIBUTES: &[&str] = &["src", "srcset", "background", "poster", "data", "lowsrc"];

/// An animation that changes a link: `<set attributeName="href" to="https://…"/>` makes the
/// element fetch whatever it is set to, so it is a reference out of the file.
fn animated_reference(node: Node, push: &mut impl FnMut(HazardKind, Range<usize>, String)) {
    for attribute in node.attributes() {
        if !attribute.name().eq_ignore_ascii_case("attributeName") {
            continue;
        }
        let target = attribute.value().trim();
        let local = target.rsplit_once(':').map_or(target, |(_, local)| local);
        if local.eq_ignore_ascii_case("href") {
            push(
                HazardKind::ExternalReference,
                attribute.range_value(),
                format!(
                    "an animation of `{}` (<{}>)",
                    shorten(target),
                    node.tag_name().name()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(svg: &str) -> Vec<(HazardKind, String)> {
        let result = prepass(svg);
        assert_eq!(result.not_svg, None, "{svg}");
        result
            .hazards
            .into_iter()
            .map(|hazard| (hazard.kind, svg[hazard.span].to_string()))
            .collect()
    }

    const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">"#;

    #[test]
    fn finds_scripts_handlers_and_javascript_urls() {
        let svg = format!(
            r#"{OPEN}<script>alert(1)</script><rect OnClick="x()"/><a href=" java&#x73;cript:x"/><a xlink:href="JavaScript:y"/></svg>"#
        );
        let found = kinds(&svg);
        assert_eq!(found[0], (HazardKind::Script, "<script".into()));
        assert_eq!(
            found[1],
            (HazardKind::EventHandler, r#"OnClick="x()""#.into())
        );
        // The entity-encoded one is decoded by the parser before the check.
        assert_eq!(found[2].0, HazardKind::JavascriptUrl);
        assert_eq!(found[3], (HazardKind::JavascriptUrl, "JavaScript:y".into()));
    }

    #[test]
    fn external_references_everywhere_but_fragments_and_data_images() {
        let svg = format!(
            r##"{OPEN}<?xml-stylesheet href="a.css"?><style>@import "b.css"; rect {{ fill: url(https://x/y#p) }}</style><use href="#a"/><use href="other.svg#a"/><image href="data:image/png;base64,AAAA"/><image href="file:///etc/passwd"/><rect style="fill:url('#g')" fill="url(logo.png)"/></svg>"##
        );
        let found: Vec<HazardKind> = kinds(&svg).into_iter().map(|(kind, _)| kind).collect();
        assert_eq!(
            found,
            [
                HazardKind::ExternalReference,
                HazardKind::ExternalReference,
                HazardKind::ExternalReference,
                HazardKind::ExternalReference,
                HazardKind::EmbeddedRaster,
                HazardKind::ExternalReference,
                HazardKind::ExternalReference,
            ]
        );
    }

    #[test]
    fn css_is_read_as_css_in_sheets_styles_and_presentation_attributes() {
        let svg = format!(
            r##"{OPEN}<STYLE>@\69mport "a.css";</STYLE><rect fill="URL(b.svg#p)" filter="u\72l(c.svg#f)" cursor="image-set('d.png' 1x)" clip-path="url(#inside)" STYLE="mask:url( 'e.svg#m' )"/><marker-free marker-start="url(f.svg#m)"/></svg>"##
        );
        assert_eq!(
            kinds(&svg),
            [
                (
                    HazardKind::ExternalReference,
                    r#"@\69mport "a.css";"#.into()
                ),
                (HazardKind::ExternalReference, "URL(b.svg#p)".into()),
                (HazardKind::ExternalReference, r"u\72l(c.svg#f)".into()),
                (HazardKind::ExternalReference, "'d.png'".into()),
                (HazardKind::ExternalReference, "url( 'e.svg#m' )".into()),
                (HazardKind::ExternalReference, "url(f.svg#m)".into()),
            ]
        );
    }

    #[test]
    fn css_escapes_behind_xml_entities_are_found_and_located_in_the_file() {
        // The XML parser decodes `&#x5C;` to a backslash, then CSS decodes `\72` to `r`.
        let svg = format!(
            r#"{OPEN}<rect fill="u&#x5C;72l(x.svg#p)"/><style>/* a */ rect {{ fill: U&#x5C;52L(y.svg#p) }}</style></svg>"#
        );
        assert_eq!(
            kinds(&svg),
            [
                (HazardKind::ExternalReference, "u&#x5C;72l(x.svg#p)".into()),
                (HazardKind::ExternalReference, "U&#x5C;52L(y.svg#p)".into()),
            ]
        );
    }

    #[test]
    fn animations_of_links_and_of_url_values_refer_outside() {
        let svg = format!(
            r##"{OPEN}<a><set attributeName="href" to="https://x/"/></a><image><SET ATTRIBUTENAME="xlink:href" to="#a"/></image><rect><animate attributeName="fill" values="red;url(g.svg#p)"/></rect><animateMotion><mpath href="p.svg#path"/></animateMotion><animate attributeName="opacity" values="0;1"/></svg>"##
        );
        let found = kinds(&svg);
        assert_eq!(
            found,
            [
                (HazardKind::Animation, "<set".into()),
                (HazardKind::ExternalReference, "href".into()),
                (HazardKind::Animation, "<SET".into()),
                (HazardKind::ExternalReference, "xlink:href".into()),
                (HazardKind::Animation, "<animate".into()),
                (HazardKind::ExternalReference, "url(g.svg#p)".into()),
                (HazardKind::Animation, "<animateMotion".into()),
                (HazardKind::ExternalReference, "p.svg#path".into()),
                (HazardKind::Animation, "<animate".into()),
            ]
        );
        let details: Vec<String> = prepass(&svg)
            .hazards
            .into_iter()
            .filter(|hazard| hazard.kind == HazardKind::ExternalReference)
            .map(|hazard| hazard.detail)
            .collect();
        assert_eq!(details[0], "an animation of `href` (<set>)");
        assert_eq!(details[1], "an animation of `xlink:href` (<SET>)");
    }

    #[test]
    fn what_leaves_the_svg_in_a_page_refers_outside() {
        let svg = format!(
            r#"{OPEN}<img src="https://x/a.png"/><table background="b.png"/><meta http-equiv="refresh" content="0;url=https://x/"/><image HREF="c.png"/></svg>"#
        );
        let found: Vec<(HazardKind, String)> = kinds(&svg);
        assert_eq!(
            found,
            [
                (HazardKind::ExternalReference, "https://x/a.png".into()),
                (HazardKind::ExternalReference, "b.png".into()),
                (HazardKind::ExternalReference, "<meta".into()),
                (HazardKind::ExternalReference, "c.png".into()),
            ]
        );
    }

    #[test]
    fn too_many_attributes_or_namespaces_are_refused_before_parsing() {
        let attributes: String = (0..65).map(|i| format!(" a{i}=\"\"")).collect();
        let svg = format!("{OPEN}<rect{attributes}/></svg>");
        let refused = prepass(&svg).not_svg.unwrap();
        assert_eq!(
            refused.reason,
            "has an element with more than 64 attributes, beyond safe parsing limits"
        );
        assert_eq!(&svg[refused.span.unwrap()], "<rect");
        let declarations: String = (0..200).map(|i| format!(" xmlns:n{i}=\"u\"")).collect();
        let svg = format!("{OPEN}<g{declarations}/></svg>");
        assert_eq!(
            prepass(&svg).not_svg.unwrap().reason,
            "has more than 128 namespace declarations in scope at one element, beyond safe \
             parsing limits"
        );
    }

    #[test]
    fn text_foreign_objects_and_animation() {
        let svg = format!(
            r#"{OPEN}<text>Contoso <tspan>Cognito</tspan></text><foreignObject/><animate/><rect style="animation: spin 1s"/></svg>"#
        );
        let found = kinds(&svg);
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].0, HazardKind::Text);
        assert_eq!(found[1].0, HazardKind::ForeignObject);
        assert_eq!(found[2].0, HazardKind::Animation);
        assert_eq!(found[3], (HazardKind::CssAnimation, "animation".into()));
    }

    #[test]
    fn refuses_what_is_not_svg() {
        assert_eq!(decode(b""), Err("is empty".into()));
        assert!(
            decode(b"\x89PNG\r\n\x1a\nrest")
                .unwrap_err()
                .contains("PNG")
        );
        assert!(decode(b"\x1F\x8B\x08").unwrap_err().contains("SVGZ"));
        assert!(decode(b"<svg>caf\xE9</svg>").unwrap_err().contains("0xE9"));
        assert_eq!(decode(b"\xEF\xBB\xBF<svg/>"), Ok("<svg/>"));
        let html = prepass("<!DOCTYPE html><html></html>");
        assert!(html.not_svg.unwrap().reason.contains("HTML"));
        let no_namespace = prepass("<svg viewBox='0 0 1 1'/>");
        assert!(no_namespace.not_svg.unwrap().reason.contains("namespace"));
        let broken = prepass(&format!("{OPEN}<rect></svg>"));
        let problem = broken.not_svg.unwrap();
        assert!(
            problem.reason.starts_with("is not well-formed XML"),
            "{}",
            problem.reason
        );
    }

    #[test]
    fn limits_depth_elements_and_use_bombs() {
        let deep = format!(
            "{OPEN}{}{}</svg>",
            "<g>".repeat(20_000),
            "</g>".repeat(20_000)
        );
        assert!(prepass(&deep).not_svg.unwrap().reason.contains("deep"));
        let many = format!("{OPEN}{}</svg>", "<rect/>".repeat(100_000));
        assert!(prepass(&many).not_svg.is_some());
        let mut bomb = format!(r##"{OPEN}<defs><rect id="l0"/>"##);
        for level in 1..30 {
            bomb.push_str(&format!(
                r##"<g id="l{level}"><use href="#l{p}"/><use href="#l{p}"/></g>"##,
                p = level - 1
            ));
        }
        bomb.push_str(r##"</defs><use href="#l29"/></svg>"##);
        assert!(
            prepass(&bomb)
                .not_svg
                .unwrap()
                .reason
                .contains("reference bomb")
        );
    }
}
