//! The product-name fixes findings carry in Markdown and plain-text press releases (`DESC005`,
//! `DESC006`, `DESC009`, all unsafe): applied with `--unsafe-fixes` under each release's lock,
//! shown with `--diff`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::check::ListingReport;
use crate::diagnostics::Edit;
use crate::io::locked_edit::edit_locked;

use super::{Changed, dirty, fix_messages, safe_edits, unified_diff};

/// A UTF-8 byte-order mark, kept where the release starts with one.
const BOM: &str = "\u{FEFF}";

/// Each press release read as text whose findings carry fixes, with the text they point into.
fn releases(report: &ListingReport) -> Vec<(PathBuf, String)> {
    let listed = report.press.iter().filter_map(|file| file.text());
    let unlisted = report.unlisted_press.iter().filter_map(|file| file.text());
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for text in listed.chain(unlisted) {
        let path = text.source.path.clone();
        if path != report.manifest_path && !found.iter().any(|(known, _)| *known == path) {
            found.push((path, text.source.text.clone()));
        }
    }
    found
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
pub fn fix_releases(
    report: &ListingReport,
    unsafe_fixes: bool,
    diff: bool,
    allow_dirty: bool,
    out: &mut String,
) -> anyhow::Result<Pass> {
    let mut pass = Pass::default();
    for (path, before) in releases(report) {
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
