//! The logo rewritten as minimal, readable SVG: the author's elements where they are safe, one
//! element per line, and nothing that runs, fetches, moves or only serves an editor.
//!
//! The rewrite works on the parsed tree (`roxmltree`, already capped by the pre-pass), never
//! on the text with patterns, so what is removed is exactly what the pre-pass reports.

use std::fmt::Write as _;

use cssparser::{Parser, ParserInput, Token};
use roxmltree::{Node, NodeType};

use crate::svg::css::{self, Source};
use crate::svg::outline::{OutlinePath, OutlinedText};
use crate::svg::prepass::SVG_NAMESPACE;

const XLINK_NAMESPACE: &str = "http://www.w3.org/1999/xlink";
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// What the rewrite took out, counted by kind, for the summary a person reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    pub scripts: usize,
    pub event_handlers: usize,
    pub external_references: usize,
    pub foreign_objects: usize,
    pub animations: usize,
    pub editor_metadata: usize,
    pub comments: usize,
}

impl Removed {
    /// One line per kind removed, e.g. "1 script", "3 event handlers".
    pub fn lines(&self) -> Vec<String> {
        let plural = |count: usize, one: &str, many: &str| {
            (count > 0).then(|| format!("{count} {}", if count == 1 { one } else { many }))
        };
        [
            plural(self.scripts, "script", "scripts"),
            plural(self.event_handlers, "event handler", "event handlers"),
            plural(
                self.external_references,
                "external reference",
                "external references",
            ),
            plural(
                self.foreign_objects,
                "<foreignObject>",
                "<foreignObject> elements",
            ),
            plural(self.animations, "animation", "animations"),
            plural(
                self.editor_metadata,
                "piece of editor metadata",
                "pieces of editor metadata",
            ),
            plural(self.comments, "comment", "comments"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The root element's new frame: what the rewrite writes for `viewBox`, `width` and `height`.
#[derive(Debug, Clone, PartialEq)]
pub struct RootFrame {
    /// `viewBox`, already formatted.
    pub view_box: String,
    /// `width` and `height`, already formatted; `None` writes neither.
    pub size: Option<(String, String)>,
}

const ANIMATION_ELEMENTS: &[&str] = &[
    "animate",
    "set",
    "animateTransform",
    "animateMotion",
    "animateColor",
    "discard",
];

/// Elements whose content is text a renderer reads as it is written.
const TEXT_CONTENT: &[&str] = &["text", "title", "desc"];

/// Root attributes the new frame replaces, or that mean nothing on a standalone logo.
const ROOT_REPLACED: &[&str] = &[
    "viewBox",
    "width",
    "height",
    "preserveAspectRatio",
    "x",
    "y",
    "enable-background",
];

/// What the rewrite does with each live `<text>` element.
#[derive(Debug, Clone, Copy)]
pub enum TextMode<'a> {
    /// Writes it as it is.
    Keep,
    /// Writes it with the id [`text_id`] of its place among the text elements (instead of its
    /// own), so that its outlines can be found in usvg's tree.
    Tag,
    /// Writes it as a group of its outlines (those whose id is [`text_id`] of its place), with
    /// its words in an `aria-label`.
    Outline(&'a [OutlinedText]),
}

/// The id a `<text>` element is given, by its place among the text elements the rewrite
/// writes, to find its outlines.
pub fn text_id(index: usize) -> String {
    format!("mdelist-text-{index}")
}

/// Attributes that only place glyphs: a group of outlines has no use for them.
const TEXT_POSITIONING: &[&str] = &["x", "y", "dx", "dy", "rotate", "textLength", "lengthAdjust"];

/// Writes `root` (an `<svg>` element in the SVG namespace) anew with `frame` on the root,
/// `title` as its first child when it has none, and everything unsafe left out.
pub fn rewrite(root: Node, frame: &RootFrame, title: Option<&str>) -> (String, Removed) {
    let (text, removed, _) = rewrite_with(root, frame, title, TextMode::Keep);
    (text, removed)
}

/// [`rewrite`], doing `texts` with the live text; also gives how many `<text>` elements it met.
pub fn rewrite_with(
    root: Node,
    frame: &RootFrame,
    title: Option<&str>,
    texts: TextMode,
) -> (String, Removed, usize) {
    let mut writer = Writer {
        out: String::new(),
        removed: Removed::default(),
        xlink: false,
        texts,
        text_count: 0,
    };
    count_outside(root, &mut writer.removed);
    let mut body = String::new();
    let has_title = root
        .children()
        .any(|child| is_svg(child) && child.tag_name().name() == "title");
    if !has_title && let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) {
        let _ = writeln!(body, "  <title>{}</title>", escape_text(title));
    }
    for child in root.children() {
        writer.node(child, 1, &mut body);
    }
    let mut out = String::from("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    if writer.xlink {
        out.push_str(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    }
    let _ = write!(out, " viewBox=\"{}\"", escape_attribute(&frame.view_box));
    if let Some((width, height)) = &frame.size {
        let _ = write!(
            out,
            " width=\"{}\" height=\"{}\"",
            escape_attribute(width),
            escape_attribute(height)
        );
    }
    let root_attributes = writer.attributes(root, |name| ROOT_REPLACED.contains(&name));
    out.push_str(&root_attributes);
    if body.is_empty() {
        out.push_str("/>\n");
    } else {
        out.push_str(">\n");
        out.push_str(&body);
        out.push_str("</svg>\n");
    }
    writer.out = out;
    (writer.out, writer.removed, writer.text_count)
}

/// Comments and processing instructions beside the root element, and the DOCTYPE, are left
/// out by writing only the root; the comments are counted here.
fn count_outside(root: Node, removed: &mut Removed) {
    for sibling in root.document().root().children() {
        if sibling.node_type() == NodeType::Comment {
            removed.comments += 1;
        }
    }
}

fn is_svg(node: Node) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(SVG_NAMESPACE)
}

struct Writer<'a> {
    out: String,
    removed: Removed,
    /// Whether a kept attribute is in the XLink namespace, so the root declares it.
    xlink: bool,
    texts: TextMode<'a>,
    /// The `<text>` elements written so far.
    text_count: usize,
}

impl Writer<'_> {
    fn node(&mut self, node: Node, depth: usize, out: &mut String) {
        match node.node_type() {
            NodeType::Comment => self.removed.comments += 1,
            NodeType::Element => self.element(node, depth, out),
            // Text outside text content is never drawn; white space between elements is
            // replaced by the new indentation.
            _ => {}
        }
    }

    fn element(&mut self, node: Node, depth: usize, out: &mut String) {
        let name = node.tag_name().name();
        if !is_svg(node) {
            // Illustrator's <i:pgf>, Inkscape's <sodipodi:namedview>, RDF, anything an editor
            // keeps for itself: never drawn.
            self.removed.editor_metadata += 1;
            return;
        }
        if name.eq_ignore_ascii_case("script") {
            self.removed.scripts += 1;
            return;
        }
        if name.eq_ignore_ascii_case("foreignObject") {
            self.removed.foreign_objects += 1;
            return;
        }
        if ANIMATION_ELEMENTS
            .iter()
            .any(|known| name.eq_ignore_ascii_case(known))
        {
            self.removed.animations += 1;
            return;
        }
        if name == "metadata" {
            self.removed.editor_metadata += 1;
            return;
        }
        if matches!(name, "meta" | "cursor" | "font-face-uri" | "iframe") {
            self.removed.external_references += 1;
            return;
        }
        let href = href(node);
        let external_href = href.is_some_and(|value| !css::is_internal(value));
        // An <a> is a link, not artwork: its children are kept in a group.
        let written_name = if name == "a" { "g" } else { name };
        if external_href && name != "a" {
            // <image>, <use>, <feImage>, <pattern>… pointing out of the file draw nothing
            // from it here.
            self.removed.external_references += 1;
            return;
        }
        if external_href {
            self.removed.external_references += 1;
        }
        let indent = "  ".repeat(depth);
        if name == "text" {
            let index = self.text_count;
            self.text_count += 1;
            match self.texts {
                TextMode::Keep => {}
                TextMode::Tag => {
                    let attributes = self.attributes(node, |name| name == "id");
                    let mut inline = String::new();
                    self.inline_content(node, &mut inline);
                    let _ = writeln!(
                        out,
                        "{indent}<text id=\"{}\"{attributes}>{inline}</text>",
                        text_id(index)
                    );
                    return;
                }
                TextMode::Outline(outlined) => {
                    self.outlined_text(node, index, outlined, depth, out);
                    return;
                }
            }
        }
        let attributes = self.attributes(node, |_| false);
        if name == "style" {
            let sheet: String = node
                .children()
                .filter(|child| child.is_text())
                .filter_map(|child| child.text())
                .collect();
            let (clean, dropped) = clean_sheet(&sheet);
            self.removed.external_references += dropped.references;
            self.removed.animations += dropped.animations;
            let clean = clean.trim();
            if clean.is_empty() {
                return;
            }
            let _ = writeln!(
                out,
                "{indent}<style{attributes}>{}</style>",
                escape_text(clean)
            );
            return;
        }
        if TEXT_CONTENT.contains(&name) {
            let mut inline = String::new();
            self.inline_content(node, &mut inline);
            if inline.is_empty() {
                let _ = writeln!(out, "{indent}<{written_name}{attributes}/>");
            } else {
                let _ = writeln!(
                    out,
                    "{indent}<{written_name}{attributes}>{inline}</{written_name}>"
                );
            }
            return;
        }
        let mut children = String::new();
        for child in node.children() {
            self.node(child, depth + 1, &mut children);
        }
        if children.is_empty() {
            let _ = writeln!(out, "{indent}<{written_name}{attributes}/>");
        } else {
            let _ = write!(out, "{indent}<{written_name}{attributes}>\n{children}");
            let _ = writeln!(out, "{indent}</{written_name}>");
        }
    }

    /// A `<text>` element as a group of its outlines, keeping its own attributes (its
    /// transform, opacity, clipping, id), its words in an `aria-label`.
    fn outlined_text(
        &mut self,
        node: Node,
        index: usize,
        outlined: &[OutlinedText],
        depth: usize,
        out: &mut String,
    ) {
        let indent = "  ".repeat(depth);
        let attributes = self.attributes(node, |name| TEXT_POSITIONING.contains(&name));
        // Counted as the kept text would count them (comments, editor attributes inside).
        self.inline_content(node, &mut String::new());
        let words = node
            .descendants()
            .filter(|descendant| descendant.is_text())
            .filter_map(|descendant| descendant.text())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let label = if words.is_empty() {
            String::new()
        } else {
            format!(" aria-label=\"{}\"", escape_attribute(&words))
        };
        let id = text_id(index);
        let paths = outlined
            .iter()
            .find(|text| text.id == id)
            .map_or(&[][..], |text| &text.paths[..]);
        if paths.is_empty() {
            let _ = writeln!(out, "{indent}<g{attributes}{label}/>");
            return;
        }
        let _ = writeln!(out, "{indent}<g{attributes}{label}>");
        for path in paths {
            let _ = writeln!(out, "{indent}  {}", path_element(path));
        }
        let _ = writeln!(out, "{indent}</g>");
    }

    /// The content of a text element, exactly as written: its text and its child elements
    /// (`<tspan>`, `<textPath>`) inline, so no white space is added to what is drawn.
    fn inline_content(&mut self, node: Node, out: &mut String) {
        for child in node.children() {
            match child.node_type() {
                NodeType::Text => out.push_str(&escape_text(child.text().unwrap_or(""))),
                NodeType::Comment => self.removed.comments += 1,
                NodeType::Element => {
                    let name = child.tag_name().name();
                    if !is_svg(child) {
                        self.removed.editor_metadata += 1;
                        continue;
                    }
                    if ANIMATION_ELEMENTS
                        .iter()
                        .any(|known| name.eq_ignore_ascii_case(known))
                    {
                        self.removed.animations += 1;
                        continue;
                    }
                    if href(child).is_some_and(|value| !css::is_internal(value)) {
                        self.removed.external_references += 1;
                        continue;
                    }
                    let attributes = self.attributes(child, |_| false);
                    let mut inner = String::new();
                    self.inline_content(child, &mut inner);
                    let _ = write!(out, "<{name}{attributes}>{inner}</{name}>");
                }
                _ => {}
            }
        }
    }

    /// The attributes kept on `node`, each as ` name="value"`, in the author's order.
    fn attributes(&mut self, node: Node, skip: impl Fn(&str) -> bool) -> String {
        let mut out = String::new();
        let element = node.tag_name().name();
        for attribute in node.attributes() {
            let name = attribute.name();
            let value = attribute.value();
            let prefix = match attribute.namespace() {
                None => "",
                Some(XLINK_NAMESPACE) if name == "href" => "xlink:",
                Some(XML_NAMESPACE) if name == "space" || name == "lang" => "xml:",
                Some(_) => {
                    // inkscape:label, sodipodi:nodetypes, i:knockout…
                    self.removed.editor_metadata += 1;
                    continue;
                }
            };
            if prefix.is_empty() && skip(name) {
                continue;
            }
            if name.len() > 2 && name[..2].eq_ignore_ascii_case("on") {
                self.removed.event_handlers += 1;
                continue;
            }
            if crate::svg::prepass::is_javascript_url(value) {
                self.removed.scripts += 1;
                continue;
            }
            if name.eq_ignore_ascii_case("href") {
                if element == "a" || !css::is_internal(value) || name != "href" {
                    // The link of an <a>; anything else external removed the element already.
                    continue;
                }
                if prefix == "xlink:" {
                    self.xlink = true;
                }
                let _ = write!(out, " {prefix}href=\"{}\"", escape_attribute(value));
                continue;
            }
            if prefix.is_empty()
                && (["target", "download", "ping", "rel", "referrerpolicy"].contains(&name)
                    && element == "a"
                    || ["src", "srcset", "background", "poster", "data", "lowsrc"]
                        .iter()
                        .any(|known| name.eq_ignore_ascii_case(known)))
            {
                if element != "a" {
                    self.removed.external_references += 1;
                }
                continue;
            }
            let kept = if name.eq_ignore_ascii_case("style") {
                let (clean, dropped) = clean_declarations(value);
                self.removed.external_references += dropped.references;
                self.removed.animations += dropped.animations;
                if clean.is_empty() {
                    continue;
                }
                clean
            } else if css::read(value, Source::Value).is_empty() {
                value.to_string()
            } else {
                self.removed.external_references += 1;
                if matches!(name, "fill" | "stroke") {
                    // A paint from another file draws nothing here; `none` says so.
                    "none".to_string()
                } else {
                    continue;
                }
            };
            let _ = write!(out, " {prefix}{name}=\"{}\"", escape_attribute(&kept));
        }
        out
    }
}

/// A number for a paint attribute: at most three decimals, no trailing zeros.
fn short_number(value: f32) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

fn hex(color: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", color[0], color[1], color[2])
}

/// One outline as a `<path>`, its paint written out in full so nothing is inherited from the
/// group (which keeps the text's own paint attributes).
fn path_element(path: &OutlinePath) -> String {
    // Path data from the worker holds commands and numbers only; anything else is dropped.
    let d: String = path
        .d
        .chars()
        .filter(|c| {
            c.is_ascii_digit() || matches!(c, 'M' | 'L' | 'Q' | 'C' | 'Z' | '.' | '-' | ' ')
        })
        .collect();
    let mut out = format!("<path d=\"{d}\"");
    match &path.fill {
        None => out.push_str(" fill=\"none\""),
        Some(fill) => {
            let _ = write!(out, " fill=\"{}\"", hex(fill.color));
            if fill.opacity < 1.0 {
                let _ = write!(out, " fill-opacity=\"{}\"", short_number(fill.opacity));
            }
            if fill.even_odd {
                out.push_str(" fill-rule=\"evenodd\"");
            }
        }
    }
    match &path.stroke {
        None => out.push_str(" stroke=\"none\""),
        Some(stroke) => {
            let _ = write!(
                out,
                " stroke=\"{}\" stroke-width=\"{}\"",
                hex(stroke.color),
                short_number(stroke.width)
            );
            if stroke.opacity < 1.0 {
                let _ = write!(out, " stroke-opacity=\"{}\"", short_number(stroke.opacity));
            }
            let cap = ["butt", "round", "square"];
            if let Some(cap) = cap.get(usize::from(stroke.cap)).filter(|_| stroke.cap > 0) {
                let _ = write!(out, " stroke-linecap=\"{cap}\"");
            }
            let join = ["miter", "miter-clip", "round", "bevel"];
            if let Some(join) = join
                .get(usize::from(stroke.join))
                .filter(|_| stroke.join > 0)
            {
                let _ = write!(out, " stroke-linejoin=\"{join}\"");
            }
            if (stroke.miter_limit - 4.0).abs() > f32::EPSILON {
                let _ = write!(
                    out,
                    " stroke-miterlimit=\"{}\"",
                    short_number(stroke.miter_limit)
                );
            }
            if !stroke.dashes.is_empty() {
                let dashes: Vec<String> = stroke.dashes.iter().map(|d| short_number(*d)).collect();
                let _ = write!(out, " stroke-dasharray=\"{}\"", dashes.join(" "));
                if stroke.dash_offset != 0.0 {
                    let _ = write!(
                        out,
                        " stroke-dashoffset=\"{}\"",
                        short_number(stroke.dash_offset)
                    );
                }
            }
        }
    }
    if path.stroke_first {
        out.push_str(" paint-order=\"stroke\"");
    }
    out.push_str("/>");
    out
}

fn href<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|attribute| {
            attribute.name().eq_ignore_ascii_case("href")
                && matches!(attribute.namespace(), None | Some(XLINK_NAMESPACE))
        })
        .map(|attribute| attribute.value())
}

