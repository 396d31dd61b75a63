//! `check --changed-since REV`: which listings a change touches, asked of git (a subprocess).
//!
//! The unit is the listing: a listing is checked when anything in its folder changed between
//! the merge base of REV and HEAD and the working tree (committed, staged, unstaged or
//! untracked and not ignored). Every listing is checked when an input that governs all of them
//! changed (an `mdelist.toml` outside the listing folders, the `--config` file, the baseline),
//! and when git cannot tell where the branches diverged (a shallow clone whose history does
//! not reach the merge base): a gate that cannot tell what changed checks everything rather
//! than pass what it did not look at. Renames count as a deletion and an addition, so a listing
//! moved to a new folder is checked there.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum ChangedError {
    #[error("--changed-since needs git: {0}")]
    NoGit(String),
    #[error("--changed-since needs a git repository: {0}")]
    NotARepository(String),
    #[error("--changed-since {rev}: {message}")]
    BadRevision { rev: String, message: String },
    #[error("--changed-since {rev}: git {command} failed: {message}")]
    Git {
        rev: String,
        command: &'static str,
        message: String,
    },
}

/// The listings to check, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The manifests to check, in the order given.
    pub manifests: Vec<PathBuf>,
    pub scope: Scope,
}

/// Why a selection is what it is, for the line the command prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Only the listings whose folder changed since `base`.
    Changed {
        base: String,
        of: usize,
        /// Listing manifests present at the base and gone now (deleted or moved away).
        removed: usize,
    },
    /// Every listing, because of `reason`.
    All { reason: String },
}

impl Selection {
    /// The one line `check` prints on stderr about what it checks.
    pub fn describe(&self, rev: &str) -> String {
        match &self.scope {
            Scope::Changed { base, of, removed } => {
                let short: String = base.chars().take(12).collect();
                let removed = match removed {
                    0 => String::new(),
                    1 => "; 1 listing removed".to_string(),
                    n => format!("; {n} listings removed"),
                };
                format!(
                    "checking {} of {of} listings: changed since {rev} (merge base {short}){removed}",
                    self.manifests.len()
                )
            }
            Scope::All { reason } => {
                format!("checking all {} listings: {reason}", self.manifests.len())
            }
        }
    }
}

/// The listings among `manifests` that changed since `rev`. `global_inputs` are files whose
/// change affects every listing besides any `mdelist.toml` (the `--config` file, the baseline).
pub fn select_changed(
    manifests: Vec<PathBuf>,
    rev: &str,
    global_inputs: &[PathBuf],
) -> Result<Selection, ChangedError> {
    let cwd = std::env::current_dir().map_err(|error| ChangedError::NoGit(error.to_string()))?;
    let git = Git { dir: cwd };
    let top = PathBuf::from(
        git.run(&["rev-parse", "--show-toplevel"], |message| {
            ChangedError::NotARepository(message)
        })?
        .trim_end_matches('\n'),
    );
    let git = Git { dir: top.clone() };
    let shallow = git
        .run(&["rev-parse", "--is-shallow-repository"], |_| {
            ChangedError::NotARepository(String::new())
        })
        .is_ok_and(|answer| answer.trim() == "true");
    let commit = git
        .run(
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &format!("{rev}^{{commit}}"),
            ],
            |_| bad_revision(rev, shallow),
        )?
        .trim()
        .to_string();
    let base = match git.merge_base(&commit, rev)? {
        (true, out) => out.trim().to_string(),
        (false, _) if shallow => {
            return Ok(Selection {
                scope: Scope::All {
                    reason: format!(
                        "this clone is shallow and its history does not reach where {rev} and \
                         HEAD diverged (fetch more history, e.g. `fetch-depth: 0`, to check only \
                         the changed listings)"
                    ),
                },
                manifests,
            });
        }
        (false, _) => {
            return Ok(Selection {
                scope: Scope::All {
                    reason: format!("{rev} and HEAD share no history"),
                },
                manifests,
            });
        }
    };
    let git_error = |command: &'static str| {
        let rev = rev.to_string();
        move |message| ChangedError::Git {
            rev,
            command,
            message,
        }
    };
    let diff = git.run(
        &[
            "-c",
            "core.quotepath=off",
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            &base,
            "--",
        ],
        git_error("diff"),
    )?;
    let untracked = git.run(
        &["ls-files", "-z", "--others", "--exclude-standard"],
        git_error("ls-files"),
    )?;
    let changed: Vec<&str> = diff
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|path| !path.is_empty())
        .collect();
    let removed = changed
        .iter()
        .filter(|path| {
            Path::new(path).file_name() == Some(OsStr::new(crate::check::MANIFEST_FILE))
                && !top.join(path).exists()
        })
        .count();
    let top_resolved = std::fs::canonicalize(&top).unwrap_or(top);
    let in_repository = |path: &Path| -> Option<String> {
        let resolved = std::fs::canonicalize(path).ok()?;
        let relative = resolved.strip_prefix(&top_resolved).ok()?;
        Some(relative.to_str()?.to_string())
    };
    let listing_dirs: Vec<Option<String>> = manifests
        .iter()
        .map(|manifest| in_repository(listing_folder(manifest)))
        .collect();
    let globals: Vec<String> = global_inputs
        .iter()
        .filter_map(|path| in_repository(path))
        .collect();
    Ok(choose(
        manifests,
        &listing_dirs,
        &changed,
        &globals,
        base,
        removed,
    ))
}

