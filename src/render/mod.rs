//! Renderers, the top layer: each formats one [`Report`] and decides nothing. Adding a format is
//! one file here and one arm in [`render`].

pub mod github;
pub mod gitlab;
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
    /// GitLab Code Quality report (JSON), for the merge request widget.
    Gitlab,
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
        Format::Gitlab => gitlab::render(report),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Notice, ToolFailure};

    /// A tool failure about a file whose name holds a line break, markup and an escape.
    fn hostile() -> Report {
        Report {
            notices: vec![Notice::Failure(ToolFailure {
                path: Some("a\n::error::x <&>\u{1b}[2J\u{2028}.toml".into()),
                message: "cannot be read: permission denied".into(),
            })],
            ..Report::default()
        }
    }

    fn out(format: Format) -> String {
        render(format, &hostile(), HumanOptions::default())
    }

    #[test]
    fn human_escapes_what_would_act_on_the_terminal() {
        assert_eq!(
            out(Format::Human),
            "error: a\\u{A}::error::x <&>\\u{1B}[2J\\u{2028}.toml: cannot be read: permission denied\n\
             checked 0 listings: 0 errors, 0 warnings\n"
        );
    }

    #[test]
    fn github_keeps_each_command_on_its_line() {
        assert_eq!(
            out(Format::Github),
            "::error title=mdelist::a%0A::error::x <&>\\u{1B}[2J\\u{2028}.toml: cannot be read: \
             permission denied\nchecked 0 listings: 0 errors, 0 warnings\n"
        );
    }

    #[test]
    fn json_and_sarif_carry_the_failure_verbatim() {
        let failure = "a\n::error::x <&>\u{1b}[2J\u{2028}.toml";
        let json: serde_json::Value = serde_json::from_str(&out(Format::Json)).unwrap();
        assert_eq!(json["failures"][0]["path"], failure);
        assert_eq!(
            json["failures"][0]["message"],
            "cannot be read: permission denied"
        );
        let sarif: serde_json::Value = serde_json::from_str(&out(Format::Sarif)).unwrap();
        let invocation = &sarif["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert_eq!(
            invocation["toolExecutionNotifications"][0]["message"]["text"],
            format!("{failure}: cannot be read: permission denied")
        );
    }

    #[test]
    fn junit_reports_the_failure_as_an_error_in_well_formed_xml() {
        let xml = out(Format::Junit);
        let document = roxmltree::Document::parse(&xml).unwrap();
        let errors: Vec<&str> = document
            .descendants()
            .filter(|node| node.has_tag_name("error"))
            .filter_map(|node| node.attribute("message"))
            .collect();
        // XML 1.0 cannot hold ESC: it is replaced; the line break is normalised in attributes.
        assert_eq!(
            errors,
            ["a ::error::x <&>\u{FFFD}[2J\u{2028}.toml: cannot be read: permission denied"]
        );
    }
}
