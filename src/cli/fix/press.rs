//! The product-name fixes findings carry in press releases (`DESC005`, `DESC006`, `DESC009`,
//! all unsafe): applied with `--unsafe-fixes` under each release's lock, shown with `--diff`.
//! Markdown and plain text are edited in place; a Word document gets tracked changes
//! (`crate::fix::docx`), shown as a diff of its text.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::check::ListingReport;
use crate::diagnostics::{Diagnostic, Edit};
use crate::fix::docx::{Change, Outcome, Refusal};
use crate::io::locked_edit::{edit_locked, edit_locked_bytes};
use crate::press::Format;

use super::{Changed, applied, dirty, fix_messages, safe_edits, unified_diff};

/// A UTF-8 byte-order mark, kept where the release starts with one.
const BOM: &str = "\u{FEFF}";

/// Each press release read as text whose findings carry fixes, with the text they point into
/// and its format.
fn releases(report: &ListingReport) -> Vec<(PathBuf, String, Format)> {
    let listed = report.press.iter().filter_map(|file| file.text());
    let unlisted = report.unlisted_press.iter().filter_map(|file| file.text());
    let mut found: Vec<(PathBuf, String, Format)> = Vec::new();
    for text in listed.chain(unlisted) {
        let path = text.source.path.clone();
        if path != report.manifest_path && !found.iter().any(|(known, _, _)| *known == path) {
            found.push((path, text.source.text.clone(), text.format));
        }
    }
    found
}

/// What `mdelist fix` is asked for, for the press releases.
#[derive(Debug)]
pub struct Request {
    pub unsafe_fixes: bool,
    pub diff: bool,
    pub allow_dirty: bool,
    /// When the tracked changes in a Word document are dated (UTC): `--today` at midnight, or
    /// now.
    pub stamp: jiff::civil::DateTime,
}

/// What one pass over the releases did.
#[derive(Debug, Default)]
pub struct Pass {
    /// A release was written: check the listing again.
    pub changed: bool,
    /// A release would change (`--diff`).
    pub would_change: bool,
}

/// Applies (or, with `diff`, shows) the fixes of `report`'s findings in its press releases.
/// `told` holds the refusals already reported, so a later pass does not repeat them.
pub fn fix_releases(
    report: &ListingReport,
    request: &Request,
    told: &mut HashSet<String>,
    out: &mut String,
) -> anyhow::Result<Pass> {
    let Request {
        unsafe_fixes,
        diff,
        allow_dirty,
        ..
    } = *request;
    let mut pass = Pass::default();
    for (path, before, format) in releases(report) {
        let edits: Vec<&Edit> = safe_edits(&report.diagnostics, &path, unsafe_fixes);
        if edits.is_empty() {
            let held_back = safe_edits(&report.diagnostics, &path, true).len();
            if held_back > 0 {
                let _ = writeln!(
                    out,
                    "{}: {held_back} unsafe {} not applied (product names; they change \
                     wording): pass --unsafe-fixes to apply {}",
                    path.display(),
                    if held_back == 1 { "fix" } else { "fixes" },
                    if held_back == 1 { "it" } else { "them" },
                );
            }
            continue;
        }
        if format == Format::Docx {
            fix_docx(report, &path, &before, request, told, out, &mut pass)?;
            continue;
        }
        let Some((after, _)) = crate::diagnostics::fix::apply(&before, &edits) else {
            continue;
        };
        if after == before {
            continue;
        }
        if diff {
            pass.would_change = true;
            out.push_str(&unified_diff(&path, &before, &after));
            continue;
        }
        if !allow_dirty && dirty(&path)? {
            let _ = writeln!(
                out,
                "not fixed: {} has uncommitted changes (commit them, or pass --allow-dirty)",
                path.display()
            );
            continue;
        }
        match write(&path, &before, &after) {
            Ok(()) => {
                pass.changed = true;
                let mut messages = fix_messages(&report.diagnostics, &path, unsafe_fixes);
                let mut seen = std::collections::HashSet::new();
                messages.retain(|message| seen.insert(message.clone()));
                let _ = writeln!(out, "fixed {}: {}", path.display(), messages.join("; "));
            }
            Err(error) => {
                let _ = writeln!(out, "not fixed: {error}");
            }
        }
    }
    Ok(pass)
}

/// Writes `after` in place of `before` under the release's lock, keeping a byte-order mark.
fn write(path: &Path, before: &str, after: &str) -> anyhow::Result<()> {
    edit_locked(path, |current| {
        if current == before {
            Ok(after.to_string())
        } else if current.strip_prefix(BOM) == Some(before) {
            Ok(format!("{BOM}{after}"))
        } else {
            Err(Changed)
        }
    })
    .map_err(|error| anyhow::anyhow!("{error}"))
}

