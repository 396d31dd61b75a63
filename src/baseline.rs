//! Baselines: findings accepted for now, so that a gate reports only new ones.
//!
//! An entry names a listing (its folder, relative to the baseline file's folder), a rule, and
//! the manifest field or the file the findings are about, never a line: reformatting a
//! manifest or a press release leaves every entry valid. It accepts up to `count` findings of
//! that key, with a reason and an optional `until` date like a suppression. An entry that
//! accepts more than the listing has now is reported (`MAN010`, an error), so a listing that
//! became clean, or cleaner, must have its baseline lowered in the same change and cannot slide
//! back under the old entry. This module reads the text and matches findings; reading the file
//! and writing it are the callers'.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::check::ListingReport;
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::policy::is_suppressible;
use crate::rules::manifest::MAN010;
use crate::rules::{Findings, find_rule};

/// The file `mdelist baseline write` writes when given none.
pub const BASELINE_FILE: &str = "mdelist-baseline.toml";

const HEADER: &str = "\
# Findings accepted for now: `mdelist check --baseline FILE` reports only findings beyond these.
# An entry names a listing folder (relative to this file), a rule, and the manifest field or the
# file the findings are about; `count` is how many it accepts. Each entry needs a reason;
# `until = YYYY-MM-DD` makes it lapse. Written by `mdelist baseline write`, which keeps reasons
# and comments, lowers counts and drops entries that no longer match.

";

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// What an entry's findings are about, besides the listing and the rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// A dotted manifest key.
    Field(String),
    /// A file of the listing, relative to its folder (a logo, a press release).
    File(String),
    /// The listing as a whole.
    Listing,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub listing: String,
    pub rule: String,
    pub target: Target,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Key,
    pub count: usize,
    pub reason: String,
    pub until: Option<Date>,
    /// The entry's table in the baseline file.
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Baseline {
    pub source: SourceFile,
    pub entries: Vec<Entry>,
}

impl Baseline {
    pub fn parse(path: &Path, text: String) -> Result<Baseline, BaselineError> {
        let invalid = |message: String| BaselineError::Invalid {
            path: path.display().to_string(),
            message,
        };
        let document = toml_edit::Document::parse(text.clone())
            .map_err(|error| invalid(error.message().trim().to_string()))?;
        let mut entries = Vec::new();
        for (key, item) in document.as_table().iter() {
            if key != "accepted" {
                return Err(invalid(format!(
                    "unknown key `{key}`; a baseline holds [[accepted]] entries only"
                )));
            }
            let Some(tables) = item.as_array_of_tables() else {
                return Err(invalid("`accepted` must be [[accepted]] tables".into()));
            };
            for table in tables.iter() {
                entries.push(entry(table).map_err(|message| {
                    let line = table.span().map_or(0, |span| {
                        SourceFile::new(path, text.clone())
                            .line_column(span.start)
                            .0
                    });
                    invalid(format!("the [[accepted]] entry at line {line}: {message}"))
                })?);
            }
        }
        Ok(Baseline {
            source: SourceFile::new(path, text),
            entries,
        })
    }
}

fn entry(table: &Table) -> Result<Entry, String> {
    for (key, _) in table.iter() {
        if !matches!(
            key,
            "listing" | "rule" | "field" | "file" | "count" | "reason" | "until"
        ) {
            return Err(format!("unknown key `{key}`"));
        }
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match table.get(key) {
            None => Ok(None),
            Some(item) => item
                .as_str()
                .map(|text| Some(text.to_string()))
                .ok_or_else(|| format!("`{key}` must be a string")),
        }
    };
    let listing = text("listing")?.ok_or("`listing` is missing")?;
    let rule = text("rule")?.ok_or("`rule` is missing")?;
    let target = match (text("field")?, text("file")?) {
        (Some(_), Some(_)) => return Err("give `field` or `file`, not both".into()),
        (Some(field), None) => Target::Field(field),
        (None, Some(file)) => Target::File(file),
        (None, None) => Target::Listing,
    };
    let count = match table.get("count") {
        None => 1,
        Some(item) => item
            .as_integer()
            .and_then(|count| usize::try_from(count).ok())
            .filter(|count| *count > 0)
            .ok_or("`count` must be a whole number above 0")?,
    };
    let until = match table.get("until") {
        None => None,
        Some(item) => Some(
            item.as_datetime()
                .and_then(|datetime| datetime.date)
                .filter(|_| item.as_datetime().is_some_and(|d| d.time.is_none()))
                .and_then(|date| {
                    jiff::civil::Date::new(
                        i16::try_from(date.year).ok()?,
                        i8::try_from(date.month).ok()?,
                        i8::try_from(date.day).ok()?,
                    )
                    .ok()
                })
                .ok_or("`until` must be a date, written YYYY-MM-DD without quotes")?,
        ),
    };
    Ok(Entry {
        key: Key {
            listing,
            rule,
            target,
        },
        count,
        reason: text("reason")?.unwrap_or_default(),
        until,
        span: table.span().unwrap_or(0..0),
    })
}

