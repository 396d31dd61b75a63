//! Human output, rendered like rustc's diagnostics. Every call to annotate-snippets is in this
//! file, because its API moves between versions.

use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::HumanOptions;
use super::stream::{Counts, Stream};
use crate::check::ListingReport;
use crate::diagnostics::{Diagnostic, Severity, SourceFile, Tally};
use crate::report::Report;

/// Renders the run-level notices, every shown diagnostic of every listing, the one-line
/// summary, and for a bundle whether it is intact.
pub fn render(report: &Report, options: HumanOptions) -> String {
    super::render_stream(&mut HumanStream::new(options), report)
}

/// Human output, written listing by listing.
pub struct HumanStream {
    options: HumanOptions,
    renderer: Renderer,
    counts: Counts,
    /// Where `mdelist.toml` changed a rule's severity is said once per code and file.
    configured_said: Vec<(&'static str, std::path::PathBuf)>,
}

impl HumanStream {
    pub fn new(options: HumanOptions) -> HumanStream {
        HumanStream {
            options,
            renderer: renderer(options.color, options.width.unwrap_or(DEFAULT_WIDTH)),
            counts: Counts::default(),
            configured_said: Vec::new(),
        }
    }
}

impl Stream for HumanStream {
    fn begin(&mut self, run: &Report, out: &mut String) {
        for notice in &run.notices {
            let _ = writeln!(out, "error: {}", escape(&notice.to_string()));
        }
    }

    fn listing(&mut self, listing: &ListingReport, out: &mut String) {
        self.counts.add(listing);
        for diagnostic in listing
            .diagnostics
            .iter()
            .filter(|d| shown(d, self.options))
        {
            let source = diagnostic
                .location
                .as_ref()
                .and_then(|location| listing.source(&location.file));
            let said = &mut self.configured_said;
            let configured = diagnostic.severity_set_in.as_deref().filter(|path| {
                let first = !said
                    .iter()
                    .any(|(code, seen)| *code == diagnostic.code && seen == path);
                if first {
                    said.push((diagnostic.code, path.to_path_buf()));
                }
                first
            });
            out.push_str(&render_one(&self.renderer, diagnostic, source, configured));
            out.push_str("\n\n");
        }
    }

