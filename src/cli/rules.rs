use std::fmt::Write;

use clap::{Args, ValueEnum};

use super::{Exit, print};
use crate::rules::{Check, Limit, RULES, Rule, find_rule, pending_code};
use crate::text::suggest::closest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
    /// The catalogue as Markdown (the source of docs/rules.md).
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    format: RulesFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code, e.g. DESC001.
    #[arg(value_name = "CODE")]
    code: String,
}

pub fn run_rules(args: RulesArgs) -> anyhow::Result<Exit> {
    let text = match args.format {
        RulesFormat::Human => catalogue_text(),
        RulesFormat::Json => catalogue_json(),
        RulesFormat::Markdown => catalogue_markdown(),
    };
    print(&text)?;
    Ok(Exit::Clean)
}

pub fn run_explain(args: ExplainArgs) -> anyhow::Result<Exit> {
    if let Some(code) = pending_code(&args.code) {
        print(&format!(
            "{code} is part of the rule catalogue (rules_version {}) but is not checked by this \
             version of mdelist yet.\n",
            crate::rules::RULES_VERSION
        ))?;
        return Ok(Exit::Clean);
    }
    let Some(rule) = find_rule(&args.code) else {
        let codes: Vec<&str> = RULES.iter().map(|rule| rule.code).collect();
        let hint = closest(&args.code, &codes)
            .map(|near| format!("; did you mean {near}?"))
            .unwrap_or_else(|| "; `mdelist rules` lists every code".into());
        anyhow::bail!("unknown rule `{}`{hint}", args.code);
    };
    print(&explain(rule))?;
    Ok(Exit::Clean)
}

fn when(rule: &Rule) -> &'static str {
    match rule.check {
        Check::Listing(_) => "every check",
        Check::Manifest => "while reading listing.toml",
        Check::Policy => "while applying suppressions",
        Check::Across => "when a check compares two or more listings",
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

pub fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({})",
        rule.code,
        rule.name,
        rule.severity_label()
    );
    let _ = writeln!(
        out,
        "Family: {} — {}",
        rule.family.prefix(),
        rule.family.title()
    );
    let _ = writeln!(out, "Runs: {}", when(rule));
    if !rule.limits.is_empty() {
        let _ = writeln!(
            out,
            "Limits ([limits] in mdelist.toml): {}",
            Limit::describe_all(rule.limits, false)
        );
    }
    let _ = match crate::fix::fixable(rule.code) {
        Some((applicability, what)) => writeln!(
            out,
            "Fixable: yes, {} (`mdelist fix` {what})",
            applicability.as_str()
        ),
        None => writeln!(out, "Fixable: no"),
    };
    for (heading, body) in [
        ("What it checks", rule.what().as_str()),
        ("Why it matters", rule.docs.why),
        ("Example", rule.docs.example),
        ("How to fix it", rule.docs.fix),
    ] {
        let _ = write!(out, "\n{heading}\n{}", indent(&wrap(body, 80)));
    }
    out
}

/// Word-wraps prose at `width` columns; lines that look like code (examples) are kept whole.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.contains(" = ") || line.starts_with('[') || line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push_str(&current);
                out.push('\n');
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}

fn catalogue_text() -> String {
    let code_width = RULES.iter().map(|rule| rule.code.len()).max().unwrap_or(0);
    let name_width = RULES.iter().map(|rule| rule.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    let mut family = None;
    for rule in RULES {
        if family != Some(rule.family) {
            if family.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}: {}", rule.family.prefix(), rule.family.title());
            family = Some(rule.family);
        }
        let _ = writeln!(
            out,
            "  {:code_width$}  {:name_width$}  {:15}  {}",
            rule.code,
            rule.name,
            rule.severity_label(),
            rule.summary
        );
    }
    out
}

