//! The check pipeline: find listings, read each once, run every rule, apply policy.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, SourceFile, Tally};
use crate::manifest::{LoadError, Package, describe_io, load_package};
use crate::online::{OnlineOptions, probe};
use crate::policy::{ConfigError, Policy};
use crate::rules::user_agent::resolved_user_agent;
use crate::rules::{Context, Findings, run_listing_rules};

pub const MANIFEST_FILE: &str = "listing.toml";

/// The result of checking one listing.
#[derive(Debug)]
pub struct ListingReport {
    pub manifest_path: PathBuf,
    pub product: Option<String>,
    pub user_agent: Option<String>,
    pub description_words: Option<usize>,
    pub diagnostics: Vec<Diagnostic>,
    /// The files diagnostics point into besides the manifest, for rendering snippets.
    pub sources: Vec<SourceFile>,
    /// The package as read (manifest, typed listing, referenced files' bytes), for the
    /// stages after checking (bundle, preview).
    pub package: Package,
    /// The logo's analysis and renders.
    pub logo: Option<crate::svg::Logo>,
    /// Each press release read as text, for `review status` and the bundle.
    pub press: Vec<crate::press::PressFile>,
    /// The press releases in `press/` that no `[[press_release]]` names.
    pub unlisted_press: Vec<crate::press::UnlistedPress>,
}

impl ListingReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }

    /// Drops what only later stages need (file bytes, renders) and the sources no diagnostic
    /// points into.
    pub fn slim(mut self) -> ListingReport {
        self.package.logo = None;
        self.package.press.clear();
        self.press.clear();
        self.unlisted_press.clear();
        self.package.unlisted_press.clear();
        self.logo = None;
        let used: Vec<&Path> = self
            .diagnostics
            .iter()
            .filter_map(|diagnostic| {
                diagnostic
                    .location
                    .as_ref()
                    .map(|location| location.file.as_path())
            })
            .collect();
        let sources = std::mem::take(&mut self.sources);
        self.sources = sources
            .into_iter()
            .filter(|source| used.contains(&source.path()))
            .collect();
        self
    }

    pub fn source(&self, path: &Path) -> Option<&SourceFile> {
        std::iter::once(&self.package.manifest)
            .chain(&self.sources)
            .find(|source| source.path() == path)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    #[error("no {MANIFEST_FILE} found under {0}; give a listing folder or its {MANIFEST_FILE}")]
    NoListing(PathBuf),
    #[error("cannot search {path}: {message}")]
    Walk { path: PathBuf, message: String },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// The manifests named by `paths`: a `listing.toml` itself, a listing folder, or any folder,
/// searched recursively (honouring `.gitignore`, skipping hidden folders). Sorted, deduplicated.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CheckError> {
    let mut manifests = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|_| CheckError::NotFound(path.clone()))?;
        // Anything but a folder is taken as the manifest named, so reading it says what is
        // wrong with it (a pipe, a device).
        if !metadata.is_dir() {
            manifests.push(path.clone());
            continue;
        }
        let before = manifests.len();
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .follow_links(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry.map_err(|error| CheckError::Walk {
                path: path.clone(),
                message: walk_problem(&error),
            })?;
            let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
            if is_file && entry.file_name() == MANIFEST_FILE {
                // Searching "." yields "./x/listing.toml"; messages read better as "x/listing.toml".
                let found = entry.into_path();
                let shown = match found.strip_prefix(".") {
                    Ok(relative) if path.as_os_str() == "." => relative.to_path_buf(),
                    _ => found,
                };
                manifests.push(shown);
            }
        }
        if manifests.len() == before {
            return Err(CheckError::NoListing(path.clone()));
        }
    }
    manifests.sort();
    manifests.dedup();
    Ok(manifests)
}

/// What stopped the search, in the words the rest of the tool uses: "./private cannot be
/// read: permission denied".
fn walk_problem(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { path, err } => match err.io_error() {
            Some(io) => format!("{} cannot be read: {}", path.display(), describe_io(io)),
            None => format!("{}: {err}", path.display()),
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err)
        }
        other => other.to_string(),
    }
}

/// Chooses each listing's policy: the `--config` file for all, or the nearest `mdelist.toml`,
/// each loaded once.
#[derive(Debug, Default)]
pub struct Policies {
    explicit: Option<Arc<Policy>>,
    discovered: HashMap<PathBuf, Arc<Policy>>,
    default: Arc<Policy>,
}

impl Policies {
    pub fn new(config: Option<&Path>) -> Result<Policies, ConfigError> {
        Ok(Policies {
            explicit: config.map(Policy::load).transpose()?.map(Arc::new),
            ..Policies::default()
        })
    }

