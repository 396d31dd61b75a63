use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Exit, TodayArg, paths_or_current};
use crate::baseline::{BASELINE_FILE, accepted_now, write};
use crate::io::baseline::{folder_of, listing_exists, listing_keys};
use crate::io::checks::{Policies, check_all, discover};

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(subcommand)]
    command: BaselineCommand,
}

#[derive(Debug, Subcommand)]
enum BaselineCommand {
    /// Record today's errors and warnings as accepted, keyed by listing, rule and field or file
    /// (never by line); an existing file keeps its reasons and comments.
    Write(WriteArgs),
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Listing folders, listing.toml files, or folders to search for listing.toml.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The baseline file to write (updated in place when it exists).
    #[arg(long, value_name = "FILE", default_value = BASELINE_FILE)]
    file: PathBuf,
    /// The reason given to new entries (otherwise empty, to fill in: an entry without a reason
    /// does not apply).
    #[arg(long, value_name = "TEXT", default_value = "")]
    reason: String,
    #[command(flatten)]
    today: TodayArg,
    /// Use this mdelist.toml for every listing instead of the nearest one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: BaselineArgs) -> anyhow::Result<Exit> {
    match args.command {
        BaselineCommand::Write(args) => run_write(args),
    }
}

fn run_write(args: WriteArgs) -> anyhow::Result<Exit> {
    let manifests = discover(&paths_or_current(args.paths))?;
    let mut policies = Policies::new(args.config.as_deref())?;
    let reports = check_all(&manifests, &mut policies, args.today.date(), None, &|| {})?;
    let folder = folder_of(&args.file);
    let keys = listing_keys(&reports, &folder);
    let counts = accepted_now(&reports, &keys);
    let existing = match std::fs::symlink_metadata(&args.file) {
        Ok(_) => Some(crate::io::baseline::load(&args.file)?.source.text),
        Err(_) => None,
    };
    let (text, written) = write(
        existing.as_deref(),
        &counts,
        &keys,
        &args.reason,
        &listing_exists(&folder),
    )
    .map_err(|message| anyhow::anyhow!("{}: {message}", args.file.display()))?;
    if existing.as_deref() != Some(text.as_str()) {
        crate::atomic_file::write_atomically(text.as_bytes(), &args.file).map_err(|error| {
            anyhow::anyhow!(
                "cannot write {}: {}",
                args.file.display(),
                crate::manifest::describe_io(&error)
            )
        })?;
    }
    let entries = if written.entries == 1 {
        "entry"
    } else {
        "entries"
    };
    eprintln!(
        "wrote {}: {} {entries} ({} new, {} lowered, {} removed)",
        args.file.display(),
        written.entries,
        written.added,
        written.lowered,
        written.removed
    );
    if written.added > 0 && args.reason.trim().is_empty() {
        eprintln!(
            "note: new entries have an empty reason; fill it in (or pass --reason): an entry \
             without a reason does not apply"
        );
    }
    Ok(Exit::Clean)
}
