//! A linear scan of XML text, run before the XML parser sees it, that refuses the shapes on
//! which the parser's work grows faster than the input: `roxmltree` compares every attribute of
//! an element with all the earlier ones, every namespace declaration with the others of its
//! element, looks each prefix up among all the namespaces in scope, and copies the namespaces in
//! scope for every element that declares one. Capping attributes per element, namespaces in
//! scope, distinct namespaces and those copies bounds each of these steps by a constant per byte.
//!
//! The scan only counts; it does not check well-formedness (the parser does that next). On a
//! well-formed document its counts are exact; on a malformed one they may be off, and the parser
//! refuses the document anyway.

use std::collections::HashSet;
use std::ops::Range;

/// The caps one kind of document is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlLimits {
    /// Attributes on one element, namespace declarations not included (they are capped by
    /// `namespaces_in_scope`).
    pub attributes_per_element: usize,
    /// Namespace declarations in scope at any element (its own and its ancestors').
    pub namespaces_in_scope: usize,
    /// Distinct (prefix, URI) declarations in the document.
    pub distinct_namespaces: usize,
    /// The namespaces in scope, summed over the elements that declare at least one: what the
    /// parser copies.
    pub namespace_copies: usize,
}

/// The caps for logos and Word documents. Real files stay far below each: an SVG element has a
/// dozen attributes (Inkscape's `<sodipodi:namedview>` about 25), a Word document declares about
/// 40 namespaces on its root and repeats a few on each drawing. The attribute cap sets the cost
/// of the parser's duplicate check: at most 64 comparisons per attribute.
pub const LIMITS: XmlLimits = XmlLimits {
    attributes_per_element: 64,
    namespaces_in_scope: 128,
    distinct_namespaces: 1024,
    namespace_copies: 1_000_000,
};

/// What the scan refused, and where (the start tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlLimit {
    Attributes { limit: usize, span: Range<usize> },
    NamespacesInScope { limit: usize, span: Range<usize> },
    DistinctNamespaces { limit: usize, span: Range<usize> },
    NamespaceCopies { limit: usize, span: Range<usize> },
}

impl XmlLimit {
    pub fn span(&self) -> Range<usize> {
        match self {
            XmlLimit::Attributes { span, .. }
            | XmlLimit::NamespacesInScope { span, .. }
            | XmlLimit::DistinctNamespaces { span, .. }
            | XmlLimit::NamespaceCopies { span, .. } => span.clone(),
        }
    }

    /// What was exceeded, as the end of a sentence about the document ("has …").
    pub fn describe(&self) -> String {
        match self {
            XmlLimit::Attributes { limit, .. } => {
                format!("an element with more than {limit} attributes")
            }
            XmlLimit::NamespacesInScope { limit, .. } => {
                format!("more than {limit} namespace declarations in scope at one element")
            }
            XmlLimit::DistinctNamespaces { limit, .. } => {
                format!("more than {limit} distinct namespace declarations")
            }
            XmlLimit::NamespaceCopies { limit, .. } => format!(
                "namespace declarations on so many elements that resolving them takes more \
                 than {limit} steps"
            ),
        }
    }
}

/// Scans `text` once; `Err` with the first cap exceeded.
pub fn scan(text: &str, limits: &XmlLimits) -> Result<(), XmlLimit> {
    let bytes = text.as_bytes();
    // The namespace declarations of each open element.
    let mut open: Vec<u32> = Vec::new();
    let mut in_scope = 0usize;
    let mut copies = 0usize;
    let mut distinct: HashSet<(&str, &str)> = HashSet::new();
    let mut at = 0;
    while let Some(found) = memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            at = skip_past(text, start + 4, "-->");
        } else if rest.starts_with("<![CDATA[") {
            at = skip_past(text, start + 9, "]]>");
        } else if rest.starts_with("<?") {
            at = skip_past(text, start + 2, "?>");
        } else if rest.starts_with("<!") {
            // A DOCTYPE: the parsers here refuse or blank it; skip its declarations whole.
            at = skip_doctype(bytes, start + 2);
        } else if rest.starts_with("</") {
            if let Some(declared) = open.pop() {
                in_scope = in_scope.saturating_sub(declared as usize);
            }
            at = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |end| start + end + 1);
        } else {
            let tag = start_tag(text, start);
            let span = start..tag.name_end;
            if tag.attributes > limits.attributes_per_element {
                return Err(XmlLimit::Attributes {
                    limit: limits.attributes_per_element,
                    span,
                });
            }
            let declared = tag.namespaces.len();
            if declared > 0 {
                in_scope += declared;
                if in_scope > limits.namespaces_in_scope {
                    return Err(XmlLimit::NamespacesInScope {
                        limit: limits.namespaces_in_scope,
                        span,
                    });
                }
                copies += in_scope;
                if copies > limits.namespace_copies {
                    return Err(XmlLimit::NamespaceCopies {
                        limit: limits.namespace_copies,
                        span,
                    });
                }
                distinct.extend(tag.namespaces.iter().copied());
                if distinct.len() > limits.distinct_namespaces {
                    return Err(XmlLimit::DistinctNamespaces {
                        limit: limits.distinct_namespaces,
                        span,
                    });
                }
            }
            if tag.self_closing {
                in_scope -= declared;
            } else {
                open.push(u32::try_from(declared).unwrap_or(u32::MAX));
            }
            at = tag.end;
        }
    }
    Ok(())
}

