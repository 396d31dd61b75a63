//! CSS in a logo read as CSS: the style sheets of `<style>` elements, `style` attributes and
//! every other attribute value (presentation attributes such as `fill`, `filter` or `cursor`,
//! animation values) go through `cssparser`, the tokenizer of Servo and Firefox, so escapes
//! (`u\72l(`, `@\69mport`), comments and the case of function names are decoded exactly as a
//! browser decodes them before anything is matched.
//!
//! What counts as a reference out of the file: every `url()` and `src()`, the strings of
//! `image-set()`, `-webkit-image-set()` and `image()`, `@import`, and any of these whose target
//! is computed (`var()`) or malformed (a bad URL token), unless the target is a `#fragment` or
//! an embedded raster image. Style sheets nested deeper than [`MAX_NESTING`] blocks are not read
//! further and are reported as a whole, since what hides inside cannot be vouched for.

use std::ops::Range;

use cssparser::{ParseError, Parser, ParserInput, Token};

use super::prepass::HazardKind;

/// Nested blocks (`{`, `(`, `[`, functions) read in a style sheet or attribute. Real logos
/// nest three or four; the reading is recursive, so the depth is capped.
pub const MAX_NESTING: usize = 32;

/// Where the CSS text comes from, which decides what in it takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A `<style>` element's sheet: rules, at-rules, declarations.
    Sheet,
    /// A `style` attribute: declarations.
    Declarations,
    /// Any other attribute value (a presentation attribute, an animation's `values`): a value.
    Value,
}

/// One thing the CSS holds that a rule reports, with its byte range in the CSS text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssFinding {
    pub kind: HazardKind,
    pub span: Range<usize>,
    pub detail: String,
}

/// Everything in `css` that refers outside the file, and the first CSS animation or transition.
pub fn read(css: &str, source: Source) -> Vec<CssFinding> {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let mut reader = Reader {
        css,
        source,
        findings: Vec::new(),
        animation_found: false,
    };
    reader.block(&mut parser, 0, Function::Other);
    reader.findings.sort_by_key(|finding| finding.span.start);
    reader.findings
}

/// The function a block belongs to, where that changes what its tokens mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Function {
    /// `url()`, `src()`: the argument is a URL.
    Url,
    /// `image-set()`, `-webkit-image-set()`, `image()` (the name, lower case): a bare string is
    /// a URL.
    ImageList(&'static str),
    Other,
}

fn function_kind(name: &str) -> Function {
    const URL: &[&str] = &["url", "src"];
    const IMAGE_LIST: &[&str] = &["image-set", "-webkit-image-set", "image", "-webkit-image"];
    if URL.iter().any(|known| name.eq_ignore_ascii_case(known)) {
        Function::Url
    } else if let Some(known) = IMAGE_LIST
        .iter()
        .find(|known| name.eq_ignore_ascii_case(known))
    {
        Function::ImageList(known)
    } else {
        Function::Other
    }
}

/// A property that animates: `animation`, `transition` and their longhands, with or without a
/// vendor prefix.
fn is_animation_property(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let unprefixed = ["-webkit-", "-moz-", "-o-", "-ms-"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(&lower);
    ["animation", "transition"].iter().any(|property| {
        unprefixed == *property
            || unprefixed
                .strip_prefix(property)
                .is_some_and(|rest| rest.starts_with('-'))
    })
}

/// A URL that stays inside the file: a fragment, or a raster image embedded as a data: URL.
pub fn is_internal(target: &str) -> bool {
    let target = target.trim();
    target.starts_with('#')
        || super::prepass::data_media_type(target)
            .is_some_and(|media| super::prepass::RASTER_TYPES.contains(&media.as_str()))
}

struct Reader<'c> {
    css: &'c str,
    source: Source,
    findings: Vec<CssFinding>,
    animation_found: bool,
}

type Nested<'i> = Result<(), ParseError<'i, ()>>;