/// The key of a finding of the listing `listing` (its folder `listing_dir` as the report names
/// it): the field where there is one, else the file it points into, else the listing.
pub fn key_of(diagnostic: &Diagnostic, listing: &str, manifest: &Path, listing_dir: &Path) -> Key {
    let target = match (&diagnostic.field, &diagnostic.location) {
        (Some(field), _) => Target::Field(field.clone()),
        (None, Some(location)) if location.file != manifest => {
            match location.file.strip_prefix(listing_dir) {
                Ok(relative) => Target::File(slashed(relative)),
                Err(_) => Target::File(slashed(&location.file)),
            }
        }
        _ => Target::Listing,
    };
    Key {
        listing: listing.to_string(),
        rule: diagnostic.code.to_string(),
        target,
    }
}

/// A relative path with `/` between its parts, the same on every system.
pub fn slashed(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folder a report's listing lives in, as the report names it.
pub fn listing_dir(report: &ListingReport) -> &Path {
    report
        .manifest_path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Each finding's fingerprint, in the order of the report's diagnostics: the same finding keeps
/// it however the files around it are reformatted, since it is made of the rule, the listing
/// folder and the field or file the finding is about (the key a baseline uses), never a line,
/// and the finding's place among those with the same key. SARIF's `partialFingerprints` and
/// GitLab's `fingerprint` are these.
pub fn fingerprints(report: &ListingReport) -> Vec<String> {
    use sha2::Digest;
    let dir = listing_dir(report);
    let folder = slashed(dir);
    let mut seen: Vec<Key> = Vec::new();
    report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let key = key_of(diagnostic, &folder, &report.manifest_path, dir);
            let occurrence = seen.iter().filter(|earlier| **earlier == key).count() + 1;
            let target = match &key.target {
                Target::Field(field) => format!("field:{field}"),
                Target::File(file) => format!("file:{file}"),
                Target::Listing => "listing".to_string(),
            };
            let digest = sha2::Sha256::digest(format!("{}\n{}\n{target}", key.rule, key.listing));
            let hex: String = digest[..16]
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            seen.push(key);
            format!("{hex}:{occurrence}")
        })
        .collect()
}

/// Whether a finding may be accepted by a baseline: counted, suppressible, and not about the
/// baseline itself.
fn acceptable(diagnostic: &Diagnostic) -> bool {
    diagnostic.counts() && is_suppressible(diagnostic) && diagnostic.code != MAN010.code
}

/// Applies `baseline` to the checked listings (`keys[i]` is the listing key of `reports[i]`):
/// accepted findings are marked suppressed ("baseline: reason") and stop counting; each entry
/// that is malformed, expired or accepts more than is found gives a `MAN010` on its listing.
/// Entries about a listing that was not checked are judged only when `exists` says the listing
/// is gone; those come back, for the caller to show.
pub fn apply(
    baseline: &Baseline,
    reports: &mut [ListingReport],
    keys: &[String],
    today: Date,
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut orphans = Findings::new(&baseline.source);
    let mut problems: Vec<Vec<Diagnostic>> = vec![Vec::new(); reports.len()];
    for entry in &baseline.entries {
        let index = keys.iter().position(|key| *key == entry.key.listing);
        let Some(index) = index else {
            if !exists(&entry.key.listing) {
                orphans
                    .report(
                        &MAN010,
                        "",
                        entry.span.clone(),
                        format!(
                            "baseline entry for {}, a listing that no longer exists",
                            entry.key.listing
                        ),
                    )
                    .with_help("remove the entry (`mdelist baseline write` drops it)");
            }
            continue;
        };
        let mut findings = Findings::new(&baseline.source);
        judge(entry, &mut reports[index], today, &mut findings);
        problems[index].extend(findings.into_vec());
    }
    for (report, problems) in reports.iter_mut().zip(problems) {
        if problems.is_empty() {
            continue;
        }
        report.diagnostics.extend(problems);
        if report.source(baseline.source.path()).is_none() {
            report.sources.push(baseline.source.clone());
        }
        crate::policy::sort_diagnostics(&mut report.diagnostics);
    }
    orphans.into_vec()
}

