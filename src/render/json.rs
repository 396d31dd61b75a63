//! The JSON report, version 1 (cli.md). Keys are never removed within version 1.

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Tally};
use crate::report::Report;
use crate::rules::RULES_VERSION;

pub const REPORT_VERSION: u32 = 1;

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&value(report)).unwrap_or_default();
    text.push('\n');
    text
}

/// The report as a JSON value: every string escaped by serde_json, the one escaper of JSON.
pub fn value(run: &Report) -> Value {
    let reports = &run.listings;
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
    let mut report = report;
    if let Some(bundle) = &run.bundle {
        report["bundle"] = json!({
            "path": bundle.path.display().to_string(),
            "top": bundle.top,
            "intact": run.intact(),
            "problems": run
                .integrity_problems()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        });
    }
    let failures: Vec<Value> = run
        .failures()
        .map(|failure| {
            json!({
                "path": failure.path.as_ref().map(|path| path.display().to_string()),
                "message": failure.message,
            })
        })
        .collect();
    if !failures.is_empty() {
        report["failures"] = Value::Array(failures);
    }
    report
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
    if let Some(fix) = &diagnostic.fix {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "file": edit.location.file.display().to_string(),
                    "line": edit.location.line,
                    "column": edit.location.column,
                    "end_line": edit.location.end_line,
                    "end_column": edit.location.end_column,
                    "replacement": edit.replacement,
                })
            })
            .collect();
        value["fix"] = json!({
            "applicability": fix.applicability,
            "message": fix.message,
            "edits": edits,
        });
    }
    value
}
