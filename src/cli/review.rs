//! `mdelist review status|submit|record`: the press-release review window, and the partner's
//! onboarding journey.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;
use serde_json::{Value, json};

use super::{Exit, Format, TodayArg, parse_date, paths_or_current, print};
use crate::atomic_file::write_atomically;
use crate::check::{ListingReport, MANIFEST_FILE, check_package};
use crate::io::checks::{Policies, discover};
use crate::io::files::load_package;
use crate::io::render::RenderThread;
use crate::manifest::{Listing, Onboarding};
use crate::press::{Content, PressFile};
use crate::review::calendar::{self, Event, EventKind};
use crate::review::edit::{self, NewVerdict};
use crate::review::{self, State, Team, TeamState, Verdict, Window};
use crate::rules::RULES_VERSION;

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
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also write the window ends and planned publications as an iCalendar (.ics) file.
    #[arg(long, value_name = "FILE")]
    ics: Option<PathBuf>,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml for every listing instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
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
    let bytes = crate::io::files::read_regular_file(path)
        .map_err(|reason| anyhow::anyhow!("{} {reason}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))?;
    let edited = change(&text).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
    write_atomically(edited.as_bytes(), path)
        .with_context(|| format!("cannot write {}", path.display()))
}

fn submit(args: SubmitArgs) -> anyhow::Result<Exit> {
    let today = args.today.date();
    let date = args.date.unwrap_or(today);
    let path = manifest_path(args.path);
    edit_manifest(&path, |text| edit::submit(text, &args.release, date, today))?;
    print(&format!(
        "{}: \"{}\" submitted for review on {date}; it may be published from {} once \
         marketing and engineering approve it\n",
        path.display(),
        args.release,
        review::earliest_publish_date(date)
    ))?;
    Ok(Exit::Clean)
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
    edit_manifest(&path, |text| {
        edit::record(text, &args.release, &verdict, today)
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

/// One row of the status table.
struct Row {
    file: String,
    /// `None` when the file could not be read.
    mentions: Option<bool>,
    unreadable: bool,
    window: Window,
}

impl Row {
    fn state(&self) -> (&'static str, &'static str) {
        if self.mentions == Some(false) {
            return ("no-review-needed", "no review needed");
        }
        if self.unreadable {
            return ("unreadable", "cannot be read");
        }
        let code = match self.window.state {
            State::NotSubmitted => "not-submitted",
            State::ChangesRequested => "changes-requested",
            State::InReview => "in-review",
            State::WaitingForWindow => "approved-window-open",
            State::Ready => "ready",
        };
        (code, self.window.state.as_str())
    }

    fn ready(&self) -> bool {
        self.mentions == Some(false) || self.window.state == State::Ready
    }
}

struct ListingStatus {
    path: PathBuf,
    product: Option<String>,
    company: Option<String>,
    rows: Vec<Row>,
    onboarding: Option<Onboarding>,
    errors: usize,
    warnings: usize,
}

fn rows(listing: &Listing, press: &[PressFile], today: Date) -> Vec<Row> {
    listing
        .press_releases
        .iter()
        .enumerate()
        .map(|(index, release)| {
            let file = press.iter().find(|file| file.index == index);
            Row {
                file: release.file.as_ref().map_or_else(
                    || format!("press_release[{index}]"),
                    |file| file.value.clone(),
                ),
                mentions: file
                    .and_then(PressFile::text)
                    .map(|text| !text.mentions.is_empty()),
                unreadable: file.is_none_or(|file| !matches!(file.content, Content::Read(_))),
                window: review::assess_release(release, today),
            }
        })
        .collect()
}

fn listing_status(
    manifest: &Path,
    policies: &mut Policies,
    today: Date,
) -> anyhow::Result<ListingStatus> {
    let package = load_package(manifest)?;
    let listing = package.listing.clone();
    let policy = policies.for_listing(&package.dir)?;
    let report: ListingReport = check_package(package, &policy, today, &RenderThread);
    let tally = report.tally();
    let listing = listing.unwrap_or_default();
    Ok(ListingStatus {
        path: report.manifest_path.clone(),
        product: report.product.clone(),
        company: listing
            .company
            .as_ref()
            .map(|company| company.value.clone()),
        rows: rows(&listing, &report.press, today),
        onboarding: listing.onboarding.clone(),
        errors: tally.errors,
        warnings: tally.warnings,
    })
}

fn status(args: StatusArgs) -> anyhow::Result<Exit> {
    let today = args.today.date();
    let manifests = discover(&paths_or_current(args.paths))?;
    let mut policies = Policies::new(args.config.as_deref())?;
    let listings = manifests
        .iter()
        .map(|manifest| listing_status(manifest, &mut policies, today))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let output = match args.format {
        Format::Human => human(&listings, today),
        Format::Json => json_report(&listings, today),
        Format::Sarif | Format::Junit | Format::Github => anyhow::bail!(
            "review status writes --format human or json; the CI formats belong to `mdelist check`"
        ),
    };
    if let Some(ics) = &args.ics {
        let text = calendar::calendar(&events(&listings), today);
        write_atomically(text.as_bytes(), ics)
            .with_context(|| format!("cannot write {}", ics.display()))?;
    }
    print(&output)?;
    Ok(Exit::Clean)
}

fn verdict_text(state: TeamState) -> String {
    match state {
        TeamState::Pending => "waiting".into(),
        TeamState::Decided(recorded) => {
            let verdict = match recorded.verdict {
                Verdict::Approved => "approved",
                Verdict::ChangesRequested => "changes",
            };
            format!("{verdict} {}", recorded.date)
        }
    }
}

fn dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "-".into())
}

/// Columns padded to the widest cell, counted in characters.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .map(|row| row.get(column).map_or(0, |cell| cell.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            if column + 1 == row.len() {
                line.push_str(cell);
            } else {
                let pad = widths[column] - cell.chars().count() + 2;
                let _ = write!(line, "{cell}{}", " ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The partner's journey to the listing: each step, done or not, and what is known of it.
fn journey(status: &ListingStatus, today: Date) -> Vec<(&'static str, bool, String)> {
    let Some(onboarding) = &status.onboarding else {
        return Vec::new();
    };
    let text =
        |value: &Option<crate::manifest::Text>| value.as_ref().map(|text| text.value.clone());
    let licence = text(&onboarding.license);
    let demo = onboarding.demo.as_ref().map(|demo| demo.value);
    let approved = onboarding.approved.as_ref().map(|approved| approved.value);
    let misa = text(&onboarding.misa);
    let releases = status.rows.len();
    let ready = status.rows.iter().filter(|row| row.ready()).count();
    vec![
        (
            "licence",
            matches!(licence.as_deref(), Some("trial" | "subscribed")),
            match licence.as_deref() {
                Some("trial") => "trial licence".into(),
                Some("subscribed") => "subscription".into(),
                _ => "no Defender for Endpoint licence yet".into(),
            },
        ),
        (
            "joint-customer validation",
            onboarding.joint_customer.is_some(),
            text(&onboarding.joint_customer).unwrap_or_else(|| "no joint customer yet".into()),
        ),
        (
            "demo",
            demo.is_some_and(|demo| demo <= today),
            match demo {
                Some(demo) if demo > today => format!("planned for {demo}"),
                Some(demo) => demo.to_string(),
                None => "not yet".into(),
            },
        ),
        (
            "approval",
            approved.is_some_and(|approved| approved <= today),
            approved.map_or_else(|| "not yet".into(), |approved| approved.to_string()),
        ),
        (
            "MISA",
            matches!(misa.as_deref(), Some("nominated" | "member")),
            match misa.as_deref() {
                Some("member") => "member".into(),
                Some("nominated") => "nominated".into(),
                _ => "not a member".into(),
            },
        ),
        (
            "listing",
            status.errors == 0,
            format!(
                "{} error{}, {} warning{} (mdelist check)",
                status.errors,
                if status.errors == 1 { "" } else { "s" },
                status.warnings,
                if status.warnings == 1 { "" } else { "s" }
            ),
        ),
        (
            "press",
            ready == releases,
            if releases == 0 {
                "no press release".into()
            } else {
                format!("{ready} of {releases} ready")
            },
        ),
    ]
}

fn human(listings: &[ListingStatus], today: Date) -> String {
    let mut out = String::new();
    for (index, status) in listings.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}{}",
            status.path.display(),
            status
                .product
                .as_ref()
                .map(|product| format!(" ({product})"))
                .unwrap_or_default()
        );
        if status.rows.is_empty() {
            out.push_str("no press releases\n");
        } else {
            let mut cells = vec![
                [
                    "release",
                    "submitted",
                    "window ends",
                    "days left",
                    "marketing",
                    "engineering",
                    "state",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for row in &status.rows {
                let (_, state) = row.state();
                let review_needed = row.mentions != Some(false);
                let team = |team| {
                    if review_needed {
                        verdict_text(row.window.team(team))
                    } else {
                        "-".into()
                    }
                };
                cells.push(vec![
                    row.file.clone(),
                    dash(row.window.submitted.map(|date| date.to_string())),
                    dash(row.window.earliest.map(|date| date.to_string())),
                    dash(row.window.days_left(today).map(|days| days.to_string())),
                    team(Team::Marketing),
                    team(Team::Engineering),
                    state.to_string(),
                ]);
            }
            out.push_str(&table(&cells));
        }
        let steps = journey(status, today);
        if !steps.is_empty() {
            out.push_str("journey:\n");
            let cells: Vec<Vec<String>> = steps
                .iter()
                .map(|(step, done, detail)| {
                    vec![
                        format!("  [{}] {step}", if *done { "x" } else { " " }),
                        detail.clone(),
                    ]
                })
                .collect();
            out.push_str(&table(&cells));
        }
    }
    out
}

fn team_json(state: TeamState) -> Value {
    match state {
        TeamState::Pending => Value::Null,
        TeamState::Decided(recorded) => json!({
            "verdict": recorded.verdict.as_str(),
            "date": recorded.date.to_string(),
        }),
    }
}

fn json_report(listings: &[ListingStatus], today: Date) -> String {
    let listings: Vec<Value> = listings
        .iter()
        .map(|status| {
            let releases: Vec<Value> = status
                .rows
                .iter()
                .map(|row| {
                    json!({
                        "file": row.file,
                        "mentions_product": row.mentions,
                        "submitted": row.window.submitted.map(|date| date.to_string()),
                        "window_ends": row.window.earliest.map(|date| date.to_string()),
                        "days_left": row.window.days_left(today),
                        "publish": row.window.publish.map(|date| date.to_string()),
                        "marketing": team_json(row.window.marketing),
                        "engineering": team_json(row.window.engineering),
                        "state": row.state().0,
                    })
                })
                .collect();
            let steps = journey(status, today);
            let journey: Value = if status.onboarding.is_some() {
                steps
                    .iter()
                    .map(|(step, done, detail)| {
                        json!({ "step": step, "done": done, "detail": detail })
                    })
                    .collect()
            } else {
                Value::Null
            };
            json!({
                "path": status.path.display().to_string(),
                "product": status.product,
                "releases": releases,
                "journey": journey,
            })
        })
        .collect();
    let report = json!({
        "version": 1,
        "tool": {
            "name": "mdelist",
            "version": env!("CARGO_PKG_VERSION"),
            "rules_version": RULES_VERSION,
        },
        "today": today.to_string(),
        "listings": listings,
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn events(listings: &[ListingStatus]) -> Vec<Event> {
    let mut events = Vec::new();
    for status in listings {
        let product = status
            .product
            .clone()
            .unwrap_or_else(|| status.path.display().to_string());
        for row in &status.rows {
            let identity = format!(
                "{}\n{product}\n{}",
                status.company.clone().unwrap_or_default(),
                row.file
            );
            if let (Some(submitted), Some(earliest)) = (row.window.submitted, row.window.earliest)
                && row.mentions != Some(false)
            {
                events.push(Event {
                    kind: EventKind::WindowEnds,
                    date: earliest,
                    identity: identity.clone(),
                    summary: format!("Review window ends: {} ({product})", row.file),
                    description: format!(
                        "{} was submitted to Microsoft for review on {submitted}. From this day it \
                         may be published, once the marketing and engineering teams have both \
                         approved it (now: marketing {}, engineering {}).",
                        row.file,
                        verdict_text(row.window.marketing),
                        verdict_text(row.window.engineering)
                    ),
                });
            }
            if let Some(publish) = row.window.publish {
                events.push(Event {
                    kind: EventKind::Publication,
                    date: publish,
                    identity,
                    summary: format!("Planned publication: {} ({product})", row.file),
                    description: format!(
                        "{} is planned for publication. Review state: {}.",
                        row.file,
                        row.state().1
                    ),
                });
            }
        }
    }
    events
}