#[derive(Debug, Default, Clone, Copy)]
struct Dropped {
    references: usize,
    animations: usize,
}

impl Dropped {
    fn count(&mut self, findings: &[css::CssFinding]) {
        for finding in findings {
            match finding.kind {
                crate::svg::HazardKind::CssAnimation => self.animations += 1,
                _ => self.references += 1,
            }
        }
    }
}

/// Splits `css` at the `;` that are not inside a block or a string: the top-level pieces, each
/// with its trailing separator removed. `{}` blocks end a piece too, when `blocks` is set (a
/// style sheet's rules).
fn top_level_pieces(css: &str, blocks: bool) -> Vec<&str> {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let mut pieces = Vec::new();
    let mut start = 0;
    loop {
        let before = parser.position().byte_index();
        let Ok(token) = parser.next_including_whitespace_and_comments() else {
            break;
        };
        let token = token.clone();
        match token {
            Token::Semicolon => {
                pieces.push(&css[start..before]);
                start = parser.position().byte_index();
            }
            Token::CurlyBracketBlock if blocks => {
                let _ = parser.parse_nested_block(
                    |inner| -> Result<(), cssparser::ParseError<'_, ()>> {
                        while inner.next_including_whitespace_and_comments().is_ok() {}
                        Ok(())
                    },
                );
                let end = parser.position().byte_index();
                pieces.push(&css[start..end]);
                start = end;
            }
            _ => {}
        }
    }
    if start < css.len() {
        pieces.push(&css[start..]);
    }
    pieces
}

