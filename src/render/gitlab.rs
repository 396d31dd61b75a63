//! GitLab's Code Quality report: a JSON array of issues (description, check_name, fingerprint,
//! severity, location with path and begin line), shown in the merge request widget. Suppressed
//! and baselined findings are left out; the fingerprint is the one SARIF carries, stable across
//! reformatting.

use serde_json::{Value, json};

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
    let mut issues: Vec<Value> = Vec::new();
    for listing in &report.listings {
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
            issues.push(json!({
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
            }));
        }
    }
    // A run-level problem is an issue of the run, at the path it is about.
    for (index, notice) in report.notices.iter().enumerate() {
        issues.push(json!({
            "type": "issue",
            "description": notice.to_string(),
            "check_name": "mdelist",
            "categories": ["Bug Risk"],
            "fingerprint": format!("run:{}", index + 1),
            "severity": "blocker",
            "location": { "path": ".", "lines": { "begin": 1 } },
        }));
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    text.push('\n');
    text
}
