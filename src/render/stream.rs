//! Reports written as listings finish: every format is a [`Stream`] with a beginning, one part
//! per listing (in path order) and an end that carries the run-level notices and the totals.
//! [`super::render`] runs the same three steps over a whole report, so a streamed run and a
//! rendered one write the same bytes.

use serde_json::Value;

use crate::check::ListingReport;
use crate::diagnostics::Tally;
use crate::report::Report;

/// One format, written part by part. `run` is the report's run-level part (its notices, the
/// bundle); its `listings` are not read: the stream counts what it was given.
pub trait Stream {
    fn begin(&mut self, run: &Report, out: &mut String);
    fn listing(&mut self, listing: &ListingReport, out: &mut String);
    fn end(&mut self, run: &Report, out: &mut String);

    /// The end given to `write` piece by piece, for a stream that kept a long part of its
    /// document aside until its end (JUnit's test suites, whose totals the root carries): the
    /// pieces together are what [`Stream::end`] writes. By default, `end` at once.
    fn end_to(
        &mut self,
        run: &Report,
        out: &mut String,
        write: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.end(run, out);
        write(out.as_bytes())
    }
}

/// The listings a stream was given and their counted findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub listings: usize,
    pub tally: Tally,
}

impl Counts {
    pub fn add(&mut self, listing: &ListingReport) {
        self.listings += 1;
        self.tally.add(listing.tally());
    }
}

/// Where the streamed items go in a pretty-printed JSON document.
const MARKER: &str = "\u{0}mdelist: the streamed items\u{0}";

/// The placeholder to put, alone, in the array whose items are streamed.
pub fn placeholder() -> Value {
    Value::Array(vec![Value::String(MARKER.into())])
}

/// A JSON document written as `serde_json::to_string_pretty` writes it, one array of it item by
/// item: the text before the array's items, the items (each pretty-printed and indented to
/// its depth), and the text after them, which may depend on what was streamed.
#[derive(Debug, Default)]
pub struct JsonArray {
    items: usize,
    indent: String,
}

/// `document` pretty-printed and cut around the [`placeholder`]: the text up to the array's
/// `[`, the items' indentation, and the text from the array's closing line on.
fn cut(document: &Value) -> (String, String, String) {
    let text = serde_json::to_string_pretty(document).unwrap_or_default();
    let marker = serde_json::to_string(MARKER).unwrap_or_default();
    let Some(at) = text.find(&marker) else {
        return (text, String::new(), String::new());
    };
    let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let after = text[at..]
        .find('\n')
        .map_or(text.len(), |newline| at + newline + 1);
    // The head ends "[\n": the newline waits for the first item.
    let head = text[..line_start].trim_end_matches('\n').to_string();
    (
        head,
        text[line_start..at].to_string(),
        text[after..].to_string(),
    )
}

impl JsonArray {
    /// Writes the document's text up to the array (from `document`, whose later parts are not
    /// written yet).
    pub fn begin(&mut self, document: &Value, out: &mut String) {
        let (head, indent, _) = cut(document);
        self.indent = indent;
        out.push_str(&head);
    }

    pub fn item(&mut self, item: &Value, out: &mut String) {
        out.push_str(if self.items == 0 { "\n" } else { ",\n" });
        self.items += 1;
        let text = serde_json::to_string_pretty(item).unwrap_or_default();
        for (index, line) in text.split('\n').enumerate() {
            if index > 0 {
                out.push('\n');
            }
            out.push_str(&self.indent);
            out.push_str(line);
        }
    }

    /// Writes the rest of the document, taken from `document` (complete now, but for the
    /// streamed items), with a trailing newline.
    pub fn end(&mut self, document: &Value, out: &mut String) {
        let (_, _, tail) = cut(document);
        if self.items == 0 {
            // An empty array is written `[]`.
            out.push_str(tail.trim_start_matches(' '));
        } else {
            out.push('\n');
            out.push_str(&tail);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn streamed(items: &[Value]) -> String {
        let document = |summary: usize| {
            json!({
                "version": 1,
                "listings": placeholder(),
                "summary": { "listings": summary, "nested": [1, {"a": []}] },
            })
        };
        let mut array = JsonArray::default();
        let mut out = String::new();
        array.begin(&document(0), &mut out);
        for item in items {
            array.item(item, &mut out);
        }
        array.end(&document(items.len()), &mut out);
        out
    }

    #[test]
    fn a_streamed_array_is_written_as_the_whole_document_would_be() {
        for items in [
            vec![],
            vec![json!({"path": "a\nb", "diagnostics": []})],
            vec![json!(1), json!({"x": [json!({"y": "\u{0}"})]}), json!("s")],
        ] {
            let whole = json!({
                "version": 1,
                "listings": items,
                "summary": { "listings": items.len(), "nested": [1, {"a": []}] },
            });
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(streamed(&items), expected);
        }
    }
}