fn judge(entry: &Entry, report: &mut ListingReport, today: Date, findings: &mut Findings) {
    let key = &entry.key;
    let Some(rule) = find_rule(key.rule.trim()) else {
        findings.report(
            &MAN010,
            "",
            entry.span.clone(),
            format!("baseline entry names an unknown rule `{}`", key.rule),
        );
        return;
    };
    if entry.reason.trim().is_empty() {
        findings
            .report(
                &MAN010,
                "",
                entry.span.clone(),
                format!(
                    "baseline entry for {} {} has no reason",
                    key.listing, rule.code
                ),
            )
            .with_help("add reason = \"…\" saying why the finding is accepted for now");
        return;
    }
    if let Some(until) = entry.until
        && until < today
    {
        findings
            .report(
                &MAN010,
                "",
                entry.span.clone(),
                format!(
                    "baseline entry for {} {} expired on {until}; it no longer applies",
                    key.listing, rule.code
                ),
            )
            .with_help("fix the findings, or extend `until` if the reason still holds");
        return;
    }
    let manifest = report.manifest_path.clone();
    let dir = listing_dir(report).to_path_buf();
    let reason = format!("baseline: {}", entry.reason.trim());
    let mut matched = 0;
    for diagnostic in report.diagnostics.iter_mut() {
        if acceptable(diagnostic)
            && diagnostic.code == rule.code
            && key_of(diagnostic, &key.listing, &manifest, &dir) == *key
        {
            matched += 1;
            if matched <= entry.count {
                diagnostic.suppressed = Some(reason.clone());
            }
        }
    }
    if matched < entry.count {
        let what = describe_target(&key.target);
        let message = if matched == 0 {
            format!(
                "baseline entry accepts {} {} finding{} {what}; there is none now",
                entry.count,
                rule.code,
                plural(entry.count)
            )
        } else {
            format!(
                "baseline entry accepts {} {} findings {what}; there {} {matched} now",
                entry.count,
                rule.code,
                if matched == 1 { "is" } else { "are" }
            )
        };
        let help = if matched == 0 {
            "remove the entry (`mdelist baseline write` drops it), so the finding cannot come back unnoticed".to_string()
        } else {
            format!("lower `count` to {matched} (`mdelist baseline write` does it)")
        };
        findings
            .report(&MAN010, "", entry.span.clone(), message)
            .with_help(help);
    }
}

