//! The JSON report, version 1 (cli.md). Keys are never removed within version 1.

use serde_json::{Value, json};

use crate::check::ListingReport;
use crate::diagnostics::{Diagnostic, Tally};
use crate::rules::RULES_VERSION;

pub const REPORT_VERSION: u32 = 1;

pub fn render(reports: &[ListingReport]) -> String {
    let mut tally = Tally::default();
    let listings: Vec<Value> = reports
        .iter()
        .map(|report| {
            tally.add(report.tally());
            json!({
                "path": report.manifest_path.display().to_string(),
                "product": report.product,
                "user_agent": report.user_agent,
                "description_words": report.description_words,
                "diagnostics": report.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
            })
        })
        .collect();
    let report = json!({
        "version": REPORT_VERSION,
        "tool": {
            "name": "mdelist",
            "version": env!("CARGO_PKG_VERSION"),
            "rules_version": RULES_VERSION,
        },
        "listings": listings,
        "summary": {
            "listings": reports.len(),
            "errors": tally.errors,
            "warnings": tally.warnings,
            "infos": tally.infos,
            "suppressed": tally.suppressed,
        },
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

pub fn diagnostic(diagnostic: &Diagnostic) -> Value {
    let location = diagnostic.location.as_ref();
    let mut value = json!({
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "file": location.map(|location| location.file.display().to_string()),
        "field": diagnostic.field,
        "line": location.map(|location| location.line),
        "column": location.map(|location| location.column),
        "end_line": location.map(|location| location.end_line),
        "end_column": location.map(|location| location.end_column),
        "help": diagnostic.help,
    });
    if let Some(reason) = &diagnostic.suppressed {
        value["suppressed"] = json!({ "reason": reason });
    }
    value
}
