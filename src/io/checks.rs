//! Finding listings on disk and checking them: the manifests a path names, the policy that
//! governs each, and many listings checked in parallel (with the landing pages probed when
//! `--online` is given).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use super::OnlineOptions;
use super::files::{LoadError, load_package};
use super::render::RenderThread;
use crate::check::{ListingReport, MANIFEST_FILE, check_package, check_package_probed};
use crate::manifest::{Package, describe_io};
use crate::online::LinkProbe;
use crate::policy::{ConfigError, Policy};

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

/// Reads and checks one listing.
pub fn check_listing(
    manifest_path: &Path,
    policies: &mut Policies,
    today: Date,
) -> Result<ListingReport, CheckError> {
    let package = load_package(manifest_path)?;
    let policy = policies.for_listing(&package.dir)?;
    Ok(check_package(package, &policy, today, &RenderThread))
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
                let report = check_online(package, policy, today, online).slim();
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

/// Checks one package, probing its landing page first when `online` is given.
pub fn check_online(
    package: Package,
    policy: &Policy,
    today: Date,
    online: Option<OnlineOptions>,
) -> ListingReport {
    let probe = online.and_then(|options| {
        crate::check::probe_target(&package).map(|url| probe_landing_page(&url, options))
    });
    check_package_probed(package, policy, today, &RenderThread, probe)
}

#[cfg(feature = "online")]
fn probe_landing_page(url: &url::Url, options: OnlineOptions) -> LinkProbe {
    super::online::probe(url, options)
}

/// Without the `online` feature there is no HTTP client: the page is reported unprobed.
#[cfg(not(feature = "online"))]
fn probe_landing_page(url: &url::Url, _options: OnlineOptions) -> LinkProbe {
    LinkProbe {
        final_url: url.to_string(),
        status: None,
        problem: Some("this mdelist was built without the `online` feature".into()),
    }
}
