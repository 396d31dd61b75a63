//! A fix a finding carries (ruff's shape): edits to one file's bytes, and whether applying them
//! keeps the meaning (`Safe`, applied by `mdelist fix`), changes wording (`Unsafe`, applied only
//! when asked) or is only shown (`DisplayOnly`).

use std::ops::Range;

use serde::Serialize;

use super::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    Safe,
    Unsafe,
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// One replacement: the bytes at `location.span` of `location.file` become `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub location: Location,
    pub replacement: String,
}

impl Edit {
    pub fn span(&self) -> Range<usize> {
        self.location.span.clone()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in a few words ("write the derived User-Agent").
    pub message: String,
    pub edits: Vec<Edit>,
}

/// `text` with `edits` applied (sorted, none overlapping another; an overlapping one is left
/// out and counted), or `None` when an edit falls outside the text or inside a character.
pub fn apply(text: &str, edits: &[&Edit]) -> Option<(String, usize)> {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.location.span.start, edit.location.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut skipped = 0;
    let mut last: Option<&Edit> = None;
    for edit in sorted {
        let span = edit.span();
        // Several findings about one field often carry the same fix (a cleaned value).
        if last
            .is_some_and(|last| last.location.span == span && last.replacement == edit.replacement)
        {
            continue;
        }
        if span.start < at {
            skipped += 1;
            continue;
        }
        out.push_str(text.get(at..span.start)?);
        text.get(span.clone())?;
        out.push_str(&edit.replacement);
        at = span.end;
        last = Some(edit);
    }
    out.push_str(text.get(at..)?);
    Some((out, skipped))
}

/// A TOML basic string holding `value`.
pub fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn edit(span: Range<usize>, replacement: &str) -> Edit {
        Edit {
            location: Location {
                file: PathBuf::from("listing.toml"),
                span,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
            },
            replacement: replacement.into(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_are_left_out() {
        let a = edit(8..11, "\"b\"");
        let b = edit(0..3, "key");
        let c = edit(9..10, "x");
        assert_eq!(
            apply("abc = 1\n\"a\"", &[&a, &b, &c]),
            Some(("key = 1\n\"b\"".to_string(), 1))
        );
        assert_eq!(apply("ab", &[&edit(1..5, "")]), None);
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a\"b\\c\u{7}"), "\"a\\\"b\\\\c\\u0007\"");
    }
}
