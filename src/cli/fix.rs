//! `mdelist fix`: repairs what can be repaired in listings, then checks them again.
//!
//! Everything is worked out in memory first: the logo repair (`crate::fix::logo`), then the
//! fixes findings carry in `listing.toml` and the press releases, pass after pass, each pass
//! checking the listing again as the changed files now read. Only then is each changed file
//! written, once, under its lock and only if nobody changed it meanwhile, or, with `--diff`,
//! shown as one unified diff from what is on disk to what `fix` would leave.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use clap::Args;

use super::{Exit, TodayArg, print};
use crate::atomic_file::{Existing, write_atomically, write_file};
use crate::check::ListingReport;
use crate::diagnostics::{Applicability, Diagnostic, Edit};
use crate::fix::docx::{Change, Outcome, Refusal};
use crate::fix::logo::{self, RepairOptions, Repaired};
use crate::io::checks::{Policies, check_listing, check_listing_over, discover};
use crate::io::files::read_regular_file;
use crate::io::locked_edit::edit_locked_bytes;
use crate::press::Format;
use crate::report::Report;
use crate::svg::FontFile;

pub use crate::fix::logo::REPAIRED_CODES;

/// Passes over a listing at most: each applies every chosen fix that does not overlap another,
/// then checks again.
pub const MAX_PASSES: usize = 4;

/// A UTF-8 byte-order mark, kept where a file starts with one.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file changed between the check and the edit (another run wrote it).
#[derive(Debug, thiserror::Error)]
#[error("the file changed while it was being fixed; run mdelist fix again")]
struct Changed;

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Listing folders, listing.toml files, or folders to search (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print what would change as a unified diff and write nothing; exit 1 if anything would.
    #[arg(long)]
    diff: bool,
    /// Apply unsafe fixes too: those that change wording or meaning (a suggested category, a
    /// product's current name, https for http, a landing page without tracking parameters).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Fix only the findings of these rules: codes or code prefixes (`DESC006`, `LINK`),
    /// comma-separated or repeated.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    select: Vec<String>,
    /// Leave the findings of these rules alone: codes or code prefixes, comma-separated or
    /// repeated.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Repair the logo even when no finding asks for it (cleans and re-centres it).
    #[arg(long)]
    logo: bool,
    /// Outline the logo's live text with this font (.ttf, .otf or .ttc; repeatable, at most 4,
    /// 32 MiB each). A text must ask for a family the fonts provide; generic families
    /// (sans-serif, serif…) and text without a font-family take the first font.
    #[arg(long, value_name = "FILE")]
    font: Vec<PathBuf>,
    /// Change files that have uncommitted changes in a git work tree.
    #[arg(long)]
    allow_dirty: bool,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Which findings' fixes a run applies: by applicability and by `--select` / `--ignore`.
struct Choice {
    unsafe_fixes: bool,
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Choice {
    fn new(args: &FixArgs) -> anyhow::Result<Choice> {
        let known = |list: &[String]| -> anyhow::Result<Vec<String>> {
            list.iter()
                .map(|entry| {
                    let entry = entry.trim().to_ascii_uppercase();
                    if entry.is_empty()
                        || !crate::rules::RULES
                            .iter()
                            .any(|rule| rule.code.starts_with(&entry))
                    {
                        anyhow::bail!(
                            "no rule code is or starts with {entry:?} (`mdelist rules` lists \
                             them)"
                        );
                    }
                    Ok(entry)
                })
                .collect()
        };
        Ok(Choice {
            unsafe_fixes: args.unsafe_fixes,
            select: known(&args.select)?,
            ignore: known(&args.ignore)?,
        })
    }

    fn selects(&self, code: &str) -> bool {
        let matches = |list: &[String]| list.iter().any(|entry| code.starts_with(entry.as_str()));
        (self.select.is_empty() || matches(&self.select)) && !matches(&self.ignore)
    }

    fn applies(&self, diagnostic: &Diagnostic, applicability: Applicability) -> bool {
        self.selects(diagnostic.code)
            && (applicability == Applicability::Safe
                || (self.unsafe_fixes && applicability == Applicability::Unsafe))
    }
}

/// The chosen fixes of `diagnostics` that edit `path`: each fix's rule, its message, and its
/// edits there.
fn chosen<'d>(
    diagnostics: &'d [Diagnostic],
    path: &Path,
    choice: &Choice,
) -> Vec<(&'static str, &'d str, Vec<&'d Edit>)> {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.counts())
        .filter_map(|diagnostic| diagnostic.fix.as_ref().map(|fix| (diagnostic, fix)))
        .filter(|(diagnostic, fix)| choice.applies(diagnostic, fix.applicability))
        .map(|(diagnostic, fix)| {
            let edits: Vec<&Edit> = fix
                .edits
                .iter()
                .filter(|edit| edit.location.file == path)
                .collect();
            (diagnostic.code, fix.message.as_str(), edits)
        })
        .filter(|(_, _, edits)| !edits.is_empty())
        .collect()
}

/// The files the chosen fixes edit, in the order the findings come.
fn edited_files(diagnostics: &[Diagnostic], choice: &Choice) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for diagnostic in diagnostics.iter().filter(|diagnostic| diagnostic.counts()) {
        let Some(fix) = &diagnostic.fix else { continue };
        if !choice.applies(diagnostic, fix.applicability) {
            continue;
        }
        for edit in &fix.edits {
            if !files.contains(&edit.location.file) {
                files.push(edit.location.file.clone());
            }
        }
    }
    files
}

