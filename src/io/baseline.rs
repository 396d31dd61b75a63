//! Baseline files on disk: reading one, naming each checked listing as its entries do (the
//! listing folder relative to the baseline file's folder), and telling whether a listing an
//! entry names still exists.

use std::path::{Path, PathBuf};

use super::files::read_regular_file;
use crate::baseline::{Baseline, slashed};
use crate::check::{ListingReport, MANIFEST_FILE};

/// Reads and parses a baseline file.
pub fn load(path: &Path) -> anyhow::Result<Baseline> {
    let bytes =
        read_regular_file(path).map_err(|reason| anyhow::anyhow!("{} {reason}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{}: not UTF-8 text; save it as UTF-8", path.display()))?;
    Ok(Baseline::parse(path, text)?)
}

/// The folder a baseline file's entries are relative to.
pub fn folder_of(baseline: &Path) -> PathBuf {
    let folder = baseline
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf())
}

/// Each report's listing as a baseline names it: its folder relative to `folder` with `/`
/// between parts (`.` for the folder itself), or its absolute path when outside it.
pub fn listing_keys(reports: &[ListingReport], folder: &Path) -> Vec<String> {
    reports
        .iter()
        .map(|report| {
            let dir = crate::baseline::listing_dir(report);
            let resolved = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
            match resolved.strip_prefix(folder) {
                Ok(relative) if relative.as_os_str().is_empty() => ".".to_string(),
                Ok(relative) => slashed(relative),
                Err(_) => resolved.display().to_string(),
            }
        })
        .collect()
}

/// Whether the listing an entry names (relative to `folder`) still has a manifest.
pub fn listing_exists(folder: &Path) -> impl Fn(&str) -> bool + '_ {
    move |listing: &str| folder.join(listing).join(MANIFEST_FILE).is_file()
}
