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

/// The limits are read by the rules; `mdelist.toml` sets them.
pub use crate::rules::Limits;

pub const CONFIG_FILE: &str = "mdelist.toml";

/// Whether this particular finding may be waived, as its rule's descriptor says.
pub fn is_suppressible(diagnostic: &Diagnostic) -> bool {
    find_rule(diagnostic.code).is_none_or(|rule| rule.may_suppress(diagnostic.severity))
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

/// Which `mdelist.toml` governs a listing folder ([`Policy::discover`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    pub config: Option<PathBuf>,
    /// `mdelist.toml` files inside the repository but below its root, which are not used.
    pub ignored: Vec<PathBuf>,
}

/// The policy for one listing: limits and per-rule severity overrides (`None` = off).
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub limits: Limits,
    pub overrides: HashMap<&'static str, Option<Severity>>,
    /// The `mdelist.toml` it came from, if any.
    pub source: Option<PathBuf>,
}

/// Marks `code`'s suppressible findings suppressed with `reason`; whether there was one.
fn suppress(diagnostics: &mut [Diagnostic], code: &str, reason: &str) -> bool {
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
    used
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
            if !rule.may_set_severity(severity) {
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
            // Findings across listings come later, when the listings are compared
            // ([`Policy::apply_across`]): whether these entries are used is judged there.
            if is_across(code) {
                continue;
            }
            if !suppress(&mut diagnostics, code, reason) {
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

    /// Applies the policy to the findings across listings (`XL`) of one listing, found after its
    /// own check: severity overrides, its `[checks] allow` entries for those rules, and an
    /// unused-suppression `MAN009` for each such entry with nothing to act on. (Malformed and
    /// expired entries were reported by [`Policy::apply`] already.) Returns the findings to add
    /// to the listing's.
    pub fn apply_across(
        &self,
        mut diagnostics: Vec<Diagnostic>,
        listing: Option<&Listing>,
        today: Date,
        source: &SourceFile,
    ) -> Vec<Diagnostic> {
        self.apply_overrides(&mut diagnostics);
        let mut findings = Findings::new(source);
        let allow = listing
            .map(|listing| listing.allow.as_slice())
            .unwrap_or(&[]);
        for entry in allow {
            let mut reported = Findings::new(source);
            let Some((code, reason)) = self.validate_allow(entry, today, &mut reported) else {
                continue;
            };
            if !is_across(code) {
                continue;
            }
            if !suppress(&mut diagnostics, code, reason) {
                let span = entry
                    .rule
                    .as_ref()
                    .map_or(entry.span.clone(), |rule| rule.span.clone());
                findings
                    .report(
                        &MAN009,
                        "checks.allow",
                        span,
                        format!(
                            "unused suppression: no other listing checked with this one gives an \
                             {code} finding"
                        ),
                    )
                    .with_help("remove the entry; stale suppressions hide future findings");
            }
        }
        let mut extra = findings.into_vec();
        self.apply_overrides(&mut extra);
        diagnostics.extend(extra);
        diagnostics
    }

    /// `[severity]`: drops findings of rules turned off, sets the others' severity.
    pub fn apply_overrides(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|diagnostic| match self.overrides.get(diagnostic.code) {
            Some(None) => false,
            Some(Some(severity)) => {
                diagnostic.severity = *severity;
                diagnostic.severity_set_in.clone_from(&self.source);
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
        if !rule.may_be_named_in_allow() {
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

/// Whether `code` is a rule found by comparing listings ([`crate::rules::Check::Across`]).
fn is_across(code: &str) -> bool {
    find_rule(code).is_some_and(|rule| matches!(rule.check, crate::rules::Check::Across))
}

/// At most this many findings of one rule are reported per file; the rest are counted in one
/// closing finding ("and N more").
pub const MAX_FINDINGS_PER_RULE: usize = 50;
/// At most this many findings are reported per file, whatever their rules.
pub const MAX_FINDINGS_PER_FILE: usize = 200;

/// Keeps, in order, the first [`MAX_FINDINGS_PER_RULE`] findings of each rule in each file and
/// the first [`MAX_FINDINGS_PER_FILE`] of each file, and closes each group cut short with one
/// finding of the same rule and highest severity that says how many more there were. A hostile
/// input with a million faults gives a readable report, not a million lines.
pub fn cap_findings(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    type Key = (Option<PathBuf>, &'static str);
    let mut per_rule: HashMap<Key, usize> = HashMap::new();
    let mut per_file: HashMap<Option<PathBuf>, usize> = HashMap::new();
    // For each cut group, in the order first cut: the dropped count, the highest severity, and
    // whether any dropped finding counted.
    let mut cut: Vec<(Key, usize, Severity, bool)> = Vec::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(MAX_FINDINGS_PER_FILE));
    for diagnostic in diagnostics {
        let file = diagnostic
            .location
            .as_ref()
            .map(|location| location.file.clone());
        let key = (file.clone(), diagnostic.code);
        let rule_count = per_rule.entry(key.clone()).or_default();
        let file_count = per_file.entry(file).or_default();
        if *rule_count < MAX_FINDINGS_PER_RULE && *file_count < MAX_FINDINGS_PER_FILE {
            *rule_count += 1;
            *file_count += 1;
            kept.push(diagnostic);
            continue;
        }
        let counts = diagnostic.counts();
        match cut.iter_mut().find(|(group, ..)| *group == key) {
            Some((_, dropped, severity, counted)) => {
                *dropped += 1;
                *severity = (*severity).max(diagnostic.severity);
                *counted |= counts;
            }
            None => cut.push((key, 1, diagnostic.severity, counts)),
        }
    }
    for ((file, code), dropped, severity, counted) in cut {
        let place = file
            .as_ref()
            .map(|file| format!(" in {}", file.display()))
            .unwrap_or_default();
        kept.push(Diagnostic {
            code,
            name: find_rule(code).map_or("", |rule| rule.name),
            severity,
            message: format!(
                "and {dropped} more {code} finding{}{place}",
                if dropped == 1 { "" } else { "s" }
            ),
            field: None,
            location: None,
            label: None,
            help: Some(format!(
                "at most {MAX_FINDINGS_PER_RULE} findings of one rule and {MAX_FINDINGS_PER_FILE} in \
                 all are shown per file: fix these and check again"
            )),
            suppressed: (!counted).then(|| "every one of them is suppressed".to_string()),
            severity_set_in: None,
            fix: None,
            related: Vec::new(),
        });
    }
    kept
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::civil::date;

    use super::*;
    use crate::manifest::{Package, PathProblem, package_from_bytes};

    fn finding(code: &'static str, severity: Severity) -> Diagnostic {
        Diagnostic {
            code,
            name: find_rule(code).map_or("", |rule| rule.name),
            severity,
            message: format!("{code} finding"),
            field: None,
            location: None,
            label: None,
            help: None,
            suppressed: None,
            severity_set_in: None,
            fix: None,
            related: Vec::new(),
        }
    }

    /// A listing whose only content is `[checks] allow`, as written.
    fn listing_allowing(allow: &str) -> Package {
        let manifest = format!("[checks]\nallow = [\n{allow}\n]\n");
        package_from_bytes(
            Path::new("listing.toml"),
            Path::new("."),
            manifest.into_bytes(),
            &|_: &str| Err(PathProblem::Unreadable("absent".into())),
        )
    }

    fn policy(severity: &str) -> Result<Policy, ConfigError> {
        Policy::parse(
            &format!("[severity]\n{severity}\n"),
            Path::new("ci/mdelist.toml"),
        )
    }

    /// (severity after policy, suppressed?, MAN009 messages) of one finding of `code`.
    fn outcome(
        policy: &Policy,
        code: &'static str,
        severity: Severity,
        allow: &str,
        today: Date,
    ) -> (Option<Severity>, bool, Vec<String>) {
        let package = listing_allowing(allow);
        let diagnostics = policy.apply(
            vec![finding(code, severity)],
            package.listing.as_ref(),
            today,
            &package.manifest,
        );
        let own = diagnostics.iter().find(|d| d.code == code);
        let man009 = diagnostics
            .iter()
            .filter(|d| d.code == "MAN009")
            .map(|d| d.message.clone())
            .collect();
        (
            own.map(|d| d.severity),
            own.is_some_and(|d| d.suppressed.is_some()),
            man009,
        )
    }

    const TODAY: Date = date(2026, 11, 22);

    #[test]
    fn overrides_and_suppressions_of_an_ordinary_rule() {
        let default = Policy::default();
        let allow = r#"{ rule = "DESC003", reason = "a house style" }"#;
        // Neither, either, both.
        assert_eq!(
            outcome(&default, "DESC003", Severity::Warning, "", TODAY),
            (Some(Severity::Warning), false, vec![])
        );
        let raised = policy(r#"DESC003 = "error""#).unwrap();
        assert_eq!(
            outcome(&raised, "DESC003", Severity::Warning, "", TODAY),
            (Some(Severity::Error), false, vec![])
        );
        assert_eq!(
            outcome(&default, "DESC003", Severity::Warning, allow, TODAY),
            (Some(Severity::Warning), true, vec![])
        );
        assert_eq!(
            outcome(&raised, "DESC003", Severity::Warning, allow, TODAY),
            (Some(Severity::Error), true, vec![])
        );
        // Turned off: the finding is gone, so the suppression has nothing left to act on.
        let off = policy(r#"DESC003 = "off""#).unwrap();
        assert_eq!(
            outcome(&off, "DESC003", Severity::Warning, "", TODAY),
            (None, false, vec![])
        );
        assert_eq!(
            outcome(&off, "DESC003", Severity::Warning, allow, TODAY),
            (
                None,
                false,
                vec!["unused suppression: this listing has no DESC003 finding".to_string()]
            )
        );
    }

    #[test]
    fn an_override_records_the_file_that_set_it() {
        let lowered = policy(r#"DESC003 = "info""#).unwrap();
        let package = listing_allowing("");
        let diagnostics = lowered.apply(
            vec![
                finding("DESC003", Severity::Warning),
                finding("NAME007", Severity::Warning),
            ],
            package.listing.as_ref(),
            TODAY,
            &package.manifest,
        );
        let set_in = |code| {
            diagnostics
                .iter()
                .find(|d| d.code == code)
                .map(|d| d.severity_set_in.clone())
        };
        assert_eq!(set_in("DESC003"), Some(Some("ci/mdelist.toml".into())));
        assert_eq!(set_in("NAME007"), Some(None));
    }

    #[test]
    fn security_findings_are_never_waived_or_lowered() {
        for code in ["MAN001", "MAN006", "LOGO005", "LOGO006", "LOGO009"] {
            let rule = find_rule(code).unwrap();
            assert_eq!(rule.suppression, crate::rules::Suppression::Never, "{code}");
            let allow = format!(r#"{{ rule = "{code}", reason = "trust me" }}"#);
            assert_eq!(
                outcome(&Policy::default(), code, Severity::Error, &allow, TODAY),
                (
                    Some(Severity::Error),
                    false,
                    vec![format!("{code} cannot be suppressed")]
                ),
                "{code}"
            );
            for level in ["warning", "info", "off"] {
                let error = policy(&format!("{code} = \"{level}\"")).unwrap_err();
                assert_eq!(
                    error.to_string(),
                    format!(
                        "ci/mdelist.toml: [severity] {code} cannot be lowered: security and \
                         integrity findings stay errors"
                    )
                );
            }
            assert!(policy(&format!("{code} = \"error\"")).is_ok(), "{code}");
        }
    }

    #[test]
    fn logo010_is_waived_only_in_its_warning_form() {
        let allow = r#"{ rule = "LOGO010", reason = "a plain DOCTYPE from our editor" }"#;
        let default = Policy::default();
        assert_eq!(
            outcome(&default, "LOGO010", Severity::Warning, allow, TODAY),
            (Some(Severity::Warning), true, vec![])
        );
        // The error form stays counted; the entry matched nothing it may waive.
        assert_eq!(
            outcome(&default, "LOGO010", Severity::Error, allow, TODAY),
            (
                Some(Severity::Error),
                false,
                vec!["unused suppression: this listing has no LOGO010 finding".to_string()]
            )
        );
        assert!(policy(r#"LOGO010 = "warning""#).is_err());
    }

    #[test]
    fn a_suppression_applies_through_its_until_date_and_not_after() {
        let allow = r#"{ rule = "DESC003", reason = "until the relaunch", until = 2026-11-22 }"#;
        let default = Policy::default();
        for (today, suppressed) in [
            (date(2026, 11, 21), true),
            (date(2026, 11, 22), true),
            (date(2026, 11, 23), false),
        ] {
            let (severity, was_suppressed, man009) =
                outcome(&default, "DESC003", Severity::Warning, allow, today);
            assert_eq!(severity, Some(Severity::Warning), "{today}");
            assert_eq!(was_suppressed, suppressed, "{today}");
            let expected: Vec<String> = if suppressed {
                vec![]
            } else {
                vec!["suppression of DESC003 expired on 2026-11-22; it no longer applies".into()]
            };
            assert_eq!(man009, expected, "{today}");
        }
    }

    #[test]
    fn findings_are_capped_per_rule_and_per_file_with_a_closing_count() {
        use crate::diagnostics::Location;
        let at = |code: &'static str, file: &str, severity| {
            let mut diagnostic = finding(code, severity);
            diagnostic.location = Some(Location {
                file: file.into(),
                span: 0..1,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 2,
            });
            diagnostic
        };
        let mut many: Vec<Diagnostic> = (0..60)
            .map(|n| {
                at(
                    "LOGO006",
                    "logo.svg",
                    if n == 55 {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                )
            })
            .collect();
        many.extend((0..3).map(|_| at("LOGO006", "other.svg", Severity::Warning)));
        many.extend((0..300).map(|_| at("LOGO011", "big.svg", Severity::Info)));
        let capped = cap_findings(many);
        let count = |code, file: &str| {
            capped
                .iter()
                .filter(|d| {
                    d.code == code
                        && d.location
                            .as_ref()
                            .is_some_and(|l| l.file == Path::new(file))
                })
                .count()
        };
        assert_eq!(count("LOGO006", "logo.svg"), MAX_FINDINGS_PER_RULE);
        assert_eq!(count("LOGO006", "other.svg"), 3);
        assert_eq!(count("LOGO011", "big.svg"), MAX_FINDINGS_PER_RULE);
        let closing: Vec<(&str, Severity, &str)> = capped
            .iter()
            .filter(|d| d.location.is_none())
            .map(|d| (d.code, d.severity, d.message.as_str()))
            .collect();
        assert_eq!(
            closing,
            [
                (
                    "LOGO006",
                    Severity::Error,
                    "and 10 more LOGO006 findings in logo.svg"
                ),
                (
                    "LOGO011",
                    Severity::Info,
                    "and 250 more LOGO011 findings in big.svg"
                ),
            ]
        );
        let mut per_file: Vec<Diagnostic> = Vec::new();
        for code in ["NAME001", "NAME002", "NAME003", "NAME004", "NAME005"] {
            per_file.extend((0..45).map(|_| at(code, "listing.toml", Severity::Warning)));
        }
        let capped = cap_findings(per_file);
        assert_eq!(capped.len(), MAX_FINDINGS_PER_FILE + 1);
        assert_eq!(
            capped.last().map(|d| d.message.as_str()),
            Some("and 25 more NAME005 findings in listing.toml")
        );
    }
}
