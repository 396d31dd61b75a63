//! The bundle as a pure plan: the sorted entries, their bytes and why each is included, built
//! without touching the disk. Writing it is a separate, small step.

use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::entry_name::{collisions, name_problem};
use super::normalized::{NormalizedListing, normalize, press_entry_name};
use super::slug::{first_slug, version_slug};
use crate::check::ListingReport;
use crate::diagnostics::Tally;
use crate::rules::{Family, RULES_VERSION, find_rule};
use crate::svg::RENDER_SIZES;
use crate::text::user_agent::name_token;

const SUBMISSION_TEMPLATE: &str = include_str!("../../templates/SUBMISSION.md");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the top folder.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Why the entry is in the bundle, for `--list`.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The archive's top folder, also its file name without `.zip`.
    pub top: String,
    pub entries: Vec<Entry>,
}

impl Plan {
    pub fn file_name(&self) -> String {
        format!("{}.zip", self.top)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("the listing is incomplete; run `mdelist check` and fix its errors first")]
    Incomplete,
    #[error("the logo could not be rendered, so its PNG renders cannot be bundled")]
    NoRenders,
    #[error(
        "the press releases `{first}` and `{second}` would both be bundled as `{entry}`; rename \
         one of them"
    )]
    SameEntry {
        first: String,
        second: String,
        entry: String,
    },
    #[error(
        "the press releases `{first}` and `{second}` would be bundled as `{first_entry}` and \
         `{second_entry}`, which {what}; rename one of them"
    )]
    Collision {
        first: String,
        second: String,
        first_entry: String,
        second_entry: String,
        what: String,
    },
    #[error(
        "the press release `{file}` cannot be bundled: its entry name `{entry}` {problem}; rename it"
    )]
    EntryName {
        file: String,
        entry: String,
        problem: String,
    },
}

/// The bundle's top folder: `<company>-<product>-<version>`, falling back to the User-Agent
/// tokens for names in other scripts.
pub fn top_folder(normalized: &NormalizedListing) -> String {
    let user_agent = &normalized.integration.user_agent;
    let (ua_company, ua_product) = crate::text::user_agent::parse(user_agent)
        .map(|parts| (parts.company.to_string(), parts.product.to_string()))
        .unwrap_or_default();
    let company = first_slug(
        &[
            &normalized.partner.company,
            &ua_company,
            &name_token(&normalized.partner.company),
        ],
        "partner",
    );
    let product = first_slug(&[&normalized.product.name, &ua_product], "product");
    format!(
        "{company}-{product}-{}",
        version_slug(&normalized.integration.version)
    )
}

#[derive(Serialize)]
struct RequirementRow {
    number: u32,
    requirement: &'static str,
    value: String,
    status: String,
}

#[derive(Serialize)]
struct FindingRow {
    code: &'static str,
    severity: &'static str,
    message: String,
    suppressed: Option<String>,
}

#[derive(Serialize)]
struct ReleaseRow {
    file: String,
    submitted: String,
    earliest: String,
    publish: String,
    state: String,
}

/// Markdown table cells cannot hold `|` or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn status(report: &ListingReport, family: Family) -> String {
    let warnings = report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.counts())
        .filter(|diagnostic| find_rule(diagnostic.code).is_some_and(|rule| rule.family == family))
        .count();
    match warnings {
        0 => "passes".into(),
        1 => "passes, 1 warning".into(),
        n => format!("passes, {n} warnings"),
    }
}

