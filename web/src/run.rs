//! One request from the page, answered with the library's own outputs: `check` (the dropped
//! listing folders: report, snippets, preview, words, review windows, renders, bundle) and
//! `verify` (a dropped bundle).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use mdelist::bundle::verify::verify_archive;
use mdelist::bundle::write::{archive, timestamp};
use mdelist::check::{ListingReport, MANIFEST_FILE, check_package};
use mdelist::diagnostics::Tally;
use mdelist::manifest::{MAX_FILE_BYTES, PathProblem, package_from_bytes, relative_inside};
use mdelist::policy::Policy;
use mdelist::render::{HumanOptions, human, json};
use mdelist::report::Report;
use mdelist::svg::render::{InProcess, RenderError, RenderLogo, Renders};

use crate::envelope::{self, Envelope};
use crate::host;

/// The policy file looked for beside and above each listing, as `mdelist check` does.
const CONFIG_FILE: &str = "mdelist.toml";

#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Request {
    /// Check every listing among `files` (paths relative to what was dropped, `/`-separated),
    /// whose contents are the blobs in the same order.
    Check {
        today: String,
        #[serde(default)]
        source_date_epoch: Option<String>,
        #[serde(default)]
        render: RenderMode,
        files: Vec<String>,
    },
    /// Verify the bundle that is the first blob, named `files[0]`.
    Verify {
        today: String,
        #[serde(default)]
        render: RenderMode,
        files: Vec<String>,
    },
}

/// How the logo is rendered: here, with the page watching the clock, or not at all because a
/// first attempt ran past the budget.
#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RenderMode {
    #[default]
    InProcess,
    TimedOut,
}

/// Renders on this thread and tells the page when it starts and ends.
struct Watched;

impl RenderLogo for Watched {
    fn render(&self, text: &str, sizes: &[u32]) -> Result<Renders, RenderError> {
        host::render_begin();
        let result = InProcess.render(text, sizes);
        host::render_end();
        result
    }
}

/// The answer for a logo whose render the page stopped at the budget.
struct OverBudget;

impl RenderLogo for OverBudget {
    fn render(&self, _text: &str, _sizes: &[u32]) -> Result<Renders, RenderError> {
        Err(RenderError::TimedOut)
    }
}

#[derive(Debug, Serialize)]
struct Failure {
    /// The tool could not do its job (the CLI's exit status 2), in the CLI's words.
    error: String,
}

#[derive(Debug, Serialize)]
struct Checked {
    /// `mdelist check --format json`, byte for byte.
    report: String,
    /// `mdelist check` (human, no colour).
    human: String,
    listings: Vec<ListingOutput>,
}

#[derive(Debug, Serialize)]
struct ListingOutput {
    manifest: String,
    /// Each diagnostic of the report, in its order, as the human output shows it (the line in
    /// context under the message).
    snippets: Vec<String>,
    /// `mdelist preview`'s page.
    preview: Option<String>,
    preview_error: Option<String>,
    /// The renders the preview shows: `logo-64.png`, `logo-128.png`, `logo-256.png`.
    renders: Vec<Attachment>,
    words: Vec<String>,
    word_limit: usize,
    press: Vec<PressWindow>,
    bundle: Option<Attachment>,
    /// Why there is no bundle, in `mdelist bundle`'s words.
    bundle_refused: Option<String>,
}

#[derive(Debug, Serialize)]
struct Attachment {
    name: String,
    blob: usize,
    bytes: usize,
    sha256: String,
}

#[derive(Debug, Serialize)]
struct PressWindow {
    file: Option<String>,
    submitted: Option<String>,
    earliest: Option<String>,
    publish: Option<String>,
    state: String,
    marketing: String,
    engineering: String,
    days_left: Option<i64>,
}

#[derive(Debug, Serialize)]
struct Verified {
    /// `mdelist verify --format json`, byte for byte.
    report: String,
    /// `mdelist verify` (human, no colour).
    human: String,
    intact: bool,
}

