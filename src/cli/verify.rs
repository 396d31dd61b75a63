use std::path::PathBuf;

use clap::Args;

use super::{Exit, Format, TodayArg, print};
use crate::bundle::verify::{Verification, verify};
use crate::check::Policies;
use crate::diagnostics::render::{HumanOptions, github, human, json, junit, sarif};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The bundle to verify.
    #[arg(value_name = "BUNDLE.zip")]
    bundle: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml for the checks.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: VerifyArgs, color: bool) -> anyhow::Result<Exit> {
    let mut policies = Policies::new(args.config.as_deref())?;
    let policy = policies
        .for_listing(args.bundle.parent().unwrap_or(std::path::Path::new(".")))?
        .clone();
    let verification = verify(&args.bundle, &policy, args.today.date())?;
    let tally = verification
        .report
        .as_ref()
        .map(|report| report.tally())
        .unwrap_or_default();
    let reports = verification.report.as_slice();
    let output = match args.format {
        Format::Human => human_output(&verification, color),
        Format::Json => json_output(&verification),
        Format::Sarif => sarif_output(&verification),
        Format::Junit => junit_output(&verification),
        Format::Github => {
            let problems: String = verification
                .problems
                .iter()
                .map(|problem| format!("::error title=bundle::{}\n", problem.replace('%', "%25")))
                .collect();
            problems + &github::render(reports)
        }
    };
    print(&output)?;
    let failed = !verification.intact()
        || verification.report.is_none()
        || tally.errors > 0
        || (args.deny_warnings && tally.warnings > 0);
    Ok(if failed { Exit::Findings } else { Exit::Clean })
}

fn human_output(verification: &Verification, color: bool) -> String {
    let mut out = String::new();
    for problem in &verification.problems {
        out.push_str(&format!("error: {problem}\n"));
    }
    if let Some(report) = &verification.report {
        let options = HumanOptions {
            color,
            verbose: false,
            quiet: false,
        };
        out.push_str(&human::render(std::slice::from_ref(report), options));
    }
    let bundle = verification.bundle.display();
    if verification.intact() {
        out.push_str(&format!("{bundle}: every checksum matches\n"));
    } else {
        let count = verification.problems.len();
        out.push_str(&format!(
            "{bundle}: {count} integrity problem{}; the bundle is not as it was written\n",
            if count == 1 { "" } else { "s" }
        ));
    }
    out
}

fn json_output(verification: &Verification) -> String {
    let reports = verification.report.as_slice();
    let mut report: serde_json::Value =
        serde_json::from_str(&json::render(reports)).unwrap_or_default();
    report["bundle"] = serde_json::json!({
        "path": verification.bundle.display().to_string(),
        "top": verification.top,
        "intact": verification.intact(),
        "problems": verification.problems,
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// Integrity problems are tool execution notifications of the run (the bundle, not a rule).
fn sarif_output(verification: &Verification) -> String {
    let mut log: serde_json::Value =
        serde_json::from_str(&sarif::render(verification.report.as_slice())).unwrap_or_default();
    let notifications: Vec<serde_json::Value> = verification
        .problems
        .iter()
        .map(|problem| serde_json::json!({ "level": "error", "message": { "text": problem } }))
        .collect();
    log["runs"][0]["invocations"] = serde_json::json!([{
        "executionSuccessful": verification.intact(),
        "toolExecutionNotifications": notifications,
    }]);
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// Integrity problems form a test suite of their own, one failure each.
fn junit_output(verification: &Verification) -> String {
    let xml = junit::render(verification.report.as_slice());
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let failures: String = verification
        .problems
        .iter()
        .map(|problem| {
            format!(
                "      <failure type=\"integrity\" message=\"{}\"/>\n",
                escape(problem)
            )
        })
        .collect();
    let suite = format!(
        "  <testsuite name=\"{}\" tests=\"1\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n    <testcase classname=\"bundle\" name=\"integrity\"{}\n  </testsuite>\n",
        escape(&verification.bundle.display().to_string()),
        verification.problems.len(),
        if failures.is_empty() {
            "/>".to_string()
        } else {
            format!(">\n{failures}    </testcase>")
        }
    );
    xml.replacen("</testsuites>", &format!("{suite}</testsuites>"), 1)
}