impl Reader<'_> {
    fn external(&mut self, span: Range<usize>, detail: String) {
        self.findings.push(CssFinding {
            kind: HazardKind::ExternalReference,
            span,
            detail,
        });
    }

    fn url(&mut self, function: &str, target: &str, span: Range<usize>) {
        if !is_internal(target) {
            let detail = format!("`{function}({})`", super::prepass::shorten(target.trim()));
            self.external(span, detail);
        }
    }

    fn animation(&mut self, span: Range<usize>, name: &str) {
        if !self.animation_found {
            self.animation_found = true;
            self.findings.push(CssFinding {
                kind: HazardKind::CssAnimation,
                span,
                detail: format!("CSS `{name}`"),
            });
        }
    }

    /// Reads the tokens of one block (the whole input at depth 0), entering nested blocks.
    fn block(&mut self, parser: &mut Parser, depth: usize, function: Function) {
        if depth > MAX_NESTING {
            let start = parser.position().byte_index();
            while parser.next_including_whitespace_and_comments().is_ok() {}
            let end = parser.position().byte_index();
            self.external(
                start..end.max(start),
                format!("CSS nested more than {MAX_NESTING} levels deep, which is not read"),
            );
            return;
        }
        loop {
            let start = parser.position().byte_index();
            let Ok(token) = parser.next_including_whitespace_and_comments() else {
                return;
            };
            let token = token.clone();
            let end = parser.position().byte_index();
            match token {
                Token::WhiteSpace(_) | Token::Comment(_) => {}
                Token::UnquotedUrl(target) => self.url("url", &target, start..end),
                Token::BadUrl(_) => {
                    let raw = super::prepass::shorten(&self.css[start..end]);
                    self.external(start..end, format!("`{raw}`"));
                }
                Token::QuotedString(target) if function != Function::Other => {
                    let name = match function {
                        Function::ImageList(name) => name,
                        _ => "url",
                    };
                    self.url(name, &target, start..end);
                }
                Token::Function(name) => {
                    let kind = function_kind(&name);
                    if name.eq_ignore_ascii_case("var") && function != Function::Other {
                        // A computed URL: whatever the variable holds is fetched.
                        self.nested(parser, depth, Function::Other);
                        let end = parser.position().byte_index();
                        let raw = super::prepass::shorten(&self.css[start..end]);
                        self.external(start..end, format!("a URL computed by `{raw}`"));
                        continue;
                    }
                    let before = self.findings.len();
                    self.nested(parser, depth, kind);
                    let end = parser.position().byte_index();
                    if kind == Function::Url && self.findings.len() == before {
                        // `url()` with a string: report the whole function, as for an unquoted
                        // URL, unless its target stayed inside the file.
                        continue;
                    }
                    if kind == Function::Url {
                        for finding in &mut self.findings[before..] {
                            if finding.kind == HazardKind::ExternalReference {
                                finding.span = start..end;
                                finding.detail = finding.detail.replacen(
                                    "`url(",
                                    &format!("`{}(", name.to_ascii_lowercase()),
                                    1,
                                );
                            }
                        }
                    }
                }
                Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                    self.nested(parser, depth, function)
                }
                Token::AtKeyword(name) if self.source == Source::Sheet => {
                    if name.eq_ignore_ascii_case("import") {
                        self.import(parser, start);
                    } else if name.eq_ignore_ascii_case("namespace") {
                        // `@namespace svg url(…);` names a namespace; nothing is fetched.
                        skip_prelude(parser);
                    } else if is_keyframes(&name) {
                        self.animation(start..end, "@keyframes");
                    }
                }
                Token::Ident(name)
                    if self.source != Source::Value
                        && is_animation_property(&name)
                        && followed_by_colon(parser) =>
                {
                    self.animation(start..end, &name.to_ascii_lowercase());
                }
                _ => {}
            }
        }
    }

    fn nested(&mut self, parser: &mut Parser, depth: usize, function: Function) {
        let _ = parser.parse_nested_block(|inner| -> Nested {
            self.block(inner, depth + 1, function);
            Ok(())
        });
    }

    /// `@import …;`: the whole rule is one reference, whatever form its URL takes.
    fn import(&mut self, parser: &mut Parser, start: usize) {
        let mut end = parser.position().byte_index();
        while let Ok(token) = parser.next_including_whitespace_and_comments() {
            let token = token.clone();
            end = parser.position().byte_index();
            if matches!(token, Token::Semicolon | Token::CurlyBracketBlock) {
                break;
            }
        }
        let raw = super::prepass::shorten(self.css[start..end].trim());
        self.external(start..end, format!("`{raw}`"));
    }
}

