//! Reading listings from disk: the manifest, and the files it references, refusing anything
//! that leaves the listing folder and anything that is not a plain, reasonably sized file.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::manifest::{
    FileProvider, MAX_FILE_BYTES, Package, PathProblem, describe_io, package_from_bytes,
    relative_inside,
};

/// The tool itself could not do its job (exit status 2), as opposed to a finding.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// `reason` is already a sentence part ("cannot be opened: not found"); it is not a
    /// `source`, which would print it a second time in an error chain.
    #[error("cannot read {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("{path} is not a file")]
    NotAFile { path: PathBuf },
}

/// The listing folder on disk as a [`FileProvider`].
#[derive(Debug, Clone)]
pub struct ListingFolder {
    pub dir: PathBuf,
}

impl FileProvider for ListingFolder {
    fn read(&self, relative: &str) -> Result<Vec<u8>, PathProblem> {
        read_referenced(&self.dir, relative)
    }
}

/// Reads the listing whose manifest is at `manifest_path`. `Err` only when the manifest itself
/// cannot be read; everything about its content is a diagnostic in the package.
pub fn load_package(manifest_path: &Path) -> Result<Package, LoadError> {
    load_package_over(manifest_path, &|_| None)
}

/// New contents of some of a listing's files, by the path messages give them (the listing
/// folder joined with the relative path): what `mdelist fix` has changed but not written yet.
pub type Overlay<'a> = dyn Fn(&Path) -> Option<Vec<u8>> + 'a;

/// [`load_package`], reading a file from `overlay` where it gives one and from disk otherwise.
pub fn load_package_over(manifest_path: &Path, overlay: &Overlay) -> Result<Package, LoadError> {
    let bytes = match overlay(manifest_path) {
        Some(bytes) => bytes,
        None => read_regular_file(manifest_path).map_err(|reason| LoadError::Io {
            path: manifest_path.to_path_buf(),
            reason,
        })?,
    };
    let dir = manifest_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let dir = if dir.as_os_str().is_empty() {
        ".".into()
    } else {
        dir
    };
    let folder = ListingFolder { dir };
    let message_path = |relative: &str| {
        if folder.dir == Path::new(".") {
            Path::new(relative).to_path_buf()
        } else {
            folder.dir.join(relative)
        }
    };
    let provider = |relative: &str| match overlay(&message_path(relative)) {
        Some(bytes) => Ok(bytes),
        None => folder.read(relative),
    };
    let mut package = package_from_bytes(manifest_path, &folder.dir, bytes, &provider);
    if let Some(listing) = &package.listing {
        package.unlisted_press = super::unlisted::find_unlisted_press(&folder.dir, listing);
        for unlisted in &mut package.unlisted_press {
            if let (Ok(file), Some(bytes)) = (&mut unlisted.file, overlay(&unlisted.path)) {
                file.bytes = bytes;
            }
        }
    }
    Ok(package)
}

/// Resolves `relative` against the listing folder and reads it, enforcing that it stays inside
/// the folder (lexically and after resolving symlinks) and is a regular file of at most 16 MiB.
pub fn read_referenced(dir: &Path, relative: &str) -> Result<Vec<u8>, PathProblem> {
    let lexical = relative_inside(relative)?;
    let joined = dir.join(lexical);
    if std::fs::symlink_metadata(&joined).is_err() {
        return Err(PathProblem::Missing {
            near: near_file(dir, relative),
        });
    }
    let root = std::fs::canonicalize(dir)
        .map_err(|error| PathProblem::Unreadable(format!("cannot be resolved: {error}")))?;
    let resolved = match std::fs::canonicalize(&joined) {
        Ok(resolved) => resolved,
        // A dangling symlink: it exists as a link but points nowhere.
        Err(_) => return Err(PathProblem::Unreadable("is a broken symbolic link".into())),
    };
    if !resolved.starts_with(&root) {
        return Err(PathProblem::Escapes(
            "is a symbolic link that resolves outside the listing folder".into(),
        ));
    }
    read_regular_file(&resolved).map_err(PathProblem::Unreadable)
}

/// The file a missing `relative` probably meant, from its folder's listing: the same name in
/// another case, a near spelling with the same extension, or the only file with that extension;
/// then the same in the listing folder itself (`images/logo.svg` when the logo is beside the
/// manifest).
fn near_file(dir: &Path, relative: &str) -> Option<String> {
    match relative.trim().rsplit_once('/') {
        Some((folder, name)) => near_in(dir, folder, name).or_else(|| near_in(dir, "", name)),
        None => near_in(dir, "", relative.trim()),
    }
}

