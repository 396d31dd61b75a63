use std::path::PathBuf;

use clap::Args;

use super::output::Outputs;
use super::{Exit, Format, TodayArg, paths_or_current};
use crate::io::OnlineOptions;
use crate::io::checks::{Policies, check_each, discover};
use crate::render::HumanOptions;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Listing folders, listing.toml files, or folders to search for listing.toml.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also write the report in FORMAT to FILE (atomically), e.g. `sarif=results.sarif`;
    /// repeatable. With $GITHUB_STEP_SUMMARY set, a Markdown summary is appended there too.
    #[arg(long, value_name = "FORMAT=FILE", value_parser = super::output::parse_output)]
    output: Vec<super::output::OutputArg>,
    #[command(flatten)]
    today: TodayArg,
    #[command(flatten)]
    jobs: super::jobs::JobsArg,
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
    // The listings are compared with each other when there are several and the run sees
    // them all.
    let mut compare = manifests.len() > 1;
    if let Some(rev) = &args.changed_since {
        let globals: Vec<_> = args.config.iter().chain(&args.baseline).cloned().collect();
        let selection = crate::io::changed::select_changed(manifests, rev, &globals)?;
        let partial = matches!(
            selection.scope,
            crate::io::changed::Scope::Changed { of, .. } if of > selection.manifests.len()
        );
        if !args.quiet {
            eprintln!("{}", selection.describe(rev));
        }
        if partial && compare && !selection.manifests.is_empty() {
            compare = false;
            // Visible even with --quiet: findings that exist are not looked for.
            eprintln!(
                "note: the XL rules (consistency across listings) are off: they compare every \
                 listing with the others, and --changed-since checks only some; run a full \
                 check to apply them"
            );
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
    let mut baseline = match &args.baseline {
        Some(file) => Some(Baselined::load(file, args.config.as_deref(), today)?),
        None => None,
    };
    let options = HumanOptions {
        color,
        verbose: args.verbose,
        quiet: args.quiet,
        width: super::terminal_width(&std::io::stdout()),
    };
    let mut outputs = Outputs::open(args.format, options, &args.output)?;
    check_each(
        &manifests,
        &mut policies,
        today,
        online,
        args.jobs.threads(),
        compare,
        &mut |mut report| {
            bar.inc(1);
            if let Some(baseline) = &mut baseline {
                baseline.apply(&mut report)?;
            }
            outputs.listing(&report)
        },
    )?;
    bar.finish_and_clear();
    if let Some(baseline) = baseline {
        baseline.unshown();
    }
    outputs.finish(args.deny_warnings)
}

/// A baseline applied to each listing as it is checked. Entries about listings that are gone
/// (which no listing's check can judge) are shown with the first listing checked, or on stderr
/// when none was.
struct Baselined {
    baseline: crate::baseline::Baseline,
    file: PathBuf,
    folder: PathBuf,
    today: jiff::civil::Date,
    orphans: Vec<crate::diagnostics::Diagnostic>,
    /// Its own: the run's are lent to the checks while the listings are handed over.
    policies: Policies,
}

impl Baselined {
    fn load(
        file: &std::path::Path,
        config: Option<&std::path::Path>,
        today: jiff::civil::Date,
    ) -> anyhow::Result<Baselined> {
        let baseline = crate::io::baseline::load(file)?;
        let folder = crate::io::baseline::folder_of(file);
        // With no listing given, every entry is judged by whether its listing still exists.
        let orphans = crate::baseline::apply(
            &baseline,
            &mut [],
            &[],
            today,
            &crate::io::baseline::listing_exists(&folder),
        );
        Ok(Baselined {
            baseline,
            file: file.to_path_buf(),
            folder,
            today,
            orphans,
            policies: Policies::new(config)?,
        })
    }

    fn apply(&mut self, report: &mut crate::check::ListingReport) -> anyhow::Result<()> {
        let keys = crate::io::baseline::listing_keys(std::slice::from_ref(report), &self.folder);
        crate::baseline::apply(
            &self.baseline,
            std::slice::from_mut(report),
            &keys,
            self.today,
            &|_| true,
        );
        if !self.orphans.is_empty() {
            report.diagnostics.append(&mut self.orphans);
            if report.source(self.baseline.source.path()).is_none() {
                report.sources.push(self.baseline.source.clone());
            }
        }
        // The baseline's own findings (MAN010) take `[severity]` like every other finding.
        self.policies
            .for_listing(crate::baseline::listing_dir(report))?
            .apply_overrides(&mut report.diagnostics);
        Ok(())
    }

    /// Says on stderr what no listing carried.
    fn unshown(self) {
        for orphan in self.orphans {
            eprintln!("warning: {}: {}", self.file.display(), orphan.message);
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
