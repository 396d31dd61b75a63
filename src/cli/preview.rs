use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::{Exit, TodayArg, print};
use crate::atomic_file::prepare_files;
use crate::check::MANIFEST_FILE;
use crate::io::checks::{Policies, check_listing};
use crate::preview::{PAGE_FILE, PreviewFile, file_names, preview};
use crate::render::human::summary;
use crate::report::Report;

/// Where the page goes without `--out`: a folder of its own in the current folder, never the
/// listing folder, whose contents are the submission.
pub const DEFAULT_OUT: &str = "mdelist-preview";

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// A listing folder or its listing.toml (default: the current folder).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Folder to write preview.html and the logo renders into, created if needed
    /// (default: mdelist-preview in the current folder).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: PreviewArgs) -> anyhow::Result<Exit> {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    let manifest = if path.is_dir() {
        path.join(MANIFEST_FILE)
    } else {
        path
    };
    let mut policies = Policies::new(args.config.as_deref())?;
    let today = args.today.date();
    let report = check_listing(&manifest, &mut policies, today, &crate::svg::RENDER_SIZES)?;
    let limits = policies.for_listing(&report.package.dir)?.limits.clone();

    let out = args.out.unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    if out.exists() && !out.is_dir() {
        anyhow::bail!("{} exists and is not a folder", out.display());
    }
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    // The renders first and the page last, so a page never shows before its images; the folder
    // is synced once for them all. The files are created while the PNGs are encoded.
    let cannot_write = |target: &Path, error| {
        anyhow::Error::new(error).context(format!("cannot write {}", target.display()))
    };
    let mut names = file_names(&report);
    names.sort_by_key(|name| name == PAGE_FILE);
    let targets: Vec<PathBuf> = names.iter().map(|name| out.join(name)).collect();
    let prepared = prepare_files(&targets.iter().map(PathBuf::as_path).collect::<Vec<_>>())
        .map_err(|(index, error)| cannot_write(&targets[index], error))?;
    let files = preview(&report, &limits)?;
    let mut ordered: Vec<&PreviewFile> = files.iter().collect();
    ordered.sort_by_key(|file| file.name == PAGE_FILE);
    let targets: Vec<PathBuf> = ordered.iter().map(|file| out.join(&file.name)).collect();
    let writes: Vec<(&[u8], &Path)> = ordered
        .iter()
        .zip(&targets)
        .map(|(file, target)| (file.bytes.as_slice(), target.as_path()))
        .collect();
    prepared
        .write(&writes)
        .map_err(|(index, error)| cannot_write(&targets[index], error))?;
    let renders: Vec<&str> = files
        .iter()
        .map(|file| file.name.as_str())
        .filter(|name| *name != PAGE_FILE)
        .collect();
    let page = out.join(PAGE_FILE);
    let mut text = match renders.as_slice() {
        [] => format!(
            "wrote {} (the logo could not be rendered)\n",
            page.display()
        ),
        _ => format!("wrote {} with {}\n", page.display(), renders.join(", ")),
    };
    let tally = report.tally();
    text.push_str(&summary(1, tally));
    text.push('\n');
    if tally.errors > 0 {
        text.push_str("the page lists every finding; `mdelist check` shows them in place\n");
    }
    print(&text)?;
    Ok(Report::of_listings(vec![report]).exit(false))
}
