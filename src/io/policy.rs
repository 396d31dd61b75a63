//! `mdelist.toml` from disk: reading the file, and finding the one that governs a listing.

use std::path::{Path, PathBuf};

use super::files::read_regular_file;
use crate::policy::{CONFIG_FILE, ConfigError, Policy};

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

    /// The `mdelist.toml` that governs a listing folder: the nearest one walking up from it,
    /// stopping at the repository root (a folder holding `.git`).
    pub fn discover(listing_dir: &Path) -> Option<PathBuf> {
        let start =
            std::fs::canonicalize(listing_dir).unwrap_or_else(|_| listing_dir.to_path_buf());
        for dir in start.ancestors() {
            let candidate = dir.join(CONFIG_FILE);
            if candidate.is_file() {
                return Some(candidate);
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        None
    }
}