fn near_in(dir: &Path, folder: &str, name: &str) -> Option<String> {
    /// A folder this large is not a listing folder; no guess is worth reading it.
    const MAX_ENTRIES: usize = 1000;
    let entries = std::fs::read_dir(dir.join(folder)).ok()?;
    let mut files: Vec<String> = Vec::new();
    for entry in entries.take(MAX_ENTRIES + 1) {
        let entry = entry.ok()?;
        if entry.file_type().ok()?.is_file()
            && let Some(file) = entry.file_name().to_str()
            && !file.starts_with('.')
        {
            files.push(file.to_string());
        }
    }
    if files.len() > MAX_ENTRIES {
        return None;
    }
    files.sort();
    let extension = |file: &str| {
        file.rsplit_once('.')
            .map(|(_, extension)| extension.to_ascii_lowercase())
    };
    let wanted = extension(name);
    let same_kind: Vec<&str> = files
        .iter()
        .map(String::as_str)
        .filter(|file| extension(file) == wanted)
        .collect();
    let found = files
        .iter()
        .map(String::as_str)
        .find(|file| file.to_lowercase() == name.to_lowercase())
        .or_else(|| crate::text::suggest::closest(name, &same_kind))
        .or(match same_kind.as_slice() {
            [only] if wanted.is_some() => Some(*only),
            _ => None,
        })?;
    Some(if folder.is_empty() {
        found.to_string()
    } else {
        format!("{folder}/{found}")
    })
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`]. Opening never blocks (a FIFO swapped in
/// after the check would otherwise hang the run), and the type is checked on the open handle.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, String> {
    let (file, _) = open_regular_file(path, MAX_FILE_BYTES)?;
    read_capped(file)
}

/// Opens `path` for reading without ever blocking (a FIFO with no writer opens at once and is
/// then refused), and only when it is a regular file of at most `max_bytes`. Also gives its size.
pub fn open_regular_file(path: &Path, max_bytes: u64) -> Result<(File, u64), String> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|error| format!("cannot be opened: {}", describe_io(&error)))?;
    let metadata = file
        .metadata()
        .map_err(|error| format!("cannot be read: {}", describe_io(&error)))?;
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a folder"
        } else {
            "a device, pipe or socket"
        };
        return Err(format!("is not a regular file (it is {kind})"));
    }
    if metadata.len() > max_bytes {
        return Err(format!(
            "is larger than {} MiB ({} bytes)",
            max_bytes / (1024 * 1024),
            metadata.len()
        ));
    }
    Ok((file, metadata.len()))
}

/// Reads a font file given on the command line: a regular file of at most
/// [`crate::svg::outline::MAX_FONT_BYTES`] that holds at least one font face.
pub fn read_font(path: &Path) -> Result<crate::svg::FontFile, String> {
    let cap = crate::svg::outline::MAX_FONT_BYTES as u64;
    let (file, _) = open_regular_file(path, cap)?;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot be read: {}", describe_io(&error)))?;
    if bytes.len() as u64 > cap {
        return Err(format!("is larger than {} MiB", cap / (1024 * 1024)));
    }
    let font = std::sync::Arc::new(bytes);
    if crate::svg::outline::database(std::slice::from_ref(&font)).is_err() {
        return Err("is not a font (TrueType, OpenType or a collection of them)".into());
    }
    Ok(font)
}

fn read_capped(file: File) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot be read: {}", describe_io(&error)))?;
    // The file may have grown between the size check and the read.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err("is larger than 16 MiB".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_escapes_are_refused_before_touching_the_disk() {
        let dir = Path::new("/nonexistent-listing");
        for (path, reason) in [
            ("/etc/passwd", "is an absolute path"),
            ("C:\\logo.svg", "is an absolute path"),
            ("../logo.svg", "leaves the listing folder through `..`"),
            ("a/../../logo.svg", "leaves the listing folder through `..`"),
        ] {
            assert_eq!(
                read_referenced(dir, path),
                Err(PathProblem::Escapes(reason.into())),
                "{path}"
            );
        }
    }

    #[test]
    fn dot_dot_that_stays_inside_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("logo.svg"), b"<svg/>").unwrap();
        assert_eq!(
            read_referenced(dir.path(), "a/../logo.svg"),
            Ok(b"<svg/>".to_vec())
        );
    }
}
