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
}

pub fn run(args: CheckArgs, color: bool) -> anyhow::Result<Exit> {
    let today = args.today.date();
    let manifests = discover(&paths_or_current(args.paths))?;
    let mut policies = Policies::new(args.config.as_deref())?;
    let bar = progress_bar(manifests.len());
    #[cfg(feature = "online")]
    let online = args.online.then_some(OnlineOptions {
        allow_private: args.online_allow_private,
    });
    #[cfg(not(feature = "online"))]
    let online: Option<OnlineOptions> = None;
    let reports = check_all(&manifests, &mut policies, today, online, &|| bar.inc(1))?;
    bar.finish_and_clear();
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
