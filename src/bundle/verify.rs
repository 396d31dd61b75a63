//! `mdelist verify`: prove a received bundle is intact and still passes. The archive is read in
//! memory, never unpacked to disk, and refused when its structure is unsafe.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use zip::ZipArchive;

use super::integrity::{IntegrityProblem, UnsafeName};
use super::normalized::{NormalizedListing, to_manifest};
use super::plan::digest_hex;
use crate::check::{ListingReport, check_package};
use crate::manifest::{MAX_FILE_BYTES, PathProblem, package_from_bytes};
use crate::policy::Policy;
use crate::svg::RenderLogo;

/// Everything unpacked together may not exceed this (zip bombs).
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The archive file itself: what [`MAX_UNPACKED_BYTES`] can be packed into, with room for the
/// zip structure.
pub const MAX_ARCHIVE_BYTES: u64 = MAX_UNPACKED_BYTES + 1024 * 1024;
/// More entries than this is no listing bundle.
pub const MAX_ENTRIES: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{path} {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path} is not a zip archive: {message}")]
    NotZip { path: PathBuf, message: String },
}

/// The outcome: integrity problems, and the checks of the listing inside
/// when the archive was sound enough to read.
#[derive(Debug)]
pub struct Verification {
    pub bundle: PathBuf,
    pub top: Option<String>,
    pub problems: Vec<IntegrityProblem>,
    pub report: Option<ListingReport>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Why an entry name is unsafe, if it is.
fn unsafe_name(name: &str) -> Option<UnsafeName> {
    let bytes = name.as_bytes();
    if name.starts_with('/') || name.starts_with('\\') || (bytes.len() > 1 && bytes[1] == b':') {
        return Some(UnsafeName::Absolute);
    }
    if name.split(['/', '\\']).any(|part| part == "..") {
        return Some(UnsafeName::ClimbsOut);
    }
    if name.contains('\0') {
        return Some(UnsafeName::Nul);
    }
    None
}

/// Verifies the archive `reader` holds (a file, or bytes in a `Cursor`); `path` only names it
/// in messages.
pub fn verify_archive<R: Read + Seek>(
    reader: R,
    path: &Path,
    policy: &Policy,
    today: Date,
    renderer: &dyn RenderLogo,
) -> Result<Verification, VerifyError> {
    let mut archive = ZipArchive::new(reader).map_err(|error| VerifyError::NotZip {
        path: path.to_path_buf(),
        message: error.to_string(),
    })?;
    let mut verification = Verification {
        bundle: path.to_path_buf(),
        top: None,
        problems: Vec::new(),
        report: None,
    };
    let problems = &mut verification.problems;
    if archive.has_duplicate_names() {
        problems.push(IntegrityProblem::DuplicateNames);
    }
    if archive.len() > MAX_ENTRIES {
        problems.push(IntegrityProblem::TooManyEntries {
            entries: archive.len(),
        });
        return Ok(verification);
    }

    // Structure first, from the central directory only: nothing is decompressed yet.
    let mut declared: u64 = 0;
    let mut names = Vec::new();
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|error| VerifyError::NotZip {
                path: path.to_path_buf(),
                message: error.to_string(),
            })?;
        let Ok(name) = std::str::from_utf8(entry.name_raw()).map(str::to_string) else {
            problems.push(IntegrityProblem::NameNotUtf8 { index });
            continue;
        };
        if let Some(reason) = unsafe_name(&name) {
            problems.push(IntegrityProblem::UnsafeName {
                name: name.clone(),
                reason,
            });
        }
        if entry.is_symlink() {
            problems.push(IntegrityProblem::SymbolicLink { name: name.clone() });
        }
        if entry.encrypted() {
            problems.push(IntegrityProblem::Encrypted { name: name.clone() });
        }
        declared = declared.saturating_add(entry.size());
        if !entry.is_dir() {
            names.push((index, name));
        }
    }
    if declared > MAX_UNPACKED_BYTES {
        problems.push(IntegrityProblem::DeclaredTooLarge { declared });
    }
    let top = names
        .first()
        .and_then(|(_, name)| name.split('/').next())
        .unwrap_or("")
        .to_string();
    for (_, name) in &names {
        if !name.starts_with(&format!("{top}/")) || top.is_empty() {
            problems.push(IntegrityProblem::OutsideTop {
                name: name.clone(),
                top: top.clone(),
            });
        }
    }
    if !problems.is_empty() {
        return Ok(verification);
    }
    verification.top = Some(top.clone());

    // Contents, in memory, with the unpacked total capped whatever the headers claim.
    let mut contents: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut budget = MAX_UNPACKED_BYTES;
    for (index, name) in &names {
        let mut entry = archive
            .by_index(*index)
            .map_err(|error| VerifyError::NotZip {
                path: path.to_path_buf(),
                message: error.to_string(),
            })?;
        let mut bytes = Vec::new();
        let read = (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| VerifyError::Unreadable {
                path: path.to_path_buf(),
                reason: format!("cannot be read: {error}"),
            })?;
        if read as u64 > budget {
            verification
                .problems
                .push(IntegrityProblem::UnpacksTooLarge);
            return Ok(verification);
        }
        budget -= read as u64;
        let relative = name[top.len() + 1..].to_string();
        contents.insert(relative, bytes);
    }

    check_sums(&contents, &mut verification.problems);
    verification.report = check_listing_inside(
        path,
        &top,
        &contents,
        policy,
        today,
        renderer,
        &mut verification.problems,
    );
    Ok(verification)
}