fn submission_sheet(
    report: &ListingReport,
    normalized: &NormalizedListing,
    archive: &str,
    today: Date,
) -> String {
    let product = &normalized.product;
    let integration = &normalized.integration;
    let press = &normalized.press_release;
    let requirements = vec![
        RequirementRow {
            number: 1,
            requirement: "Square logo, as SVG",
            value: "`logo.svg` (renders: `logo-64.png`, `logo-128.png`, `logo-256.png`)".into(),
            status: status(report, Family::Logo),
        },
        RequirementRow {
            number: 2,
            requirement: "Product name",
            value: cell(&product.name),
            status: status(report, Family::Name),
        },
        RequirementRow {
            number: 3,
            requirement: "15-word product description",
            value: format!(
                "{} ({} words)",
                cell(&product.description),
                product.description_words
            ),
            status: status(report, Family::Desc),
        },
        RequirementRow {
            number: 4,
            requirement: "Link to a landing page",
            value: cell(&product.landing_page),
            status: status(report, Family::Link),
        },
        RequirementRow {
            number: 5,
            requirement: "Press releases reviewed by Microsoft (10 days)",
            value: match press.len() {
                0 => "none".into(),
                1 => "1 release".into(),
                n => format!("{n} releases"),
            },
            status: status(report, Family::Press),
        },
        RequirementRow {
            number: 6,
            requirement: "Microsoft Entra application name (multi-tenant apps)",
            value: match (&integration.entra_app_name, &integration.azure_ad_app_name) {
                (Some(name), _) | (None, Some(name)) => cell(name),
                (None, None) if integration.multi_tenant => "missing".into(),
                (None, None) => "not needed (single-tenant)".into(),
            },
            status: status(report, Family::Entra),
        },
        RequirementRow {
            number: 7,
            requirement: "User-Agent `MdePartner-{CompanyName}-{ProductName}/{Version}`",
            value: format!("`{}`", integration.user_agent),
            status: status(report, Family::Ua),
        },
    ];
    let findings: Vec<FindingRow> = report
        .diagnostics
        .iter()
        .map(|diagnostic| FindingRow {
            code: diagnostic.code,
            severity: diagnostic.severity.as_str(),
            message: cell(&diagnostic.message),
            suppressed: diagnostic.suppressed.as_deref().map(cell),
        })
        .collect();
    let states: Vec<String> = report
        .releases
        .iter()
        .filter(|release| release.index.is_some())
        .map(|release| release.status.as_str().to_string())
        .collect();
    let releases: Vec<ReleaseRow> = press
        .iter()
        .enumerate()
        .map(|(index, release)| {
            let earliest = release
                .submitted
                .as_deref()
                .and_then(|date| date.parse::<Date>().ok())
                .map(crate::review::earliest_publish_date)
                .map_or_else(|| "not submitted".to_string(), |date| date.to_string());
            ReleaseRow {
                state: states.get(index).cloned().unwrap_or_default(),
                file: format!("`{}`", release.file),
                submitted: release
                    .submitted
                    .clone()
                    .unwrap_or_else(|| "not yet".into()),
                earliest,
                publish: release
                    .publish
                    .clone()
                    .unwrap_or_else(|| "not planned".into()),
            }
        })
        .collect();
    let tally = Tally::of(&report.diagnostics);
    let context = minijinja::context! {
        product => cell(&product.name),
        company => cell(&normalized.partner.company),
        version => cell(&integration.version),
        tool_version => env!("CARGO_PKG_VERSION"),
        rules_version => RULES_VERSION,
        archive => archive,
        requirements => minijinja::Value::from(minijinja::value::Serde(&requirements)),
        errors => tally.errors,
        warnings => tally.warnings,
        infos => tally.infos,
        suppressed => tally.suppressed,
        findings => minijinja::Value::from(minijinja::value::Serde(&findings)),
        press_releases => minijinja::Value::from(minijinja::value::Serde(&releases)),
        as_of => today.to_string(),
    };
    let environment = minijinja::Environment::new();
    let mut sheet = environment
        .render_str(SUBMISSION_TEMPLATE, context)
        .unwrap_or_else(|error| format!("# Submission sheet could not be rendered\n\n{error}"));
    sheet.truncate(sheet.trim_end().len());
    sheet.push('\n');
    sheet
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Builds the plan for a listing that passed its checks. `today` is the date the check ran at,
/// which the review states of its releases were assessed at; it only matters when there are
/// press releases.
pub fn plan(report: &ListingReport, today: Date) -> Result<Plan, PlanError> {
    let listing = report
        .package
        .listing
        .as_ref()
        .ok_or(PlanError::Incomplete)?;
    let normalized = normalize(listing).ok_or(PlanError::Incomplete)?;
    let logo_file = report.package.logo.as_ref().ok_or(PlanError::Incomplete)?;
    let renders = report
        .logo
        .as_ref()
        .and_then(|logo| logo.renders())
        .ok_or(PlanError::NoRenders)?;
    let top = top_folder(&normalized);

    let mut listing_json = serde_json::to_value(&normalized).unwrap_or_default();
    if !normalized.press_release.is_empty() {
        listing_json["review_as_of"] = serde_json::json!(today.to_string());
    }
    for release in &report.releases {
        let window = &release.window;
        let team = |state: crate::review::TeamState| match state {
            crate::review::TeamState::Pending => "pending".to_string(),
            crate::review::TeamState::Decided(recorded) => recorded.verdict.as_str().to_string(),
        };
        if let Some(entry) = release
            .index
            .and_then(|index| listing_json["press_release"].get_mut(index))
        {
            entry["review_state"] = serde_json::json!({
                "state": release.status.as_str(),
                "earliest_publish": window.earliest.map(|date| date.to_string()),
                "marketing": team(window.marketing),
                "engineering": team(window.engineering),
            });
        }
    }
    let tally = Tally::of(&report.diagnostics);
    listing_json["checks"] = serde_json::json!({
        "errors": tally.errors,
        "warnings": tally.warnings,
        "infos": tally.infos,
        "suppressed": tally.suppressed,
    });
    listing_json["tool"] = serde_json::json!({
        "name": "mdelist",
        "version": env!("CARGO_PKG_VERSION"),
        "rules_version": RULES_VERSION,
    });
    let mut listing_bytes = serde_json::to_vec_pretty(&listing_json).unwrap_or_default();
    listing_bytes.push(b'\n');

    let mut entries = vec![
        Entry {
            name: "listing.json".into(),
            bytes: listing_bytes,
            why: "the manifest, normalized: resolved User-Agent, word counts".into(),
        },
        Entry {
            name: "logo.svg".into(),
            bytes: logo_file.bytes.clone(),
            why: format!("the logo, the exact bytes checked ({})", logo_file.relative),
        },
    ];
    for (size, png) in RENDER_SIZES.into_iter().zip(renders.pngs(&RENDER_SIZES)) {
        let bytes = png.ok_or(PlanError::NoRenders)?;
        entries.push(Entry {
            name: format!("logo-{size}.png"),
            bytes,
            why: format!("the logo rendered at {size} × {size} px, transparent background"),
        });
    }
    entries.extend(press_entries(report, &top)?);
    entries.push(Entry {
        name: "SUBMISSION.md".into(),
        bytes: submission_sheet(report, &normalized, &format!("{top}.zip"), today).into_bytes(),
        why: "the one-page submission sheet: requirements, check summary, review window".into(),
    });
    let sums: String = entries
        .iter()
        .map(|entry| format!("{}  {}\n", sha256_hex(&entry.bytes), entry.name))
        .collect();
    entries.push(Entry {
        name: "SHA256SUMS".into(),
        bytes: sums.into_bytes(),
        why: "SHA-256 of every other entry (sha256sum -c compatible)".into(),
    });
    Ok(Plan { top, entries })
}

/// The press releases' entries, sorted by name. Two releases naming one file (`press/a.md` and
/// `./press/a.md`) give one entry; two files that would give one entry name, or names an
/// extractor would land on one file (`press/A.md` and `press/a.md` on Windows or macOS), or a
/// name `verify` refuses, stop the plan: nothing is silently dropped.
fn press_entries(report: &ListingReport, top: &str) -> Result<Vec<Entry>, PlanError> {
    let mut press: Vec<(String, Entry)> = Vec::new();
    for file in report.package.press.iter().flatten() {
        let entry = Entry {
            name: press_entry_name(&file.relative),
            bytes: file.bytes.clone(),
            why: format!("press release, as given ({})", file.relative),
        };
        let source = lexical(&file.relative);
        if let Some((first, _)) = press.iter().find(|(_, other)| other.name == entry.name) {
            if *first == source {
                continue;
            }
            return Err(PlanError::SameEntry {
                first: first.clone(),
                second: source,
                entry: entry.name,
            });
        }
        if let Some(problem) = name_problem(&format!("{top}/{}", entry.name)) {
            return Err(PlanError::EntryName {
                file: file.relative.clone(),
                entry: entry.name,
                problem,
            });
        }
        press.push((source, entry));
    }
    let names: Vec<String> = press.iter().map(|(_, entry)| entry.name.clone()).collect();
    if let Some((first_entry, second_entry, what)) = collisions(names.iter().map(String::as_str))
        .into_iter()
        .next()
    {
        let source = |name: &str| {
            press
                .iter()
                .find(|(_, entry)| entry.name == name)
                .map(|(source, _)| source.clone())
                .unwrap_or_default()
        };
        return Err(PlanError::Collision {
            first: source(&first_entry),
            second: source(&second_entry),
            first_entry,
            second_entry,
            what,
        });
    }
    let mut press: Vec<Entry> = press.into_iter().map(|(_, entry)| entry).collect();
    press.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(press)
}

/// A listing-relative path with `.`, empty components and `..` resolved, for telling whether
/// two releases name one file.
fn lexical(relative: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in relative.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

pub(crate) fn digest_hex(bytes: &[u8]) -> String {
    sha256_hex(bytes)
}