/// A `style` attribute with every declaration that refers out of the file or animates left out.
fn clean_declarations(css: &str) -> (String, Dropped) {
    let mut dropped = Dropped::default();
    let mut kept = Vec::new();
    for declaration in top_level_pieces(css, false) {
        let declaration = declaration.trim();
        if declaration.is_empty() {
            continue;
        }
        let findings = css::read(declaration, Source::Declarations);
        if findings.is_empty() && !is_editor_declaration(declaration) {
            kept.push(declaration);
        } else {
            dropped.count(&findings);
        }
    }
    (kept.join(";"), dropped)
}

/// Illustrator's `enable-background`, which no renderer reads.
fn is_editor_declaration(declaration: &str) -> bool {
    declaration
        .split_once(':')
        .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("enable-background"))
}

/// A style sheet with every at-rule and declaration that refers out of the file or animates
/// left out; rules keep their selectors.
fn clean_sheet(css: &str) -> (String, Dropped) {
    let mut dropped = Dropped::default();
    let mut kept = Vec::new();
    for piece in top_level_pieces(css, true) {
        let piece = strip_comments(piece);
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let findings = css::read(piece, Source::Sheet);
        if findings.is_empty() {
            kept.push(format!(
                "{piece}{}",
                if piece.ends_with('}') { "" } else { ";" }
            ));
            continue;
        }
        let rule = piece
            .find('{')
            .filter(|_| !piece.starts_with('@') && piece.ends_with('}'));
        match rule {
            Some(open) => {
                let (selector, block) = (&piece[..open], &piece[open + 1..piece.len() - 1]);
                let (declarations, inner) = clean_declarations(block);
                dropped.references += inner.references;
                dropped.animations += inner.animations;
                if !declarations.is_empty() {
                    kept.push(format!("{}{{{declarations}}}", selector.trim_end()));
                }
            }
            None => dropped.count(&findings[..1]),
        }
    }
    (kept.join("\n"), dropped)
}

