//! `mdelist fix`: repairs what can be repaired in listings, then checks them again: the logo
//! (`crate::fix::logo`), applied when the repair is proved and shown as a diff, never applied,
//! when it is display-only; and the safe fixes findings carry in `listing.toml`, applied as
//! byte edits under the manifest's lock, pass after pass.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use clap::Args;

use super::{Exit, TodayArg, print};
use crate::atomic_file::{Existing, write_atomically, write_file};
use crate::diagnostics::{Applicability, Edit};
use crate::fix::logo::{self, RepairOptions, Repaired};
use crate::io::checks::{Policies, check_listing, discover};
use crate::io::locked_edit::edit_locked;
use crate::report::Report;

mod press;

pub use crate::fix::logo::REPAIRED_CODES;

/// Passes over a manifest at most: each applies every safe fix that does not overlap another,
/// then checks again.
pub const MAX_PASSES: usize = 4;

/// The manifest changed between the check and the edit (another run wrote it).
#[derive(Debug, thiserror::Error)]
#[error("the file changed while it was being fixed; run mdelist fix again")]
struct Changed;

/// The edits of the counted findings' safe fixes in `path`.
fn applied(applicability: Applicability, unsafe_fixes: bool) -> bool {
    applicability == Applicability::Safe || (unsafe_fixes && applicability == Applicability::Unsafe)
}

fn safe_edits<'d>(
    diagnostics: &'d [crate::diagnostics::Diagnostic],
    path: &Path,
    unsafe_fixes: bool,
) -> Vec<&'d Edit> {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.counts())
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
        .filter(|fix| applied(fix.applicability, unsafe_fixes))
        .flat_map(|fix| fix.edits.iter())
        .filter(|edit| edit.location.file == path)
        .collect()
}

fn fix_messages(
    diagnostics: &[crate::diagnostics::Diagnostic],
    path: &Path,
    unsafe_fixes: bool,
) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.counts())
        .filter_map(|diagnostic| diagnostic.fix.as_ref().map(|fix| (diagnostic.code, fix)))
        .filter(|(_, fix)| {
            applied(fix.applicability, unsafe_fixes)
                && fix.edits.iter().any(|edit| edit.location.file == path)
        })
        .map(|(code, fix)| format!("{} ({code})", fix.message))
        .collect()
}

/// The name the original logo is kept under, beside it.
pub fn original_name(logo: &Path) -> PathBuf {
    let stem = logo
        .file_stem()
        .map_or_else(|| "logo".into(), |stem| stem.to_string_lossy().into_owned());
    logo.with_file_name(format!("{stem}.orig.svg"))
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Listing folders, listing.toml files, or folders to search (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print what would change as a unified diff and write nothing; exit 1 if anything would.
    #[arg(long)]
    diff: bool,
    /// Apply unsafe fixes too: those that change wording or meaning (a suggested category).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Repair the logo even when no finding asks for it (cleans and re-centres it).
    #[arg(long)]
    logo: bool,
    /// Change files that have uncommitted changes in a git work tree.
    #[arg(long)]
    allow_dirty: bool,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Whether `file` has changes git cannot give back: modified, staged or untracked in the work
/// tree it is in. `Ok(false)` outside any work tree, or where git is not installed.
fn dirty(file: &Path) -> anyhow::Result<bool> {
    let dir = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = file.file_name().unwrap_or(file.as_os_str());
    let output = match Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["status", "--porcelain", "--untracked-files=all", "--"])
        .arg(name)
        .output()
    {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(error).context("cannot run git"),
    };
    if !output.status.success() {
        // "not a git repository": nothing to protect.
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("not a git repository") {
            return Ok(false);
        }
        anyhow::bail!("git status failed: {}", stderr.trim());
    }
    Ok(!output.stdout.is_empty())
}

fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_string()
}

fn describe(repaired: &Repaired) -> String {
    let mut parts = Vec::new();
    if repaired.reframed {
        parts.push(format!(
            "viewBox {} → {} (square, centred on the artwork)",
            repaired.view_box_before.as_deref().unwrap_or("(none)"),
            repaired.view_box_after
        ));
    }
    let removed = repaired.removed.lines();
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join(", ")));
    }
    if repaired.title_added {
        parts.push("added a <title>".into());
    }
    if parts.is_empty() {
        parts.push("rewritten as plain SVG".into());
    }
    let proof: Vec<String> = repaired
        .proof
        .iter()
        .map(|comparison| {
            format!(
                "{} px {:.1} % differing",
                comparison.size,
                comparison.differing * 100.0
            )
        })
        .collect();
    format!("{}; proof: {}", parts.join("; "), proof.join(", "))
}

