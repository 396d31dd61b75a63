use std::path::PathBuf;

use clap::Args;

use super::{Exit, Format, TodayArg, paths_or_current, print};
use crate::io::OnlineOptions;
use crate::io::checks::{Policies, check_all, discover};
use crate::render::{HumanOptions, render};
use crate::report::Report;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Listing folders, listing.toml files, or folders to search for listing.toml.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml for every listing instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Also show infos and suppressed findings.
    #[arg(long, short, conflicts_with = "quiet")]
    verbose: bool,
    /// Show errors only, without the summary.
    #[arg(long, short)]
    quiet: bool,
    /// Also check that each landing page answers (HEAD then GET, 10 s, at most 5 redirects;
    /// never to a non-public address).
    #[cfg(feature = "online")]
    #[arg(long)]
    online: bool,
    /// With --online, allow loopback and private addresses (for tests against a local server).
    #[cfg(feature = "online")]
    #[arg(long, requires = "online")]
    online_allow_private: bool,
    /// Check only the listings whose folder changed since the merge base of REV and HEAD
    /// (all of them when an mdelist.toml or the --config file changed).
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Report only findings beyond those this baseline accepts (`mdelist baseline write`);
    /// entries that accept more than is found are reported (MAN010).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

pub fn run(args: CheckArgs, color: bool) -> anyhow::Result<Exit> {
    let today = args.today.date();
    let mut manifests = discover(&paths_or_current(args.paths))?;
    if let Some(rev) = &args.changed_since {
        let globals: Vec<_> = args.config.iter().chain(&args.baseline).cloned().collect();
        let selection = crate::io::changed::select_changed(manifests, rev, &globals)?;
        if !args.quiet {
            eprintln!("{}", selection.describe(rev));
        }
        manifests = selection.manifests;
    }
    let mut policies = Policies::new(args.config.as_deref())?;
    let bar = progress_bar(manifests.len());
    #[cfg(feature = "online")]
    let online = args.online.then_some(OnlineOptions {
        allow_private: args.online_allow_private,
    });
    #[cfg(not(feature = "online"))]
    let online: Option<OnlineOptions> = None;
    let baseline = args
        .baseline
        .as_deref()
        .map(crate::io::baseline::load)
        .transpose()?;
    let mut reports = check_all(&manifests, &mut policies, today, online, &|| bar.inc(1))?;
    bar.finish_and_clear();
    if let (Some(baseline), Some(file)) = (&baseline, &args.baseline) {
        apply_baseline(baseline, file, &mut reports, today);
        // The baseline's own findings (MAN010) take `[severity]` like every other finding.
        for report in &mut reports {
            policies
                .for_listing(crate::baseline::listing_dir(report))?
                .apply_overrides(&mut report.diagnostics);
        }
    }
    let report = Report::of_listings(reports);
    let options = HumanOptions {
        color,
        verbose: args.verbose,
        quiet: args.quiet,
        width: super::terminal_width(&std::io::stdout()),
    };
    print(&render(args.format, &report, options))?;
    Ok(report.exit(args.deny_warnings))
}

/// Applies the baseline; entries about listings that are gone are shown with the first listing
/// checked, or on stderr when none was.
fn apply_baseline(
    baseline: &crate::baseline::Baseline,
    file: &std::path::Path,
    reports: &mut [crate::check::ListingReport],
    today: jiff::civil::Date,
) {
    let folder = crate::io::baseline::folder_of(file);
    let keys = crate::io::baseline::listing_keys(reports, &folder);
    let exists = crate::io::baseline::listing_exists(&folder);
    let orphans = crate::baseline::apply(baseline, reports, &keys, today, &exists);
    match reports.first_mut() {
        Some(first) if !orphans.is_empty() => {
            first.diagnostics.extend(orphans);
            if first.source(baseline.source.path()).is_none() {
                first.sources.push(baseline.source.clone());
            }
        }
        _ => {
            for orphan in orphans {
                eprintln!("warning: {}: {}", file.display(), orphan.message);
            }
        }
    }
}

/// Listings above which a run is long enough to deserve a progress bar.
const PROGRESS_THRESHOLD: usize = 50;

/// A progress bar on stderr, shown only on a terminal and for long runs.
fn progress_bar(listings: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if listings < PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(listings as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} listings checked")
    {
        bar.set_style(style);
    }
    bar
}
