//! What `verify` found wrong with a bundle's structure or checksums, as data. Each problem is
//! worded here once ([`std::fmt::Display`]); every output format shows that sentence through its
//! own escaper, because entry names come from the archive and may hold anything.

use std::fmt;

use super::verify::{MAX_ENTRIES, MAX_UNPACKED_BYTES};

/// Why an entry name is unsafe to unpack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsafeName {
    Absolute,
    ClimbsOut,
    Nul,
}

/// One integrity problem of a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntegrityProblem {
    DuplicateNames,
    TooManyEntries { entries: usize },
    NameNotUtf8 { index: usize },
    UnsafeName { name: String, reason: UnsafeName },
    SymbolicLink { name: String },
    Encrypted { name: String },
    DeclaredTooLarge { declared: u64 },
    OutsideTop { name: String, top: String },
    UnpacksTooLarge,
    NoChecksums,
    ChecksumsNotText,
    ChecksumLineMalformed { line: usize },
    ListedTwice { name: String },
    ListedButMissing { name: String },
    ChecksumMismatch { name: String },
    NotListed { name: String },
    NoListingJson,
    ListingJsonInvalid { message: String },
}

impl fmt::Display for UnsafeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnsafeName::Absolute => "is an absolute path",
            UnsafeName::ClimbsOut => "climbs out with `..`",
            UnsafeName::Nul => "contains a NUL character",
        })
    }
}

impl fmt::Display for IntegrityProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MIB: u64 = 1024 * 1024;
        match self {
            IntegrityProblem::DuplicateNames => {
                write!(f, "the archive holds two entries with the same name")
            }
            IntegrityProblem::TooManyEntries { entries } => write!(
                f,
                "the archive has {entries} entries; a listing bundle has far fewer than {MAX_ENTRIES}"
            ),
            IntegrityProblem::NameNotUtf8 { index } => {
                write!(f, "entry {index} has a name that is not UTF-8")
            }
            IntegrityProblem::UnsafeName { name, reason } => write!(f, "entry `{name}` {reason}"),
            IntegrityProblem::SymbolicLink { name } => {
                write!(f, "entry `{name}` is a symbolic link")
            }
            IntegrityProblem::Encrypted { name } => write!(f, "entry `{name}` is encrypted"),
            IntegrityProblem::DeclaredTooLarge { declared } => write!(
                f,
                "the archive would unpack to {declared} bytes, over the {} MiB limit (a zip bomb?)",
                MAX_UNPACKED_BYTES / MIB
            ),
            IntegrityProblem::OutsideTop { name, top } => {
                write!(f, "entry `{name}` is outside the top folder `{top}/`")
            }
            IntegrityProblem::UnpacksTooLarge => write!(
                f,
                "the archive unpacks to more than {} MiB (a zip bomb?)",
                MAX_UNPACKED_BYTES / MIB
            ),
            IntegrityProblem::NoChecksums => write!(f, "the archive has no SHA256SUMS"),
            IntegrityProblem::ChecksumsNotText => write!(f, "SHA256SUMS is not text"),
            IntegrityProblem::ChecksumLineMalformed { line } => {
                write!(f, "SHA256SUMS line {line} is not `<sha256>  <file>`")
            }
            IntegrityProblem::ListedTwice { name } => write!(f, "SHA256SUMS lists `{name}` twice"),
            IntegrityProblem::ListedButMissing { name } => {
                write!(f, "SHA256SUMS lists `{name}`, which is not in the archive")
            }
            IntegrityProblem::ChecksumMismatch { name } => {
                write!(f, "`{name}` does not match its SHA-256 checksum")
            }
            IntegrityProblem::NotListed { name } => {
                write!(f, "`{name}` is not listed in SHA256SUMS")
            }
            IntegrityProblem::NoListingJson => write!(f, "the archive has no listing.json"),
            IntegrityProblem::ListingJsonInvalid { message } => {
                write!(f, "listing.json is not a listing: {message}")
            }
        }
    }
}