fn describe_target(target: &Target) -> String {
    match target {
        Target::Field(field) => format!("on {field}"),
        Target::File(file) => format!("in {file}"),
        Target::Listing => "on the listing".into(),
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The findings a baseline would accept, counted per key: counted errors and warnings that may
/// be waived.
pub fn accepted_now(reports: &[ListingReport], keys: &[String]) -> BTreeMap<Key, usize> {
    let mut counts = BTreeMap::new();
    for (report, listing) in reports.iter().zip(keys) {
        let dir = listing_dir(report);
        for diagnostic in &report.diagnostics {
            if acceptable(diagnostic) && diagnostic.severity >= Severity::Warning {
                let key = key_of(diagnostic, listing, &report.manifest_path, dir);
                *counts.entry(key).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Sets `count`, keeping the comment written after the old value.
fn set_count(table: &mut Table, count: usize) {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    match table.get_mut("count").and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = toml_edit::Value::from(count);
            *old.decor_mut() = decor;
        }
        None => table["count"] = value(count),
    }
}

/// What [`write`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub entries: usize,
    pub added: usize,
    pub lowered: usize,
    pub removed: usize,
}

/// The baseline text for `counts` (the findings of the listings in `checked`), starting from
/// `existing` when there is one: its entries about other listings stay as they are (unless
/// `exists` says their listing is gone), its entries still matched keep their reason, comments
/// and layout with `count` set to what is found, the others are dropped, and new keys are
/// appended with `reason`.
pub fn write(
    existing: Option<&str>,
    counts: &BTreeMap<Key, usize>,
    checked: &[String],
    reason: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Result<(String, Written), String> {
    let mut document: DocumentMut = match existing {
        Some(text) => text
            .parse()
            .map_err(|error: toml_edit::TomlError| error.message().trim().to_string())?,
        None => {
            let mut document = DocumentMut::new();
            document.decor_mut().set_prefix(HEADER);
            document
        }
    };
    let mut written = Written::default();
    let mut seen: Vec<Key> = Vec::new();
    if !document.contains_key("accepted") {
        document.insert("accepted", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(tables) = document
        .get_mut("accepted")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return Err("`accepted` must be [[accepted]] tables".into());
    };
    let mut failure = None;
    tables.retain(|table| {
        let entry = match entry(table) {
            Ok(entry) => entry,
            Err(message) => {
                failure.get_or_insert(message);
                return true;
            }
        };
        if !checked.contains(&entry.key.listing) {
            let keep = exists(&entry.key.listing);
            written.removed += usize::from(!keep);
            return keep;
        }
        match counts.get(&entry.key) {
            Some(_) => {
                seen.push(entry.key);
                true
            }
            None => {
                written.removed += 1;
                false
            }
        }
    });
    if let Some(message) = failure {
        return Err(message);
    }
    for table in tables.iter_mut() {
        let Ok(entry) = entry(table) else { continue };
        if let Some(&found) = counts.get(&entry.key)
            && found != entry.count
        {
            if found < entry.count {
                written.lowered += 1;
            }
            set_count(table, found);
        }
    }
    for (key, &found) in counts {
        if seen.contains(key) {
            continue;
        }
        let mut table = Table::new();
        table["listing"] = value(key.listing.as_str());
        table["rule"] = value(key.rule.as_str());
        match &key.target {
            Target::Field(field) => table["field"] = value(field.as_str()),
            Target::File(file) => table["file"] = value(file.as_str()),
            Target::Listing => {}
        }
        table["count"] = value(i64::try_from(found).unwrap_or(i64::MAX));
        table["reason"] = value(reason);
        tables.push(table);
        written.added += 1;
    }
    written.entries = tables.len();
    Ok((document.to_string(), written))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(listing: &str, rule: &str, field: &str) -> Key {
        Key {
            listing: listing.into(),
            rule: rule.into(),
            target: Target::Field(field.into()),
        }
    }

    #[test]
    fn a_written_baseline_parses_back_to_its_keys() {
        let mut counts = BTreeMap::new();
        counts.insert(key("a", "DESC001", "product.description"), 1);
        counts.insert(
            Key {
                listing: "b".into(),
                rule: "PRESS003".into(),
                target: Target::File("press/x.md".into()),
            },
            2,
        );
        let (text, written) =
            write(None, &counts, &["a".into(), "b".into()], "", &|_| true).unwrap();
        assert_eq!(written.added, 2);
        let baseline = Baseline::parse(Path::new("b.toml"), text.clone()).unwrap();
        let keys: Vec<&Key> = baseline.entries.iter().map(|entry| &entry.key).collect();
        assert_eq!(keys, counts.keys().collect::<Vec<_>>());
        assert_eq!(baseline.entries[1].count, 2);
        assert!(text.starts_with("# Findings accepted for now"));
    }

    #[test]
    fn rewriting_keeps_reasons_and_comments_lowers_counts_and_drops_stale_entries() {
        let existing = "# ours\n\n[[accepted]]\nlisting = \"a\"\nrule = \"DESC001\"\nfield = \"product.description\"\ncount = 3 # three for now\nreason = \"the launch wording\"\n\n[[accepted]]\nlisting = \"a\"\nrule = \"NAME003\"\nfield = \"product.name\"\nreason = \"gone\"\n\n[[accepted]]\nlisting = \"elsewhere\"\nrule = \"NAME003\"\nreason = \"not checked\"\n";
        let mut counts = BTreeMap::new();
        counts.insert(key("a", "DESC001", "product.description"), 2);
        let (text, written) = write(Some(existing), &counts, &["a".into()], "", &|_| true).unwrap();
        assert_eq!(
            written,
            Written {
                entries: 2,
                added: 0,
                lowered: 1,
                removed: 1
            }
        );
        assert_eq!(
            text,
            "# ours\n\n[[accepted]]\nlisting = \"a\"\nrule = \"DESC001\"\nfield = \"product.description\"\ncount = 2 # three for now\nreason = \"the launch wording\"\n\n[[accepted]]\nlisting = \"elsewhere\"\nrule = \"NAME003\"\nreason = \"not checked\"\n"
        );
    }

    #[test]
    fn malformed_entries_are_refused_with_their_line() {
        let error = Baseline::parse(
            Path::new("b.toml"),
            "[[accepted]]\nlisting = \"a\"\nrule = \"X\"\n\n[[accepted]]\nrule = \"Y\"\n".into(),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "b.toml: the [[accepted]] entry at line 5: `listing` is missing"
        );
        let error = Baseline::parse(
            Path::new("b.toml"),
            "[[accepted]]\nlisting = \"a\"\nrule = \"X\"\nuntil = \"2026-01-01\"\n".into(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("`until` must be a date, written YYYY-MM-DD without quotes")
        );
    }
}
