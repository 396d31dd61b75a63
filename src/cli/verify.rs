use std::path::PathBuf;

use clap::Args;

use super::{Exit, Format, TodayArg, print};
use crate::io::checks::Policies;
use crate::io::verify::verify;
use crate::render::{HumanOptions, render};
use crate::report::Report;

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
    let report = Report::from(verification);
    let options = HumanOptions {
        color,
        width: super::terminal_width(&std::io::stdout()),
        ..HumanOptions::default()
    };
    print(&render(args.format, &report, options))?;
    Ok(report.exit(args.deny_warnings))
}