/// One file as the fixes leave it.
struct Draft {
    path: PathBuf,
    /// As read before the first change: what must still be on disk when it is written.
    original: Vec<u8>,
    now: Vec<u8>,
    /// What was done, for the report ("write the derived User-Agent (UA003)").
    messages: Vec<String>,
    /// A repaired logo, written with its original kept beside it.
    logo: bool,
    /// A Word document whose fixes are tracked changes: its text before the first change and
    /// now, and the changes' authors.
    word: Option<WordText>,
}

struct WordText {
    before: String,
    after: String,
    authors: Vec<String>,
}

#[derive(Default)]
struct Drafts(Vec<Draft>);

impl Drafts {
    fn get(&self, path: &Path) -> Option<&Draft> {
        self.0.iter().find(|draft| draft.path == path)
    }

    fn bytes(&self, path: &Path) -> Option<Vec<u8>> {
        self.get(path).map(|draft| draft.now.clone())
    }

    fn change(&mut self, path: &Path, original: Vec<u8>, now: Vec<u8>, messages: Vec<String>) {
        let at = match self.0.iter().position(|draft| draft.path == path) {
            Some(at) => at,
            None => {
                self.0.push(Draft {
                    path: path.to_path_buf(),
                    original,
                    now: Vec::new(),
                    messages: Vec::new(),
                    logo: false,
                    word: None,
                });
                self.0.len() - 1
            }
        };
        let draft = &mut self.0[at];
        draft.now = now;
        for message in messages {
            if !draft.messages.contains(&message) {
                draft.messages.push(message);
            }
        }
    }
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

fn unified_diff(path: &Path, before: &[u8], after: &[u8]) -> String {
    let name = path.display().to_string();
    let before = String::from_utf8_lossy(before);
    let after = String::from_utf8_lossy(after);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_string()
}

/// The name the original logo is kept under, beside it.
pub fn original_name(logo: &Path) -> PathBuf {
    let stem = logo
        .file_stem()
        .map_or_else(|| "logo".into(), |stem| stem.to_string_lossy().into_owned());
    logo.with_file_name(format!("{stem}.orig.svg"))
}

/// The fonts `--font` names, read and checked before anything else is done.
fn read_fonts(paths: &[PathBuf]) -> anyhow::Result<Vec<FontFile>> {
    use crate::svg::outline::{MAX_FONTS, MAX_FONTS_TOTAL_BYTES};
    if paths.len() > MAX_FONTS {
        anyhow::bail!(
            "--font is given {} times; at most {MAX_FONTS} fonts are read",
            paths.len()
        );
    }
    let mut fonts = Vec::with_capacity(paths.len());
    for path in paths {
        let font = crate::io::files::read_font(path)
            .map_err(|reason| anyhow::anyhow!("--font {}: {reason}", path.display()))?;
        fonts.push(font);
    }
    let total: usize = fonts.iter().map(|font| font.len()).sum();
    if total > MAX_FONTS_TOTAL_BYTES {
        anyhow::bail!(
            "the fonts given with --font are {total} bytes together, over the {} MiB one run \
             reads",
            MAX_FONTS_TOTAL_BYTES / (1024 * 1024)
        );
    }
    Ok(fonts)
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
    match repaired.outlined_texts {
        0 => {}
        1 => parts.push("outlined 1 <text> with the given font".into()),
        count => parts.push(format!(
            "outlined {count} <text> elements with the given fonts"
        )),
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

/// The logo repair, when a chosen finding asks for it or `--logo` does: into `drafts`, or a
/// line in `out` saying why not.
fn repair_logo(
    report: &ListingReport,
    args: &FixArgs,
    fonts: &[FontFile],
    choice: &Choice,
    drafts: &mut Drafts,
    out: &mut String,
) {
    let asks = report.diagnostics.iter().any(|diagnostic| {
        diagnostic.counts()
            && REPAIRED_CODES.contains(&diagnostic.code)
            && choice.selects(diagnostic.code)
    });
    let Some(file) = report.package.logo.as_ref().filter(|_| asks || args.logo) else {
        return;
    };
    let path = &file.path;
    let title = report.product.clone();
    let repaired = match logo::repair(
        &file.bytes,
        RepairOptions {
            title: title.as_deref(),
            fonts,
        },
        crate::io::render::command_line(),
    ) {
        Err(refusal) => {
            let _ = writeln!(out, "not repaired: {}: {refusal}", path.display());
            return;
        }
        Ok(repaired) if !repaired.changes(&file.bytes) => return,
        Ok(repaired) => repaired,
    };
    if let Some(reason) = &repaired.display_only {
        let _ = writeln!(
            out,
            "not applied (display only): {}: {reason}",
            path.display()
        );
        out.push_str(&unified_diff(path, &file.bytes, &repaired.bytes));
        return;
    }
    drafts.change(
        path,
        file.bytes.clone(),
        repaired.bytes.clone(),
        vec![describe(&repaired)],
    );
    if let Some(draft) = drafts.0.last_mut() {
        draft.logo = true;
    }
}

/// One pass: every chosen fix of `report` applied to the text it points into, as `drafts`
/// holds it. Whether anything changed; why a file could not be edited goes to `notes`.
fn apply_pass(
    report: &ListingReport,
    choice: &Choice,
    stamp: jiff::civil::DateTime,
    drafts: &mut Drafts,
    notes: &mut Vec<String>,
) -> bool {
    let mut progressed = false;
    for path in edited_files(&report.diagnostics, choice) {
        let Some(source) = report.source(&path) else {
            continue;
        };
        let fixes = chosen(&report.diagnostics, &path, choice);
        if release_format(report, &path) == Some(Format::Docx) {
            progressed |= track_in_word(&path, &source.text, &fixes, stamp, drafts, notes);
            continue;
        }
        let edits: Vec<&Edit> = fixes
            .iter()
            .flat_map(|(_, _, edits)| edits.iter().copied())
            .collect();
        let Some((after, _)) = crate::diagnostics::fix::apply(&source.text, &edits) else {
            continue;
        };
        if after == source.text {
            continue;
        }
        let current = match drafts.bytes(&path) {
            Some(bytes) => bytes,
            None => match read_regular_file(&path) {
                Ok(bytes) => bytes,
                Err(reason) => {
                    push_note(notes, format!("not fixed: {}: {reason}", path.display()));
                    continue;
                }
            },
        };
        let (mark, body) = match current.strip_prefix(BOM) {
            Some(body) => (BOM, body),
            None => (&b""[..], &current[..]),
        };
        // Only a file whose bytes are the text the findings point into can take the edits: not
        // a release in UTF-16, nor a Word or HTML file.
        if body != source.text.as_bytes() {
            push_note(
                notes,
                format!(
                    "not fixed: {} is not plain UTF-8 text; fix it by hand",
                    path.display()
                ),
            );
            continue;
        }
        let mut now = mark.to_vec();
        now.extend_from_slice(after.as_bytes());
        let messages = fixes
            .iter()
            .map(|(code, message, _)| format!("{message} ({code})"))
            .collect();
        drafts.change(&path, current, now, messages);
        progressed = true;
    }
    progressed
}

/// The format of the press release at `path`, when it is one.
fn release_format(report: &ListingReport, path: &Path) -> Option<Format> {
    let listed = report.press.iter().filter_map(|file| file.text());
    let unlisted = report.unlisted_press.iter().filter_map(|file| file.text());
    listed
        .chain(unlisted)
        .find(|text| text.source.path == path)
        .map(|text| text.format)
}

/// The fixes in a Word release, as tracked changes (`crate::fix::docx`), into `drafts`; `text`
/// is the release's text as the check read it. Whether anything changed.
fn track_in_word(
    path: &Path,
    text: &str,
    fixes: &[(&'static str, &str, Vec<&Edit>)],
    stamp: jiff::civil::DateTime,
    drafts: &mut Drafts,
    notes: &mut Vec<String>,
) -> bool {
    let current = match drafts.bytes(path) {
        Some(bytes) => bytes,
        None => match read_regular_file(path) {
            Ok(bytes) => bytes,
            Err(reason) => {
                push_note(notes, format!("not fixed: {}: {reason}", path.display()));
                return false;
            }
        },
    };
    let asked: Vec<(&'static str, &str, &Edit)> = fixes
        .iter()
        .flat_map(|(code, message, edits)| edits.iter().map(move |edit| (*code, *message, *edit)))
        .collect();
    let changes: Vec<Change> = asked
        .iter()
        .map(|(code, _, edit)| Change {
            span: edit.span(),
            replacement: &edit.replacement,
            code,
        })
        .collect();
    let tracked = match crate::fix::docx::track(&current, &changes, stamp) {
        Ok(tracked) if tracked.before == text => tracked,
        Ok(_) => {
            push_note(notes, format!("not fixed: {}: {Changed}", path.display()));
            return false;
        }
        Err(error) => {
            push_note(notes, format!("not fixed: {} {error}", path.display()));
            return false;
        }
    };
    let mut messages = Vec::new();
    let mut authors = Vec::new();
    for ((code, message, edit), outcome) in asked.iter().zip(&tracked.outcomes) {
        match outcome {
            Outcome::Made => {
                messages.push(format!("{message} ({code})"));
                authors.push(format!("\"mdelist {code}\""));
            }
            // The next pass, once this one's changes are in, looks at it again.
            Outcome::Refused(Refusal::Overlaps) => {}
            Outcome::Refused(refusal) => {
                let span = edit.span();
                let paragraph = text
                    .get(..span.start)
                    .map_or(1, |before| before.matches('\n').count() + 1);
                push_note(
                    notes,
                    format!(
                        "not fixed: {} paragraph {paragraph}: \"{}\" ({code}): {refusal}; \
                         change it in Word",
                        path.display(),
                        text.get(span).unwrap_or_default()
                    ),
                );
            }
        }
    }
    if messages.is_empty() {
        return false;
    }
    drafts.change(path, current, tracked.bytes, messages);
    if let Some(draft) = drafts.0.iter_mut().find(|draft| draft.path == path) {
        let word = draft.word.get_or_insert_with(|| WordText {
            before: tracked.before.clone(),
            after: String::new(),
            authors: Vec::new(),
        });
        word.after = tracked.after;
        word.authors.extend(authors);
        word.authors.sort();
        word.authors.dedup();
    }
    true
}

fn push_note(notes: &mut Vec<String>, note: String) {
    if !notes.contains(&note) {
        notes.push(note);
    }
}

/// The unsafe fixes `report` holds that this run leaves out for want of `--unsafe-fixes`, one
/// line per file.
fn held_back(report: &ListingReport, choice: &Choice, out: &mut String) {
    if choice.unsafe_fixes {
        return;
    }
    let mut files: Vec<(PathBuf, usize, bool)> = Vec::new();
    for diagnostic in report.diagnostics.iter().filter(|d| d.counts()) {
        let Some(fix) = &diagnostic.fix else { continue };
        if fix.applicability != Applicability::Unsafe || !choice.selects(diagnostic.code) {
            continue;
        }
        let names = matches!(diagnostic.code, "DESC005" | "DESC006" | "DESC009");
        for edit in &fix.edits {
            match files
                .iter_mut()
                .find(|(path, _, _)| *path == edit.location.file)
            {
                Some((_, count, only_names)) => {
                    *count += 1;
                    *only_names &= names;
                }
                None => files.push((edit.location.file.clone(), 1, names)),
            }
        }
    }
    for (path, count, only_names) in files {
        let _ = writeln!(
            out,
            "{}: {count} unsafe {} not applied ({}): pass --unsafe-fixes to apply {}",
            path.display(),
            if count == 1 { "fix" } else { "fixes" },
            if only_names {
                "product names; they change wording"
            } else {
                "they change wording or meaning"
            },
            if count == 1 { "it" } else { "them" },
        );
    }
}

/// Writes each draft (or, with `--diff`, shows it); whether anything would change.
fn write_drafts(drafts: &Drafts, args: &FixArgs, out: &mut String) -> anyhow::Result<bool> {
    let mut would_change = false;
    for draft in &drafts.0 {
        let path = &draft.path;
        if draft.now == draft.original {
            continue;
        }
        if args.diff {
            would_change = true;
            match &draft.word {
                Some(word) => {
                    let _ = writeln!(
                        out,
                        "{} is a Word document: the fixes are written as tracked changes \
                         (author {}) to accept or reject in Word; its text, one paragraph a line:",
                        path.display(),
                        word.authors.join(", ")
                    );
                    // One paragraph a line, each ended, as a text file would be.
                    out.push_str(&unified_diff(
                        path,
                        format!("{}\n", word.before).as_bytes(),
                        format!("{}\n", word.after).as_bytes(),
                    ));
                }
                None => out.push_str(&unified_diff(path, &draft.original, &draft.now)),
            }
            continue;
        }
        let refused = if draft.logo {
            "not repaired"
        } else {
            "not fixed"
        };
        if !args.allow_dirty && dirty(path)? {
            let _ = writeln!(
                out,
                "{refused}: {} has uncommitted changes (commit them, or pass --allow-dirty)",
                path.display()
            );
            continue;
        }
        if draft.logo {
            let kept = original_name(path);
            if kept.exists() {
                let _ = writeln!(
                    out,
                    "not repaired: {} exists; move it away to keep this original",
                    kept.display()
                );
                continue;
            }
            write_file(&draft.original, &kept, Existing::Keep)
                .with_context(|| format!("cannot write {}", kept.display()))?;
            write_atomically(&draft.now, path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let _ = writeln!(
                out,
                "fixed {}: {} (the original is kept as {})",
                path.display(),
                draft.messages.join("; "),
                kept.display()
            );
            continue;
        }
        let written = edit_locked_bytes(path, |current| {
            if current == draft.original.as_slice() {
                Ok(Some(draft.now.clone()))
            } else {
                Err(Changed)
            }
        });
        match written {
            Ok(()) => {
                let how = match &draft.word {
                    Some(word) => {
                        format!(" as tracked changes (author {})", word.authors.join(", "))
                    }
                    None => String::new(),
                };
                let _ = writeln!(
                    out,
                    "fixed {}{how}: {}",
                    path.display(),
                    draft.messages.join("; ")
                );
            }
            Err(error) => {
                let _ = writeln!(out, "not fixed: {error}");
            }
        }
    }
    Ok(would_change)
}

pub fn run(args: FixArgs) -> anyhow::Result<Exit> {
    let choice = Choice::new(&args)?;
    let fonts = read_fonts(&args.font)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let manifests = discover(&paths)?;
    let mut policies = Policies::new(args.config.as_deref())?;
    let today = args.today.date();
    // When the tracked changes in a Word document are dated (UTC): `--today` at midnight, or now.
    let stamp = args.today.given().map_or_else(
        || {
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .datetime()
        },
        |date| date.to_datetime(jiff::civil::Time::midnight()),
    );
    let sizes = &crate::svg::CHECKED_SIZES;
    let mut out = String::new();
    let mut would_change = false;
    let mut reports = Vec::new();
    for manifest in &manifests {
        let mut report = check_listing(manifest, &mut policies, today, sizes)?;
        let mut drafts = Drafts::default();
        let mut notes = Vec::new();
        repair_logo(&report, &args, &fonts, &choice, &mut drafts, &mut out);
        if !drafts.0.is_empty() {
            report = check_listing_over(manifest, &mut policies, today, sizes, &|path| {
                drafts.bytes(path)
            })?;
        }
        for _ in 0..MAX_PASSES {
            if !apply_pass(&report, &choice, stamp, &mut drafts, &mut notes) {
                break;
            }
            report = check_listing_over(manifest, &mut policies, today, sizes, &|path| {
                drafts.bytes(path)
            })?;
        }
        // What could not be fixed first, then what was (or, with --diff, would be).
        for note in &notes {
            let _ = writeln!(out, "{note}");
        }
        would_change |= write_drafts(&drafts, &args, &mut out)?;
        held_back(&report, &choice, &mut out);
        if !args.diff {
            let report = check_listing(manifest, &mut policies, today, sizes)?;
            let left: Vec<String> = report
                .diagnostics
                .iter()
                // Information (a release that may be published) is not a thing to fix.
                .filter(|diagnostic| {
                    diagnostic.counts() && diagnostic.severity != crate::diagnostics::Severity::Info
                })
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
            reports.push(report.slim());
        }
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
