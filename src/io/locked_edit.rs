//! Editing a file in place while other runs may be editing it too (`review submit` and
//! `review record`): take an exclusive lock on a sidecar file, read the file under the lock,
//! change it, write it atomically, release the lock. Two runs at the same moment are
//! serialized, and the second one edits what the first one wrote, so no change is lost.
//!
//! The lock is on a sidecar (`.listing.toml.lock` beside `listing.toml`), not on the file
//! itself, because the atomic write replaces the file: a lock on the old file would not stop a
//! run that opened the new one. The holder removes the sidecar before releasing it, so no file
//! is left behind; a run that then gets the lock on the removed file sees that the name no
//! longer leads to it and starts over with a fresh one, so two runs never hold two locks.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::files::read_regular_file;
use crate::atomic_file::write_atomically;
use crate::manifest::describe_io;

#[derive(Debug, thiserror::Error)]
pub enum LockedEditError<E: std::error::Error + 'static> {
    #[error(
        "{path} is a symbolic link to {target}; nothing was changed: edits are made only to a \
         regular file, so run the command on {target}"
    )]
    Link { path: PathBuf, target: String },
    #[error("{path} {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path} is not UTF-8 text")]
    NotText { path: PathBuf },
    #[error("cannot lock {lock} to edit {path}: {reason}")]
    Lock {
        path: PathBuf,
        lock: PathBuf,
        reason: String,
    },
    #[error("{path}: {error}")]
    Change { path: PathBuf, error: E },
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// The sidecar lock file of `path`: `.NAME.lock` in the same folder.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.lock"))
}

/// The held lock: dropping it removes the sidecar, then releases the lock.
struct Held {
    file: File,
    path: PathBuf,
}

impl Drop for Held {
    fn drop(&mut self) {
        // Removed while still locked: whoever waits on this file starts over (see `lock`).
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Why taking the lock failed: the sidecar could not be created (the folder is not writable),
/// or it is something that may not be locked.
enum LockFailure {
    Create(String),
    Refused(PathBuf, String),
}

/// Opens (creating it if needed) and locks the sidecar of `path`, waiting for any other holder.
/// A link or anything but a regular file at the sidecar's name is refused, never followed.
fn lock(path: &Path) -> Result<Held, LockFailure> {
    let lock = lock_path(path);
    loop {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o666)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NOCTTY | libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(&lock)
            .map_err(|error| {
                if error.raw_os_error() == Some(libc::ELOOP) {
                    LockFailure::Refused(lock.clone(), "it is a symbolic link".into())
                } else {
                    LockFailure::Create(describe_io(&error))
                }
            })?;
        let opened = file
            .metadata()
            .map_err(|error| LockFailure::Refused(lock.clone(), describe_io(&error)))?;
        if !opened.is_file() {
            return Err(LockFailure::Refused(
                lock,
                "it is not a regular file".into(),
            ));
        }
        file.lock()
            .map_err(|error| LockFailure::Refused(lock.clone(), describe_io(&error)))?;
        // The previous holder may have removed the file while this run waited on it.
        let current = std::fs::symlink_metadata(&lock).ok();
        if current.is_some_and(|now| now.dev() == opened.dev() && now.ino() == opened.ino()) {
            return Ok(Held { file, path: lock });
        }
    }
}

/// Applies `change` to the text of `path` under the lock, and writes the result atomically.
pub fn edit_locked<E: std::error::Error + 'static>(
    path: &Path,
    change: impl FnOnce(&str) -> Result<String, E>,
) -> Result<(), LockedEditError<E>> {
    let mut not_text = false;
    let edited = edit_locked_bytes(path, |bytes| match std::str::from_utf8(bytes) {
        Ok(text) => change(text).map(|edited| Some(edited.into_bytes())),
        Err(_) => {
            not_text = true;
            Ok(None)
        }
    });
    if not_text {
        return Err(LockedEditError::NotText {
            path: path.to_path_buf(),
        });
    }
    edited
}

/// Applies `change` to the bytes of `path` under the lock, and writes the result atomically;
/// `Ok(None)` from `change` leaves the file as it is.
pub fn edit_locked_bytes<E: std::error::Error + 'static>(
    path: &Path,
    change: impl FnOnce(&[u8]) -> Result<Option<Vec<u8>>, E>,
) -> Result<(), LockedEditError<E>> {
    refuse_link(path)?;
    let _held = lock(path).map_err(|failure| match failure {
        // The folder cannot take the sidecar, so it could not take the edited file either.
        LockFailure::Create(reason) => LockedEditError::Write {
            path: path.to_path_buf(),
            reason,
        },
        LockFailure::Refused(lock, reason) => LockedEditError::Lock {
            path: path.to_path_buf(),
            lock,
            reason,
        },
    })?;
    // Under the lock: whatever another run wrote before is what gets edited.
    refuse_link(path)?;
    let bytes = read_regular_file(path).map_err(|reason| LockedEditError::Unreadable {
        path: path.to_path_buf(),
        reason,
    })?;
    let edited = change(&bytes).map_err(|error| LockedEditError::Change {
        path: path.to_path_buf(),
        error,
    })?;
    if let Some(edited) = edited.filter(|edited| *edited != bytes) {
        write_atomically(&edited, path).map_err(|error| LockedEditError::Write {
            path: path.to_path_buf(),
            reason: error.to_string(),
        })?;
    }
    Ok(())
}

fn refuse_link<E: std::error::Error + 'static>(path: &Path) -> Result<(), LockedEditError<E>> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_symlink());
    if !is_link {
        return Ok(());
    }
    let target = std::fs::read_link(path)
        .map(|target| path.parent().unwrap_or(Path::new("")).join(target))
        .map_or_else(
            |_| "another file".into(),
            |target| target.display().to_string(),
        );
    Err(LockedEditError::Link {
        path: path.to_path_buf(),
        target,
    })
}
