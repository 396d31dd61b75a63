//! What the manifest reader found wrong, as data. The reader decides *that* something is wrong
//! and keeps everything a message needs (key path, span, found and expected forms, the TOML
//! parser's error); the words are written once, by the MAN rules (`crate::rules::manifest`).

use std::ops::Range;

/// One problem of `listing.toml` or of a file it references, in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestProblem {
    /// MAN008: the bytes are not UTF-8. `at` is the offset of the first bad byte, which is
    /// where the lossy text (the manifest's source) has its first U+FFFD.
    NotUtf8 { at: usize, byte: u8 },
    /// MAN001: larger than [`super::MAX_MANIFEST_BYTES`], so not parsed.
    TooLarge { bytes: usize, max: usize },
    /// MAN001: the TOML parser stopped inside a value typed as a person would type it.
    PlainSyntax {
        /// The value as written, where the parser stopped.
        span: Range<usize>,
        /// The key left of `=`, as written (trimmed).
        key: String,
        kind: PlainSyntaxKind,
    },
    /// MAN001: any other TOML syntax error, with the parser's own message.
    Syntax {
        span: Range<usize>,
        /// The parser's message, trimmed.
        message: String,
        kind: SyntaxKind,
    },
    /// MAN003: a key the schema does not know.
    UnknownKey {
        path: String,
        span: Range<usize>,
        /// The nearest known key of the same table.
        suggestion: Option<&'static str>,
        /// Every key known in that table, in schema order.
        known: Vec<&'static str>,
    },
    /// MAN002: a required key or table is absent.
    Missing {
        path: String,
        /// The table header that lacks it, or the end of the file for a top-level key.
        span: Range<usize>,
        key: &'static str,
        /// The key is at the top of the file (not inside a table).
        top_level: bool,
        what: MissingKind,
    },
    /// MAN002: a text value that is empty or only white space.
    Empty {
        path: String,
        span: Range<usize>,
        /// The schema's description of the field.
        doc: &'static str,
    },
    /// MAN004: a value of another type than the schema's.
    WrongType {
        path: String,
        span: Range<usize>,
        expected: Expected,
        found: Found,
        /// The value when it is a string (trimmed), for a help that shows it unquoted.
        found_text: Option<String>,
    },
    /// MAN004: a string outside a fixed set of values.
    NotOneOf {
        path: String,
        span: Range<usize>,
        found: String,
        values: &'static [&'static str],
        suggestion: Option<&'static str>,
    },
    /// MAN004: a text over the schema's limit of characters (grapheme clusters).
    TooLong {
        path: String,
        span: Range<usize>,
        max: usize,
        length: usize,
        doc: &'static str,
    },
    /// MAN004: a `[product.localized]` key that is not a well-formed BCP 47 tag.
    BadLanguageTag {
        path: String,
        span: Range<usize>,
        tag: String,
        /// The tag with `_` written as `-`, when that makes it well formed.
        hyphenated: Option<String>,
    },
    /// MAN007: a referenced file name with a control character in it.
    ControlInFileName {
        field: String,
        span: Range<usize>,
        value: String,
        control: char,
    },
    /// MAN006: a referenced path that leaves the listing folder.
    PathEscapes {
        field: String,
        span: Range<usize>,
        value: String,
        /// The file provider's reason, e.g. "is absolute".
        reason: String,
    },
    /// MAN007: a referenced file that does not exist.
    FileMissing {
        field: String,
        span: Range<usize>,
        value: String,
        /// The file probably meant, as the manifest would write it.
        near: Option<String>,
    },
    /// MAN007: a referenced file that exists but cannot be used.
    FileUnreadable {
        field: String,
        span: Range<usize>,
        value: String,
        /// The file provider's reason, e.g. "is not a regular file".
        reason: String,
    },
}

/// How a value the TOML parser refused was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlainSyntaxKind {
    /// In a word processor's curly quotes; `straight` is the value as a TOML string.
    CurlyQuotes { straight: String },
    /// `yes`, `no`, `on`, `off` or a boolean in other letter case, unquoted.
    YesNo,
    /// Text without quotes; `quoted` is the value as a TOML string.
    Unquoted { quoted: String },
}

/// What the TOML parser's error is about, read from its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// A string problem on a line without `=`: a bare word where a key or value was meant.
    StringWithoutKey,
    /// A string problem in a `key = value` line: most often an unclosed string.
    String,
    DuplicateKey,
    TooDeep,
    Other,
}

/// The missing thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissingKind {
    /// A table, with its required keys.
    Table { required: Vec<&'static str> },
    /// A key, with the schema's description of it.
    Key { doc: &'static str },
}

/// The form the schema expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    QuotedString,
    Integer,
    Boolean,
    /// A TOML local date: no quotes, no time.
    Date,
    Table,
    ArrayOfTables,
}

/// The TOML type found instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    String,
    Integer,
    Float,
    Boolean,
    Datetime,
    Array,
    Table,
}