/// Answers one message from the page; every failure is an answer too.
pub fn handle(request: &[u8]) -> Vec<u8> {
    let Envelope { header, blobs } = match envelope::decode::<Request>(request) {
        Ok(message) => message,
        Err(error) => return fail(error.to_string()),
    };
    match header {
        Request::Check {
            today,
            source_date_epoch,
            render,
            files,
        } => match parse_today(&today) {
            Ok(today) => check(
                &dropped(files, blobs),
                today,
                source_date_epoch.as_deref(),
                render,
            ),
            Err(message) => fail(message),
        },
        Request::Verify {
            today,
            render,
            files,
        } => match parse_today(&today) {
            Ok(today) => verify(&dropped(files, blobs), today, renderer(render)),
            Err(message) => fail(message),
        },
    }
}

fn fail(error: String) -> Vec<u8> {
    envelope::encode(&Failure { error }, &[])
}

fn parse_today(today: &str) -> Result<Date, String> {
    today
        .parse::<Date>()
        .map_err(|_| format!("`{today}` is not a date; write it as YYYY-MM-DD"))
}

/// The dropped files by their normalised path (no `.` components, `/`-separated).
fn dropped(names: Vec<String>, blobs: Vec<Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    names
        .into_iter()
        .zip(blobs)
        .map(|(name, bytes)| (normalise(&name).unwrap_or(name), bytes))
        .collect()
}

/// `a/./b/../c` → `a/c`; `None` when the path climbs above where it starts.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// The manifests among the dropped files, as `mdelist check` finds them in a folder: every
/// `listing.toml` outside hidden folders, sorted.
fn manifests(files: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    files
        .keys()
        .filter(|path| {
            let mut parts: Vec<&str> = path.split('/').collect();
            parts.pop() == Some(MANIFEST_FILE) && !parts.iter().any(|part| part.starts_with('.'))
        })
        .map(String::as_str)
        .collect()
}

/// The nearest `mdelist.toml` at or above `dir` among the dropped files.
fn policy_for(files: &BTreeMap<String, Vec<u8>>, dir: &str) -> Result<Policy, String> {
    let mut at = dir;
    loop {
        let candidate = join(at, CONFIG_FILE);
        if let Some(bytes) = files.get(&candidate) {
            let path = Path::new(&candidate);
            let text = String::from_utf8(bytes.clone())
                .map_err(|_| format!("{candidate}: not UTF-8 text; save it as UTF-8"))?;
            return Policy::parse(&text, path).map_err(|error| error.to_string());
        }
        if at.is_empty() {
            return Ok(Policy::default());
        }
        at = parent(at);
    }
}

/// A referenced file, taken from the dropped ones: what a folder on disk would give, without
/// symbolic links (a browser hands over none).
fn resolve<'a>(
    files: &'a BTreeMap<String, Vec<u8>>,
    dir: &'a str,
) -> impl Fn(&str) -> Result<Vec<u8>, PathProblem> + 'a {
    move |relative: &str| {
        relative_inside(relative)?;
        let path = normalise(&join(dir, relative))
            .ok_or_else(|| PathProblem::Unreadable("does not exist".into()))?;
        match files.get(&path) {
            Some(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => Err(PathProblem::Unreadable(
                format!("is larger than 16 MiB ({} bytes)", bytes.len()),
            )),
            Some(bytes) => Ok(bytes.clone()),
            None if files
                .keys()
                .any(|name| name.starts_with(&format!("{path}/"))) =>
            {
                Err(PathProblem::Unreadable(
                    "is not a regular file (it is a folder)".into(),
                ))
            }
            None => Err(PathProblem::Unreadable("does not exist".into())),
        }
    }
}

fn renderer(mode: RenderMode) -> &'static dyn RenderLogo {
    match mode {
        RenderMode::InProcess => &Watched,
        RenderMode::TimedOut => &OverBudget,
    }
}

