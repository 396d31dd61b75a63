//! `mdelist.toml` from disk: reading the file, and finding the one that governs a listing.

use std::path::Path;

use super::files::read_regular_file;
use crate::policy::{CONFIG_FILE, ConfigError, Discovery, Policy};

impl Policy {
    pub fn load(path: &Path) -> Result<Policy, ConfigError> {
        let bytes = read_regular_file(path).map_err(|reason| ConfigError::Unreadable {
            path: path.to_path_buf(),
            reason,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: "not UTF-8 text; save it as UTF-8".into(),
        })?;
        Policy::parse(&text, path)
    }

    /// The `mdelist.toml` that governs a listing folder, and the ones passed over.
    ///
    /// A CI gate must not be switched off by the change it gates, and a pull request can add
    /// files anywhere below the repository root. So inside a git repository (the nearest
    /// folder holding `.git`, which a commit cannot contain) only the repository root's
    /// `mdelist.toml` applies; any other one between the listing and the root is passed over
    /// and named in [`Discovery::ignored`]. Outside a repository the nearest one applies,
    /// searching up from the listing folder but never above the folder mdelist was started in
    /// (`cwd`), or above the listing folder itself when it is not inside that one: a stray
    /// `/tmp/mdelist.toml` never governs a listing unpacked below `/tmp`.
    pub fn discover(listing_dir: &Path, cwd: &Path) -> Discovery {
        let start =
            std::fs::canonicalize(listing_dir).unwrap_or_else(|_| listing_dir.to_path_buf());
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let candidate = |dir: &Path| Some(dir.join(CONFIG_FILE)).filter(|path| path.is_file());
        if let Some(root) = start.ancestors().find(|dir| dir.join(".git").exists()) {
            let ignored = start
                .ancestors()
                .take_while(|dir| *dir != root)
                .filter_map(candidate)
                .collect();
            return Discovery {
                config: candidate(root),
                ignored,
            };
        }
        let boundary = if start.starts_with(&cwd) {
            cwd.as_path()
        } else {
            start.as_path()
        };
        let config = start
            .ancestors()
            .take_while(|dir| dir.starts_with(boundary))
            .find_map(candidate);
        Discovery {
            config,
            ignored: Vec::new(),
        }
    }
}
