//! Files appear whole or not at all: every file the tool writes (bundles, previews, new listing
//! packages) goes to a temporary file in the target's folder, is flushed to disk, then renamed
//! into place. An interrupted run never leaves a half-written file.
//!
//! Only a regular file (or nothing) is ever replaced: a symbolic link, FIFO, device node,
//! socket or folder at the target is refused and left as it is, so `--ics /dev/full` or an
//! output path that an attacker turned into a link never replaces what is there.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::manifest::describe_io;

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Fail with `ErrorKind::AlreadyExists`, checked by the rename itself, so a file created
    /// by someone else in the meantime is never clobbered.
    Keep,
}

/// Writes `bytes` to `target` atomically, replacing an existing file. On any failure the
/// temporary file is removed and an existing target is left untouched.
pub fn write_atomically(bytes: &[u8], target: &Path) -> std::io::Result<()> {
    write_file(bytes, target, Existing::Replace)
}

/// Writes `bytes` to `target` atomically; `existing` says whether a file already there may be
/// replaced.
///
/// An error reads as what went wrong for the user ("permission denied", "no space left on
/// device"), without the name of the temporary file.
pub fn write_file(bytes: &[u8], target: &Path, existing: Existing) -> std::io::Result<()> {
    refuse_unless_regular(target)?;
    write_through_temporary(bytes, target, existing).map_err(plain)
}

/// Why `target` may not be replaced: it exists and is not a regular file. The link itself is
/// examined, never what it points to.
pub fn not_replaceable(target: &Path) -> Option<&'static str> {
    let metadata = std::fs::symlink_metadata(target).ok()?;
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    Some(if kind.is_symlink() {
        "is a symbolic link; mdelist replaces only regular files and leaves links alone (name the \
         file it points to, or remove the link)"
    } else if kind.is_dir() {
        "is a folder; mdelist replaces only regular files"
    } else {
        "is a device, pipe or socket, not a regular file; mdelist leaves it alone (write to a \
         regular file instead)"
    })
}

fn refuse_unless_regular(target: &Path) -> std::io::Result<()> {
    match not_replaceable(target) {
        None => Ok(()),
        Some(reason) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            reason,
        )),
    }
}

/// `error` with the message [`describe_io`] gives it.
fn plain(error: std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), describe_io(&error))
}

fn write_through_temporary(bytes: &[u8], target: &Path, existing: Existing) -> std::io::Result<()> {
    let mut file = AtomicFile::start(target, existing)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Writes each `(bytes, target)` atomically, replacing existing regular files: every file is
/// written to its temporary file and flushed to disk first (each by itself: a sync of the whole
/// file system would wait for every other program's writes there), then each is renamed into
/// place in the order given and each folder is synced once. So every file that appears is whole,
/// and a preview's page (given last) never appears before its images. A target that already
/// holds exactly its bytes is left untouched (not rewritten, not flushed, its times kept).
///
/// A target that is not a regular file fails the call before anything is renamed. On a failure
/// while renaming, the files renamed before it stay in place and the rest are removed. The
/// error comes with the index of the file it concerns.
pub fn write_files(files: &[(&[u8], &Path)]) -> Result<(), (usize, std::io::Error)> {
    FilesToWrite::default().write(files)
}

/// Files to be written together by [`FilesToWrite::write`], with the temporary files of those
/// that do not exist yet created ahead ([`prepare_files`]): a caller creates them while it
/// waits for the bytes. Dropped unwritten, the temporary files are removed.
#[derive(Debug, Default)]
pub struct FilesToWrite {
    prepared: Vec<AtomicFile>,
}

/// Starts [`write_files`] of `targets` before their bytes are known: a target that is not a
/// regular file is refused now (and again when written), and a temporary file is created for
/// each target that does not exist (one that exists may already hold its bytes, which only
/// they can tell).
pub fn prepare_files(targets: &[&Path]) -> Result<FilesToWrite, (usize, std::io::Error)> {
    for (index, target) in targets.iter().enumerate() {
        refuse_unless_regular(target).map_err(|error| (index, error))?;
    }
    let mut prepared = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        if std::fs::symlink_metadata(target).is_err() {
            prepared.push(
                AtomicFile::start(target, Existing::Replace)
                    .map_err(|error| (index, plain(error)))?,
            );
        }
    }
    Ok(FilesToWrite { prepared })
}