/// Every entry but SHA256SUMS is listed there exactly once, with its digest.
fn check_sums(contents: &BTreeMap<String, Vec<u8>>, problems: &mut Vec<IntegrityProblem>) {
    let Some(sums) = contents.get("SHA256SUMS") else {
        problems.push(IntegrityProblem::NoChecksums);
        return;
    };
    let Ok(sums) = std::str::from_utf8(sums) else {
        problems.push(IntegrityProblem::ChecksumsNotText);
        return;
    };
    let mut listed = HashSet::new();
    for (number, line) in sums
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
    {
        let Some((digest, name)) = line.split_once(' ') else {
            problems.push(IntegrityProblem::ChecksumLineMalformed { line: number + 1 });
            continue;
        };
        let name = name.trim_start_matches(' ').trim_start_matches('*');
        if !listed.insert(name.to_string()) {
            problems.push(IntegrityProblem::ListedTwice {
                name: name.to_string(),
            });
        }
        match contents.get(name) {
            None => problems.push(IntegrityProblem::ListedButMissing {
                name: name.to_string(),
            }),
            Some(bytes) if !digest.eq_ignore_ascii_case(&digest_hex(bytes)) => {
                problems.push(IntegrityProblem::ChecksumMismatch {
                    name: name.to_string(),
                });
            }
            Some(_) => {}
        }
    }
    for name in contents.keys().filter(|name| name.as_str() != "SHA256SUMS") {
        if !listed.contains(name) {
            problems.push(IntegrityProblem::NotListed { name: name.clone() });
        }
    }
}

/// Rebuilds the manifest from `listing.json` and runs every offline rule on it, with the
/// referenced files taken from the archive.
fn check_listing_inside(
    bundle: &Path,
    top: &str,
    contents: &BTreeMap<String, Vec<u8>>,
    policy: &Policy,
    today: Date,
    renderer: &dyn RenderLogo,
    problems: &mut Vec<IntegrityProblem>,
) -> Option<ListingReport> {
    let Some(json) = contents.get("listing.json") else {
        problems.push(IntegrityProblem::NoListingJson);
        return None;
    };
    let normalized: NormalizedListing = match serde_json::from_slice(json) {
        Ok(normalized) => normalized,
        Err(error) => {
            problems.push(IntegrityProblem::ListingJsonInvalid {
                message: error.to_string(),
            });
            return None;
        }
    };
    let manifest = to_manifest(&normalized);
    let dir = bundle.join(top);
    let resolve = |relative: &str| -> Result<Vec<u8>, PathProblem> {
        let relative = relative.trim_start_matches("./");
        match contents.get(relative) {
            Some(bytes) if bytes.len() as u64 <= MAX_FILE_BYTES => Ok(bytes.clone()),
            Some(_) => Err(PathProblem::Unreadable("is larger than 16 MiB".into())),
            None => Err(PathProblem::Unreadable("is not in the bundle".into())),
        }
    };
    let package = package_from_bytes(
        &dir.join("listing.toml"),
        &dir,
        manifest.into_bytes(),
        &resolve,
    );
    Some(check_package(package, policy, today, renderer))
}