/// The pure decision: `listing_dirs[i]` is the folder of `manifests[i]` relative to the
/// repository root (`None` when outside it: always checked), `changed` the paths git names.
fn choose(
    manifests: Vec<PathBuf>,
    listing_dirs: &[Option<String>],
    changed: &[&str],
    globals: &[String],
    base: String,
    removed: usize,
) -> Selection {
    let inside = |path: &str, dir: &str| {
        dir.is_empty()
            || path
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    let in_some_listing = |path: &str| listing_dirs.iter().flatten().any(|dir| inside(path, dir));
    let governing = changed.iter().find(|path| {
        globals.iter().any(|global| global == *path)
            || (Path::new(path).file_name() == Some(OsStr::new(crate::policy::CONFIG_FILE))
                && !in_some_listing(path))
    });
    if let Some(path) = governing {
        return Selection {
            scope: Scope::All {
                reason: format!("{path} changed, and it applies to every listing"),
            },
            manifests,
        };
    }
    let of = manifests.len();
    let manifests = manifests
        .into_iter()
        .zip(listing_dirs)
        .filter(|(_, dir)| match dir {
            None => true,
            Some(dir) => changed.iter().any(|path| inside(path, dir)),
        })
        .map(|(manifest, _)| manifest)
        .collect();
    Selection {
        manifests,
        scope: Scope::Changed { base, of, removed },
    }
}

fn listing_folder(manifest: &Path) -> &Path {
    match manifest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn bad_revision(rev: &str, shallow: bool) -> ChangedError {
    let hint = if shallow {
        "; this clone is shallow: fetch it (e.g. `git fetch --depth=1 origin main`, or \
         `fetch-depth: 0` in actions/checkout)"
    } else {
        ""
    };
    ChangedError::BadRevision {
        rev: rev.to_string(),
        message: format!("not a commit in this repository{hint}"),
    }
}

/// git run in one folder, its configuration not allowed to run programs for the output asked.
struct Git {
    dir: PathBuf,
}

impl Git {
    /// `git merge-base COMMIT HEAD`: whether there is one, and it.
    fn merge_base(&self, commit: &str, rev: &str) -> Result<(bool, String), ChangedError> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["merge-base", commit, "HEAD"])
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .output()
            .map_err(|error| ChangedError::NoGit(format!("cannot run git: {error}")))?;
        // Exit 1 without a message: the two have no common ancestor (in the history present).
        if !output.status.success() && output.status.code() != Some(1) {
            let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
            return Err(ChangedError::Git {
                rev: rev.to_string(),
                command: "merge-base",
                message,
            });
        }
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        Ok((output.status.success(), stdout))
    }

    /// git's standard output, or `error` of its standard error.
    fn run(
        &self,
        args: &[&str],
        error: impl FnOnce(String) -> ChangedError,
    ) -> Result<String, ChangedError> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .output()
            .map_err(|error| ChangedError::NoGit(format!("cannot run git: {error}")))?;
        if !output.status.success() {
            let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
            return Err(error(message));
        }
        String::from_utf8(output.stdout).map_err(|_| error("a path git named is not UTF-8".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(dirs: &[&str], changed: &[&str], globals: &[&str]) -> Selection {
        let manifests = dirs
            .iter()
            .map(|dir| PathBuf::from(format!("{dir}/listing.toml")))
            .collect();
        let listing_dirs: Vec<Option<String>> =
            dirs.iter().map(|dir| Some(dir.to_string())).collect();
        let globals: Vec<String> = globals.iter().map(|g| g.to_string()).collect();
        choose(manifests, &listing_dirs, changed, &globals, "abc".into(), 0)
    }

    fn names(selection: &Selection) -> Vec<String> {
        selection
            .manifests
            .iter()
            .map(|path| path.display().to_string())
            .collect()
    }

    #[test]
    fn a_change_selects_the_listing_whose_folder_holds_it() {
        let selection = pick(
            &["a", "ab", "b/c"],
            &["a/logo.svg", "b/c/press/x.md", "README.md"],
            &[],
        );
        assert_eq!(names(&selection), ["a/listing.toml", "b/c/listing.toml"]);
        assert!(matches!(selection.scope, Scope::Changed { of: 3, .. }));
    }

    #[test]
    fn a_folder_name_prefix_is_not_containment() {
        assert!(
            pick(&["ab"], &["a/x", "abc/listing.toml"], &[])
                .manifests
                .is_empty()
        );
    }

    #[test]
    fn mdelist_toml_outside_listings_selects_every_listing() {
        let selection = pick(&["a", "b"], &["mdelist.toml"], &[]);
        assert_eq!(names(&selection), ["a/listing.toml", "b/listing.toml"]);
        assert_eq!(
            selection.scope,
            Scope::All {
                reason: "mdelist.toml changed, and it applies to every listing".into()
            }
        );
        let nested = pick(&["a", "b"], &["a/mdelist.toml"], &[]);
        assert_eq!(names(&nested), ["a/listing.toml"]);
        let global = pick(&["a", "b"], &["ci/gate.toml"], &["ci/gate.toml"]);
        assert_eq!(global.manifests.len(), 2);
    }

    #[test]
    fn a_listing_at_the_root_holds_every_change() {
        assert_eq!(pick(&[""], &["x/y"], &[]).manifests.len(), 1);
    }
}
