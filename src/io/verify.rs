//! `mdelist verify` from disk: the archive opened as a capped, regular file.

use std::path::Path;

use jiff::civil::Date;

use super::files::open_regular_file;
use super::render::RenderThread;
use crate::bundle::verify::{MAX_ARCHIVE_BYTES, Verification, VerifyError, verify_archive};
use crate::policy::Policy;

pub fn verify(path: &Path, policy: &Policy, today: Date) -> Result<Verification, VerifyError> {
    let (file, _) =
        open_regular_file(path, MAX_ARCHIVE_BYTES).map_err(|reason| VerifyError::Unreadable {
            path: path.to_path_buf(),
            reason,
        })?;
    verify_archive(file, path, policy, today, &RenderThread)
}
