//! Extracted text and the map from its byte offsets back to the file it came from.

use std::ops::Range;

/// One stretch of extracted text and where it comes from in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// Where the piece starts in the extracted text.
    at: usize,
    /// The source bytes it stands for.
    source: Range<usize>,
    /// The piece is the source bytes themselves, so offsets inside it map one to one. Otherwise
    /// (a decoded character reference, a separator) the whole piece maps to the whole source.
    verbatim: bool,
}

/// Prose extracted from a press release: no markup, no code. Every byte range of `text` maps
/// back to a byte range of the source file, so findings point at the original line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    pieces: Vec<Piece>,
}

/// Stands for text that was left out (a code span): it is neither a letter nor white space, so
/// no name can be matched across it.
pub const GAP: char = '\u{FFFC}';

impl Extracted {
    /// The text is the source itself (plain text, a .docx's paragraphs).
    pub fn verbatim(text: &str) -> Extracted {
        let mut extracted = Extracted::default();
        extracted.push_verbatim(text, 0);
        extracted
    }

    /// Appends source text found at `source_at`, unchanged.
    pub fn push_verbatim(&mut self, text: &str, source_at: usize) {
        if text.is_empty() {
            return;
        }
        // Text that continues the previous verbatim piece in both the text and the source (a
        // parser's events cut at every bracket and entity) extends it: one piece per stretch,
        // not per event, keeps the map proportional to the prose rather than to the markup.
        let end = self.text.len();
        match self.pieces.last_mut() {
            Some(last)
                if last.verbatim
                    && last.source.end == source_at
                    && last.at + last.source.len() == end =>
            {
                last.source.end += text.len();
            }
            _ => self.pieces.push(Piece {
                at: end,
                source: source_at..source_at + text.len(),
                verbatim: true,
            }),
        }
        self.text.push_str(text);
    }

    /// Appends text that stands for the source range `source` without being equal to it (a
    /// decoded character reference, an escaped character).
    pub fn push_mapped(&mut self, text: &str, source: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            at: self.text.len(),
            source,
            verbatim: false,
        });
        self.text.push_str(text);
    }

    /// Separates what came before from what follows (a block boundary, a line break, a code
    /// span), unless the text already ends with a separator.
    pub fn separate(&mut self, separator: char, source_at: usize) {
        let last = self.text.chars().next_back();
        if last.is_none() || last == Some('\n') || last == Some(separator) {
            return;
        }
        let mut buffer = [0; 4];
        self.push_mapped(separator.encode_utf8(&mut buffer), source_at..source_at);
    }

    /// Appends text that maps one to one when it equals the source slice, else as a whole.
    pub fn push_text(&mut self, text: &str, source: &str, range: Range<usize>) {
        if source.get(range.clone()) == Some(text) {
            self.push_verbatim(text, range.start);
        } else {
            self.push_mapped(text, range);
        }
    }

    /// The source byte range of a byte range of the extracted text.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let Some(first) = self.piece_at(range.start) else {
            return 0..0;
        };
        let start = if first.verbatim {
            (first.source.start + (range.start - first.at)).min(first.source.end)
        } else {
            first.source.start
        };
        let last = self
            .piece_at(range.end.saturating_sub(1).max(range.start))
            .unwrap_or(first);
        let end = if last.verbatim {
            (last.source.start + (range.end - last.at)).min(last.source.end)
        } else {
            last.source.end
        };
        start..end.max(start)
    }

    fn piece_at(&self, offset: usize) -> Option<&Piece> {
        let index = self.pieces.partition_point(|piece| piece.at <= offset);
        self.pieces.get(index.checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_map_through_verbatim_and_decoded_pieces() {
        // Source: "A&amp;B <b>x</b>"; extracted: "A&B x".
        let mut extracted = Extracted::default();
        extracted.push_verbatim("A", 0);
        extracted.push_mapped("&", 1..6);
        extracted.push_verbatim("B ", 6);
        extracted.push_verbatim("x", 11);
        assert_eq!(extracted.text, "A&B x");
        assert_eq!(extracted.source_span(0..1), 0..1);
        assert_eq!(extracted.source_span(1..2), 1..6);
        assert_eq!(extracted.source_span(0..3), 0..7);
        assert_eq!(extracted.source_span(2..5), 6..12);
        // Out of range never panics.
        assert_eq!(extracted.source_span(40..50), 12..12);
        assert_eq!(Extracted::default().source_span(0..3), 0..0);
    }

    #[test]
    fn contiguous_verbatim_text_is_one_piece() {
        let mut extracted = Extracted::default();
        for (at, part) in ["[", "a", "]", "("].iter().enumerate() {
            extracted.push_verbatim(part, at);
        }
        extracted.push_verbatim("b", 5);
        assert_eq!(extracted.pieces.len(), 2);
        assert_eq!(extracted.source_span(1..3), 1..3);
        assert_eq!(extracted.source_span(4..5), 5..6);
    }

    #[test]
    fn separators_are_not_doubled() {
        let mut extracted = Extracted::default();
        extracted.separate('\n', 0);
        extracted.push_verbatim("a", 0);
        extracted.separate('\n', 1);
        extracted.separate('\n', 2);
        extracted.push_verbatim("b", 3);
        assert_eq!(extracted.text, "a\nb");
    }
}
