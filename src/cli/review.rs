//! `mdelist review status|submit|record`: the press-release review window, and the partner's
//! onboarding journey.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;

use super::{Exit, TodayArg, parse_date, paths_or_current, print};
use crate::atomic_file::write_atomically;
use crate::check::MANIFEST_FILE;
use crate::io::checks::{Policies, check_each, discover};
use crate::render::{self, review::ListingStatus};
use crate::review::calendar;
use crate::review::edit::{self, NewVerdict};
use crate::review::{self, Team, Verdict};

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(subcommand)]
    command: ReviewCommand,
}

#[derive(Debug, Subcommand)]
enum ReviewCommand {
    /// The review table of every press release (and the onboarding journey, when tracked).
    Status(StatusArgs),
    /// Record that a press release was sent to Microsoft for review (starts a new round).
    Submit(SubmitArgs),
    /// Record a team's verdict on a press release.
    Record(RecordArgs),
}

#[derive(Debug, Args)]
struct StatusArgs {
    /// Listing folders, listing.toml files, or folders to search for listing.toml.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    format: StatusFormat,
    /// Also write the window ends and planned publications as an iCalendar (.ics) file.
    #[arg(long, value_name = "FILE")]
    ics: Option<PathBuf>,
    #[command(flatten)]
    today: TodayArg,
    #[command(flatten)]
    jobs: super::jobs::JobsArg,
    /// Use this mdelist.toml for every listing instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The formats `review status` writes; the CI formats are `check`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatusFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
struct SubmitArgs {
    /// The listing folder or its listing.toml (default: the current folder).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// The press release, as its `file` is written in listing.toml.
    #[arg(long, value_name = "FILE")]
    release: String,
    /// The day it was sent (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<Date>,
    #[command(flatten)]
    today: TodayArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum TeamArg {
    Marketing,
    Engineering,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VerdictArg {
    Approved,
    ChangesRequested,
}

#[derive(Debug, Args)]
struct RecordArgs {
    /// The listing folder or its listing.toml (default: the current folder).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// The press release, as its `file` is written in listing.toml.
    #[arg(long, value_name = "FILE")]
    release: String,
    /// Which Microsoft team gave the verdict.
    #[arg(long, value_enum)]
    team: TeamArg,
    /// The team's verdict.
    #[arg(long, value_enum)]
    verdict: VerdictArg,
    /// The day the verdict arrived (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<Date>,
    /// What the team said.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    #[command(flatten)]
    today: TodayArg,
}

pub fn run(args: ReviewArgs) -> anyhow::Result<Exit> {
    match args.command {
        ReviewCommand::Status(args) => status(args),
        ReviewCommand::Submit(args) => submit(args),
        ReviewCommand::Record(args) => record(args),
    }
}

/// `PATH` as a manifest path: a folder's listing.toml, or the file itself.
fn manifest_path(path: Option<PathBuf>) -> PathBuf {
    let Some(path) = path.filter(|path| path.as_os_str() != ".") else {
        return PathBuf::from(MANIFEST_FILE);
    };
    if path.is_dir() {
        path.join(MANIFEST_FILE)
    } else {
        path
    }
}

fn edit_manifest(
    path: &Path,
    change: impl FnOnce(&str) -> Result<String, edit::EditError>,
) -> anyhow::Result<()> {
    crate::io::locked_edit::edit_locked(path, change).map_err(anyhow::Error::msg)
}

fn submit(args: SubmitArgs) -> anyhow::Result<Exit> {
    let today = args.today.date();
    let date = args.date.unwrap_or(today);
    let path = manifest_path(args.path);
    let unlisted = unlisted_release(&path, &args.release);
    let mut added = false;
    edit_manifest(&path, |text| {
        match edit::submit(text, &args.release, date, today) {
            Err(edit::EditError::NoReleases { .. } | edit::EditError::UnknownRelease { .. })
                if unlisted.is_some() =>
            {
                added = true;
                let release = unlisted.as_deref().unwrap_or(&args.release);
                edit::add_release(text, release, date, today)
            }
            other => other,
        }
    })?;
    let release = match (&unlisted, added) {
        (Some(release), true) => release.as_str(),
        _ => args.release.as_str(),
    };
    let from = if review::window_ends_in_calendar(date) {
        format!(
            "it may be published from {} once marketing and engineering approve it",
            review::earliest_publish_date(date)
        )
    } else {
        "its review window ends after the calendar's last day (9999-12-31)".to_string()
    };
    print(&format!(
        "{}: \"{release}\" {} for review on {date}; {from}\n",
        path.display(),
        if added {
            "added as a [[press_release]] and submitted"
        } else {
            "submitted"
        },
    ))?;
    Ok(Exit::Clean)
}

/// The path, relative to the listing folder, of a press release `review submit` may add to the
/// manifest: an existing file of a press-release format inside the listing folder, given
/// relative to that folder or as a path from the current folder that goes through it.
fn unlisted_release(manifest: &Path, release: &str) -> Option<String> {
    crate::press::Format::from_path(release)?;
    let dir = manifest
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let given = Path::new(release.trim());
    let relative = given
        .strip_prefix(dir)
        .ok()
        .filter(|_| dir != Path::new(".") && !dir.join(given).is_file())
        .unwrap_or(given);
    let relative = relative.to_str()?.to_string();
    crate::io::unlisted::is_listing_file(dir, &relative).then_some(relative)
}

fn record(args: RecordArgs) -> anyhow::Result<Exit> {
    let today = args.today.date();
    let verdict = NewVerdict {
        team: match args.team {
            TeamArg::Marketing => Team::Marketing,
            TeamArg::Engineering => Team::Engineering,
        },
        verdict: match args.verdict {
            VerdictArg::Approved => Verdict::Approved,
            VerdictArg::ChangesRequested => Verdict::ChangesRequested,
        },
        date: args.date.unwrap_or(today),
        note: args.note,
    };
    let path = manifest_path(args.path);
    let unlisted = unlisted_release(&path, &args.release);
    let listing_arg = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| format!(" {}", dir.display()))
        .unwrap_or_default();
    edit_manifest(&path, |text| {
        match edit::record(text, &args.release, &verdict, today) {
            Err(edit::EditError::NoReleases { .. } | edit::EditError::UnknownRelease { .. })
                if unlisted.is_some() =>
            {
                let release = unlisted.as_deref().unwrap_or(&args.release);
                Err(edit::EditError::Unlisted {
                    release: release.to_string(),
                    submit: format!("mdelist review submit{listing_arg} --release {release}"),
                })
            }
            other => other,
        }
    })?;
    let what = match verdict.verdict {
        Verdict::Approved => "approved",
        Verdict::ChangesRequested => "asked for changes to",
    };
    print(&format!(
        "{}: recorded that {} {what} \"{}\" on {}\n",
        path.display(),
        verdict.team.as_str(),
        args.release,
        verdict.date
    ))?;
    Ok(Exit::Clean)
}

fn status(args: StatusArgs) -> anyhow::Result<Exit> {
    let today = args.today.date();
    let manifests = discover(&paths_or_current(args.paths))?;
    let mut policies = Policies::new(args.config.as_deref())?;
    // The table is fitted to its widest cell, so the (small) statuses are kept, not the reports.
    let mut listings = Vec::new();
    check_each(
        &manifests,
        &mut policies,
        today,
        None,
        args.jobs.threads(),
        false,
        &mut |report| {
            listings.push(ListingStatus::of(&report));
            Ok(())
        },
    )?;
    let output = match args.format {
        StatusFormat::Human => render::review::human(&listings, today),
        StatusFormat::Json => render::review::json(&listings, today),
    };
    if let Some(ics) = &args.ics {
        let text = calendar::calendar(&render::review::events(&listings), today);
        write_atomically(text.as_bytes(), ics)
            .with_context(|| format!("cannot write {}", ics.display()))?;
    }
    print(&output)?;
    Ok(Exit::Clean)
}
