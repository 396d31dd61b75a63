//! The preview page: one self-contained `preview.html` that shows the listing as the partner
//! page will (the table row in its category section, the tile at 32, 64 and 128 px, on the
//! portal's light and dark themes), with the word count, the User-Agent and every finding.
//!
//! The page makes no request of any kind: CSS and script are inline and pinned by hash in a
//! Content-Security-Policy that allows nothing else, the logo is a `data:` PNG (never inline SVG
//! markup), and everything taken from the listing is HTML-escaped by the template engine. The
//! PNGs are the renders made by the check, at twice the displayed size so they stay sharp on
//! high-density screens; the page is planned here, without touching the disk.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use minijinja::{AutoEscape, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::check::ListingReport;
use crate::diagnostics::{Diagnostic, Tally};
use crate::manifest::schema::{CATEGORIES, CATEGORY_TITLES};
use crate::policy::Limits;
use crate::render::human::summary;
use crate::review::ReleaseStatus;
use crate::rules::RULES_VERSION;
use crate::svg::Renders;
use crate::text::chars::{budget_characters, budget_language, character_budget};
use crate::text::words::split_words;

const PAGE_TEMPLATE: &str = include_str!("../templates/preview.html");
const STYLE: &str = include_str!("../templates/preview.css");
const SCRIPT: &str = include_str!("../templates/preview.js");

/// The page's file name.
pub const PAGE_FILE: &str = "preview.html";
/// The sizes the tile is shown at, in CSS pixels.
pub const TILE_SIZES: [u32; 3] = [32, 64, 128];
/// The size of the logo in the partner-page row, in CSS pixels.
pub const ROW_LOGO_SIZE: u32 = 32;
/// The portal's page backgrounds, the same the contrast rule (`LOGO015`) measures against.
pub const LIGHT_BACKGROUND: &str = "#FFFFFF";
pub const DARK_BACKGROUND: &str = "#1B1A19";

