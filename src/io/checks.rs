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
use crate::check::{ListingReport, MANIFEST_FILE, check_package_probed};
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

/// The manifests named by `paths`: a `listing.toml` itself, a listing folder (its manifest,
/// without walking the folder), or any other folder, searched recursively (honouring
/// `.gitignore` up to the repository root and no further, skipping hidden folders). Sorted,
/// deduplicated.
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
        // A listing folder is its manifest: nothing in it needs searching. (A manifest that is
        // a link or not a file is left to the search, which says why it is not taken.)
        let own = path.join(MANIFEST_FILE);
        if std::fs::symlink_metadata(&own).is_ok_and(|own| own.is_file()) {
            manifests.push(if path.as_os_str() == "." {
                PathBuf::from(MANIFEST_FILE)
            } else {
                own
            });
            continue;
        }
        let before = manifests.len();
        search(path, &mut manifests)?;
        if manifests.len() == before {
            return Err(CheckError::NoListing(path.clone()));
        }
    }
    manifests.sort();
    manifests.dedup();
    Ok(manifests)
}

/// Adds the manifests under the folder `path` to `manifests`, in path order. The `.gitignore`
/// files between the repository root and `path` apply as git applies them; nothing above the
/// root is read (nor the user's git configuration), and outside a repository nothing above
/// `path`.
fn search(path: &Path, manifests: &mut Vec<PathBuf>) -> Result<(), CheckError> {
    let walk_error = |message: String| CheckError::Walk {
        path: path.to_path_buf(),
        message,
    };
    let absolute = path
        .canonicalize()
        .map_err(|error| walk_error(format!("cannot be read: {}", describe_io(&error))))?;
    let above = AncestorIgnores::between_root_and(&absolute);
    let walker = ignore::WalkBuilder::new(&absolute)
        .hidden(true)
        // `.ignore` files are a search tool's convention, not git's: a pull request could
        // add one to hide its own listing from the gate, and nothing else reads them.
        .ignore(false)
        .parents(false)
        .git_global(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            entry.depth() == 0 || !above.ignores(entry.path(), is_dir)
        })
        .build();
    for entry in walker {
        let entry = entry.map_err(|error| walk_error(walk_problem(&error, &absolute, path)))?;
        let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
        if !is_file || entry.file_name() != MANIFEST_FILE {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&absolute) else {
            continue;
        };
        // Shown under the path as given; "x/listing.toml" rather than "./x/listing.toml".
        manifests.push(if path.as_os_str() == "." {
            relative.to_path_buf()
        } else {
            path.join(relative)
        });
    }
    Ok(())
}

/// The ignore rules of the folders above a searched folder, up to its repository's root: its
/// `.gitignore` files and the root's `.git/info/exclude`, nearest first.
struct AncestorIgnores {
    matchers: Vec<ignore::gitignore::Gitignore>,
}

impl AncestorIgnores {
    fn between_root_and(folder: &Path) -> AncestorIgnores {
        let mut matchers = Vec::new();
        let Some(root) = folder.ancestors().find(|dir| dir.join(".git").exists()) else {
            return AncestorIgnores { matchers };
        };
        for dir in folder.ancestors().skip(1) {
            if !dir.starts_with(root) {
                break;
            }
            let mut files = vec![dir.join(".gitignore")];
            if dir == root {
                files.push(dir.join(".git/info/exclude"));
            }
            for file in files {
                if !file.is_file() {
                    continue;
                }
                let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
                // An unreadable or malformed line is skipped, as git skips it.
                let _ = builder.add(&file);
                if let Ok(matcher) = builder.build() {
                    matchers.push(matcher);
                }
            }
        }
        AncestorIgnores { matchers }
    }

    /// Whether the nearest rule that speaks of `path` ignores it.
    fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        self.matchers
            .iter()
            .map(|matcher| matcher.matched(path, is_dir))
            .find(|found| !found.is_none())
            .is_some_and(|found| found.is_ignore())
    }
}

/// What stopped the search, in the words the rest of the tool uses: "./private cannot be
/// read: permission denied", the path shown under the one given (`given` for `absolute`).
fn walk_problem(error: &ignore::Error, absolute: &Path, given: &Path) -> String {
    let shown = |path: &Path| match path.strip_prefix(absolute) {
        Ok(relative) if relative.as_os_str().is_empty() => given.to_path_buf(),
        Ok(relative) => given.join(relative),
        Err(_) => path.to_path_buf(),
    };
    match error {
        ignore::Error::WithPath { path, err } => match err.io_error() {
            Some(io) => format!(
                "{} cannot be read: {}",
                shown(path).display(),
                describe_io(io)
            ),
            None => format!("{}: {err}", shown(path).display()),
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err, absolute, given)
        }
        other => other.to_string(),
    }
}

