//! Severity is policy, applied once: `mdelist.toml` (limits, severity overrides, the pinned
//! `rules_version`) and each listing's `[checks] allow` suppressions turn the rules' default
//! severities into the reported ones, before any rendering or exit status.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::manifest::{Allow, Listing};
use crate::rules::manifest::MAN009;
use crate::rules::{Findings, RULES, RULES_VERSION, find_rule, pending_code};
use crate::text::suggest::closest;

pub const CONFIG_FILE: &str = "mdelist.toml";

/// Findings that no configuration or suppression may lower: security and integrity findings.
pub const NEVER_SUPPRESSIBLE: &[&str] = &[
    "MAN001", "MAN006", "LOGO005", "LOGO006", "LOGO009", "LOGO010",
];

/// Whether this particular finding may be waived (`LOGO010` only in its warning form).
pub fn is_suppressible(diagnostic: &Diagnostic) -> bool {
    if diagnostic.code == "LOGO010" {
        return diagnostic.severity != Severity::Error;
    }
    !NEVER_SUPPRESSIBLE.contains(&diagnostic.code)
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub description_words: usize,
    pub description_min_words: usize,
    pub name_graphemes: usize,
    pub logo_warn_bytes: u64,
    pub logo_max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            description_words: 15,
            description_min_words: 5,
            name_graphemes: 50,
            logo_warn_bytes: 32 * 1024,
            logo_max_bytes: 1024 * 1024,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path} {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    rules_version: Option<i64>,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

/// The policy for one listing: limits and per-rule severity overrides (`None` = off).
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub limits: Limits,
    pub overrides: HashMap<&'static str, Option<Severity>>,
    /// The `mdelist.toml` it came from, if any.
    pub source: Option<PathBuf>,
}

