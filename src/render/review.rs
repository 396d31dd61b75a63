//! The press-release review table of `review status` (human and JSON) and the events of its
//! calendar, over each listing's release statuses.

use std::fmt::Write;
use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::check::ListingReport;
use crate::manifest::Onboarding;
use crate::review::calendar::{Event, EventKind};
use crate::review::{Release, Team, TeamState, Verdict};
use crate::rules::RULES_VERSION;

/// One listing as `review status` shows it.
#[derive(Debug, Clone)]
pub struct ListingStatus {
    pub path: PathBuf,
    pub product: Option<String>,
    pub releases: Vec<Release>,
    pub onboarding: Option<Onboarding>,
    pub errors: usize,
    pub warnings: usize,
}

impl ListingStatus {
    pub fn of(report: &ListingReport) -> ListingStatus {
        let tally = report.tally();
        let listing = report.package.listing.as_ref();
        ListingStatus {
            path: report.manifest_path.clone(),
            product: report.product.clone(),
            releases: report.releases.clone(),
            onboarding: listing.and_then(|listing| listing.onboarding.clone()),
            errors: tally.errors,
            warnings: tally.warnings,
        }
    }
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
    let releases = status.releases.len();
    let ready = status
        .releases
        .iter()
        .filter(|release| release.status.publishable())
        .count();
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

pub fn human(listings: &[ListingStatus], today: Date) -> String {
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
        if status.releases.is_empty() {
            out.push_str("no press releases\n");
        } else {
            let mut cells = vec![
                [
                    "release",
                    "submitted",
                    "window ends",
                    "days left",
                    "planned publication",
                    "marketing",
                    "engineering",
                    "state",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for row in &status.releases {
                let state = row.status.as_str();
                let review_needed = row.status.needs_review();
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
                    dash(row.window.publish.map(|date| date.to_string())),
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

pub fn json(listings: &[ListingStatus], today: Date) -> String {
    let listings: Vec<Value> = listings
        .iter()
        .map(|status| {
            let releases: Vec<Value> = status
                .releases
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
                        "state": row.status.code(),
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

/// The calendar events of `--ics`: each window end and each planned publication.
pub fn events(listings: &[ListingStatus]) -> Vec<Event> {
    let mut events = Vec::new();
    for status in listings {
        let product = status
            .product
            .clone()
            .unwrap_or_else(|| status.path.display().to_string());
        for row in &status.releases {
            // The listing's path and the release: unique per listing, and the same after the
            // product is renamed, so a calendar that imports the file again updates its events.
            let identity = format!("{}\n{}", status.path.display(), row.file);
            if let (Some(submitted), Some(earliest)) = (row.window.submitted, row.window.earliest)
                && row.status.needs_review()
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
                        row.status.as_str()
                    ),
                });
            }
        }
    }
    events
}