/// The fixes asked for in `path`: each edit with the rule and the fix's message.
fn release_fixes<'d>(
    diagnostics: &'d [Diagnostic],
    path: &Path,
    unsafe_fixes: bool,
) -> Vec<(&'static str, &'d str, &'d Edit)> {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.counts())
        .filter_map(|diagnostic| diagnostic.fix.as_ref().map(|fix| (diagnostic.code, fix)))
        .filter(|(_, fix)| applied(fix.applicability, unsafe_fixes))
        .flat_map(|(code, fix)| {
            fix.edits
                .iter()
                .filter(|edit| edit.location.file == path)
                .map(move |edit| (code, fix.message.as_str(), edit))
        })
        .collect()
}

/// The fixes in a Word release, as tracked changes; `before` is its text as the check read it.
fn fix_docx(
    report: &ListingReport,
    path: &Path,
    before: &str,
    request: &Request,
    told: &mut HashSet<String>,
    out: &mut String,
    pass: &mut Pass,
) -> anyhow::Result<()> {
    let fixes = release_fixes(&report.diagnostics, path, request.unsafe_fixes);
    let bytes = match crate::io::files::read_regular_file(path) {
        Ok(bytes) => bytes,
        Err(reason) => {
            let _ = writeln!(out, "not fixed: {} {reason}", path.display());
            return Ok(());
        }
    };
    let changes: Vec<Change> = fixes
        .iter()
        .map(|(code, _, edit)| Change {
            span: edit.span(),
            replacement: &edit.replacement,
            code,
        })
        .collect();
    let tracked = match crate::fix::docx::track(&bytes, &changes, request.stamp) {
        Ok(tracked) if tracked.before == before => tracked,
        Ok(_) => {
            let _ = writeln!(out, "not fixed: {}: {Changed}", path.display());
            return Ok(());
        }
        Err(error) => {
            let _ = writeln!(out, "not fixed: {} {error}", path.display());
            return Ok(());
        }
    };
    let mut made = Vec::new();
    for ((code, message, edit), outcome) in fixes.iter().zip(&tracked.outcomes) {
        match outcome {
            Outcome::Made => made.push((*code, *message)),
            // The next pass, once this one's changes are in, looks at it again.
            Outcome::Refused(Refusal::Overlaps) => {}
            Outcome::Refused(refusal) => {
                let span = edit.span();
                let paragraph = before
                    .get(..span.start)
                    .map_or(1, |text| text.matches('\n').count() + 1);
                let line = format!(
                    "not fixed: {} paragraph {paragraph}: \"{}\" ({code}): {refusal}; change it \
                     in Word",
                    path.display(),
                    before.get(span).unwrap_or_default()
                );
                if told.insert(line.clone()) {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
    }
    if made.is_empty() {
        return Ok(());
    }
    let mut authors: Vec<String> = made
        .iter()
        .map(|(code, _)| format!("\"mdelist {code}\""))
        .collect();
    authors.sort();
    authors.dedup();
    if request.diff {
        pass.would_change = true;
        let _ = writeln!(
            out,
            "{} is a Word document: the fixes are written as tracked changes (author {}) to \
             accept or reject in Word; its text, one paragraph a line:",
            path.display(),
            authors.join(", ")
        );
        // One paragraph a line, each ended, as a text file would be.
        out.push_str(&unified_diff(
            path,
            &format!("{}\n", tracked.before),
            &format!("{}\n", tracked.after),
        ));
        return Ok(());
    }
    if !request.allow_dirty && dirty(path)? {
        let _ = writeln!(
            out,
            "not fixed: {} has uncommitted changes (commit them, or pass --allow-dirty)",
            path.display()
        );
        return Ok(());
    }
    let written = edit_locked_bytes(path, |current| {
        if current == bytes.as_slice() {
            Ok(Some(tracked.bytes.clone()))
        } else {
            Err(Changed)
        }
    });
    match written {
        Ok(()) => {
            pass.changed = true;
            let mut messages: Vec<String> = made
                .iter()
                .map(|(code, message)| format!("{message} ({code})"))
                .collect();
            let mut seen = HashSet::new();
            messages.retain(|message| seen.insert(message.clone()));
            let _ = writeln!(
                out,
                "fixed {} as tracked changes (author {}): {}",
                path.display(),
                authors.join(", "),
                messages.join("; ")
            );
        }
        Err(error) => {
            let _ = writeln!(out, "not fixed: {error}");
        }
    }
    Ok(())
}