impl Policy {
    pub fn parse(text: &str, path: &Path) -> Result<Policy, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|error| invalid(toml_problem(text, &error)))?;
        match raw.rules_version {
            None => {}
            Some(version) if version == i64::from(RULES_VERSION) => {}
            Some(version) if version > i64::from(RULES_VERSION) => {
                return Err(invalid(format!(
                    "rules_version = {version} is newer than this mdelist's catalogue \
                     (rules_version {RULES_VERSION}); install a newer mdelist"
                )));
            }
            Some(version) => {
                return Err(invalid(format!(
                    "rules_version = {version} does not exist; the first catalogue is 1"
                )));
            }
        }
        let limits = raw.limits;
        if limits.description_words == 0 || limits.name_graphemes == 0 {
            return Err(invalid(
                "limits.description_words and limits.name_graphemes must be at least 1".into(),
            ));
        }
        if limits.description_min_words > limits.description_words {
            return Err(invalid(format!(
                "limits.description_min_words ({}) is above limits.description_words ({})",
                limits.description_min_words, limits.description_words
            )));
        }
        if limits.logo_warn_bytes > limits.logo_max_bytes {
            return Err(invalid(format!(
                "limits.logo_warn_bytes ({}) is above limits.logo_max_bytes ({})",
                limits.logo_warn_bytes, limits.logo_max_bytes
            )));
        }
        let mut overrides = HashMap::new();
        for (code, level) in raw.severity {
            if pending_code(&code).is_some() {
                // A rule of the catalogue this build does not run yet: nothing to override.
                continue;
            }
            let Some(rule) = find_rule(&code) else {
                let codes: Vec<&str> = RULES.iter().map(|rule| rule.code).collect();
                let hint = closest(&code, &codes)
                    .map(|near| format!(" (did you mean {near}?)"))
                    .unwrap_or_default();
                return Err(invalid(format!(
                    "[severity] names an unknown rule {code}{hint}"
                )));
            };
            let severity = match level.as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "off" => None,
                other => {
                    return Err(invalid(format!(
                        "[severity] {code} = \"{other}\": use \"error\", \"warning\", \"info\" or \"off\""
                    )));
                }
            };
            if NEVER_SUPPRESSIBLE.contains(&rule.code) && severity != Some(Severity::Error) {
                return Err(invalid(format!(
                    "[severity] {code} cannot be lowered: security and integrity findings stay errors"
                )));
            }
            overrides.insert(rule.code, severity);
        }
        Ok(Policy {
            limits,
            overrides,
            source: Some(path.to_path_buf()),
        })
    }

    /// Applies severity overrides and the listing's suppressions, reporting every suppression
    /// that is malformed, expired, not allowed or unused (`MAN009`). Returns the diagnostics in
    /// a stable order.
    pub fn apply(
        &self,
        mut diagnostics: Vec<Diagnostic>,
        listing: Option<&Listing>,
        today: Date,
        source: &SourceFile,
    ) -> Vec<Diagnostic> {
        let mut findings = Findings::new(source);
        let findings = &mut findings;
        let allow = listing
            .map(|listing| listing.allow.as_slice())
            .unwrap_or(&[]);
        let mut active: Vec<(&Allow, &str, &str)> = Vec::new();
        for entry in allow {
            if let Some((code, reason)) = self.validate_allow(entry, today, findings) {
                active.push((entry, code, reason));
            }
        }

        self.apply_overrides(&mut diagnostics);

        for (entry, code, reason) in active {
            let mut used = false;
            for diagnostic in diagnostics
                .iter_mut()
                .filter(|diagnostic| diagnostic.code == code && is_suppressible(diagnostic))
            {
                if diagnostic.suppressed.is_none() {
                    diagnostic.suppressed = Some(reason.to_string());
                }
                used = true;
            }
            if !used {
                let span = entry
                    .rule
                    .as_ref()
                    .map_or(entry.span.clone(), |rule| rule.span.clone());
                findings
                    .report(
                        &MAN009,
                        "checks.allow",
                        span,
                        format!("unused suppression: this listing has no {code} finding"),
                    )
                    .with_help("remove the entry; stale suppressions hide future findings");
            }
        }

        let mut extra = std::mem::replace(findings, Findings::new(source)).into_vec();
        self.apply_overrides(&mut extra);
        diagnostics.extend(extra);
        sort_diagnostics(&mut diagnostics);
        diagnostics
    }

    /// `[severity]`: drops findings of rules turned off, sets the others' severity.
    fn apply_overrides(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|diagnostic| match self.overrides.get(diagnostic.code) {
            Some(None) => false,
            Some(Some(severity)) => {
                diagnostic.severity = *severity;
                true
            }
            None => true,
        });
    }

    /// The rule code and reason of a usable `[checks] allow` entry; reports why it is not.
    fn validate_allow<'l>(
        &self,
        entry: &'l Allow,
        today: Date,
        findings: &mut Findings,
    ) -> Option<(&'static str, &'l str)> {
        let rule_text = entry.rule.as_ref()?;
        if let Some(code) = pending_code(&rule_text.value) {
            findings
                .report(
                    &MAN009,
                    "checks.allow",
                    rule_text.span.clone(),
                    format!("{code} is not checked by this version of mdelist; the suppression has nothing to act on yet"),
                )
                .with_severity(Severity::Info)
                .with_help("keep it if the reason holds: it applies once mdelist checks this rule");
            return None;
        }
        let Some(rule) = find_rule(rule_text.value.trim()) else {
            let codes: Vec<&str> = RULES.iter().map(|rule| rule.code).collect();
            let diagnostic = findings.report(
                &MAN009,
                "checks.allow",
                rule_text.span.clone(),
                format!("suppression names an unknown rule `{}`", rule_text.value),
            );
            match closest(&rule_text.value, &codes) {
                Some(near) => diagnostic.with_help(format!("did you mean {near}?")),
                None => diagnostic.with_help("`mdelist rules` lists every code"),
            };
            return None;
        };
        if NEVER_SUPPRESSIBLE.contains(&rule.code) && rule.code != "LOGO010" {
            findings
                .report(
                    &MAN009,
                    "checks.allow",
                    rule_text.span.clone(),
                    format!("{} cannot be suppressed", rule.code),
                )
                .with_help("security and integrity findings cannot be waived: fix the listing");
            return None;
        }
        let Some(reason) = entry
            .reason
            .as_ref()
            .filter(|reason| !reason.value.trim().is_empty())
        else {
            findings
                .report(
                    &MAN009,
                    "checks.allow",
                    entry.span.clone(),
                    format!("suppression of {} has no reason", rule.code),
                )
                .with_help("add reason = \"…\" saying why the finding does not apply");
            return None;
        };
        if let Some(until) = &entry.until
            && until.value < today
        {
            findings
                .report(
                    &MAN009,
                    "checks.allow",
                    until.span.clone(),
                    format!(
                        "suppression of {} expired on {}; it no longer applies",
                        rule.code, until.value
                    ),
                )
                .with_help("fix the finding, or extend `until` if the reason still holds");
            return None;
        }
        Some((rule.code, reason.value.as_str()))
    }
}

/// Stable order: by file, then position, then code.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|location| (0, location.file.clone(), location.span.start))
                .unwrap_or((1, PathBuf::new(), 0))
        };
        key(a).cmp(&key(b)).then_with(|| a.code.cmp(b.code))
    });
}

/// A TOML error as "line 3, column 7: <what>", without the source line the parser's own text
/// quotes (a hostile file can make that line megabytes long).
fn toml_problem(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim();
    let Some(span) = error.span() else {
        return message.to_string();
    };
    let (line, column) = SourceFile::new("mdelist.toml", text.to_string()).line_column(span.start);
    format!("TOML parse error at line {line}, column {column}: {message}")
}
