//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`, one per
//! counted finding, so each shows as an annotation on the pull request.

use super::stream::{Counts, Stream};
use crate::check::ListingReport;
use crate::diagnostics::Severity;
use crate::report::{Notice, Report};

/// Escapes a command's message, so that whatever it holds it stays one command on one line:
/// `%`, CR and LF as the runner decodes them, and any other character that acts on the log
/// viewer ([`super::acts_on_display`]) written as `\u{…}`, which the runner shows as text.
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if super::acts_on_display(c) => {
                out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(run: &Report) -> String {
    super::render_stream(&mut GithubStream::default(), run)
}

/// The workflow commands, written listing by listing; the summary line at the end.
#[derive(Debug, Default)]
pub struct GithubStream {
    counts: Counts,
}

impl Stream for GithubStream {
    fn begin(&mut self, run: &Report, out: &mut String) {
        for notice in &run.notices {
            let title = match notice {
                Notice::Integrity(_) => "bundle",
                Notice::Failure(_) => "mdelist",
            };
            out.push_str(&format!(
                "::error title={title}::{}\n",
                data(&notice.to_string())
            ));
        }
    }

    fn listing(&mut self, report: &ListingReport, out: &mut String) {
        self.counts.add(report);
        for diagnostic in report.diagnostics.iter().filter(|d| d.counts()) {
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = Vec::new();
            if let Some(location) = &diagnostic.location {
                properties.push(format!(
                    "file={}",
                    property(&location.file.display().to_string())
                ));
                properties.push(format!("line={}", location.line));
                properties.push(format!("col={}", location.column));
                properties.push(format!("endLine={}", location.end_line));
                properties.push(format!("endColumn={}", location.end_column));
            }
            properties.push(format!("title={}", diagnostic.code));
            let message = match &diagnostic.help {
                Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
                None => diagnostic.message.clone(),
            };
            out.push_str(&format!(
                "::{command} {}::{}\n",
                properties.join(","),
                data(&message)
            ));
        }
    }

    fn end(&mut self, _run: &Report, out: &mut String) {
        out.push_str(&super::human::summary(
            self.counts.listings,
            self.counts.tally,
        ));
        out.push('\n');
    }
}