impl FilesToWrite {
    /// [`write_files`] of `files`, into the temporary files created ahead where there are
    /// some for their targets (those for other targets are removed).
    pub fn write(mut self, files: &[(&[u8], &Path)]) -> Result<(), (usize, std::io::Error)> {
        for (index, (_, target)) in files.iter().enumerate() {
            refuse_unless_regular(target).map_err(|error| (index, error))?;
        }
        let mut started = Vec::with_capacity(files.len());
        for (index, (bytes, target)) in files.iter().enumerate() {
            let ahead = self
                .prepared
                .iter()
                .position(|file| file.target == *target)
                .map(|at| self.prepared.swap_remove(at));
            if holds(target, bytes) {
                continue;
            }
            let write = || {
                let mut file = match ahead {
                    Some(file) => file,
                    None => AtomicFile::start(target, Existing::Replace)?,
                };
                file.temporary.write_all(bytes)?;
                file.temporary.flush()?;
                Ok(file)
            };
            started.push((index, write().map_err(|error| (index, plain(error)))?));
        }
        // Writeback of every file is started before any is waited for: their writes go to the
        // disk together, and the first wait commits what the others need too.
        for (_, file) in &started {
            start_writeback(file.temporary.as_file());
        }
        for (index, file) in &started {
            let index = *index;
            file.temporary
                .as_file()
                .sync_data()
                .map_err(|error| (index, plain(error)))?;
        }
        let mut folders: Vec<PathBuf> = Vec::new();
        for (index, file) in started {
            if !folders.contains(&file.folder) {
                folders.push(file.folder.clone());
            }
            file.rename().map_err(|error| (index, plain(error)))?;
        }
        for folder in folders {
            sync_folder(&folder);
        }
        Ok(())
    }
}

/// Whether `target` is a regular file holding exactly `bytes`: then [`write_files`] leaves it as
/// it is (a preview run again after an edit that did not touch the logo rewrites only its page).
/// Opening never blocks and the type is checked on the open handle, so a FIFO or device swapped
/// in after the check is never read from.
fn holds(target: &Path, bytes: &[u8]) -> bool {
    let Ok(length) = u64::try_from(bytes.len()) else {
        return false;
    };
    if std::fs::symlink_metadata(target).map_or(true, |metadata| {
        !metadata.is_file() || metadata.len() != length
    }) {
        return false;
    }
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(target)
    else {
        return false;
    };
    if file.metadata().map_or(true, |metadata| {
        !metadata.is_file() || metadata.len() != length
    }) {
        return false;
    }
    let mut existing = Vec::with_capacity(bytes.len());
    std::io::Read::read_to_end(&mut std::io::Read::take(file, length + 1), &mut existing).is_ok()
        && existing == bytes
}

/// Asks the kernel to start writing `file`'s data to the disk, without waiting: Linux starts the
/// writeback of a file's dirty pages when told they will not be needed (the pages still being
/// written stay cached). Only a hint: the wait for the data writes whatever it did not.
fn start_writeback(file: &std::fs::File) {
    let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::DontNeed);
}

/// Makes the renames into `folder` durable.
fn sync_folder(folder: &Path) {
    if let Ok(directory) = std::fs::File::open(folder) {
        let _ = directory.sync_all();
    }
}

/// A file written in parts (a report streamed as listings finish) that appears whole at
/// `commit`, or not at all: dropped uncommitted, its temporary file is removed.
#[derive(Debug)]
pub struct AtomicFile {
    temporary: tempfile::NamedTempFile,
    target: PathBuf,
    folder: PathBuf,
    existing: Existing,
}

impl AtomicFile {
    /// Starts the file for `target`, refusing a target that is not a regular file.
    pub fn create(target: &Path, existing: Existing) -> std::io::Result<AtomicFile> {
        refuse_unless_regular(target)?;
        AtomicFile::start(target, existing).map_err(plain)
    }

