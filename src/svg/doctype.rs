//! The document type declaration, found and judged without ever expanding an entity: an
//! internal subset or an unknown external one is refused, the W3C SVG declarations that editors
//! write are merely noted, and the declaration is blanked out before XML parsing.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DoctypeKind {
    /// `<!DOCTYPE svg>` or a W3C SVG public identifier: harmless, ignored.
    Plain,
    /// An internal subset (`[ … ]`), where entities are declared.
    InternalSubset,
    /// A reference to a DTD other than the W3C SVG ones.
    ExternalSubset(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doctype {
    pub span: Range<usize>,
    pub kind: DoctypeKind,
    /// The declaration is the one Adobe Illustrator writes when an SVG is saved with its editing
    /// data ("Preserve Illustrator Editing Capabilities"): entities `ns_ai`, `ns_extend`, … that
    /// the document's namespace declarations use, so deleting the DOCTYPE alone breaks it.
    pub illustrator: bool,
}

/// Entities only Adobe Illustrator's "editing capabilities" SVG declares.
const ILLUSTRATOR_ENTITIES: &[&str] = &["ns_ai", "ns_extend", "ns_pgf", "ns_graphs", "ns_vars"];

/// System identifiers of the W3C SVG DTDs, which SVG processors never fetch.
const W3C_SVG_DTDS: &[&str] = &[
    "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd",
    "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic.dtd",
    "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny.dtd",
    "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd",
    "http://www.w3.org/TR/2001/PR-SVG-20010719/DTD/svg10.dtd",
    "http://www.w3.org/Graphics/SVG/1.2/DTD/svg12.dtd",
];

/// Finds the first `<!DOCTYPE` outside comments and returns it with its end; `None` when
/// there is none. An unterminated declaration runs to the end of the text.
pub fn find_doctype(text: &str) -> Option<Doctype> {
    let start = doctype_start(text)?;
    let bytes = text.as_bytes();
    let mut at = start + "<!DOCTYPE".len();
    let mut quote: Option<u8> = None;
    let mut subset_depth = 0usize;
    let mut saw_subset = false;
    while at < bytes.len() {
        let byte = bytes[at];
        match quote {
            Some(open) if byte == open => quote = None,
            Some(_) => {}
            None => match byte {
                b'"' | b'\'' => quote = Some(byte),
                b'[' => {
                    subset_depth += 1;
                    saw_subset = true;
                }
                b']' => subset_depth = subset_depth.saturating_sub(1),
                b'>' if subset_depth == 0 => {
                    at += 1;
                    break;
                }
                _ => {}
            },
        }
        at += 1;
    }
    let span = start..at.min(bytes.len());
    let declaration = &text[span.clone()];
    let kind = if saw_subset {
        DoctypeKind::InternalSubset
    } else {
        match system_identifier(declaration) {
            Some(system) if !W3C_SVG_DTDS.contains(&system.as_str()) => {
                DoctypeKind::ExternalSubset(system)
            }
            _ => DoctypeKind::Plain,
        }
    };
    let illustrator = kind == DoctypeKind::InternalSubset
        && ILLUSTRATOR_ENTITIES.iter().any(|entity| {
            declaration
                .split("<!ENTITY")
                .skip(1)
                .any(|declared| declared.split_whitespace().next() == Some(*entity))
        });
    Some(Doctype {
        span,
        kind,
        illustrator,
    })
}

/// Where `<!DOCTYPE` starts in the prolog (after the XML declaration, processing instructions,
/// comments and white space, before the root element); `None` when there is none there. Text
/// later in the document that merely looks like a DOCTYPE is content, not a declaration.
fn doctype_start(text: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("<!DOCTYPE") {
            return Some(at);
        } else if trimmed.starts_with("<?") {
            at += trimmed.find("?>")? + 2;
        } else if trimmed.starts_with("<!--") {
            at += trimmed.find("-->")? + 3;
        } else {
            return None;
        }
    }
}

/// The quoted system identifier of `SYSTEM "…"` or `PUBLIC "…" "…"`.
fn system_identifier(declaration: &str) -> Option<String> {
    let literals: Vec<&str> = quoted_literals(declaration);
    if declaration.contains("SYSTEM") {
        literals.first().map(|s| s.to_string())
    } else if declaration.contains("PUBLIC") {
        // A PUBLIC identifier alone still names an external subset.
        literals.get(1).or(literals.first()).map(|s| s.to_string())
    } else {
        None
    }
}

fn quoted_literals(text: &str) -> Vec<&str> {
    let mut literals = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let after = &rest[open + 1..];
        match after.find(quote) {
            Some(close) => {
                literals.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    literals
}

/// The text with the declaration replaced by spaces (line breaks kept), so that every byte
/// offset and line/column stays the same for the XML parser.
pub fn blank_out(text: &str, span: &Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..span.start]);
    for c in text[span.clone()].chars() {
        if c == '\n' || c == '\r' {
            out.push(c);
        } else {
            // As many spaces as the character had bytes.
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out.push_str(&text[span.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_declarations() {
        let plain = r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>"#;
        assert_eq!(find_doctype(plain).unwrap().kind, DoctypeKind::Plain);
        let bomb = r#"<!DOCTYPE svg [ <!ENTITY a "x>y"> ]><svg/>"#;
        let found = find_doctype(bomb).unwrap();
        assert_eq!(found.kind, DoctypeKind::InternalSubset);
        assert_eq!(
            &bomb[found.span.clone()],
            r#"<!DOCTYPE svg [ <!ENTITY a "x>y"> ]>"#
        );
        let xxe = r#"<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg/>"#;
        assert_eq!(
            find_doctype(xxe).unwrap().kind,
            DoctypeKind::ExternalSubset("file:///etc/passwd".into())
        );
        assert!(!found.illustrator);
        let illustrator = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n\t<!ENTITY ns_extend \"http://ns.adobe.com/Extensibility/1.0/\">\n\t<!ENTITY ns_ai \"http://ns.adobe.com/AdobeIllustrator/10.0/\">\n]><svg/>";
        assert!(find_doctype(illustrator).unwrap().illustrator);
        assert_eq!(find_doctype("<!-- <!DOCTYPE x> --><svg/>"), None);
        assert_eq!(
            find_doctype("<svg><desc><![CDATA[<!DOCTYPE svg [ ]>]]></desc></svg>"),
            None
        );
    }

    #[test]
    fn blanking_keeps_offsets() {
        let text = "<!DOCTYPE é\n>\n<svg/>";
        let doctype = find_doctype(text).unwrap();
        let blank = blank_out(text, &doctype.span);
        assert_eq!(blank.len(), text.len());
        assert_eq!(blank.find("<svg"), text.find("<svg"));
        assert_eq!(blank.matches('\n').count(), 2);
    }
}