fn check(
    files: &BTreeMap<String, Vec<u8>>,
    today: Date,
    source_date_epoch: Option<&str>,
    mode: RenderMode,
) -> Vec<u8> {
    let found = manifests(files);
    if found.is_empty() {
        return fail(format!(
            "no {MANIFEST_FILE} among the dropped files; drop a listing folder or its files"
        ));
    }
    if let Err(message) = timestamp(source_date_epoch) {
        return fail(message);
    }
    let renderer = renderer(mode);
    let mut reports = Vec::new();
    let mut limits = Vec::new();
    for manifest in found {
        let dir = parent(manifest);
        let policy = match policy_for(files, dir) {
            Ok(policy) => policy,
            Err(message) => return fail(message),
        };
        let bytes = files.get(manifest).cloned().unwrap_or_default();
        let shown_dir = if dir.is_empty() { "." } else { dir };
        let package = package_from_bytes(
            Path::new(manifest),
            Path::new(shown_dir),
            bytes,
            &resolve(files, dir),
        );
        reports.push(check_package(package, &policy, today, renderer));
        limits.push(policy.limits);
    }
    let mut blobs = Vec::new();
    let listings = reports
        .iter()
        .zip(&limits)
        .map(|(report, limits)| {
            listing_output(report, limits, today, source_date_epoch, &mut blobs)
        })
        .collect();
    let report = Report::of_listings(reports);
    let checked = Checked {
        report: json::render(&report),
        human: human::render(&report, HumanOptions::default()),
        listings,
    };
    envelope::encode(&checked, &blobs)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A team's latest verdict as `mdelist review status` shows it.
fn verdict_text(state: mdelist::review::TeamState) -> String {
    use mdelist::review::{TeamState, Verdict};
    match state {
        TeamState::Pending => "waiting".into(),
        TeamState::Decided(recorded) => {
            let verdict = match recorded.verdict {
                Verdict::Approved => "approved",
                Verdict::ChangesRequested => "changes requested",
            };
            format!("{verdict} {}", recorded.date)
        }
    }
}

fn attach(blobs: &mut Vec<Vec<u8>>, name: String, bytes: Vec<u8>) -> Attachment {
    let attachment = Attachment {
        name,
        blob: blobs.len(),
        bytes: bytes.len(),
        sha256: sha256_hex(&bytes),
    };
    blobs.push(bytes);
    attachment
}

fn listing_output(
    report: &ListingReport,
    limits: &mdelist::policy::Limits,
    today: Date,
    source_date_epoch: Option<&str>,
    blobs: &mut Vec<Vec<u8>>,
) -> ListingOutput {
    let snippets = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let source = diagnostic
                .location
                .as_ref()
                .and_then(|location| report.source(&location.file));
            human::render_diagnostics(&[diagnostic], source, false, None)
        })
        .collect();
    let (preview, preview_error, renders) = match mdelist::preview::preview(report, limits) {
        Ok(mut files) => {
            let page = (!files.is_empty()).then(|| files.remove(0));
            let renders = files
                .into_iter()
                .map(|file| attach(blobs, file.name, file.bytes))
                .collect();
            (
                page.map(|page| String::from_utf8_lossy(&page.bytes).into_owned()),
                None,
                renders,
            )
        }
        Err(error) => (None, Some(error.to_string()), Vec::new()),
    };
    let listing = report.package.listing.as_ref();
    let words = listing
        .and_then(|listing| listing.description.as_ref())
        .map(|description| {
            mdelist::text::words::split_words(&description.value, None)
                .into_iter()
                .map(|word| word.text)
                .collect()
        })
        .unwrap_or_default();
    let press = listing
        .map(|listing| listing.press_releases.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|release| press_window(release, today))
        .collect();
    let (bundle, bundle_refused) = bundle(report, today, source_date_epoch, blobs);
    ListingOutput {
        manifest: report.manifest_path.display().to_string(),
        snippets,
        preview,
        preview_error,
        renders,
        words,
        word_limit: limits.description_words,
        press,
        bundle,
        bundle_refused,
    }
}

fn press_window(release: &mdelist::manifest::PressRelease, today: Date) -> PressWindow {
    let window = mdelist::review::assess_release(release, today);
    let date = |date: Option<Date>| date.map(|date| date.to_string());
    PressWindow {
        file: release.file.as_ref().map(|file| file.value.clone()),
        submitted: date(window.submitted),
        earliest: date(window.earliest),
        publish: date(window.publish),
        state: window.state.as_str().to_string(),
        marketing: verdict_text(window.marketing),
        engineering: verdict_text(window.engineering),
        days_left: window.days_left(today),
    }
}

