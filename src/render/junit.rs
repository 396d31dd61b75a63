//! JUnit XML: one `testsuite` per listing, one `testcase` per rule family (its class the
//! listing folder, without dots), one `failure` per failing test case holding each of its
//! errors (warnings and infos go to the test case's `system-out`), `skipped` for the families
//! that did not run; `failures` counts failing test cases.

use std::fmt::Write;

use super::stream::Stream;
use crate::check::ListingReport;
use crate::diagnostics::{Diagnostic, Severity};
use crate::report::Report;
use crate::rules::{Family, RULES, find_rule};

/// XML 1.0 text: the five entities escaped, characters XML cannot hold replaced.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn families() -> Vec<Family> {
    let mut families: Vec<Family> = RULES.iter().map(|rule| rule.family).collect();
    families.dedup();
    families
}

fn describe(diagnostic: &Diagnostic) -> String {
    let place = diagnostic
        .location
        .as_ref()
        .map(|location| {
            format!(
                "{}:{}:{}: ",
                location.file.display(),
                location.line,
                location.column
            )
        })
        .unwrap_or_default();
    let help = diagnostic
        .help
        .as_ref()
        .map(|help| format!("\nhelp: {help}"))
        .unwrap_or_default();
    format!(
        "{place}{}[{}]: {}{help}",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    )
}

/// The test cases' class: the listing folder, with no dots, since JUnit readers split a class
/// name at its dots into packages (`listings/contoso.v2` is `listings/contoso_v2`).
fn classname(report: &crate::check::ListingReport) -> String {
    crate::baseline::slashed(crate::baseline::listing_dir(report)).replace('.', "_")
}

pub fn render(run: &Report) -> String {
    super::render_stream(&mut JunitStream::default(), run)
}

/// The JUnit document. Its root carries the totals, so the listings' test suites are kept as
/// text (not the reports) until the end.
#[derive(Debug, Default)]
pub struct JunitStream {
    suites: String,
    tests: usize,
    failures: usize,
    skipped: usize,
}

impl Stream for JunitStream {
    fn begin(&mut self, _run: &Report, _out: &mut String) {}

    fn listing(&mut self, report: &ListingReport, _out: &mut String) {
        let families = families();
        let name = escape(&report.manifest_path.display().to_string());
        let classname = escape(&classname(report));
        // A manifest that could not be read leaves every family but the manifest's unchecked.
        let unread = report.package.listing.is_none();
        let mut cases = String::new();
        let (mut failures, mut skipped) = (0, 0);
        for family in &families {
            let in_family: Vec<&Diagnostic> = report
                .diagnostics
                .iter()
                .filter(|d| {
                    d.counts() && find_rule(d.code).is_some_and(|rule| rule.family == *family)
                })
                .collect();
            let _ = write!(
                cases,
                "    <testcase classname=\"{classname}\" name=\"{}: {}\"",
                family.prefix(),
                escape(family.title())
            );
            if unread && *family != Family::Man {
                skipped += 1;
                cases.push_str(
                    ">\n      <skipped message=\"not checked: listing.toml could not be read\"/>\n    </testcase>\n",
                );
                continue;
            }
            if *family == Family::Xl && !report.compared {
                skipped += 1;
                cases.push_str(
                    ">\n      <skipped message=\"not checked: the listing was not compared with others in this run\"/>\n    </testcase>\n",
                );
                continue;
            }
            if in_family.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            let errors: Vec<&&Diagnostic> = in_family
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            // One failure per failing test case: its message is the first error, its text every
            // error of the family.
            if let Some(first) = errors.first() {
                failures += 1;
                let message = match errors.len() {
                    1 => first.message.clone(),
                    2 => format!("{} (and 1 more error)", first.message),
                    n => format!("{} (and {} more errors)", first.message, n - 1),
                };
                let text: Vec<String> = errors.iter().map(|d| describe(d)).collect();
                let _ = writeln!(
                    cases,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    first.code,
                    escape(&message),
                    escape(&text.join("\n"))
                );
            }
            let others: Vec<String> = in_family
                .iter()
                .filter(|d| d.severity != Severity::Error)
                .map(|d| describe(d))
                .collect();
            if !others.is_empty() {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    escape(&others.join("\n"))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        self.tests += families.len();
        self.failures += failures;
        self.skipped += skipped;
        let _ = write!(
            self.suites,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n",
            families.len()
        );
    }

    fn end(&mut self, run: &Report, out: &mut String) {
        let mut suites = std::mem::take(&mut self.suites);
        // Integrity problems fail the bundle's one test case (a failure holding each problem);
        // the tool's failures are errors of another.
        if let Some(bundle) = &run.bundle {
            let problems: Vec<String> = run
                .integrity_problems()
                .map(|problem| problem.to_string())
                .collect();
            let case = match problems.first() {
                None => "/>".to_string(),
                Some(first) => {
                    let message = match problems.len() {
                        1 => first.clone(),
                        2 => format!("{first} (and 1 more problem)"),
                        n => format!("{first} (and {} more problems)", n - 1),
                    };
                    format!(
                        ">\n      <failure type=\"integrity\" message=\"{}\">{}</failure>\n    </testcase>",
                        escape(&message),
                        escape(&problems.join("\n"))
                    )
                }
            };
            let _ = write!(
                suites,
                "  <testsuite name=\"{}\" tests=\"1\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n    <testcase classname=\"bundle\" name=\"integrity\"{case}\n  </testsuite>\n",
                escape(&bundle.path.display().to_string()),
                usize::from(!problems.is_empty()),
            );
        }
        let errors: Vec<String> = run
            .failures()
            .map(|failure| {
                format!(
                    "      <error type=\"failure\" message=\"{}\"/>\n",
                    escape(&failure.to_string())
                )
            })
            .collect();
        if !errors.is_empty() {
            let _ = write!(
                suites,
                "  <testsuite name=\"mdelist\" tests=\"1\" failures=\"0\" errors=\"{}\" skipped=\"0\">\n    <testcase classname=\"mdelist\" name=\"run\">\n{}    </testcase>\n  </testsuite>\n",
                errors.len(),
                errors.concat()
            );
        }
        let _ = write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mdelist\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n{suites}</testsuites>\n",
            self.tests, self.failures, self.skipped
        );
    }
}
