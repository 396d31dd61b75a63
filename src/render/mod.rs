//! Renderers, the top layer: each formats one [`Report`] and decides nothing. Adding a format is
//! one file here and one arm in [`render`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod review;
pub mod sarif;

use crate::report::Report;

/// The output formats of `check` and `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    Human,
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// What the human renderer shows and how.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Show infos and suppressed findings.
    pub verbose: bool,
    /// Show errors only, and no summary.
    pub quiet: bool,
    /// Columns a source line may take before it is shown as a window around the finding.
    /// `None`: the default width, [`human::DEFAULT_WIDTH`].
    pub width: Option<usize>,
}

/// Renders `report` in `format`.
pub fn render(format: Format, report: &Report, options: HumanOptions) -> String {
    match format {
        Format::Human => human::render(report, options),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
    }
}

/// Characters that act on a terminal or a log viewer instead of being shown: C0 and C1
/// controls, DEL, the line and paragraph separators, and the bidirectional embeddings,
/// overrides and isolates. The human and GitHub escapers write them as `\u{…}`.
pub(crate) fn acts_on_display(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}
