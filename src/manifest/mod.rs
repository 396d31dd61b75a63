//! `listing.toml` → a typed [`Listing`] that keeps the span of every value, read once. The
//! files it references (logo, press releases) are taken from a [`FileProvider`] here too, so
//! that the bytes checked are the bytes later bundled.

mod files;
pub mod problem;
mod read;
pub mod schema;

use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diagnostics::SourceFile;

pub use files::{FileProvider, MAX_FILE_BYTES, PathProblem, describe_io, relative_inside};
pub use problem::ManifestProblem;
pub use read::{MAX_MANIFEST_BYTES, package_from_bytes};

/// The folder, inside the listing folder, where press releases are kept.
pub const PRESS_FOLDER: &str = "press";

/// A file in `press/` that no `[[press_release]]` names.
#[derive(Debug, Clone)]
pub struct UnlistedFile {
    /// Relative to the listing folder, with `/` separators: what `file = …` would say.
    pub relative: String,
    /// For messages: the listing folder joined with `relative`.
    pub path: PathBuf,
    /// The file read, or why it could not be ("is larger than 16 MiB").
    pub file: Result<LoadedFile, String>,
}

/// A value and the byte range of its source text (quotes included for strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A string value with enough knowledge of its source form to point inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Range<usize>,
    /// Where the decoded value starts in the source when it appears there verbatim (no escapes),
    /// so that a range inside the value maps to a range inside the file.
    verbatim_at: Option<usize>,
    /// For a basic string with escapes: (offset in the value, offset in the file) of every
    /// character, then of the end.
    escaped_offsets: Option<Vec<(usize, usize)>>,
    /// The string's opening delimiter in the source (`"`, `"""`, `'` or `'''`); empty when the
    /// value is not a string.
    delimiter: &'static str,
}

impl Text {
    pub fn new(value: String, span: Range<usize>, source: &str) -> Text {
        let verbatim_at = verbatim_start(&value, &span, source);
        let escaped_offsets = verbatim_at
            .is_none()
            .then(|| escaped_offsets(&value, &span, source))
            .flatten();
        let raw = source.get(span.clone()).unwrap_or_default();
        let delimiter = ["\"\"\"", "'''", "\"", "'"]
            .into_iter()
            .find(|delimiter| raw.starts_with(delimiter))
            .unwrap_or_default();
        Text {
            value,
            span,
            verbatim_at,
            escaped_offsets,
            delimiter,
        }
    }

    /// The edit that writes `replacement` in place of `range` of the value: only that part of
    /// the source where it maps there exactly and `replacement` can be written inside this kind
    /// of string as it is, otherwise the whole string, written anew as a basic string.
    pub fn replacement(&self, range: Range<usize>, replacement: &str) -> (Range<usize>, String) {
        let forbidden = |c: char| match self.delimiter {
            "\"" | "\"\"\"" => c == '"' || c == '\\' || c.is_control(),
            "'" | "'''" => c == '\'' || c.is_control(),
            _ => true,
        };
        if let Some(span) = self.exact_span(range.clone())
            && !replacement.chars().any(forbidden)
        {
            return (span, replacement.to_string());
        }
        let mut value = String::with_capacity(self.value.len() + replacement.len());
        value.push_str(self.value.get(..range.start).unwrap_or_default());
        value.push_str(replacement);
        value.push_str(self.value.get(range.end..).unwrap_or_default());
        (
            self.span.clone(),
            crate::diagnostics::fix::toml_string(&value),
        )
    }

    /// The file span of a byte range of the value, when the source holds it character for
    /// character.
    fn exact_span(&self, range: Range<usize>) -> Option<Range<usize>> {
        if range.start > range.end || range.end > self.value.len() {
            return None;
        }
        if let Some(start) = self.verbatim_at {
            return Some(start + range.start..start + range.end);
        }
        let offsets = self.escaped_offsets.as_ref()?;
        let raw = |decoded: usize| {
            offsets
                .binary_search_by_key(&decoded, |(value_at, _)| *value_at)
                .ok()
                .map(|index| offsets[index].1)
        };
        Some(raw(range.start)?..raw(range.end)?)
    }

    /// The file span of a byte range of the value; the whole value's span when the source form
    /// differs from the value (escapes), so a diagnostic is never misplaced.
    pub fn sub_span(&self, range: Range<usize>) -> Range<usize> {
        self.exact_span(range).unwrap_or_else(|| self.span.clone())
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }
}

fn verbatim_start(value: &str, span: &Range<usize>, source: &str) -> Option<usize> {
    let raw = source.get(span.clone())?;
    let quote_len = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else if raw.starts_with('"') || raw.starts_with('\'') {
        1
    } else {
        return None;
    };
    let mut start = span.start + quote_len;
    if quote_len == 3 {
        // TOML trims a newline right after the opening delimiter of a multi-line string.
        let rest = &source[start..];
        if rest.starts_with("\r\n") {
            start += 2;
        } else if rest.starts_with('\n') {
            start += 1;
        }
    }
    (source.get(start..start + value.len()) == Some(value)).then_some(start)
}