/// Chooses each listing's policy: the `--config` file for all, or the one [`Policy::discover`]
/// finds, each loaded once.
#[derive(Debug, Default)]
pub struct Policies {
    explicit: Option<Arc<Policy>>,
    discovered: HashMap<PathBuf, Arc<Policy>>,
    default: Arc<Policy>,
    /// Passed-over `mdelist.toml` files already warned about.
    warned: std::collections::HashSet<PathBuf>,
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
        let cwd = std::env::current_dir().unwrap_or_default();
        let discovery = Policy::discover(listing_dir, &cwd);
        for ignored in discovery.ignored {
            if self.warned.insert(ignored.clone()) {
                let root = ignored
                    .ancestors()
                    .find(|dir| dir.join(".git").exists())
                    .map_or_else(String::new, |root| {
                        format!(" ({})", root.join(crate::policy::CONFIG_FILE).display())
                    });
                eprintln!(
                    "warning: {} is not used: inside a git repository only the repository \
                     root's mdelist.toml applies{root}; pin one with --config",
                    ignored.display()
                );
            }
        }
        let Some(path) = discovery.config else {
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

/// Reads and checks one listing, rendering its logo at `sizes` too (the sizes the caller
/// ships, [`crate::svg::RENDER_SIZES`]; [`crate::svg::CHECKED_SIZES`] when it ships none).
pub fn check_listing(
    manifest_path: &Path,
    policies: &mut Policies,
    today: Date,
    sizes: &[u32],
) -> Result<ListingReport, CheckError> {
    check_listing_over(manifest_path, policies, today, sizes, &|_| None)
}

/// [`check_listing`] of the listing as `overlay` changes it (files not written yet).
pub fn check_listing_over(
    manifest_path: &Path,
    policies: &mut Policies,
    today: Date,
    sizes: &[u32],
    overlay: &crate::io::files::Overlay,
) -> Result<ListingReport, CheckError> {
    let package = crate::io::files::load_package_over(manifest_path, overlay)?;
    let policy = policies.for_listing(&package.dir)?;
    Ok(check_package_probed(
        package,
        &policy,
        today,
        crate::io::render::command_line(),
        None,
        sizes,
    ))
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
/// many listings there are. `jobs` listings are checked at once (by default rayon's count: the
/// available cores, or `RAYON_NUM_THREADS`). `progress` is advanced once per listing.
pub fn check_all(
    manifests: &[PathBuf],
    policies: &mut Policies,
    today: Date,
    online: Option<OnlineOptions>,
    jobs: Option<usize>,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<ListingReport>, CheckError> {
    let compare = manifests.len() > 1;
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
            .collect::<Result<Vec<ListingReport>, CheckError>>()
    };
    // Landing pages are probed while other listings are checked: waiting on the network
    // deserves more threads than there are cores.
    let threads = jobs.or(online.map(|_| ONLINE_THREADS));
    let mut reports: Vec<ListingReport> = in_threads(threads, run)?;
    if compare {
        let mut ledger = crate::consistency::Ledger::new();
        for (report, (_, policy)) in reports.iter_mut().zip(&work) {
            crate::check::compare_with_earlier(&mut ledger, report, policy, today);
        }
    }
    Ok(reports)
}

/// Runs `work` with rayon on `threads` threads, or on rayon's global pool when `None` (or when
/// a pool of that size cannot be started).
pub fn in_threads<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
    match threads.map(|count| rayon::ThreadPoolBuilder::new().num_threads(count).build()) {
        Some(Ok(pool)) => pool.install(work),
        _ => work(),
    }
}

/// Checks many listings on `jobs` threads (by default rayon's count: the available cores, or
/// `RAYON_NUM_THREADS`; 16 with `--online`) and hands each report to `emit` as soon as it and
/// every listing before it are done, in the order of `manifests`. At most a few listings per
/// thread wait for an earlier one, so memory does not grow with the number of listings. The
/// first failure (of reading a listing, or of `emit`) stops the run. With `compare`, each
/// listing is compared with the ones before it ([`crate::check::compare_with_earlier`]) before
/// it is handed on: only their compact facts are kept.
pub fn check_each(
    manifests: &[PathBuf],
    policies: &mut Policies,
    today: Date,
    online: Option<OnlineOptions>,
    jobs: Option<usize>,
    compare: bool,
    emit: &mut dyn FnMut(ListingReport) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let work: Vec<(&PathBuf, Arc<Policy>)> = manifests
        .iter()
        .map(|manifest| Ok((manifest, policies.for_listing(listing_dir(manifest))?)))
        .collect::<Result<_, ConfigError>>()
        .map_err(CheckError::from)?;
    // One listing, or one thread asked for: checked here, in order, with no thread pool (whose
    // start would cost more than the check of one listing).
    if work.len() <= 1 || jobs == Some(1) {
        let mut ledger = compare.then(crate::consistency::Ledger::new);
        for (manifest, policy) in &work {
            let report = check_one(manifest, policy, today, online)?;
            hand_on(&mut ledger, report, policy, today, emit)?;
        }
        return Ok(());
    }
    let threads = jobs
        .or(online.map(|_| ONLINE_THREADS))
        .unwrap_or_else(rayon::current_num_threads)
        .clamp(1, work.len());
    let window = threads * REORDER_PER_THREAD;
    let state = std::sync::Mutex::new(Reorder::default());
    let changed = std::sync::Condvar::new();
    // The checks run on rayon's threads, which outlive them: a render worker is tied to the
    // thread that started it and is reused by the next check on any thread. The listings are
    // handed on from this thread.
    let shared = Shared {
        work: &work,
        state: &state,
        changed: &changed,
        window,
        today,
        online,
        compare,
    };
    let pool = jobs
        .or(online.map(|_| ONLINE_THREADS))
        .map(|count| rayon::ThreadPoolBuilder::new().num_threads(count).build());
    match pool {
        Some(Ok(pool)) => pool.in_place_scope(|scope| feed(scope, &shared, threads, emit)),
        _ => rayon::in_place_scope(|scope| feed(scope, &shared, threads, emit)),
    }
}

/// What the checking threads of [`check_each`] share.
struct Shared<'a> {
    work: &'a [(&'a PathBuf, Arc<Policy>)],
    state: &'a std::sync::Mutex<Reorder>,
    changed: &'a std::sync::Condvar,
    window: usize,
    today: Date,
    online: Option<OnlineOptions>,
    compare: bool,
}

