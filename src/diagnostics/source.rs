use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Location;

/// A text file a diagnostic can point into, with its line starts indexed once so that byte
/// offsets turn into line/column pairs cheaply.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// `(byte, characters before it)` at the first character boundary from every
    /// [`CHECKPOINT`] bytes, so that a column on a very long line is counted from the nearest
    /// checkpoint, not from the line's start (a one-line file with many findings stays linear).
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two checkpoints of [`SourceFile::checkpoints`].
const CHECKPOINT: usize = 4096;

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> SourceFile {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let (mut at, mut chars) = (0, 0);
        while at < text.len() {
            checkpoints.push((at, chars));
            let mut next = (at + CHECKPOINT).min(text.len());
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            at = next;
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            checkpoints,
        }
    }

    /// Characters before the byte offset `at` (a character boundary).
    fn chars_before(&self, at: usize) -> usize {
        let index = self.checkpoints.partition_point(|&(byte, _)| byte <= at);
        let (byte, chars) = index
            .checked_sub(1)
            .map_or((0, 0), |index| self.checkpoints[index]);
        chars + self.text[byte..at].chars().count()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and character column of a byte offset (clamped to the text, and moved back to
    /// a character boundary so that hostile offsets never panic).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line.saturating_sub(1)];
        let column = self.chars_before(offset) - self.chars_before(line_start) + 1;
        (line.max(1), column)
    }

    /// The location of a byte span, widened to character boundaries so that every later slice
    /// of the text is valid whatever span a caller computed.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let mut start = span.start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        Location {
            file: self.path.clone(),
            span: start..end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.toml", "ab\nçé = 1\n".to_string());
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        // "çé" is four bytes, two characters.
        assert_eq!(file.line_column(7), (2, 3));
        assert_eq!(file.line_column(10_000), (3, 1));
        // Inside a multi-byte character: moved back, no panic.
        assert_eq!(file.line_column(4), (2, 1));
        assert_eq!(file.locate(4..5).span, 3..5);
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_checkpoints() {
        // Multi-byte characters straddle the checkpoints; the column is the character count
        // from the line's start whatever the checkpoint.
        let line = "é".repeat(5000) + "x" + &"ab".repeat(3000);
        let text = format!("first\n{line}\nlast\n");
        let file = SourceFile::new("long.md", text.clone());
        for (offset, _) in text.char_indices() {
            let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(file.line_column(offset).1, expected, "offset {offset}");
        }
    }
}
