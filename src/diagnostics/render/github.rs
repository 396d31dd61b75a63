//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`, one per
//! counted finding, so each shows as an annotation on the pull request.

use crate::check::ListingReport;
use crate::diagnostics::{Severity, Tally};

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[ListingReport]) -> String {
    let mut out = String::new();
    let mut tally = Tally::default();
    for report in reports {
        tally.add(report.tally());
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
    out.push_str(&super::human::summary(reports.len(), tally));
    out.push('\n');
    out
}
