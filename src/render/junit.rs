//! JUnit XML: one `testsuite` per listing, one `testcase` per rule family (its class the
//! listing folder, without dots), one `failure` per failing test case holding each of its
//! errors (warnings and infos go to the test case's `system-out`), `skipped` for the families
//! that did not run; `failures` counts failing test cases.

use std::fmt::Write;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write as _};

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
/// text (not the reports) until the end: in memory, or, for a [`JunitStream::spilling`] stream,
/// past [`SPILL_AT`] bytes in a file, so that memory does not grow with the listings.
#[derive(Debug, Default)]
pub struct JunitStream {
    suites: String,
    spill: Option<Spill>,
    tests: usize,
    failures: usize,
    skipped: usize,
}

/// The suites' text held in memory before it is moved to the spill file.
pub const SPILL_AT: usize = 1 << 20;

#[derive(Debug)]
struct Spill {
    file: File,
    /// Bytes written to it, all whole suites.
    written: u64,
    /// The text in memory that is moved to the file: [`SPILL_AT`].
    at: usize,
    /// Set when a write failed: the file holds its first `written` bytes again (or `error` says
    /// why not) and the rest stays in memory.
    full: bool,
    error: Option<std::io::Error>,
}

impl JunitStream {
    /// A stream that moves its suites' text to `file` (an unnamed temporary file, read and
    /// written by this stream only) whenever [`SPILL_AT`] bytes of it are in memory, and reads
    /// it back at the end.
    pub fn spilling(file: File) -> JunitStream {
        JunitStream {
            spill: Some(Spill {
                file,
                written: 0,
                at: SPILL_AT,
                full: false,
                error: None,
            }),
            ..JunitStream::default()
        }
    }

    fn spill_if_large(&mut self) {
        let Some(spill) = &mut self.spill else {
            return;
        };
        if spill.full || self.suites.len() < spill.at {
            return;
        }
        match spill.file.write_all(self.suites.as_bytes()) {
            Ok(()) => {
                spill.written += self.suites.len() as u64;
                self.suites.clear();
            }
            Err(_) => {
                // Part of the text may have been written: cut the file back to its whole suites
                // and keep the rest in memory from now on.
                spill.full = true;
                let cut = spill
                    .file
                    .set_len(spill.written)
                    .and_then(|()| spill.file.seek(SeekFrom::Start(spill.written)).map(|_| ()));
                if let Err(error) = cut {
                    spill.error = Some(error);
                }
            }
        }
    }

    /// The suites after the listings' (the bundle's integrity, the tool's failures) and the
    /// root's end.
    fn tail(run: &Report) -> String {
        let mut suites = String::new();
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
        suites.push_str("</testsuites>\n");
        suites
    }
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
        self.spill_if_large();
    }

    fn end(&mut self, run: &Report, out: &mut String) {
        let mut bytes = Vec::new();
        let _ = self.end_to(run, &mut String::new(), &mut |piece| {
            bytes.extend_from_slice(piece);
            Ok(())
        });
        out.push_str(&String::from_utf8_lossy(&bytes));
    }

    fn end_to(
        &mut self,
        run: &Report,
        out: &mut String,
        write: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let _ = write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mdelist\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
            self.tests, self.failures, self.skipped
        );
        write(out.as_bytes())?;
        if let Some(spill) = &mut self.spill {
            if let Some(error) = spill.error.take() {
                return Err(error);
            }
            spill.file.seek(SeekFrom::Start(0))?;
            let mut kept = (&mut spill.file).take(spill.written);
            let mut buffer = vec![0; 64 * 1024];
            loop {
                let read = kept.read(&mut buffer)?;
                if read == 0 {
                    break;
                }
                write(&buffer[..read])?;
            }
        }
        write(std::mem::take(&mut self.suites).as_bytes())?;
        write(Self::tail(run).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Listings with findings in several families: the broken example's manifest under
    /// `count` folders.
    fn report(count: usize) -> Report {
        let manifest = include_bytes!("../../examples/broken-listing/listing.toml");
        let listings = (0..count)
            .map(|index| {
                let dir = std::path::PathBuf::from(format!("listings/n{index}"));
                let package = crate::manifest::package_from_bytes(
                    &dir.join("listing.toml"),
                    &dir,
                    manifest.to_vec(),
                    &|_: &str| Err(crate::manifest::PathProblem::Unreadable("absent".into())),
                );
                crate::check::check_package(
                    package,
                    &crate::policy::Policy::default(),
                    jiff::civil::date(2026, 11, 2),
                    &crate::svg::InProcess,
                )
            })
            .collect();
        Report::of_listings(listings)
    }

    fn streamed(stream: &mut JunitStream, run: &Report) -> std::io::Result<Vec<u8>> {
        let mut out = String::new();
        for listing in &run.listings {
            stream.listing(listing, &mut out);
        }
        let mut bytes = Vec::new();
        stream.end_to(run, &mut out, &mut |piece| {
            bytes.extend_from_slice(piece);
            Ok(())
        })?;
        Ok(bytes)
    }

    #[test]
    fn a_spilling_stream_writes_what_the_whole_report_renders() {
        let run = report(5);
        let whole = render(&run);
        assert!(whole.matches("<testsuite ").count() == 5, "{whole}");
        for at in [1, 3000, usize::MAX] {
            let mut stream = JunitStream::spilling(tempfile::tempfile().unwrap());
            stream.spill.as_mut().unwrap().at = at;
            let bytes = streamed(&mut stream, &run).unwrap();
            assert_eq!(String::from_utf8(bytes).unwrap(), whole, "spilled at {at}");
            let written = stream.spill.as_ref().unwrap().written;
            assert_eq!(
                written > 0,
                at != usize::MAX,
                "{written} bytes spilled at {at}"
            );
        }
    }

    /// A spill file that cannot be written (or cut back) fails the end: the document is never
    /// written short.
    #[test]
    fn a_spill_that_cannot_be_written_fails_the_end() {
        let run = report(2);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spill");
        std::fs::write(&path, b"").unwrap();
        let mut stream = JunitStream::spilling(File::open(&path).unwrap());
        stream.spill.as_mut().unwrap().at = 1;
        assert!(streamed(&mut stream, &run).is_err());
    }
}
