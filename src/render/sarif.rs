//! SARIF 2.1.0: one run, the whole catalogue in `tool.driver.rules`, results with file-relative
//! locations, suppressions with their justification.

use crate::diagnostics::Applicability;
use serde_json::{Value, json};

use super::stream::{JsonArray, Stream, placeholder};
use crate::check::ListingReport;
use crate::diagnostics::{Diagnostic, Severity};
use crate::report::Report;
use crate::rules::{RULES, RULES_VERSION};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: relative paths stay relative (resolved against `%SRCROOT%`, the
/// folder mdelist ran in); absolute ones become `file://` URIs.
fn uri(path: &std::path::Path) -> (String, bool) {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let text = path.to_string_lossy();
    let encoded = percent_encoding::utf8_percent_encode(&text, KEEP).to_string();
    if path.is_absolute() {
        (format!("file://{encoded}"), false)
    } else {
        (encoded, true)
    }
}

fn rule_descriptor(rule: &crate::rules::Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.what() },
        "defaultConfiguration": { "level": level(rule.severity) },
        "help": {
            "text": format!("{}\n\nWhy: {}\n\nExample:\n{}", rule.docs.fix, rule.docs.why, rule.docs.example),
            "markdown": format!(
                "**How to fix it.** {}\n\n**Why it matters.** {}\n\n**Example.**\n\n```\n{}\n```",
                rule.docs.fix,
                rule.docs.why,
                rule.docs.example.trim_end()
            ),
        },
        "properties": { "family": rule.family.prefix(), "tags": [rule.family.prefix()] },
    })
}

/// Every result of one listing, each with its fingerprint.
fn listing_results(listing: &crate::check::ListingReport) -> Vec<Value> {
    listing
        .diagnostics
        .iter()
        .zip(crate::baseline::fingerprints(listing))
        .map(|(diagnostic, fingerprint)| {
            let mut value = result(diagnostic);
            value["partialFingerprints"] = json!({ "mdelistFinding/v1": fingerprint });
            value
        })
        .collect()
}

/// A SARIF `physicalLocation`: the file (relative to `%SRCROOT%` when it is) and the region.
fn physical(location: &crate::diagnostics::Location) -> Value {
    let (uri, relative) = uri(&location.file);
    let mut artifact = json!({ "uri": uri });
    if relative {
        artifact["uriBaseId"] = json!("%SRCROOT%");
    }
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": location.line,
            "startColumn": location.column,
            "endLine": location.end_line,
            "endColumn": location.end_column.max(if location.end_line == location.line { location.column + 1 } else { 1 }),
        },
    })
}

fn result(diagnostic: &Diagnostic) -> Value {
    let rule_index = RULES.iter().position(|rule| rule.code == diagnostic.code);
    let text = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let mut value = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": { "text": text },
    });
    if let Some(index) = rule_index {
        value["ruleIndex"] = json!(index);
    }
    if let Some(location) = &diagnostic.location {
        value["locations"] = json!([{ "physicalLocation": physical(location) }]);
    }
    if !diagnostic.related.is_empty() {
        value["relatedLocations"] = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                json!({
                    "id": id,
                    "physicalLocation": physical(&related.location),
                    "message": { "text": related.message },
                })
            })
            .collect();
    }
    if let Some(field) = &diagnostic.field {
        value["properties"] = json!({ "field": field });
    }
    // A fix with no edits (the logo repair, computed by `mdelist fix`) has no SARIF `fixes`
    // entry, which needs at least one change: its applicability and message go in the
    // properties.
    if let Some(fix) = diagnostic.fix.as_ref().filter(|fix| fix.edits.is_empty()) {
        value["properties"]["fix"] = json!({
            "applicability": fix.applicability,
            "message": fix.message,
        });
    }
    if let Some(reason) = &diagnostic.suppressed {
        value["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    if let Some(fix) = diagnostic
        .fix
        .as_ref()
        .filter(|fix| fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty())
    {
        let changes: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                let (uri, relative) = uri(&edit.location.file);
                let mut artifact = json!({ "uri": uri });
                if relative {
                    artifact["uriBaseId"] = json!("%SRCROOT%");
                }
                json!({
                    "artifactLocation": artifact,
                    "replacements": [{
                        "deletedRegion": {
                            "startLine": edit.location.line,
                            "startColumn": edit.location.column,
                            "endLine": edit.location.end_line,
                            "endColumn": edit.location.end_column,
                        },
                        "insertedContent": { "text": edit.replacement },
                    }],
                })
            })
            .collect();
        value["fixes"] = json!([{
            "description": { "text": format!("{} ({})", fix.message, fix.applicability.as_str()) },
            "artifactChanges": changes,
        }]);
    }
    value
}

pub fn render(report: &Report) -> String {
    super::render_stream(&mut SarifStream::default(), report)
}

/// The SARIF log, its results written listing by listing.
#[derive(Debug, Default)]
pub struct SarifStream {
    results: JsonArray,
}

impl Stream for SarifStream {
    fn begin(&mut self, run: &Report, out: &mut String) {
        self.results.begin(&log(run), out);
    }

    fn listing(&mut self, listing: &ListingReport, out: &mut String) {
        for result in listing_results(listing) {
            self.results.item(&result, out);
        }
    }

    fn end(&mut self, run: &Report, out: &mut String) {
        self.results.end(&log(run), out);
    }
}

/// The log around its results (a [`placeholder`] where they go).
fn log(report: &Report) -> Value {
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mdelist",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "properties": { "rules_version": RULES_VERSION },
                    "rules": RULES.iter().map(|rule| rule_descriptor(rule)).collect::<Vec<_>>(),
                },
            },
            "originalUriBaseIds": {
                "%SRCROOT%": { "description": { "text": "The folder mdelist was run in." } },
            },
            "columnKind": "unicodeCodePoints",
            "results": placeholder(),
        }],
    });
    let mut log = log;
    // Integrity problems and the tool's failures are notifications of the run (not of a rule).
    let notifications: Vec<Value> = report
        .notices
        .iter()
        .map(|notice| json!({ "level": "error", "message": { "text": notice.to_string() } }))
        .collect();
    if report.bundle.is_some() || !notifications.is_empty() {
        log["runs"][0]["invocations"] = json!([{
            "executionSuccessful": report.intact() && report.failures().next().is_none(),
            "toolExecutionNotifications": notifications,
        }]);
    }
    log
}
