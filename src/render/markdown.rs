//! The GitHub job summary (`$GITHUB_STEP_SUMMARY`): Markdown with the counts per listing and per
//! rule and the first findings, for what the 10 annotations GitHub shows leave out. It is built
//! as listings stream by and bounded whatever their number: the listings with findings and the
//! findings shown are capped, the rest counted.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::stream::{Counts, Stream};
use crate::check::ListingReport;
use crate::diagnostics::Severity;
use crate::report::Report;

/// Listings with findings given a row of their own.
pub const LISTING_ROWS: usize = 50;
/// Findings quoted in full.
pub const FIRST_FINDINGS: usize = 30;

/// The one escaper of the summary: Markdown's punctuation and HTML's `<` and `&` escaped, line
/// breaks and characters that act on a display written as `\u{…}`, so text from a listing stays
/// text on one table row.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            c if super::acts_on_display(c) => {
                let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[derive(Debug, Default)]
pub struct SummaryStream {
    counts: Counts,
    /// Listings with counted findings: path, errors, warnings (the first [`LISTING_ROWS`]).
    rows: Vec<(String, usize, usize)>,
    with_findings: usize,
    /// Per rule code: its name and how many findings.
    rules: BTreeMap<&'static str, (&'static str, usize)>,
    /// The first [`FIRST_FINDINGS`] counted findings, as lines.
    first: Vec<String>,
    findings: usize,
}

impl Stream for SummaryStream {
    fn begin(&mut self, _run: &Report, _out: &mut String) {}

    fn listing(&mut self, listing: &ListingReport, _out: &mut String) {
        self.counts.add(listing);
        let tally = listing.tally();
        if tally.errors + tally.warnings > 0 {
            self.with_findings += 1;
            if self.rows.len() < LISTING_ROWS {
                self.rows.push((
                    listing.manifest_path.display().to_string(),
                    tally.errors,
                    tally.warnings,
                ));
            }
        }
        for diagnostic in listing.diagnostics.iter().filter(|d| d.counts()) {
            if diagnostic.severity == Severity::Info {
                continue;
            }
            self.rules
                .entry(diagnostic.code)
                .or_insert((diagnostic.name, 0))
                .1 += 1;
            self.findings += 1;
            if self.first.len() < FIRST_FINDINGS {
                let place = diagnostic.location.as_ref().map_or_else(
                    || listing.manifest_path.display().to_string(),
                    |location| {
                        format!(
                            "{}:{}:{}",
                            location.file.display(),
                            location.line,
                            location.column
                        )
                    },
                );
                self.first.push(format!(
                    "- **{}** `{}` {}: {}",
                    diagnostic.severity.as_str(),
                    diagnostic.code,
                    escape(&place),
                    escape(&diagnostic.message)
                ));
            }
        }
    }

    fn end(&mut self, run: &Report, out: &mut String) {
        let tally = self.counts.tally;
        let _ = writeln!(out, "## mdelist\n");
        for notice in &run.notices {
            let _ = writeln!(out, "- **error** {}", escape(&notice.to_string()));
        }
        if !run.notices.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}\n",
            escape(&super::human::summary(self.counts.listings, tally))
        );
        if !self.rows.is_empty() {
            out.push_str("| listing | errors | warnings |\n|---|---:|---:|\n");
            for (path, errors, warnings) in &self.rows {
                let _ = writeln!(out, "| {} | {errors} | {warnings} |", escape(path));
            }
            more(out, self.with_findings - self.rows.len(), "listing");
            out.push('\n');
        }
        if !self.rules.is_empty() {
            out.push_str("| rule | name | findings |\n|---|---|---:|\n");
            for (code, (name, count)) in &self.rules {
                let _ = writeln!(out, "| `{code}` | {} | {count} |", escape(name));
            }
            out.push('\n');
        }
        if !self.first.is_empty() {
            for line in &self.first {
                out.push_str(line);
                out.push('\n');
            }
            more(out, self.findings - self.first.len(), "finding");
            out.push('\n');
        }
    }
}

fn more(out: &mut String, count: usize, what: &str) {
    if count > 0 {
        let _ = writeln!(
            out,
            "\nand {count} more {what}{}",
            if count == 1 { "" } else { "s" }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_a_listing_stays_text_on_its_row() {
        assert_eq!(
            escape("a|b <img src=x> *c*\n[l](u) `d` \u{202E}"),
            "a\\|b &lt;img src=x\\> \\*c\\*\\u{A}\\[l\\]\\(u\\) \\`d\\` \\u{202E}"
        );
    }
}