    pub fn for_listing(&mut self, listing_dir: &Path) -> Result<Arc<Policy>, ConfigError> {
        if let Some(policy) = &self.explicit {
            return Ok(Arc::clone(policy));
        }
        let Some(path) = Policy::discover(listing_dir) else {
            return Ok(Arc::clone(&self.default));
        };
        if let Some(policy) = self.discovered.get(&path) {
            return Ok(Arc::clone(policy));
        }
        let policy = Arc::new(Policy::load(&path)?);
        self.discovered.insert(path, Arc::clone(&policy));
        Ok(policy)
    }
}

/// Runs every offline rule over a package and applies the policy.
pub fn check_package(package: Package, policy: &Policy, today: Date) -> ListingReport {
    check_package_online(package, policy, today, None)
}

/// The landing page to probe with `--online`: any that parses as an http or https URL,
/// whatever its other findings.
fn probe_target(package: &Package) -> Option<url::Url> {
    let text = package.listing.as_ref()?.landing_page.as_ref()?;
    let url = url::Url::parse(text.value.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// Runs every rule, the online ones too when `online` is given, and applies the policy.
pub fn check_package_online(
    package: Package,
    policy: &Policy,
    today: Date,
    online: Option<OnlineOptions>,
) -> ListingReport {
    let probe = online.and_then(|options| probe_target(&package).map(|url| probe(&url, options)));
    let logo = package.logo.as_ref().map(crate::svg::analyze);
    let press = crate::press::analyze(&package);
    let unlisted_press = crate::press::analyze_unlisted(&package);
    let mut findings = Findings::new(&package.manifest);
    findings.extend(package.diagnostics.iter().cloned());
    let context = Context {
        package: &package,
        logo: logo.as_ref(),
        online: probe.as_ref(),
        press: &press,
        unlisted_press: &unlisted_press,
        limits: &policy.limits,
        today,
        description_words: std::cell::OnceCell::new(),
    };
    if package.listing.is_some() {
        run_listing_rules(&context, &mut findings);
    }
    // The main description comes first among the counted ones (product.description).
    let description_words = context
        .counted_descriptions()
        .first()
        .filter(|(field, _)| field.lang.is_none())
        .map(|(_, words)| words.len());
    let diagnostics = policy.apply(
        findings.into_vec(),
        package.listing.as_ref(),
        today,
        &package.manifest,
    );
    let listing = package.listing.as_ref();
    ListingReport {
        manifest_path: package.manifest.path().to_path_buf(),
        product: listing.and_then(|listing| listing.name.as_ref().map(|name| name.value.clone())),
        user_agent: listing.and_then(resolved_user_agent),
        description_words,
        diagnostics,
        sources: logo
            .iter()
            .filter_map(|logo| logo.source.clone())
            .chain(
                press
                    .iter()
                    .filter_map(|file| file.text().map(|text| text.source.clone())),
            )
            .chain(
                unlisted_press
                    .iter()
                    .filter_map(|file| file.text().map(|text| text.source.clone())),
            )
            .collect(),
        package,
        logo,
        press,
        unlisted_press,
    }
}

/// Reads and checks one listing.
pub fn check_listing(
    manifest_path: &Path,
    policies: &mut Policies,
    today: Date,
) -> Result<ListingReport, CheckError> {
    let package = load_package(manifest_path)?;
    let policy = policies.for_listing(&package.dir)?;
    Ok(check_package(package, &policy, today))
}

/// The folder a manifest's listing lives in (for policy discovery).
fn listing_dir(manifest_path: &Path) -> &Path {
    match manifest_path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Checks many listings in parallel. Results come back in the order of `manifests` whatever the
/// scheduling, each slimmed down (no file bytes, no renders) so memory stays bounded however
/// many listings there are. `progress` is advanced once per listing.
pub fn check_all(
    manifests: &[PathBuf],
    policies: &mut Policies,
    today: Date,
    online: Option<OnlineOptions>,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<ListingReport>, CheckError> {
    let work: Vec<(&PathBuf, Arc<Policy>)> = manifests
        .iter()
        .map(|manifest| Ok((manifest, policies.for_listing(listing_dir(manifest))?)))
        .collect::<Result<_, ConfigError>>()?;
    let run = || {
        work.par_iter()
            .map(|(manifest, policy)| {
                let package = load_package(manifest)?;
                let report = check_package_online(package, policy, today, online).slim();
                progress();
                Ok(report)
            })
            .collect()
    };
    // Landing pages are probed while other listings are checked: waiting on the network
    // deserves more threads than there are cores.
    match online.map(|_| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(ONLINE_THREADS)
            .build()
    }) {
        Some(Ok(pool)) => pool.install(run),
        _ => run(),
    }
}

/// Listings checked at once with `--online`.
const ONLINE_THREADS: usize = 16;