/// Decodes a TOML basic string from the source, recording where each character of the value
/// comes from; `None` when the decoding does not reproduce the parser's value exactly.
fn escaped_offsets(value: &str, span: &Range<usize>, source: &str) -> Option<Vec<(usize, usize)>> {
    let raw = source.get(span.clone())?;
    let (quote_len, multi_line) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with('"') {
        (1, false)
    } else {
        return None;
    };
    let mut start = span.start + quote_len;
    let end = span.end.checked_sub(quote_len)?;
    if multi_line {
        let rest = source.get(start..end)?;
        start += if rest.starts_with("\r\n") {
            2
        } else {
            usize::from(rest.starts_with('\n'))
        };
    }
    let body = source.get(start..end)?;
    let mut decoded = String::with_capacity(value.len());
    let mut offsets = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let file_at = start + at;
        if c != '\\' {
            offsets.push((decoded.len(), file_at));
            decoded.push(c);
            continue;
        }
        let (_, escape) = chars.next()?;
        let hex_digits = match escape {
            'u' => 4,
            'U' => 8,
            'x' => 2,
            _ => 0,
        };
        let character = if hex_digits > 0 {
            let mut code = 0u32;
            for _ in 0..hex_digits {
                code = code * 16 + chars.next()?.1.to_digit(16)?;
            }
            char::from_u32(code)?
        } else {
            match escape {
                'b' => '\u{8}',
                't' => '\t',
                'n' => '\n',
                'f' => '\u{c}',
                'r' => '\r',
                'e' => '\u{1b}',
                '"' => '"',
                '\\' => '\\',
                c if multi_line && c.is_whitespace() => {
                    // A line-ending backslash swallows the white space and newlines after it.
                    while chars.peek().is_some_and(|(_, next)| next.is_whitespace()) {
                        chars.next();
                    }
                    continue;
                }
                _ => return None,
            }
        };
        offsets.push((decoded.len(), file_at));
        decoded.push(character);
    }
    offsets.push((decoded.len(), end));
    (decoded == value).then_some(offsets)
}

#[cfg(test)]
mod tests {
    use super::Text;

    fn text(source: &str, value: &str) -> Text {
        let start = source.find('"').unwrap();
        let end = source.rfind('"').unwrap() + 1;
        Text::new(value.to_string(), start..end, source)
    }

    #[test]
    fn sub_spans_point_into_verbatim_and_escaped_strings() {
        let plain = text(r#"name = "Tenvik Sentry""#, "Tenvik Sentry");
        assert_eq!(plain.sub_span(7..13), 15..21);

        let source = r#"name = "Tenvik\tSentry\u200B""#;
        let escaped = text(source, "Tenvik\tSentry\u{200B}");
        // The tab is the two characters `\t` in the file.
        assert_eq!(&source[escaped.sub_span(6..7)], "\\t");
        assert_eq!(&source[escaped.sub_span(7..13)], "Sentry");
        assert_eq!(&source[escaped.sub_span(13..16)], "\\u200B");

        // A value that does not match its source falls back to the whole span.
        let wrong = text(r#"name = "abc""#, "xyz");
        assert_eq!(wrong.sub_span(0..1), 7..12);
    }
}

#[derive(Debug, Clone)]
pub struct Localized {
    /// The BCP 47 tag, spanned at the table key.
    pub tag: Text,
    pub name: Option<Text>,
    pub description: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Review {
    pub team: Option<Text>,
    pub verdict: Option<Text>,
    pub date: Option<Spanned<Date>>,
    pub note: Option<Text>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct PressRelease {
    pub file: Option<Text>,
    pub submitted: Option<Spanned<Date>>,
    pub publish: Option<Spanned<Date>>,
    pub reviews: Vec<Review>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Onboarding {
    pub license: Option<Text>,
    pub joint_customer: Option<Text>,
    pub demo: Option<Spanned<Date>>,
    pub approved: Option<Spanned<Date>>,
    pub misa: Option<Text>,
    pub span: Range<usize>,
}

/// One `[checks] allow` entry.
#[derive(Debug, Clone)]
pub struct Allow {
    pub rule: Option<Text>,
    pub reason: Option<Text>,
    pub until: Option<Spanned<Date>>,
    pub span: Range<usize>,
}

/// The typed manifest. A field is `None` when it is absent, blank where blank means missing, or
/// of the wrong type: the manifest stage has reported those, so later rules simply skip it.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub schema: Option<Spanned<i64>>,
    pub company: Option<Text>,
    pub name: Option<Text>,
    pub description: Option<Text>,
    pub logo: Option<Text>,
    pub landing_page: Option<Text>,
    pub category: Option<Text>,
    pub localized: Vec<Localized>,
    pub version: Option<Text>,
    pub user_agent: Option<Text>,
    pub multi_tenant: Option<Spanned<bool>>,
    pub entra_app_name: Option<Text>,
    pub azure_ad_app_name: Option<Text>,
    pub press_releases: Vec<PressRelease>,
    pub onboarding: Option<Onboarding>,
    pub allow: Vec<Allow>,
}

/// A referenced file, read once.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// As written in the manifest (relative to the listing folder).
    pub relative: String,
    /// For messages: the listing folder joined with `relative`.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// A listing package as read from disk: the manifest source, the typed listing (absent when the
/// manifest could not be parsed at all), the referenced files, and what the manifest stage found
/// wrong (worded by the MAN rules).
#[derive(Debug)]
pub struct Package {
    pub dir: PathBuf,
    pub manifest: SourceFile,
    pub listing: Option<Listing>,
    pub logo: Option<LoadedFile>,
    /// One slot per `[[press_release]]`, `None` where the file could not be read.
    pub press: Vec<Option<LoadedFile>>,
    /// The files in `press/` that no `[[press_release]]` names (read from disk only: a bundle
    /// holds the listed files alone).
    pub unlisted_press: Vec<UnlistedFile>,
    pub problems: Vec<ManifestProblem>,
}

impl Package {
    pub fn manifest_path(&self) -> &Path {
        self.manifest.path()
    }
}
