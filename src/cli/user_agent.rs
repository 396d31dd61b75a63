use std::path::PathBuf;

use clap::Args;

use super::{Exit, print};
use crate::check::MANIFEST_FILE;
use crate::diagnostics::Severity;
use crate::io::checks::{Policies, check_listing};
use crate::render::human::render_diagnostics;
use crate::rules::Family;
use crate::rules::find_rule;

#[derive(Debug, Args)]
pub struct UserAgentArgs {
    /// A listing folder or its listing.toml (default: the current folder).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
}

pub fn run(args: UserAgentArgs, color: bool) -> anyhow::Result<Exit> {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    let manifest = if path.is_dir() {
        path.join(MANIFEST_FILE)
    } else {
        path
    };
    let mut policies = Policies::new(None)?;
    let today = jiff::Zoned::now().date();
    let report = check_listing(&manifest, &mut policies, today)?;
    // Only the findings that make the User-Agent wrong or unknowable stop it being printed.
    let blocking: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|diagnostic| {
            diagnostic.counts()
                && diagnostic.severity == Severity::Error
                && find_rule(diagnostic.code)
                    .is_some_and(|rule| matches!(rule.family, Family::Ua | Family::Man))
        })
        .collect();
    match report.user_agent.as_deref() {
        Some(user_agent) if blocking.is_empty() => {
            print(&format!("{user_agent}\n"))?;
            Ok(Exit::Clean)
        }
        _ => {
            eprint!(
                "{}",
                render_diagnostics(
                    &blocking,
                    Some(&report.package.manifest),
                    color,
                    super::terminal_width(&std::io::stderr())
                )
            );
            eprintln!("error: the listing has no valid User-Agent");
            Ok(Exit::Findings)
        }
    }
}