/// `mdelist bundle`: refused while the listing has errors, else the archive's bytes.
fn bundle(
    report: &ListingReport,
    today: Date,
    source_date_epoch: Option<&str>,
    blobs: &mut Vec<Vec<u8>>,
) -> (Option<Attachment>, Option<String>) {
    if Tally::of(&report.diagnostics).errors > 0 {
        return (
            None,
            Some("the listing has errors; nothing was written".into()),
        );
    }
    let plan = match mdelist::bundle::plan(report, today) {
        Ok(plan) => plan,
        Err(error) => return (None, Some(error.to_string())),
    };
    let built = timestamp(source_date_epoch)
        .map_err(|message| message.to_string())
        .and_then(|stamp| archive(&plan, stamp).map_err(|error| error.to_string()));
    match built {
        Ok(bytes) => (Some(attach(blobs, plan.file_name(), bytes)), None),
        Err(error) => (None, Some(format!("cannot build the archive: {error}"))),
    }
}

fn verify(files: &BTreeMap<String, Vec<u8>>, today: Date, renderer: &dyn RenderLogo) -> Vec<u8> {
    let Some((name, bytes)) = files
        .iter()
        .find(|(name, _)| name.to_ascii_lowercase().ends_with(".zip"))
    else {
        return fail("drop the bundle's .zip file to verify it".into());
    };
    let dir = parent(name);
    let policy = match policy_for(files, dir) {
        Ok(policy) => policy,
        Err(message) => return fail(message),
    };
    let path = PathBuf::from(name);
    match verify_archive(
        std::io::Cursor::new(bytes.as_slice()),
        &path,
        &policy,
        today,
        renderer,
    ) {
        Ok(verification) => {
            let report = Report::from(verification);
            let verified = Verified {
                report: json::render(&report),
                human: human::render(&report, HumanOptions::default()),
                intact: report.intact(),
            };
            envelope::encode(&verified, &[])
        }
        Err(error) => fail(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(request: &[u8]) -> serde_json::Value {
        envelope::decode::<serde_json::Value>(&handle(request))
            .unwrap()
            .header
    }

    #[test]
    fn a_drop_without_a_manifest_or_a_date_is_answered_with_the_reason() {
        let request = |today: &str| {
            envelope::encode(
                &serde_json::json!({ "op": "check", "today": today, "files": ["logo.svg"] }),
                &[b"<svg/>".to_vec()],
            )
        };
        assert_eq!(
            answer(&request("2026-11-22"))["error"],
            "no listing.toml among the dropped files; drop a listing folder or its files"
        );
        assert_eq!(
            answer(&request("22/11/2026"))["error"],
            "`22/11/2026` is not a date; write it as YYYY-MM-DD"
        );
        assert_eq!(
            answer(b"\x05\0\0\0{}")["error"],
            "the message from the page is cut short"
        );
    }

    #[test]
    fn referenced_files_resolve_inside_the_drop_only() {
        let files: BTreeMap<String, Vec<u8>> = [
            ("listing/listing.toml", b"".to_vec()),
            ("listing/logo.svg", b"<svg/>".to_vec()),
            ("listing/press/a.md", b"text".to_vec()),
            ("secret.txt", b"no".to_vec()),
        ]
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), bytes))
        .collect();
        let read = resolve(&files, "listing");
        assert_eq!(read("./logo.svg").unwrap(), b"<svg/>");
        assert_eq!(read("press/../press/a.md").unwrap(), b"text");
        assert_eq!(
            read("../secret.txt").unwrap_err(),
            PathProblem::Escapes("leaves the listing folder through `..`".into())
        );
        assert_eq!(
            read("/secret.txt").unwrap_err(),
            PathProblem::Escapes("is an absolute path".into())
        );
        assert_eq!(
            read("press").unwrap_err(),
            PathProblem::Unreadable("is not a regular file (it is a folder)".into())
        );
        assert_eq!(
            read("missing.svg").unwrap_err(),
            PathProblem::Unreadable("does not exist".into())
        );
    }

    #[test]
    fn paths_normalise_and_never_climb_out() {
        assert_eq!(normalise("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalise("./listing.toml").as_deref(), Some("listing.toml"));
        assert_eq!(normalise("a/../../b"), None);
    }

    #[test]
    fn manifests_are_found_outside_hidden_folders_in_order() {
        let files: BTreeMap<String, Vec<u8>> = [
            "b/listing.toml",
            "a/listing.toml",
            "a/.git/listing.toml",
            "a/press/listing.toml.bak",
        ]
        .into_iter()
        .map(|name| (name.to_string(), Vec::new()))
        .collect();
        assert_eq!(manifests(&files), ["a/listing.toml", "b/listing.toml"]);
    }
}
