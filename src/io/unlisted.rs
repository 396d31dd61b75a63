//! Press releases nobody listed: the files in the listing's `press/` folder that no
//! `[[press_release]]` names. They are read too, because a release that names the product
//! needs Microsoft's review whether or not the manifest mentions it.

use std::path::{Component, Path, PathBuf};

use super::files::read_referenced;
use crate::manifest::{Listing, LoadedFile, PRESS_FOLDER, PathProblem, UnlistedFile};

/// At most this many unlisted files are read, and folders are searched this deep: a listing
/// keeps a handful of releases, and a hostile folder must not make the check walk forever.
const MAX_FILES: usize = 64;
const MAX_DEPTH: usize = 4;

/// Whether `relative` names a readable regular file inside the listing folder `dir`, by the
/// same rules as a file the manifest references.
pub fn is_listing_file(dir: &Path, relative: &str) -> bool {
    read_referenced(dir, relative).is_ok()
}

/// The extensions a press release may have (as `crate::press::Format` reads them).
fn is_press_extension(name: &str) -> bool {
    let Some((_, extension)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(
        extension.to_ascii_lowercase().as_str(),
        "md" | "markdown" | "txt" | "html" | "htm" | "docx"
    )
}

/// `./press//a.md` and `press/a.md` name the same file.
fn normalized(relative: &str) -> String {
    Path::new(relative.trim())
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every press-release file under `dir/press/` that the listing does not name, sorted by path.
/// Symbolic links are not followed, hidden files (`.~lock…`, `.DS_Store`) and Word's `~$` lock
/// files are skipped.
pub fn find_unlisted_press(dir: &Path, listing: &Listing) -> Vec<UnlistedFile> {
    let listed: Vec<String> = listing
        .press_releases
        .iter()
        .filter_map(|release| release.file.as_ref())
        .map(|file| normalized(&file.value))
        .collect();
    let mut found = Vec::new();
    let mut pending = vec![(PRESS_FOLDER.to_string(), 1)];
    while let Some((folder, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&folder)) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let relative = format!("{folder}/{name}");
            if kind.is_dir() && depth < MAX_DEPTH {
                pending.push((relative, depth + 1));
            } else if kind.is_file() && is_press_extension(&name) && !listed.contains(&relative) {
                found.push(relative);
            }
        }
    }
    found.sort();
    found.truncate(MAX_FILES);
    found
        .into_iter()
        .map(|relative| {
            let path = if dir == Path::new(".") {
                PathBuf::from(&relative)
            } else {
                dir.join(&relative)
            };
            let file = read_referenced(dir, &relative)
                .map(|bytes| LoadedFile {
                    relative: relative.clone(),
                    path: path.clone(),
                    bytes,
                })
                .map_err(|problem| match problem {
                    PathProblem::Escapes(reason) | PathProblem::Unreadable(reason) => reason,
                    PathProblem::Missing { .. } => "no longer exists".to_string(),
                });
            UnlistedFile {
                relative,
                path,
                file,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_files_and_other_formats_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let press = dir.path().join("press");
        std::fs::create_dir_all(press.join("2025")).unwrap();
        for name in [
            "launch.md",
            "partner.docx",
            "logo.png",
            ".DS_Store",
            "~$partner.docx",
            "2025/old.TXT",
        ] {
            std::fs::write(press.join(name), b"text").unwrap();
        }
        let mut listing = Listing::default();
        listing.press_releases.push(crate::manifest::PressRelease {
            file: Some(crate::manifest::Text::new(
                "./press/launch.md".into(),
                0..0,
                "",
            )),
            submitted: None,
            publish: None,
            reviews: Vec::new(),
            span: 0..0,
        });
        let found: Vec<String> = find_unlisted_press(dir.path(), &listing)
            .into_iter()
            .map(|file| file.relative)
            .collect();
        assert_eq!(found, ["press/2025/old.TXT", "press/partner.docx"]);
    }
}