/// Starts `threads` checking loops in `scope` and hands the reports to `emit` in order.
fn feed<'s>(
    scope: &rayon::Scope<'s>,
    shared: &'s Shared<'s>,
    threads: usize,
    emit: &mut dyn FnMut(ListingReport) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Shared {
        work,
        state,
        changed,
        window,
        today,
        online,
        compare,
    } = *shared;
    for _ in 0..threads {
        scope.spawn(move |_| {
            loop {
                let index = {
                    let mut guard = lock(state);
                    while !guard.stopped
                        && guard.taken < work.len()
                        && guard.taken >= guard.emitted + window
                    {
                        guard = changed
                            .wait(guard)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                    if guard.stopped || guard.taken >= work.len() {
                        return;
                    }
                    guard.taken += 1;
                    guard.taken - 1
                };
                let (manifest, policy) = &work[index];
                let result = check_one(manifest, policy, today, online);
                lock(state).done.insert(index, result);
                changed.notify_all();
            }
        });
    }
    let mut ledger = compare.then(crate::consistency::Ledger::new);
    let outcome = (|| -> anyhow::Result<()> {
        for (index, (_, policy)) in work.iter().enumerate() {
            let result = {
                let mut guard = lock(state);
                loop {
                    if let Some(result) = guard.done.remove(&index) {
                        guard.emitted = index + 1;
                        break result;
                    }
                    guard = changed
                        .wait(guard)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            };
            changed.notify_all();
            hand_on(&mut ledger, result?, policy, today, emit)?;
        }
        Ok(())
    })();
    lock(state).stopped = true;
    changed.notify_all();
    outcome
}

/// Reads and checks the listing of `manifest`; the report is slimmed for handing on.
fn check_one(
    manifest: &Path,
    policy: &Policy,
    today: Date,
    online: Option<OnlineOptions>,
) -> Result<ListingReport, CheckError> {
    load_package(manifest)
        .map(|package| check_online(package, policy, today, online).slim())
        .map_err(CheckError::from)
}

/// Compares the report with the listings handed on before it (when `ledger` is kept) and hands
/// it on.
fn hand_on(
    ledger: &mut Option<crate::consistency::Ledger>,
    mut report: ListingReport,
    policy: &Policy,
    today: Date,
    emit: &mut dyn FnMut(ListingReport) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(ledger) = ledger {
        crate::check::compare_with_earlier(ledger, &mut report, policy, today);
    }
    emit(report)
}

/// Listings a thread may check ahead of the oldest one not yet handed on.
const REORDER_PER_THREAD: usize = 4;

/// The reorder buffer of [`check_each`].
#[derive(Default)]
struct Reorder {
    /// Listings started (the next one to start).
    taken: usize,
    /// Listings handed on.
    emitted: usize,
    /// Finished listings waiting for an earlier one.
    done: std::collections::BTreeMap<usize, Result<ListingReport, CheckError>>,
    stopped: bool,
}

fn lock(state: &std::sync::Mutex<Reorder>) -> std::sync::MutexGuard<'_, Reorder> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
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
    check_package_probed(
        package,
        policy,
        today,
        crate::io::render::command_line(),
        probe,
        &crate::svg::CHECKED_SIZES,
    )
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