/// A file of the preview: the page or one of the renders it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
#[error("the preview page could not be rendered: {0}")]
pub struct PreviewError(#[from] minijinja::Error);

#[derive(Serialize)]
struct Theme {
    class: &'static str,
    label: &'static str,
    background: &'static str,
}

#[derive(Serialize)]
struct Image {
    /// A `data:image/png;base64,…` URL; `None` when the logo could not be rendered.
    src: Option<Value>,
    /// The displayed size, in CSS pixels.
    size: u32,
    /// The PNG's own width, in pixels.
    natural: u32,
}

#[derive(Serialize)]
struct Translation {
    tag: String,
    name: Option<String>,
    description: Option<String>,
    /// "34 characters (limit 38)" or "12 words (limit 15)": the description's one length limit.
    length: Option<Length>,
}

/// A description's length against its one limit: words, or characters for Japanese and Chinese.
#[derive(Serialize)]
struct Length {
    text: String,
    over: bool,
}

fn length(text: &str, tag: Option<&str>, limits: &Limits) -> Length {
    let plural =
        |count: usize, what: &str| format!("{count} {what}{}", if count == 1 { "" } else { "s" });
    let words = split_words(text, tag).len();
    match budget_language(text, tag) {
        Some(language) => {
            let budget = character_budget(language, limits.description_words);
            let count = budget_characters(text);
            Length {
                text: format!(
                    "{} (limit {budget}; {})",
                    plural(count, "character"),
                    plural(words, "word")
                ),
                over: count > budget,
            }
        }
        None => Length {
            text: format!(
                "{} (limit {})",
                plural(words, "word"),
                limits.description_words
            ),
            over: words > limits.description_words,
        },
    }
}

/// A press release and where its review stands.
#[derive(Serialize)]
struct PressRow {
    file: String,
    state: String,
    /// `ready`, `pending` or `problem`, for the colour of the state.
    class: &'static str,
    publish: Option<String>,
}

fn press_rows(report: &ListingReport) -> Vec<PressRow> {
    report
        .releases
        .iter()
        .map(|release| {
            let window = &release.window;
            let class = match release.status {
                ReleaseStatus::NoReviewNeeded | ReleaseStatus::Ready => "ready",
                ReleaseStatus::InReview | ReleaseStatus::WaitingForWindow => "pending",
                ReleaseStatus::Unreadable
                | ReleaseStatus::NotSubmitted
                | ReleaseStatus::ChangesRequested
                | ReleaseStatus::NotListed => "problem",
            };
            let state = match (release.status, window.earliest) {
                (ReleaseStatus::NotListed, _) if release.mentions == Some(true) => {
                    "not listed in listing.toml: names the product, review not tracked".into()
                }
                (
                    ReleaseStatus::ChangesRequested
                    | ReleaseStatus::InReview
                    | ReleaseStatus::WaitingForWindow
                    | ReleaseStatus::Ready,
                    Some(earliest),
                ) => format!("{} (publishable from {earliest})", release.status.as_str()),
                (status, _) => status.as_str().to_string(),
            };
            let file = match (release.index, &report.package.listing) {
                (Some(index), Some(listing))
                    if listing
                        .press_releases
                        .get(index)
                        .is_some_and(|manifest| manifest.file.is_none()) =>
                {
                    "(no file)".to_string()
                }
                _ => release.file.clone(),
            };
            PressRow {
                file,
                state,
                class,
                publish: window.publish.map(|date| date.to_string()),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Finding {
    code: &'static str,
    severity: &'static str,
    message: String,
    help: Option<String>,
    suppressed: Option<String>,
    location: Option<String>,
}

/// The page and the renders it shows: `preview.html` first, then `logo-64.png`, `logo-128.png`,
/// `logo-256.png` when the logo could be rendered. The press releases are shown in their review
/// window at the report's date.
pub fn preview(report: &ListingReport, limits: &Limits) -> Result<Vec<PreviewFile>, PreviewError> {
    let renders = report.logo.as_ref().and_then(|logo| logo.renders());
    let drawn = drawn(renders);
    // The page is put together with a stand-in for each render's PNG while the PNGs are
    // encoded: by the renderer (a worker sends them after the renders), or here, the largest
    // on a thread of its own (inline where no thread can be started, as in a browser).
    std::thread::scope(|scope| {
        let spawned = renders
            .filter(|renders| !renders.encoded_by_renderer())
            .and_then(|renders| {
                std::thread::Builder::new()
                    .name("png".into())
                    .spawn_scoped(scope, move || renders.png(LARGEST))
                    .ok()
            });
        let html = page(report, limits, &|natural| {
            drawn.contains(&natural).then(|| stand_in(natural))
        })?;
        let mut largest = spawned.map(|thread| thread.join().ok().flatten());
        let pngs: Vec<(u32, Vec<u8>)> = drawn
            .iter()
            .filter_map(|&natural| {
                let png = match largest.take_if(|_| natural == LARGEST) {
                    Some(encoded) => encoded,
                    None => renders.and_then(|renders| renders.png(natural)),
                };
                png.map(|png| (natural, png))
            })
            .collect();
        let html = if pngs.len() == drawn.len() {
            let mut html = html;
            for (natural, png) in &pngs {
                html = html.replace(&stand_in(*natural), &data_url(png));
            }
            html
        } else {
            // A render that could not be encoded: the page without its image.
            page(report, limits, &|natural| {
                pngs.iter()
                    .find(|(size, _)| *size == natural)
                    .map(|(_, png)| data_url(png))
            })?
        };
        let mut files = vec![PreviewFile {
            name: PAGE_FILE.into(),
            bytes: html.into_bytes(),
        }];
        files.extend(pngs.into_iter().map(|(natural, png)| PreviewFile {
            name: png_name(natural),
            bytes: png,
        }));
        Ok(files)
    })
}

/// The names of the files [`preview`] gives for `report`, in its order (known before the PNGs
/// are: a caller creates the files meanwhile). Only a render that could not be encoded makes
/// [`preview`] give fewer.
pub fn file_names(report: &ListingReport) -> Vec<String> {
    std::iter::once(PAGE_FILE.to_string())
        .chain(
            drawn(report.logo.as_ref().and_then(|logo| logo.renders()))
                .into_iter()
                .map(png_name),
        )
        .collect()
}

/// The sizes of the renders the page shows that were drawn.
fn drawn(renders: Option<&Renders>) -> Vec<u32> {
    TILE_SIZES
        .map(|size| size * 2)
        .into_iter()
        .filter(|&natural| renders.is_some_and(|renders| renders.at(natural).is_some()))
        .collect()
}

fn png_name(natural: u32) -> String {
    format!("logo-{natural}.png")
}

/// What stands in the page for the PNG of the render `natural` px wide until it is there:
/// markup nothing taken from the listing can produce (the template escapes every `<` in it),
/// and that the template, its style and its script do not hold.
fn stand_in(natural: u32) -> String {
    format!("<mdelist-png {natural}>")
}

/// A PNG as the `src` of an image (base64 and the fixed prefix hold nothing that needs
/// escaping).
fn data_url(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", BASE64.encode(png))
}

/// The size of the largest render the page shows.
const LARGEST: u32 = TILE_SIZES[TILE_SIZES.len() - 1] * 2;

/// The page, with `src(natural)` as the image of the render `natural` px wide (none: the tile
/// says the logo was not rendered).
fn page(
    report: &ListingReport,
    limits: &Limits,
    src: &dyn Fn(u32) -> Option<String>,
) -> Result<String, PreviewError> {
    let listing = report.package.listing.as_ref();
    let text = |value: Option<&crate::manifest::Text>| {
        value.map_or_else(String::new, |text| text.value.clone())
    };
    let name = text(listing.and_then(|listing| listing.name.as_ref()));
    let company = text(listing.and_then(|listing| listing.company.as_ref()));
    let description = text(listing.and_then(|listing| listing.description.as_ref()));
    let landing_page = text(listing.and_then(|listing| listing.landing_page.as_ref()));
    let category = text(listing.and_then(|listing| listing.category.as_ref()));
    let category_title = match CATEGORIES.iter().position(|slug| *slug == category) {
        Some(index) => CATEGORY_TITLES
            .get(index)
            .copied()
            .unwrap_or("")
            .to_string(),
        None if category.is_empty() => "(no category)".to_string(),
        None => "(not a partner-page category)".to_string(),
    };
    let translations: Vec<Translation> = listing
        .map(|listing| listing.localized.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|translation| Translation {
            tag: translation.tag.value.clone(),
            name: translation.name.as_ref().map(|name| name.value.clone()),
            description: translation
                .description
                .as_ref()
                .map(|description| description.value.clone()),
            length: translation.description.as_ref().map(|description| {
                length(&description.value, Some(&translation.tag.value), limits)
            }),
        })
        .collect();
    let description_length = listing
        .and_then(|listing| listing.description.as_ref())
        .map(|description| length(&description.value, None, limits));
    let entra_app_name = listing
        .and_then(|listing| {
            listing
                .entra_app_name
                .as_ref()
                .or(listing.azure_ad_app_name.as_ref())
        })
        .map(|name| name.value.clone());
    // Text the renders leave out: the tile would otherwise show an empty square without saying why.
    let text_not_drawn = report.logo.as_ref().is_some_and(|logo| {
        logo.hazards
            .iter()
            .any(|hazard| hazard.kind == crate::svg::HazardKind::Text)
    });

    let tally = Tally::of(&report.diagnostics);
    let (verdict, verdict_class) = verdict(tally);
    // The most severe first, suppressed ones last; the check's order within each.
    let mut diagnostics: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    diagnostics.sort_by_key(|diagnostic| {
        (
            diagnostic.suppressed.is_some(),
            std::cmp::Reverse(diagnostic.severity),
        )
    });
    let findings: Vec<Finding> = diagnostics.into_iter().map(finding).collect();
    let csp = content_security_policy();
    let mut environment = minijinja::Environment::new();
    environment.set_auto_escape_callback(|_| AutoEscape::Html);
    environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let template = environment.template_from_str(PAGE_TEMPLATE)?;

    let tiles: Vec<Image> = TILE_SIZES
        .iter()
        .map(|&size| Image {
            src: src(size * 2).map(Value::from_safe_string),
            size,
            natural: size * 2,
        })
        .collect();
    let row_logo = tiles
        .iter()
        .find(|tile| tile.size == ROW_LOGO_SIZE && tile.src.is_some())
        .map(|tile| Image {
            src: tile.src.clone(),
            size: tile.size,
            natural: tile.natural,
        });

    let context = minijinja::context! {
        csp => Value::from_safe_string(csp),
        style => Value::from_safe_string(STYLE.to_string()),
        script => Value::from_safe_string(SCRIPT.to_string()),
        tool_version => env!("CARGO_PKG_VERSION"),
        rules_version => RULES_VERSION,
        manifest => report.manifest_path.display().to_string(),
        name => name,
        company => company,
        description => description,
        link => public_link(&landing_page),
        landing_page => landing_page,
        category => category,
        category_title => category_title,
        translations => Value::from(minijinja::value::Serde(&translations)),
        description_length => Value::from(minijinja::value::Serde(&description_length)),
        entra_app_name => entra_app_name,
        press => Value::from(minijinja::value::Serde(press_rows(report))),
        text_not_drawn => text_not_drawn,
        user_agent => report.user_agent.clone(),
        themes => Value::from(minijinja::value::Serde([
            Theme { class: "light", label: "Light", background: LIGHT_BACKGROUND },
            Theme { class: "dark", label: "Dark", background: DARK_BACKGROUND },
        ])),
        row_logo => Value::from(minijinja::value::Serde(&row_logo)),
        tiles => Value::from(minijinja::value::Serde(&tiles)),
        verdict => verdict,
        verdict_class => verdict_class,
        summary => counts(tally),
        findings => Value::from(minijinja::value::Serde(&findings)),
    };
    let mut html = template.render(context)?;
    html.truncate(html.trim_end().len());
    html.push('\n');
    Ok(html)
}

/// Nothing may load but the inline style and script (pinned by hash) and `data:` images.
fn content_security_policy() -> String {
    let hash = |text: &str| format!("'sha256-{}'", BASE64.encode(Sha256::digest(text)));
    format!(
        "default-src 'none'; img-src data:; style-src {}; script-src {}; base-uri 'none'; \
         form-action 'none'",
        hash(STYLE),
        hash(SCRIPT)
    )
}

/// The landing page as a link target, only when it is an https URL: anything else
/// (`javascript:`, `data:`, a relative path) is shown as text, never made clickable.
fn public_link(landing_page: &str) -> Option<String> {
    let url = url::Url::parse(landing_page.trim()).ok()?;
    (url.scheme() == "https" && url.host().is_some()).then(|| url.to_string())
}

fn verdict(tally: Tally) -> (String, &'static str) {
    let plural =
        |count: usize, what: &str| format!("{count} {what}{}", if count == 1 { "" } else { "s" });
    if tally.errors > 0 {
        (
            format!("{} to fix before submitting", plural(tally.errors, "error")),
            "errors",
        )
    } else if tally.warnings > 0 {
        (
            format!("Passes, with {}", plural(tally.warnings, "warning")),
            "warnings",
        )
    } else {
        ("Passes every check".to_string(), "clean")
    }
}

/// `0 errors, 1 warning, 2 suppressed`: the summary line without its "checked 1 listing".
fn counts(tally: Tally) -> String {
    let line = summary(1, tally);
    match line.split_once(": ") {
        Some((_, counts)) => counts.to_string(),
        None => line,
    }
}

fn finding(diagnostic: &Diagnostic) -> Finding {
    Finding {
        code: diagnostic.code,
        severity: diagnostic.severity.as_str(),
        message: diagnostic.message.clone(),
        help: diagnostic.help.clone(),
        suppressed: diagnostic.suppressed.clone(),
        location: match &diagnostic.location {
            Some(location) => Some(format!(
                "{}:{}:{}",
                location.file.display(),
                location.line,
                location.column
            )),
            None => diagnostic.field.clone(),
        },
    }
}