fn catalogue_json() -> String {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|rule| {
            serde_json::json!({
                "code": rule.code,
                "name": rule.name,
                "family": rule.family.prefix(),
                "severity": rule.severity,
                "other_severity": rule.other_severity,
                "summary": rule.summary,
                "what": rule.what(),
                "why": rule.docs.why,
                "example": rule.docs.example,
                "fix": rule.docs.fix,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&serde_json::json!({
        "rules_version": crate::rules::RULES_VERSION,
        "rules": rules,
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}

/// docs/rules.md, generated from the registry (a test keeps the committed file current).
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Rule catalogue\n\n<!-- Generated by `mdelist rules --format markdown`; do not edit. -->\n\n",
    );
    let _ = writeln!(
        out,
        "rules_version {}. Codes are stable; `mdelist explain CODE` prints one entry.\n",
        crate::rules::RULES_VERSION
    );
    let mut family = None;
    for rule in RULES {
        if family != Some(rule.family) {
            let _ = writeln!(
                out,
                "## {}: {}\n",
                rule.family.prefix(),
                rule.family.title()
            );
            out.push_str("| code | name | severity | checks |\n|---|---|---|---|\n");
            for member in RULES.iter().filter(|member| member.family == rule.family) {
                let _ = writeln!(
                    out,
                    "| [{code}](#{anchor}) | {name} | {severity} | {summary} |",
                    code = member.code,
                    anchor = member.code.to_lowercase(),
                    name = member.name,
                    severity = member.severity_label(),
                    summary = member.summary.replace('|', "\\|"),
                );
            }
            out.push('\n');
            family = Some(rule.family);
        }
        let _ = writeln!(out, "### {}\n", rule.code);
        let _ = writeln!(
            out,
            "`{}` · {} · runs {}\n",
            rule.name,
            rule.severity_label(),
            when(rule)
        );
        if !rule.limits.is_empty() {
            let _ = writeln!(
                out,
                "**Limits** (`[limits]` in `mdelist.toml`): {}.\n",
                Limit::describe_all(rule.limits, true)
            );
        }
        let _ = writeln!(out, "**What it checks.** {}\n", rule.what());
        let _ = writeln!(out, "**Why it matters.** {}\n", rule.docs.why);
        let _ = writeln!(
            out,
            "**Example.**\n\n```toml\n{}\n```\n",
            rule.docs.example.trim_end()
        );
        let _ = writeln!(out, "**How to fix it.** {}\n", rule.docs.fix);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{catalogue_markdown, explain};
    use crate::rules::{RULES, Suppression};

    /// What policy may do and which limits apply are printed from the descriptor's fields,
    /// for every rule, and nowhere else.
    #[test]
    fn explain_and_the_docs_print_suppression_and_limits_from_the_descriptor() {
        let docs = catalogue_markdown();
        for rule in RULES {
            let text = explain(rule);
            let section = docs
                .split(&format!("### {}\n", rule.code))
                .nth(1)
                .and_then(|rest| rest.split("\n### ").next())
                .unwrap_or_else(|| panic!("{} has no section in docs/rules.md", rule.code));
            let (never, error_only) = match rule.suppression {
                Suppression::Allowed => (false, false),
                Suppression::Never => (true, false),
                Suppression::WarningOnly => (false, true),
            };
            // explain wraps its prose: compare with the line breaks as spaces.
            let flat = |shown: &str| shown.split_whitespace().collect::<Vec<_>>().join(" ");
            for shown in [flat(&text), flat(section)] {
                assert_eq!(
                    shown.contains("This finding cannot be suppressed."),
                    never,
                    "{}",
                    rule.code
                );
                assert_eq!(
                    shown.contains("The error cannot be suppressed."),
                    error_only,
                    "{}",
                    rule.code
                );
            }
            assert_eq!(
                text.contains("\nLimits ([limits] in mdelist.toml): "),
                !rule.limits.is_empty(),
                "{}",
                rule.code
            );
            assert_eq!(
                section.contains("**Limits** (`[limits]` in `mdelist.toml`)"),
                !rule.limits.is_empty(),
                "{}",
                rule.code
            );
            for limit in rule.limits {
                assert!(text.contains(limit.key()), "{}: {}", rule.code, limit.key());
                assert!(
                    section.contains(&format!("`{}`", limit.key())),
                    "{}: {}",
                    rule.code,
                    limit.key()
                );
            }
        }
    }

    /// A limit the documentation says the rule measures against is one its descriptor names.
    #[test]
    fn every_limit_a_rule_s_documentation_names_is_on_its_descriptor() {
        for rule in RULES {
            for (at, _) in rule.docs.what.match_indices("limits.") {
                let key: String = rule.docs.what[at + "limits.".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                assert!(
                    rule.limits.iter().any(|limit| limit.key() == key),
                    "{} documents limits.{key} but its descriptor does not name it",
                    rule.code
                );
            }
        }
    }
}