struct StartTag<'t> {
    name_end: usize,
    end: usize,
    attributes: usize,
    /// (prefix, URI) of each `xmlns` / `xmlns:p` attribute, raw.
    namespaces: Vec<(&'t str, &'t str)>,
    self_closing: bool,
}

/// Reads the start tag at `start` (`<name …>`): one quoted value per attribute.
fn start_tag(text: &str, start: usize) -> StartTag<'_> {
    let bytes = text.as_bytes();
    let mut at = start + 1;
    while at < bytes.len() && !is_tag_space(bytes[at]) && bytes[at] != b'>' && bytes[at] != b'/' {
        at += 1;
    }
    let name_end = at;
    let mut tag = StartTag {
        name_end,
        end: bytes.len(),
        attributes: 0,
        namespaces: Vec::new(),
        self_closing: false,
    };
    // The attribute name before the `=` that precedes the next quoted value.
    let mut word = at..at;
    let mut name = at..at;
    while at < bytes.len() {
        match bytes[at] {
            b'>' => {
                tag.self_closing = at > start && bytes[at - 1] == b'/';
                tag.end = at + 1;
                return tag;
            }
            quote @ (b'"' | b'\'') => {
                let value_start = at + 1;
                let value_end = memchr(quote, &bytes[value_start..])
                    .map_or(bytes.len(), |end| value_start + end);
                let attribute = &text[name.clone()];
                if attribute == "xmlns" || attribute.starts_with("xmlns:") {
                    let prefix = attribute.strip_prefix("xmlns:").unwrap_or("");
                    tag.namespaces.push((prefix, &text[value_start..value_end]));
                } else {
                    tag.attributes += 1;
                }
                at = value_end + 1;
                word = at..at;
            }
            b'=' => {
                name = word.clone();
                at += 1;
            }
            byte if is_tag_space(byte) => {
                at += 1;
                word = at..at;
            }
            _ => {
                if word.is_empty() {
                    word.start = at;
                }
                at += 1;
                word.end = at;
            }
        }
    }
    tag
}

fn is_tag_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_past(text: &str, from: usize, close: &str) -> usize {
    text.get(from..)
        .and_then(|rest| rest.find(close))
        .map_or(text.len(), |end| from + end + close.len())
}

/// Past the `>` that ends a DOCTYPE, skipping its internal subset in `[…]`.
fn skip_doctype(bytes: &[u8], mut at: usize) -> usize {
    let mut in_subset = false;
    let mut quote = None;
    while at < bytes.len() {
        let byte = bytes[at];
        at += 1;
        match (quote, byte) {
            (Some(open), _) if byte == open => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'[') => in_subset = true,
            (None, b']') => in_subset = false,
            (None, b'>') if !in_subset => return at,
            _ => {}
        }
    }
    at
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&byte| byte == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: XmlLimits = XmlLimits {
        attributes_per_element: 3,
        namespaces_in_scope: 2,
        distinct_namespaces: 3,
        namespace_copies: 6,
    };

    #[test]
    fn counts_attributes_per_element_whatever_their_values_hold() {
        let ok = r#"<a x="1" y='>' z="/>" xmlns="u"><!-- <b p="" q="" r="" s=""> --><b/></a>"#;
        assert_eq!(scan(ok, &SMALL), Ok(()));
        let text = r#"<a x="1"><b p="" q = "" r="" s=""/></a>"#;
        assert_eq!(
            scan(text, &SMALL),
            Err(XmlLimit::Attributes {
                limit: 3,
                span: 9..11
            })
        );
        let cdata = r#"<a><![CDATA[<b p="" q="" r="" s="">]]><?pi <c p="" q="" r="" s=""> ?></a>"#;
        assert_eq!(scan(cdata, &SMALL), Ok(()));
    }

    #[test]
    fn namespaces_in_scope_leave_scope_with_their_element() {
        let siblings = r#"<a xmlns="u"><b xmlns:p="v"/><c xmlns:q="w"></c></a>"#;
        assert_eq!(scan(siblings, &SMALL), Ok(()));
        let nested = r#"<a xmlns="u"><b xmlns:p="v"><c xmlns:q="w"/></b></a>"#;
        assert!(matches!(
            scan(nested, &SMALL),
            Err(XmlLimit::NamespacesInScope { limit: 2, .. })
        ));
        let distinct = r#"<a><b xmlns:p="1"/><b xmlns:p="2"/><b xmlns:p="3"/><b xmlns:p="4"/></a>"#;
        assert!(matches!(
            scan(distinct, &SMALL),
            Err(XmlLimit::DistinctNamespaces { limit: 3, .. })
        ));
        let copies = r#"<a xmlns="u"><b xmlns:p="1"/><b xmlns:p="1"/><b xmlns:p="1"/></a>"#;
        assert!(matches!(
            scan(copies, &SMALL),
            Err(XmlLimit::NamespaceCopies { limit: 6, .. })
        ));
    }

    #[test]
    fn a_doctype_subset_is_skipped() {
        let text = r#"<!DOCTYPE a [<!ENTITY e "<b p='' q='' r='' s=''>">]><a/>"#;
        assert_eq!(scan(text, &SMALL), Ok(()));
    }
}