    fn start(target: &Path, existing: Existing) -> std::io::Result<AtomicFile> {
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".mdelist-").suffix(".partial");
        // A temporary file is private (0600); the file it becomes is not: it keeps the mode of
        // the file it replaces, or gets the usual one for a new file (0666 less the umask).
        #[cfg(unix)]
        let mode = {
            use std::os::unix::fs::PermissionsExt;
            let replaced = std::fs::metadata(target)
                .ok()
                .filter(|_| existing == Existing::Replace)
                .map(|metadata| metadata.permissions().mode() & 0o7777);
            std::fs::Permissions::from_mode(replaced.unwrap_or(0o666))
        };
        #[cfg(unix)]
        builder.permissions(mode.clone());
        let temporary = builder.tempfile_in(folder)?;
        // The umask narrowed the mode at creation; a replaced file's mode is restored exactly.
        #[cfg(unix)]
        if existing == Existing::Replace && target.exists() {
            temporary.as_file().set_permissions(mode)?;
        }
        Ok(AtomicFile {
            temporary,
            target: target.to_path_buf(),
            folder: folder.to_path_buf(),
            existing,
        })
    }

    /// Flushes the file to disk and renames it into place.
    pub fn commit(self) -> std::io::Result<()> {
        self.finish().map_err(plain)
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.temporary.flush()?;
        self.temporary.as_file().sync_all()?;
        let folder = self.folder.clone();
        self.rename()?;
        sync_folder(&folder);
        Ok(())
    }

    /// Renames the (flushed) temporary file into place.
    fn rename(self) -> std::io::Result<()> {
        match self.existing {
            Existing::Replace => {
                // Checked again just before the rename: the target may have changed while the
                // bytes were written.
                refuse_unless_regular(&self.target)?;
                self.temporary
                    .persist(&self.target)
                    .map_err(|error| error.error)?
            }
            Existing::Keep => self
                .temporary
                .persist_noclobber(&self.target)
                .map_err(|error| error.error)?,
        };
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.temporary.write(bytes).map_err(plain)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temporary.flush().map_err(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_or_keeps_as_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("file.txt");
        write_file(b"one", &target, Existing::Keep).unwrap();
        let refused = write_file(b"two", &target, Existing::Keep).unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&target).unwrap(), b"one");
        write_atomically(b"three", &target).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"three");
        // No temporary file is left behind either way.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["file.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_replaced_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new.txt");
        write_file(b"one", &target, Existing::Keep).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        // A new file gets the mode any new file gets (0666 less the umask), not a temporary
        // file's 0600.
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, b"").unwrap();
        assert_eq!(mode(&target), mode(&plain));
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(b"two", &target).unwrap();
        assert_eq!(mode(&target), 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn links_devices_pipes_and_folders_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, b"kept").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        for (target, start) in [
            (link.as_path(), "is a symbolic link;"),
            (dangling.as_path(), "is a symbolic link;"),
            (folder.as_path(), "is a folder;"),
            (Path::new("/dev/null"), "is a device, pipe or socket"),
        ] {
            for existing in [Existing::Replace, Existing::Keep] {
                let error = write_file(b"new", target, existing).unwrap_err();
                assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
                assert!(error.to_string().starts_with(start), "{target:?}: {error}");
            }
        }
        assert_eq!(std::fs::read(&real).unwrap(), b"kept");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(!dir.path().join("nowhere").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(names, ["dangling.txt", "folder", "link.txt", "real.txt"]);
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn files_written_together_all_appear_whole_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.png"), dir.path().join("page.html"));
        std::fs::write(&b, b"old page").unwrap();
        write_files(&[(b"image", &a), (b"new page", &b)]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"image");
        assert_eq!(std::fs::read(&b).unwrap(), b"new page");
        assert_eq!(names_in(dir.path()), ["a.png", "page.html"]);
        write_files(&[]).unwrap();
    }

    /// A file that already holds its bytes is left as it is; the others are replaced.
    #[cfg(unix)]
    #[test]
    fn files_written_together_leave_what_already_holds_its_bytes() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.png"), dir.path().join("page.html"));
        write_files(&[(b"image", &a), (b"page", &b)]).unwrap();
        let inode = |path: &Path| std::fs::metadata(path).unwrap().ino();
        let (image, page) = (inode(&a), inode(&b));
        write_files(&[(b"image", &a), (b"new page", &b)]).unwrap();
        assert_eq!(inode(&a), image);
        assert_ne!(inode(&b), page);
        assert_eq!(std::fs::read(&b).unwrap(), b"new page");
        // The same length is not the same bytes.
        write_files(&[(b"imagE", &a)]).unwrap();
        assert_ne!(inode(&a), image);
        assert_eq!(std::fs::read(&a).unwrap(), b"imagE");
        assert_eq!(names_in(dir.path()), ["a.png", "page.html"]);
        // A FIFO at a target is refused, never opened to compare.
        let fifo = dir.path().join("fifo.png");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let (index, error) = write_files(&[(b"", &fifo)]).unwrap_err();
        assert_eq!(index, 0);
        assert!(
            error.to_string().starts_with("is a device, pipe or socket"),
            "{error}"
        );
    }

    /// Files prepared before their bytes are known: temporary files for the targets that do
    /// not exist yet (hidden, never under a target's name), written into when the bytes come;
    /// one left without bytes, or the whole preparation dropped, leaves nothing behind.
    #[cfg(unix)]
    #[test]
    fn files_prepared_ahead_are_written_into_and_leave_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a.png"),
            dir.path().join("b.png"),
            dir.path().join("page.html"),
        );
        std::fs::write(&a, b"old image").unwrap();
        let prepared = prepare_files(&[&a, &b, &c]).unwrap();
        // Only the targets that did not exist got a temporary file.
        assert_eq!(prepared.prepared.len(), 2);
        let names = names_in(dir.path());
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(
            names
                .iter()
                .filter(|name| name.ends_with(".partial"))
                .count()
                == 2
        );
        assert_eq!(std::fs::read(&a).unwrap(), b"old image");
        assert!(!b.exists() && !c.exists());
        // b gets no bytes: its temporary file goes.
        prepared
            .write(&[(b"new image", &a), (b"page", &c)])
            .unwrap();
        assert_eq!(names_in(dir.path()), ["a.png", "page.html"]);
        assert_eq!(std::fs::read(&a).unwrap(), b"new image");
        assert_eq!(std::fs::read(&c).unwrap(), b"page");
        // Dropped unwritten: nothing is left, nothing replaced.
        drop(prepare_files(&[&b]).unwrap());
        assert_eq!(names_in(dir.path()), ["a.png", "page.html"]);
    }

    /// A target turned into a link after it was prepared is refused when written, the link left
    /// as it is and no file renamed.
    #[cfg(unix)]
    #[test]
    fn a_prepared_target_that_became_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (a, page) = (dir.path().join("a.png"), dir.path().join("page.html"));
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, b"not mdelist's").unwrap();
        let prepared = prepare_files(&[&a, &page]).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &page).unwrap();
        let (index, error) = prepared
            .write(&[(b"image", &a), (b"page", &page)])
            .unwrap_err();
        assert_eq!(index, 1);
        assert!(
            error.to_string().starts_with("is a symbolic link"),
            "{error}"
        );
        assert!(std::fs::symlink_metadata(&page).unwrap().is_symlink());
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"not mdelist's");
        assert_eq!(names_in(dir.path()), ["elsewhere", "page.html"]);
        // And refused when prepared.
        let (index, _) = prepare_files(&[&a, &page]).unwrap_err();
        assert_eq!(index, 1);
    }

    /// One target that may not be replaced fails the whole group before any file is renamed,
    /// and says which file it was.
    #[cfg(unix)]
    #[test]
    fn files_written_together_are_refused_together() {
        let dir = tempfile::tempdir().unwrap();
        let (a, link) = (dir.path().join("a.png"), dir.path().join("page.html"));
        std::fs::write(&a, b"old image").unwrap();
        std::os::unix::fs::symlink(&a, &link).unwrap();
        let (index, error) = write_files(&[(b"image", &a), (b"page", &link)]).unwrap_err();
        assert_eq!(index, 1);
        assert!(
            error.to_string().starts_with("is a symbolic link;"),
            "{error}"
        );
        assert_eq!(std::fs::read(&a).unwrap(), b"old image");
        assert_eq!(names_in(dir.path()), ["a.png", "page.html"]);
        // A folder that cannot be written: the first file fails and nothing is left behind.
        let missing = dir.path().join("missing").join("x");
        let (index, error) = write_files(&[(b"x", &missing)]).unwrap_err();
        assert_eq!((index, error.kind()), (0, std::io::ErrorKind::NotFound));
    }

    #[test]
    fn errors_read_plainly_without_the_temporary_path() {
        let full = std::io::Error::other(
            "No space left on device (os error 28) at path \"/x/.mdelist-a.partial\"",
        );
        assert_eq!(plain(full).to_string(), "no space left on device");
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing").join("file.txt");
        let error = write_atomically(b"x", &target).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(error.to_string(), "not found");
    }
}
