//! The files a manifest references, as the core sees them: a [`FileProvider`] hands over their
//! bytes (the listing folder on disk, a bundle in memory, files dropped on a web page), and the
//! manifest stage reports what it refused.

use std::path::{Component, Path};

/// Larger referenced files (and manifests) are refused: nothing legitimate comes close.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a referenced path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// `MAN006`: the reason, e.g. "is absolute".
    Escapes(String),
    /// `MAN007`: the reason, e.g. "does not exist".
    Unreadable(String),
}

/// Where the bytes of a referenced file come from. `relative` is the path as the manifest
/// writes it; a provider refuses what leaves its folder and what it cannot read, in the words
/// of [`PathProblem`].
pub trait FileProvider {
    fn read(&self, relative: &str) -> Result<Vec<u8>, PathProblem>;
}

impl<F: Fn(&str) -> Result<Vec<u8>, PathProblem>> FileProvider for F {
    fn read(&self, relative: &str) -> Result<Vec<u8>, PathProblem> {
        self(relative)
    }
}

/// Refuses, from the text alone, a path that is absolute or climbs out of the listing folder
/// through `..`; returns it as a relative path otherwise.
pub fn relative_inside(relative: &str) -> Result<&Path, PathProblem> {
    let lexical = Path::new(relative);
    if lexical.is_absolute() || looks_like_windows_absolute(relative) {
        return Err(PathProblem::Escapes("is an absolute path".into()));
    }
    let mut depth: usize = 0;
    for component in lexical.components() {
        match component {
            Component::ParentDir => {
                depth = depth.checked_sub(1).ok_or_else(|| {
                    PathProblem::Escapes("leaves the listing folder through `..`".into())
                })?;
            }
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathProblem::Escapes("is an absolute path".into()));
            }
        }
    }
    Ok(lexical)
}

fn looks_like_windows_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// An I/O error as the rest of a sentence, in the user's words: "permission denied", "not
/// found", or the operating system's own description in lower case, without its number or the
/// path some libraries append ("No space left on device (os error 28) at path ..." becomes "no
/// space left on device").
pub fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => return "permission denied".into(),
        std::io::ErrorKind::NotFound => return "not found".into(),
        _ => {}
    }
    let full = error.to_string();
    let end = full
        .find(" (os error")
        .or_else(|| full.find(" at path "))
        .unwrap_or(full.len());
    let mut chars = full[..end].chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_escapes_are_refused() {
        for (path, reason) in [
            ("/etc/passwd", "is an absolute path"),
            ("C:\\logo.svg", "is an absolute path"),
            ("../logo.svg", "leaves the listing folder through `..`"),
            ("a/../../logo.svg", "leaves the listing folder through `..`"),
        ] {
            assert_eq!(
                relative_inside(path),
                Err(PathProblem::Escapes(reason.into())),
                "{path}"
            );
        }
        assert_eq!(
            relative_inside("a/../logo.svg"),
            Ok(Path::new("a/../logo.svg"))
        );
    }
}