    fn end(&mut self, report: &Report, out: &mut String) {
        // A bundle whose listing could not be read has nothing to summarise.
        let checked = report.bundle.is_none() || self.counts.listings > 0;
        if !self.options.quiet && checked {
            out.push_str(&summary(self.counts.listings, self.counts.tally));
            out.push('\n');
        }
        if let Some(bundle) = &report.bundle {
            let path = escape(&bundle.path.display().to_string());
            let count = report.integrity_problems().count();
            if count == 0 {
                let _ = writeln!(out, "{path}: every checksum matches");
            } else {
                let _ = writeln!(
                    out,
                    "{path}: {count} integrity problem{}; the bundle is not as it was written",
                    if count == 1 { "" } else { "s" }
                );
            }
        }
    }
}

/// The one escaper of human output: characters that would act on the terminal or break the
/// line ([`super::acts_on_display`]) are written as `\u{…}`, so text from a listing or an
/// archive can only ever be read.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if super::acts_on_display(c) {
            let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

fn shown(diagnostic: &Diagnostic, options: HumanOptions) -> bool {
    if options.quiet {
        return diagnostic.counts() && diagnostic.severity == Severity::Error;
    }
    options.verbose || (diagnostic.counts() && diagnostic.severity != Severity::Info)
}

/// Renders diagnostics on their own (e.g. to stderr), without a summary.
pub fn render_diagnostics(
    diagnostics: &[&Diagnostic],
    source: Option<&SourceFile>,
    color: bool,
    width: Option<usize>,
) -> String {
    let renderer = renderer(color, width.unwrap_or(DEFAULT_WIDTH));
    diagnostics
        .iter()
        .map(|diagnostic| render_one(&renderer, diagnostic, source, None) + "\n\n")
        .collect()
}

/// The width of output that is not going to a terminal: source lines longer than this are shown
/// as a window around the highlighted part, so the carets stay under the words (as rustc does).
pub const DEFAULT_WIDTH: usize = 80;

/// Bytes of a source line kept to the right of a span: more than any terminal shows (at least
/// 1,365 characters of three bytes), so the cut is never seen.
const TRAILING_CONTEXT: usize = 4096;

fn renderer(color: bool, width: usize) -> Renderer {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.term_width(width)
}

fn level(diagnostic: &Diagnostic) -> Level<'static> {
    match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(
    renderer: &Renderer,
    diagnostic: &Diagnostic,
    source: Option<&SourceFile>,
    configured: Option<&std::path::Path>,
) -> String {
    // `[*]`: `mdelist fix` applies this finding's fix by default (ruff's mark).
    let message = match &diagnostic.fix {
        Some(fix) if fix.applicability == crate::diagnostics::Applicability::Safe => {
            format!("[*] {}", diagnostic.message)
        }
        _ => diagnostic.message.clone(),
    };
    let title = level(diagnostic).primary_title(message).id(diagnostic.code);
    let mut group = Group::with_title(title);
    let mut path_only = None;
    if let Some(location) = &diagnostic.location {
        match source {
            Some(source) => {
                // Only the lines the span touches go to the renderer, so a 1 MB manifest costs
                // no more to render than a small one.
                let text = &source.text;
                let start = text[..location.span.start]
                    .rfind('\n')
                    .map_or(0, |at| at + 1);
                let mut end = text[location.span.end..]
                    .find('\n')
                    .map_or(text.len(), |at| location.span.end + at);
                // The renderer shows a window around the span no wider than the terminal, so
                // what lies far to the right of it is never shown: cut it, and a long line with
                // many findings costs each one a window, not the whole line.
                if end - location.span.end > TRAILING_CONTEXT {
                    end = location.span.end + TRAILING_CONTEXT;
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                }
                let excerpt = &text[start..end];
                let mut annotation = AnnotationKind::Primary
                    .span(location.span.start - start..location.span.end - start);
                if let Some(label) = &diagnostic.label {
                    annotation = annotation.label(label.as_str());
                }
                let path = location.file.display().to_string();
                group = group.element(
                    Snippet::source(excerpt)
                        .line_start(location.line)
                        .path(path)
                        .annotation(annotation),
                );
            }
            None => {
                path_only = Some(format!(
                    "{}:{}:{}",
                    location.file.display(),
                    location.line,
                    location.column
                ));
            }
        }
    }
    if let Some(path) = path_only {
        group = group.element(Level::NOTE.message(format!("in {path}")));
    }
    for related in &diagnostic.related {
        let location = &related.location;
        group = group.element(Level::NOTE.message(format!(
            "{}:{}:{}: {}",
            location.file.display(),
            location.line,
            location.column,
            related.message
        )));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    if let Some(reason) = &diagnostic.suppressed {
        group = group.element(Level::NOTE.message(format!("suppressed: {reason}")));
    }
    if let Some(path) = configured {
        group = group.element(Level::NOTE.message(format!(
            "{} is a{} {} here: `[severity]` in {} sets it",
            diagnostic.code,
            if diagnostic.severity == Severity::Warning {
                ""
            } else {
                "n"
            },
            diagnostic.severity.as_str(),
            escape(&path.display().to_string())
        )));
    }
    renderer.render(&[group])
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// `checked 2 listings: 1 error, 3 warnings, 1 suppressed`
pub fn summary(listings: usize, tally: Tally) -> String {
    let mut line = format!(
        "checked {}: {}, {}",
        plural(listings, "listing"),
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning")
    );
    if tally.infos > 0 {
        let _ = write!(line, ", {}", plural(tally.infos, "info"));
    }
    if tally.suppressed > 0 {
        let _ = write!(line, ", {} suppressed", tally.suppressed);
    }
    line
}
