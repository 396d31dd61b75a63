//! `mdelist verify`: prove a received bundle is intact and still passes. The archive is read in
//! memory, never unpacked to disk, and refused when its structure is unsafe.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use zip::ZipArchive;

use super::entry_name::{MAX_NAME_BYTES, collisions, name_problem};
use super::integrity::IntegrityProblem;
use super::normalized::{NormalizedListing, to_manifest};
use super::plan::digest_hex;
use crate::check::{ListingReport, check_package_probed};
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
    let mut headers = Vec::new();
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
        if let Some(reason) = name_problem(&name) {
            problems.push(IntegrityProblem::ExtractorName {
                name: shown(&name).into_owned(),
                reason,
            });
        }
        if entry.is_symlink() {
            problems.push(IntegrityProblem::SymbolicLink {
                name: shown(&name).into_owned(),
            });
        }
        if entry.encrypted() {
            problems.push(IntegrityProblem::Encrypted {
                name: shown(&name).into_owned(),
            });
        }
        declared = declared.saturating_add(entry.size());
        headers.push((
            name.clone(),
            entry.central_header_start(),
            entry.header_start(),
        ));
        if !entry.is_dir() {
            names.push((index, name));
        }
    }
    // What an extractor reads is the local header and any second name an extra field gives,
    // not only the central directory that the zip reader lists.
    let mut reader = archive.into_inner();
    for (name, central, local) in &headers {
        if let Some(problem) = header_problem(&mut reader, *central, *local) {
            problems.push(IntegrityProblem::Header {
                name: shown(name).into_owned(),
                problem,
            });
        }
    }
    // Folder entries only make folders: two of them on one folder are harmless.
    let files = headers
        .iter()
        .map(|(name, _, _)| name.as_str())
        .filter(|name| !name.ends_with('/'));
    for (first, second, what) in collisions(files) {
        problems.push(IntegrityProblem::Collision {
            first,
            second,
            what,
        });
    }
    let mut archive = ZipArchive::new(reader).map_err(|error| VerifyError::NotZip {
        path: path.to_path_buf(),
        message: error.to_string(),
    })?;
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
                name: shown(name).into_owned(),
                top: shown(&top).into_owned(),
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

/// A name as a message quotes it: one over [`MAX_NAME_BYTES`] (refused for its length) by its
/// first 60 characters, so a thousand 64 KiB names cannot flood the report.
fn shown(name: &str) -> std::borrow::Cow<'_, str> {
    if name.len() <= MAX_NAME_BYTES {
        return name.into();
    }
    let head: String = name.chars().take(60).collect();
    format!("{head}…").into()
}

/// What an extractor reads from one header, central or local.
struct Header {
    name: Vec<u8>,
    flags: u16,
    extra_ids: Vec<u16>,
}

/// The header at `at`: central (`central`) or local; `None` without the right signature.
fn read_header<R: Read + Seek>(
    reader: &mut R,
    at: u64,
    central: bool,
) -> std::io::Result<Option<Header>> {
    let (signature, fixed, flags_at, lengths_at) = if central {
        (0x0201_4b50_u32, 46, 8, 28)
    } else {
        (0x0403_4b50_u32, 30, 6, 26)
    };
    reader.seek(std::io::SeekFrom::Start(at))?;
    let mut head = vec![0; fixed];
    reader.read_exact(&mut head)?;
    let u16_at = |at: usize| u16::from_le_bytes([head[at], head[at + 1]]);
    if u32::from_le_bytes([head[0], head[1], head[2], head[3]]) != signature {
        return Ok(None);
    }
    let flags = u16_at(flags_at);
    let name_length = usize::from(u16_at(lengths_at));
    let extra_length = usize::from(u16_at(lengths_at + 2));
    let mut name = vec![0; name_length];
    reader.read_exact(&mut name)?;
    let mut extra = vec![0; extra_length];
    reader.read_exact(&mut extra)?;
    let mut ids = Vec::new();
    let mut rest = extra.as_slice();
    while rest.len() >= 4 {
        ids.push(u16::from_le_bytes([rest[0], rest[1]]));
        let size = usize::from(u16::from_le_bytes([rest[2], rest[3]]));
        rest = rest.get(4 + size..).unwrap_or(&[]);
    }
    Ok(Some(Header {
        name,
        flags,
        extra_ids: ids,
    }))
}

/// Info-ZIP's Unicode Path extra field: a second name that extractors prefer to the header's.
const UNICODE_PATH: u16 = 0x7075;
/// General-purpose flag bit 11: the name is UTF-8 (else extractors read it as code page 437).
const UTF8_NAME: u16 = 1 << 11;

/// Why the headers of one entry would make an extractor write another name than the one
/// listed, if they would.
fn header_problem<R: Read + Seek>(reader: &mut R, central: u64, local: u64) -> Option<String> {
    let (Ok(Some(central)), Ok(Some(local))) = (
        read_header(reader, central, true),
        read_header(reader, local, false),
    ) else {
        return Some("has a damaged central or local header".into());
    };
    if central.name != local.name {
        return Some(format!(
            "is named `{}` in its local header; the two names must agree",
            String::from_utf8_lossy(&local.name)
        ));
    }
    if central.extra_ids.contains(&UNICODE_PATH) || local.extra_ids.contains(&UNICODE_PATH) {
        return Some("carries a second name (an Info-ZIP Unicode Path extra field)".into());
    }
    if !central.name.is_ascii() && (central.flags & local.flags & UTF8_NAME) == 0 {
        return Some(
            "has a name not marked as UTF-8, which extractors read as code page 437".into(),
        );
    }
    None
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
    // The bundle's own PNGs are checked by their sums: the logo is rendered only at the size
    // the rules measure, as a check renders it.
    Some(check_package_probed(
        package,
        policy,
        today,
        renderer,
        None,
        &crate::svg::CHECKED_SIZES,
    ))
}
