use std::fmt::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::{Exit, TodayArg, print};
use crate::atomic_file::write_atomically;
use crate::bundle::write::{archive, timestamp};
use crate::bundle::{plan, plan::digest_hex};
use crate::check::MANIFEST_FILE;
use crate::io::checks::{Policies, check_listing};
use crate::render::{Format, HumanOptions, render};
use crate::report::Report;

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// A listing folder or its listing.toml (default: the current folder).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Folder to write the archive into (default: the current folder).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print the plan (each entry, its size, why it is included) and write nothing.
    #[arg(long)]
    list: bool,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The date the review state is given at: `--today`, else the day of `SOURCE_DATE_EPOCH` (so a
/// reproducible build is reproducible in this too), else the local date.
fn review_date(today: &TodayArg, source_date_epoch: Option<&str>) -> jiff::civil::Date {
    if let Some(date) = today.given() {
        return date;
    }
    source_date_epoch
        .and_then(|raw| raw.trim().parse::<i64>().ok())
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
        .map(|time| time.to_zoned(jiff::tz::TimeZone::UTC).date())
        .unwrap_or_else(|| today.date())
}

pub fn run(args: BundleArgs, color: bool) -> anyhow::Result<Exit> {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    let manifest = if path.is_dir() {
        path.join(MANIFEST_FILE)
    } else {
        path
    };
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let today = review_date(&args.today, source_date_epoch.as_deref());
    let mut policies = Policies::new(args.config.as_deref())?;
    let report = Report::of_listings(vec![check_listing(&manifest, &mut policies, today)?]);
    if report.exit(false) != Exit::Clean {
        let options = HumanOptions {
            color,
            width: super::terminal_width(&std::io::stderr()),
            ..HumanOptions::default()
        };
        eprint!("{}", render(Format::Human, &report, options));
        eprintln!("error: the listing has errors; nothing was written");
        return Ok(Exit::Findings);
    }
    let Some(report) = report.listings.first() else {
        anyhow::bail!("no listing was checked");
    };
    let plan = plan(report, today)?;
    if args.list {
        let width = plan
            .entries
            .iter()
            .map(|entry| entry.name.len())
            .max()
            .unwrap_or(0)
            + plan.top.len()
            + 1;
        let mut out = String::new();
        for entry in &plan.entries {
            let _ = writeln!(
                out,
                "{:width$}  {:>9}  {}",
                format!("{}/{}", plan.top, entry.name),
                entry.bytes.len(),
                entry.why
            );
        }
        let _ = writeln!(out, "{} (not written: --list)", plan.file_name());
        print(&out)?;
        return Ok(Exit::Clean);
    }
    let out_dir = args.out.unwrap_or_else(|| PathBuf::from("."));
    // Created when missing, as `preview --out` does; something else by that name is refused.
    if out_dir.exists() && !out_dir.is_dir() {
        anyhow::bail!("{} exists and is not a folder", out_dir.display());
    }
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let stamp = timestamp(source_date_epoch.as_deref()).map_err(anyhow::Error::msg)?;
    let bytes = archive(&plan, stamp).context("cannot build the archive")?;
    // "name.zip" reads better than "./name.zip" for the current folder.
    let target = if out_dir == std::path::Path::new(".") {
        PathBuf::from(plan.file_name())
    } else {
        out_dir.join(plan.file_name())
    };
    write_atomically(&bytes, &target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    print(&format!(
        "wrote {} ({} entries, {} bytes)\nsha256 {}\n",
        target.display(),
        plan.entries.len(),
        bytes.len(),
        digest_hex(&bytes)
    ))?;
    Ok(Exit::Clean)
}
