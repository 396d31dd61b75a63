use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::{Exit, print};
use crate::atomic_file::{Existing, write_file};
use crate::check::MANIFEST_FILE;
use crate::scaffold::{Names, NewFile, package_files};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new listing package, created if needed (default: the current folder).
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The company name, as it should appear in the User-Agent.
    #[arg(long, value_name = "C", value_parser = parse_name)]
    company: Option<String>,
    /// The product name, as the partner page should show it.
    #[arg(long, value_name = "P", value_parser = parse_name)]
    product: Option<String>,
}

fn parse_name(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        return Err("a name cannot be empty".into());
    }
    if value.chars().any(char::is_control) {
        return Err("a name cannot hold line breaks, tabs or other control characters".into());
    }
    Ok(value.to_string())
}

pub fn run(args: InitArgs) -> anyhow::Result<Exit> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let names = Names {
        company: args.company,
        product: args.product,
    };
    let files = package_files(&names)?;
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!("{} exists and is not a folder", dir.display());
    }
    // Every target is looked at before anything is written: a refusal changes nothing.
    let existing: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let target = shown_path(&dir, file.path);
            // A file where a folder is needed (`press`) blocks the write as surely.
            let parent = Path::new(file.path)
                .parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .map(|parent| shown_path(&dir, parent))
                .filter(|parent| parent.symlink_metadata().is_ok_and(|meta| !meta.is_dir()));
            parent
                .into_iter()
                .chain(std::iter::once(target))
                .filter(|path| path.symlink_metadata().is_ok())
        })
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: {} already exist{}; nothing was written",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
        eprintln!(
            "help: choose another folder, e.g. `mdelist init new-listing`, or move those files away"
        );
        return Ok(Exit::Failure);
    }
    let written = write_all(&dir, &files)?;
    let manifest = shown_path(&dir, MANIFEST_FILE);
    let mut out = String::new();
    for path in &written {
        out.push_str(&format!("created {}\n", path.display()));
    }
    let shown = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" {}", shell_word(&dir.display().to_string()))
    };
    out.push_str(&format!(
        "\nnext: fill in the values in {{braces}} in {}, replace {} with your product's \
         square SVG logo, then run `mdelist check{shown}`\n",
        manifest.display(),
        shown_path(&dir, "logo.svg").display(),
    ));
    print(&out)?;
    Ok(Exit::Clean)
}

/// Writes every file, each atomically and never over an existing one. If one fails, the ones
/// already written are removed again, so the folder is as it was.
fn write_all(dir: &Path, files: &[NewFile]) -> anyhow::Result<Vec<PathBuf>> {
    let mut written: Vec<PathBuf> = Vec::new();
    let mut created_folders: Vec<PathBuf> = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for file in files {
            let target = shown_path(dir, file.path);
            if let Some(parent) = target.parent() {
                let mut missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
                    .map(Path::to_path_buf)
                    .collect();
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
                missing.reverse();
                created_folders.extend(missing);
            }
            write_file(&file.bytes, &target, Existing::Keep).with_context(|| {
                format!("cannot write {}; nothing was left behind", target.display())
            })?;
            written.push(target);
        }
        Ok(())
    })();
    if let Err(error) = result {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
        for folder in created_folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        return Err(error);
    }
    Ok(written)
}

/// `dir/name`, or just `name` in the current folder.
fn shown_path(dir: &Path, name: impl AsRef<Path>) -> PathBuf {
    if dir == Path::new(".") {
        name.as_ref().to_path_buf()
    } else {
        dir.join(name)
    }
}

/// A path as it can be pasted into a POSIX shell.
fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./+,:@".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
