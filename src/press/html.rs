//! HTML press releases: the text content a browser shows, through a streaming WHATWG parser that
//! gives every text chunk its byte range in the file. Scripts, styles, comments and code
//! (`<code>`, `<kbd>`, `<samp>`, `<pre>`) are left out; block boundaries separate words.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::{Element, TextChunk, TextType};
use lol_html::{HtmlRewriter, MemorySettings, Settings, doc_text, element};

use super::entities::push_decoded;
use super::extract::{Extracted, GAP};

/// Elements whose content flows with the text around them: no word boundary at their tags.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "font", "i", "ins", "label",
    "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "del", "nobr",
];

/// Elements whose content is code, not prose.
const CODE: &[&str] = &["code", "kbd", "samp", "pre", "var", "tt"];

#[derive(Debug)]
enum Event {
    Text {
        raw: String,
        source: Range<usize>,
        last: bool,
    },
    /// A tag that separates words (a block element's start or end, `<br>`).
    Boundary(usize),
    /// Code starts here: left out, and no name is matched across it.
    Gap(usize),
}

#[derive(Debug, Default)]
struct Collected {
    events: Vec<Event>,
    /// How many code elements are open.
    in_code: usize,
}

/// Parses `source` and returns its text content. `Err` with a reason when the parser gives up
/// (it stops at a memory cap far above any press release).
pub fn extract(source: &str) -> Result<Extracted, String> {
    let collected = Rc::new(RefCell::new(Collected::default()));
    let on_element = Rc::clone(&collected);
    let on_text = Rc::clone(&collected);
    let settings = Settings::new()
        .with_strict(false)
        .with_memory_settings(MemorySettings::new().with_max_allowed_memory_usage(64 << 20))
        .append_element_content_handler(element!("*", move |element: &mut Element| {
            open(&on_element, element);
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |chunk: &mut TextChunk| {
            text(&on_text, chunk);
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter
        .write(source.as_bytes())
        .and_then(|()| rewriter.end())
        .map_err(|error| format!("cannot be parsed as HTML: {error}"))?;
    let events = std::mem::take(&mut collected.borrow_mut().events);
    Ok(assemble(source, events))
}

fn open(collected: &Rc<RefCell<Collected>>, element: &mut Element) {
    let name = element.tag_name();
    let at = element.source_location().bytes().start;
    let is_code = CODE.contains(&name.as_str());
    let is_inline = INLINE.contains(&name.as_str());
    {
        let mut state = collected.borrow_mut();
        if is_code {
            state.in_code += 1;
            state.events.push(Event::Gap(at));
        } else if !is_inline {
            state.events.push(Event::Boundary(at));
        }
    }
    if !is_code && is_inline {
        return;
    }
    let Some(handlers) = element.end_tag_handlers() else {
        return;
    };
    let on_end = Rc::clone(collected);
    handlers.push(Box::new(move |end| {
        let at = end.source_location().bytes().end;
        let mut state = on_end.borrow_mut();
        if is_code {
            state.in_code = state.in_code.saturating_sub(1);
            state.events.push(Event::Gap(at));
        } else {
            state.events.push(Event::Boundary(at));
        }
        Ok(())
    }));
}

fn text(collected: &Rc<RefCell<Collected>>, chunk: &TextChunk) {
    let prose = matches!(
        chunk.text_type(),
        TextType::Data | TextType::RCData | TextType::PlainText | TextType::CDataSection
    );
    let mut state = collected.borrow_mut();
    if !prose || state.in_code > 0 {
        return;
    }
    state.events.push(Event::Text {
        raw: chunk.as_str().to_string(),
        source: chunk.source_location().bytes(),
        last: chunk.last_in_text_node(),
    });
}

/// Joins the chunks of each text node (a reference may straddle two), decodes references and
/// puts separators at block boundaries.
fn assemble(source: &str, events: Vec<Event>) -> Extracted {
    let mut extracted = Extracted::default();
    let mut node = String::new();
    let mut node_source: Option<Range<usize>> = None;
    let flush = |extracted: &mut Extracted, node: &mut String, at: &mut Option<Range<usize>>| {
        if let Some(range) = at.take() {
            if source.get(range.clone()) == Some(node.as_str()) {
                push_decoded(extracted, node, range.start);
            } else {
                extracted.push_mapped(node, range);
            }
        }
        node.clear();
    };
    for event in events {
        match event {
            Event::Text { raw, source, last } => {
                node.push_str(&raw);
                node_source = Some(match node_source {
                    Some(open) => open.start.min(source.start)..open.end.max(source.end),
                    None => source,
                });
                if last {
                    flush(&mut extracted, &mut node, &mut node_source);
                }
            }
            Event::Boundary(at) => {
                flush(&mut extracted, &mut node, &mut node_source);
                extracted.separate('\n', at);
            }
            Event::Gap(at) => {
                flush(&mut extracted, &mut node, &mut node_source);
                extracted.separate(GAP, at);
            }
        }
    }
    flush(&mut extracted, &mut node, &mut node_source);
    extracted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_content_without_markup_scripts_or_code() {
        let source = "<!DOCTYPE html><html><head><title>Launch</title><style>p{}</style>\
                      <script>var x = 'Microsoft Defender for Endpoint';</script></head>\
                      <body><p>Contoso &amp; <b>Microsoft</b> Defender for\nEndpoint</p>\
                      <p>Run <code>MDE</code> now<!-- MDE --></p><p>next</p></body></html>";
        let extracted = extract(source).unwrap();
        assert_eq!(
            extracted.text,
            "Launch\nContoso & Microsoft Defender for\nEndpoint\nRun \u{FFFC} now\nnext\n"
        );
        let at = extracted.text.find("Microsoft").unwrap();
        let end = extracted.text.find("Endpoint").unwrap() + "Endpoint".len();
        let span = extracted.source_span(at..end);
        assert_eq!(&source[span], "Microsoft</b> Defender for\nEndpoint");
    }

    #[test]
    fn block_tags_separate_words() {
        let extracted = extract("<div>Microsoft</div><div>Defender</div>").unwrap();
        assert_eq!(extracted.text, "Microsoft\nDefender\n");
    }

    #[test]
    fn broken_html_is_still_read() {
        let extracted = extract("<p>Defender <b>for <i>Endpoint</p></b> <<<>>> &").unwrap();
        assert!(extracted.text.contains("Defender for Endpoint"));
    }
}
