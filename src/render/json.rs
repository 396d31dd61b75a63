//! The JSON report, version 1 (cli.md). Keys are never removed within version 1.

use serde_json::{Value, json};

use super::stream::{Counts, JsonArray, Stream, placeholder};
use crate::check::ListingReport;
use crate::diagnostics::Diagnostic;
use crate::report::Report;
use crate::rules::RULES_VERSION;

pub const REPORT_VERSION: u32 = 1;

pub fn render(report: &Report) -> String {
    super::render_stream(&mut JsonStream::default(), report)
}

/// The JSON report, written listing by listing.
#[derive(Debug, Default)]
pub struct JsonStream {
    array: JsonArray,
    counts: Counts,
}

impl Stream for JsonStream {
    fn begin(&mut self, run: &Report, out: &mut String) {
        self.array.begin(&document(run, Counts::default()), out);
    }

    fn listing(&mut self, report: &ListingReport, out: &mut String) {
        self.counts.add(report);
        self.array.item(&listing(report), out);
    }

    fn end(&mut self, run: &Report, out: &mut String) {
        self.array.end(&document(run, self.counts), out);
    }
}

/// One listing of the report: every string escaped by serde_json, the one escaper of JSON.
fn listing(report: &ListingReport) -> Value {
    json!({
        "path": report.manifest_path.display().to_string(),
        "product": report.product,
        "user_agent": report.user_agent,
        "description_words": report.description_words,
        "diagnostics": report.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
    })
}

/// The report around its listings (a [`placeholder`] where they go), for `counts`.
fn document(run: &Report, counts: Counts) -> Value {
    let tally = counts.tally;
    let report = json!({
        "version": REPORT_VERSION,
        "tool": {
            "name": "mdelist",
            "version": env!("CARGO_PKG_VERSION"),
            "rules_version": RULES_VERSION,
        },
        "listings": placeholder(),
        "summary": {
            "listings": counts.listings,
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
    if !diagnostic.related.is_empty() {
        value["related"] = diagnostic
            .related
            .iter()
            .map(|related| {
                json!({
                    "file": related.location.file.display().to_string(),
                    "line": related.location.line,
                    "column": related.location.column,
                    "end_line": related.location.end_line,
                    "end_column": related.location.end_column,
                    "message": related.message,
                })
            })
            .collect();
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