pub fn run(args: FixArgs) -> anyhow::Result<Exit> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let manifests = discover(&paths)?;
    let mut policies = Policies::new(args.config.as_deref())?;
    let today = args.today.date();
    let request = press::Request {
        unsafe_fixes: args.unsafe_fixes,
        diff: args.diff,
        allow_dirty: args.allow_dirty,
        stamp: args.today.given().map_or_else(
            || {
                jiff::Timestamp::now()
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .datetime()
            },
            |date| date.to_datetime(jiff::civil::Time::midnight()),
        ),
    };
    let mut out = String::new();
    let mut would_change = false;
    let mut reports = Vec::new();
    for manifest in &manifests {
        let report = check_listing(manifest, &mut policies, today, &crate::svg::CHECKED_SIZES)?;
        let asks = report
            .diagnostics
            .iter()
            .any(|diagnostic| REPAIRED_CODES.contains(&diagnostic.code));
        let mut changed = false;
        if let (true, Some(file)) = (asks || args.logo, report.package.logo.as_ref()) {
            let path = file.path.clone();
            let title = report.product.clone();
            match logo::repair(
                &file.bytes,
                RepairOptions {
                    title: title.as_deref(),
                },
                crate::io::render::command_line(),
            ) {
                Err(refusal) => {
                    let _ = writeln!(out, "not repaired: {}: {refusal}", path.display());
                }
                Ok(repaired) if !repaired.changes(&file.bytes) => {}
                Ok(repaired) => {
                    let before = String::from_utf8_lossy(&file.bytes);
                    let after = String::from_utf8_lossy(&repaired.bytes);
                    if let Some(reason) = &repaired.display_only {
                        let _ = writeln!(
                            out,
                            "not applied (display only): {}: {reason}",
                            path.display()
                        );
                        out.push_str(&unified_diff(&path, &before, &after));
                    } else if args.diff {
                        would_change = true;
                        out.push_str(&unified_diff(&path, &before, &after));
                    } else {
                        let kept = original_name(&path);
                        if !args.allow_dirty && dirty(&path)? {
                            let _ = writeln!(
                                out,
                                "not repaired: {} has uncommitted changes (commit them, or pass \
                                 --allow-dirty)",
                                path.display()
                            );
                        } else if kept.exists() {
                            let _ = writeln!(
                                out,
                                "not repaired: {} exists; move it away to keep this original",
                                kept.display()
                            );
                        } else {
                            write_file(&file.bytes, &kept, Existing::Keep)
                                .with_context(|| format!("cannot write {}", kept.display()))?;
                            write_atomically(&repaired.bytes, &path)
                                .with_context(|| format!("cannot write {}", path.display()))?;
                            changed = true;
                            let _ = writeln!(
                                out,
                                "fixed {}: {} (the original is kept as {})",
                                path.display(),
                                describe(&repaired),
                                kept.display()
                            );
                        }
                    }
                }
            }
        }
        let mut report = if changed {
            check_listing(manifest, &mut policies, today, &crate::svg::CHECKED_SIZES)?
        } else {
            report
        };
        // The manifest's safe fixes, pass after pass until none is left (or the passes run out).
        for _ in 0..MAX_PASSES {
            let path = report.manifest_path.clone();
            let edits: Vec<&Edit> = safe_edits(&report.diagnostics, &path, args.unsafe_fixes);
            if edits.is_empty() {
                break;
            }
            let before = report.package.manifest.text.clone();
            let Some((after, _)) = crate::diagnostics::fix::apply(&before, &edits) else {
                break;
            };
            let messages: Vec<String> = fix_messages(&report.diagnostics, &path, args.unsafe_fixes);
            if args.diff {
                would_change = true;
                out.push_str(&unified_diff(&path, &before, &after));
                break;
            }
            if !args.allow_dirty && dirty(&path)? {
                let _ = writeln!(
                    out,
                    "not fixed: {} has uncommitted changes (commit them, or pass --allow-dirty)",
                    path.display()
                );
                break;
            }
            edit_locked(&path, |current| {
                if current == before {
                    Ok(after.clone())
                } else {
                    Err(Changed)
                }
            })
            .with_context(|| format!("cannot fix {}", path.display()))?;
            let _ = writeln!(out, "fixed {}: {}", path.display(), messages.join("; "));
            report = check_listing(manifest, &mut policies, today, &crate::svg::CHECKED_SIZES)?;
        }
        // The press releases' fixes (all unsafe), pass after pass.
        let mut told = std::collections::HashSet::new();
        for _ in 0..MAX_PASSES {
            let pass = press::fix_releases(&report, &request, &mut told, &mut out)?;
            would_change |= pass.would_change;
            if !pass.changed {
                break;
            }
            report = check_listing(manifest, &mut policies, today, &crate::svg::CHECKED_SIZES)?;
        }
        if !args.diff {
            let left: Vec<String> = report
                .diagnostics
                .iter()
                .map(|diagnostic| format!("  {} {}", diagnostic.code, diagnostic.message))
                .collect();
            if left.is_empty() {
                let _ = writeln!(out, "{}: clean", manifest.display());
            } else {
                let _ = writeln!(
                    out,
                    "{}: {} left to fix by hand:\n{}",
                    manifest.display(),
                    left.len(),
                    left.join("\n")
                );
            }
        }
        reports.push(report.slim());
    }
    print(&out)?;
    if args.diff {
        return Ok(if would_change {
            Exit::Findings
        } else {
            Exit::Clean
        });
    }
    Ok(Report::of_listings(reports).exit(false))
}
