//! One diagnostic type for every finding, whatever the file or rule.

pub mod fix;
mod source;

pub use fix::{Applicability, Edit, Fix};
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

pub use source::SourceFile;

/// How much a finding matters. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where a finding is: a file, a byte range in it, and the 1-based line/column pair of both ends
/// (columns in characters), resolved once when the diagnostic is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A finding about the listing. Rules create these; policy adjusts severity and suppression;
/// renderers only format them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The dotted manifest key the finding is about, where there is one.
    pub field: Option<String>,
    pub location: Option<Location>,
    /// Short text shown under the highlighted source in human output.
    pub label: Option<String>,
    /// The fix, in one sentence.
    pub help: Option<String>,
    /// Set when a `[checks] allow` entry waived the finding: it is listed but not counted.
    pub suppressed: Option<String>,
    /// Set when `[severity]` in an `mdelist.toml` changed the rule's severity: that file.
    pub severity_set_in: Option<PathBuf>,
    /// The mechanical fix, where the rule can make one.
    pub fix: Option<Fix>,
    /// Other places the finding is about: for a finding across listings, the field of the
    /// earlier listing it was compared with.
    pub related: Vec<Related>,
}

/// A place a finding refers to besides its own location, with what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    /// What this place is, in a few words ("the same landing page, in Contoso Cognito").
    pub message: String,
}

impl Diagnostic {
    pub fn counts(&self) -> bool {
        self.suppressed.is_none()
    }
}

/// Errors, warnings and infos that count (suppressed findings excluded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    #[serde(skip)]
    pub suppressed: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut tally = Tally::default();
        for diagnostic in diagnostics {
            if !diagnostic.counts() {
                tally.suppressed += 1;
                continue;
            }
            match diagnostic.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Info => tally.infos += 1,
            }
        }
        tally
    }

    pub fn add(&mut self, other: Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.suppressed += other.suppressed;
    }
}
