//! Renderers, the top layer: each formats one [`Report`] and decides nothing. Adding a format is
//! one file here and one arm in [`render`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod stream;

use crate::report::Report;
pub use stream::Stream;

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
    render_stream(stream(format, options).as_mut(), report)
}

/// The writer of `format`, to be given the listings one by one as they finish.
pub fn stream(format: Format, options: HumanOptions) -> Box<dyn Stream> {
    match format {
        Format::Human => Box::new(human::HumanStream::new(options)),
        Format::Json => Box::new(json::JsonStream::default()),
        Format::Sarif => Box::new(sarif::SarifStream::default()),
        Format::Junit => Box::new(junit::JunitStream::default()),
        Format::Github => Box::new(github::GithubStream::default()),
    }
}

/// A whole report through `stream`: its beginning, each listing, its end.
pub fn render_stream(stream: &mut dyn Stream, report: &Report) -> String {
    let mut out = String::new();
    stream.begin(report, &mut out);
    for listing in &report.listings {
        stream.listing(listing, &mut out);
    }
    stream.end(report, &mut out);
    out
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
