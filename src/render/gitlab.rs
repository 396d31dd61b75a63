//! GitLab's Code Quality report: a JSON array of issues (description, check_name, fingerprint,
//! severity, location with path and begin line), shown in the merge request widget. Suppressed
//! and baselined findings are left out; the fingerprint is the one SARIF carries, stable across
//! reformatting.

use serde_json::json;

use super::stream::{JsonArray, Stream, placeholder};
use crate::check::ListingReport;
use crate::diagnostics::Severity;
use crate::report::Report;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(report: &Report) -> String {
    super::render_stream(&mut GitlabStream::default(), report)
}

/// The issues, written listing by listing; the run-level problems at the end.
#[derive(Debug, Default)]
pub struct GitlabStream {
    array: JsonArray,
}

impl Stream for GitlabStream {
    fn begin(&mut self, _run: &Report, out: &mut String) {
        self.array.begin(&placeholder(), out);
    }

    fn listing(&mut self, listing: &ListingReport, out: &mut String) {
        let fingerprints = crate::baseline::fingerprints(listing);
        for (diagnostic, fingerprint) in listing.diagnostics.iter().zip(fingerprints) {
            if !diagnostic.counts() {
                continue;
            }
            let (path, line) = match &diagnostic.location {
                Some(location) => (location.file.clone(), location.line),
                None => (listing.manifest_path.clone(), 1),
            };
            let description = match &diagnostic.help {
                Some(help) => format!("{}: {} (help: {help})", diagnostic.code, diagnostic.message),
                None => format!("{}: {}", diagnostic.code, diagnostic.message),
            };
            let issue = json!({
                "type": "issue",
                "description": description,
                "check_name": diagnostic.code,
                "categories": ["Style"],
                "fingerprint": fingerprint,
                "severity": severity(diagnostic.severity),
                "location": {
                    "path": crate::baseline::slashed(&path),
                    "lines": { "begin": line },
                },
            });
            self.array.item(&issue, out);
        }
    }

    fn end(&mut self, run: &Report, out: &mut String) {
        // A run-level problem is an issue of the run, at the path it is about.
        for (index, notice) in run.notices.iter().enumerate() {
            let issue = json!({
                "type": "issue",
                "description": notice.to_string(),
                "check_name": "mdelist",
                "categories": ["Bug Risk"],
                "fingerprint": format!("run:{}", index + 1),
                "severity": "blocker",
                "location": { "path": ".", "lines": { "begin": 1 } },
            });
            self.array.item(&issue, out);
        }
        self.array.end(&placeholder(), out);
    }
}