/// Consumes an at-rule's prelude and its `;` (or its block).
fn skip_prelude(parser: &mut Parser) {
    while let Ok(token) = parser.next_including_whitespace_and_comments() {
        if matches!(token, Token::Semicolon | Token::CurlyBracketBlock) {
            break;
        }
    }
}

fn is_keyframes(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "keyframes"
        || lower
            .strip_prefix('-')
            .is_some_and(|rest| rest.ends_with("-keyframes"))
}

/// Whether the next token that is not white space or a comment is `:` (an identifier followed by
/// a colon is a property name), without consuming anything.
fn followed_by_colon(parser: &mut Parser) -> bool {
    let state = parser.state();
    let colon = matches!(parser.next(), Ok(Token::Colon));
    parser.reset(&state);
    colon
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `url` spelled as a browser still reads it: each letter in either case, as itself or as a
    /// hex escape (with or without the space that ends one).
    fn url_spelling() -> impl Strategy<Value = String> {
        let letter = |c: char| {
            let escaped = format!("\\{:x}", u32::from(c));
            prop_oneof![
                Just(c.to_string()),
                Just(c.to_ascii_uppercase().to_string()),
                Just(format!("{escaped} ")),
                Just(format!("\\{:X} ", u32::from(c.to_ascii_uppercase()))),
            ]
        };
        (letter('u'), letter('r'), letter('l')).prop_map(|(u, r, l)| format!("{u}{r}{l}"))
    }

    /// Pieces of CSS, valid and broken, for the reader to survive in any order.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("url(".to_string()),
            Just("u\\72l(".to_string()),
            Just("image-set(".to_string()),
            Just("var(".to_string()),
            Just("@import ".to_string()),
            Just("@keyframes ".to_string()),
            Just("animation:".to_string()),
            Just("/*".to_string()),
            Just("*/".to_string()),
            Just("\"x.png\"".to_string()),
            Just("'".to_string()),
            Just("\\".to_string()),
            Just("#frag".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just(";".to_string()),
            "[ -~é日]{0,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn every_spelling_of_url_is_a_reference(
            spelling in url_spelling(),
            target in "[a-z]{1,8}\\.svg#[a-z]{1,4}",
            source in prop_oneof![Just(Source::Sheet), Just(Source::Declarations), Just(Source::Value)],
        ) {
            let css = match source {
                Source::Sheet => format!("rect{{fill:{spelling}({target})}}"),
                _ => format!("fill:{spelling}({target})"),
            };
            let findings = read(&css, source);
            prop_assert_eq!(findings.len(), 1, "{}", css);
            prop_assert_eq!(findings[0].kind, HazardKind::ExternalReference);
            prop_assert_eq!(&findings[0].detail, &format!("`url({target})`"));
            let tail = format!("{target})");
            prop_assert!(css[findings[0].span.clone()].ends_with(&tail));
        }

        #[test]
        fn any_soup_of_fragments_reads_without_panic_within_bounds(
            parts in proptest::collection::vec(fragment(), 0..40),
            source in prop_oneof![Just(Source::Sheet), Just(Source::Declarations), Just(Source::Value)],
        ) {
            let css: String = parts.concat();
            let findings = read(&css, source);
            let mut previous = 0;
            for finding in &findings {
                prop_assert!(finding.span.start >= previous);
                prop_assert!(finding.span.start <= finding.span.end);
                prop_assert!(finding.span.end <= css.len());
                prop_assert!(css.is_char_boundary(finding.span.start));
                prop_assert!(css.is_char_boundary(finding.span.end));
                previous = finding.span.start;
            }
        }
    }

    /// The kind, the text each finding points at, and its detail.
    fn found(css: &str, source: Source) -> Vec<(HazardKind, &str, String)> {
        read(css, source)
            .into_iter()
            .map(|finding| (finding.kind, &css[finding.span], finding.detail))
            .collect()
    }

    fn external(css: &str, source: Source) -> Vec<&str> {
        found(css, source)
            .into_iter()
            .filter(|(kind, ..)| *kind == HazardKind::ExternalReference)
            .map(|(_, text, _)| text)
            .collect()
    }

    #[test]
    fn urls_in_every_spelling() {
        let css = r#"a{fill:URL(a.svg#g)} b{fill:u\72l(b.svg#g)} c{fill:\75 rl(c.svg)}
            d{fill:url( "d.svg" )} e{fill:uR/**/l(e)} f{stroke:url('#inside')}
            g{background:url(data:image/png;base64,AAAA)} h{cursor:url(data:image/svg+xml,x)}"#;
        assert_eq!(
            external(css, Source::Sheet),
            [
                "URL(a.svg#g)",
                r"u\72l(b.svg#g)",
                r"\75 rl(c.svg)",
                r#"url( "d.svg" )"#,
                "url(data:image/svg+xml,x)",
            ]
        );
        // A comment inside a name splits it: `uR/**/l(` is the identifier `uR` and the
        // function `l()`, which fetches nothing, in a browser as here.
        assert_eq!(
            found(r"a{fill:u\72l(b.svg#g)}", Source::Sheet)[0].2,
            "`url(b.svg#g)`"
        );
    }

    #[test]
    fn image_sets_src_and_computed_urls() {
        let css = r#"a{background:image-set("a.png" 1x, url(b.png) 2x)}
            b{background:-WEBKIT-IMAGE-SET('c.png' 1x)} c{background:image("d.png")}
            d{src:src("e.woff")} e{background:image-set(var(--u) 1x)}
            f{font-family:"not a url"} g{background:url(var(--u))}"#;
        assert_eq!(
            external(css, Source::Sheet),
            [
                r#""a.png""#,
                "url(b.png)",
                "'c.png'",
                r#""d.png""#,
                r#"src("e.woff")"#,
                "var(--u)",
                // A bad URL token ends at the first `)`.
                "url(var(--u)",
            ]
        );
    }

    #[test]
    fn details_name_the_function() {
        let details: Vec<String> = found(
            r#"a{b:image("d.png");c:-webkit-image-set("e.png" 1x);d:SRC("f.woff")}"#,
            Source::Sheet,
        )
        .into_iter()
        .map(|(_, _, detail)| detail)
        .collect();
        assert_eq!(
            details,
            [
                "`image(d.png)`",
                "`-webkit-image-set(e.png)`",
                "`src(f.woff)`"
            ]
        );
    }

    #[test]
    fn imports_in_every_spelling_and_font_faces() {
        let css = "@import 'a.css';@IMPORT url(b.css) screen;@\\69mport \"c.css\";\
                   @namespace svg url(http://www.w3.org/2000/svg);\
                   @font-face{font-family:x;src:local(x),url(f.woff2) format('woff2')}\
                   @media print{@supports (display:grid){a{mask:url(m.svg#m)}}}";
        assert_eq!(
            external(css, Source::Sheet),
            [
                "@import 'a.css';",
                "@IMPORT url(b.css) screen;",
                "@\\69mport \"c.css\";",
                "url(f.woff2)",
                "url(m.svg#m)",
            ]
        );
        // At-rules mean nothing in an attribute: no import is read there.
        assert_eq!(
            external("@import 'a.css';", Source::Value),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn animations_once_per_text_as_properties_only() {
        assert_eq!(
            found("@-webkit-keyframes k{} a{animation:k 1s}", Source::Sheet),
            [(
                HazardKind::CssAnimation,
                "@-webkit-keyframes",
                "CSS `@keyframes`".to_string()
            )]
        );
        assert_eq!(
            found("fill: red; Transition-Duration : 1s", Source::Declarations),
            [(
                HazardKind::CssAnimation,
                "Transition-Duration",
                "CSS `transition-duration`".to_string()
            )]
        );
        assert!(found(".no-animation{fill:red} a{animation-name}", Source::Sheet).is_empty());
        assert!(found("animation: spin 1s", Source::Value).is_empty());
    }

    #[test]
    fn deep_nesting_is_reported_not_recursed() {
        let css = format!("{}url(x){}", "(".repeat(10_000), ")".repeat(10_000));
        let findings = read(&css, Source::Value);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, HazardKind::ExternalReference);
        assert!(findings[0].detail.contains("nested more than 32"));
        let shallow = format!("{}url(#x){}", "(".repeat(30), ")".repeat(30));
        assert!(read(&shallow, Source::Value).is_empty());
    }
}