/// CSS comments removed (editors leave their names in them), strings left whole.
fn strip_comments(css: &str) -> String {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let mut out = String::with_capacity(css.len());
    let mut at = 0;
    loop {
        let before = parser.position().byte_index();
        let Ok(token) = parser.next_including_whitespace_and_comments() else {
            break;
        };
        let is_comment = matches!(token, Token::Comment(_));
        let block = matches!(
            token,
            Token::CurlyBracketBlock
                | Token::ParenthesisBlock
                | Token::SquareBracketBlock
                | Token::Function(_)
        );
        if is_comment {
            out.push_str(&css[at..before]);
            at = parser.position().byte_index();
        } else if block {
            // Comments inside blocks are kept: the reader takes them as white space.
            let _ =
                parser.parse_nested_block(|inner| -> Result<(), cssparser::ParseError<'_, ()>> {
                    while inner.next_including_whitespace_and_comments().is_ok() {}
                    Ok(())
                });
        }
    }
    out.push_str(&css[at..]);
    out
}

pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_that_fetch_or_animate_are_left_out() {
        let (clean, dropped) = clean_declarations(
            "fill:#0a0; background:url(https://t.example/p.gif);animation:spin 1s;\
             enable-background:new 0 0 10 10",
        );
        assert_eq!(clean, "fill:#0a0");
        assert_eq!((dropped.references, dropped.animations), (1, 1));
    }

    #[test]
    fn a_sheet_keeps_its_safe_rules() {
        let (clean, dropped) = clean_sheet(
            "/* Generator: Adobe */ @import url(https://x.example/a.css);\n.st0{fill:#E00;}\n\
             .st1{fill:url(#g);filter:url(https://x.example/f.svg#f)}\n\
             @keyframes spin{to{transform:rotate(1turn)}}",
        );
        assert_eq!(clean, ".st0{fill:#E00;}\n.st1{fill:url(#g)}");
        assert_eq!((dropped.references, dropped.animations), (2, 1));
    }

    #[test]
    fn escaping_keeps_markup_out_of_values() {
        assert_eq!(escape_attribute("a\"<&>\n"), "a&quot;&lt;&amp;&gt;&#10;");
        assert_eq!(escape_text("a<b & c>"), "a&lt;b &amp; c&gt;");
    }
}
