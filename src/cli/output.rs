//! Where a run's report goes: its format on stdout, each `--output FORMAT=FILE` written
//! atomically beside it, and the GitHub job summary appended to `$GITHUB_STEP_SUMMARY` when
//! that is set. Every one is a [`Stream`] fed the listings as they finish.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;

use crate::atomic_file::{AtomicFile, Existing};
use crate::check::ListingReport;
use crate::diagnostics::Tally;
use crate::render::markdown::SummaryStream;
use crate::render::{Format, HumanOptions, Stream, stream};
use crate::report::Report;

/// `--output FORMAT=FILE`.
#[derive(Debug, Clone)]
pub struct OutputArg {
    pub format: Format,
    pub path: PathBuf,
}

pub fn parse_output(value: &str) -> Result<OutputArg, String> {
    let Some((format, path)) = value.split_once('=') else {
        return Err(format!(
            "`{value}` is not FORMAT=FILE; write e.g. sarif=results.sarif"
        ));
    };
    let format = Format::from_str(format, true).map_err(|_| {
        let known: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|format| format.to_possible_value())
            .map(|value| value.get_name().to_string())
            .collect();
        format!(
            "`{format}` is not an output format; one of: {}",
            known.join(", ")
        )
    })?;
    if path.is_empty() {
        return Err(format!("`{value}` names no file after `=`"));
    }
    Ok(OutputArg {
        format,
        path: PathBuf::from(path),
    })
}

struct FileOutput {
    stream: Box<dyn Stream>,
    file: AtomicFile,
    path: PathBuf,
}

/// Every destination of one run's report.
pub struct Outputs {
    stdout: Box<dyn Stream>,
    /// Set once stdout was found closed (`| head`): nothing more is written there.
    stdout_closed: bool,
    files: Vec<FileOutput>,
    summary: Option<(SummaryStream, PathBuf)>,
    begun: bool,
    /// The run-level part of the report (notices, bundle): never its listings.
    run: Report,
    listings: usize,
    tally: Tally,
    chunk: String,
}

impl Outputs {
    /// Opens every file output (each a temporary file until [`Outputs::finish`]).
    pub fn open(
        format: Format,
        options: HumanOptions,
        files: &[OutputArg],
    ) -> anyhow::Result<Outputs> {
        let files = files
            .iter()
            .map(|output| {
                Ok(FileOutput {
                    stream: open_stream(
                        output.format,
                        HumanOptions {
                            color: false,
                            ..options
                        },
                    ),
                    file: AtomicFile::create(&output.path, Existing::Replace)
                        .with_context(|| format!("cannot write {}", output.path.display()))?,
                    path: output.path.clone(),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let summary = std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|path| !path.is_empty())
            .map(|path| (SummaryStream::default(), PathBuf::from(path)));
        Ok(Outputs {
            stdout: open_stream(format, options),
            stdout_closed: false,
            files,
            summary,
            begun: false,
            run: Report::default(),
            listings: 0,
            tally: Tally::default(),
            chunk: String::new(),
        })
    }

    fn each(&mut self, step: &dyn Fn(&mut dyn Stream, &Report, &mut String)) -> anyhow::Result<()> {
        self.chunk.clear();
        step(self.stdout.as_mut(), &self.run, &mut self.chunk);
        if !self.stdout_closed {
            self.stdout_closed = !to_stdout(&self.chunk)?;
        }
        for output in &mut self.files {
            self.chunk.clear();
            step(output.stream.as_mut(), &self.run, &mut self.chunk);
            output
                .file
                .write_all(self.chunk.as_bytes())
                .with_context(|| format!("cannot write {}", output.path.display()))?;
        }
        if let Some((summary, _)) = &mut self.summary {
            self.chunk.clear();
            step(summary, &self.run, &mut self.chunk);
        }
        Ok(())
    }

    /// Writes one listing's part everywhere (the beginnings first, before the first listing).
    pub fn listing(&mut self, listing: &ListingReport) -> anyhow::Result<()> {
        if !self.begun {
            self.begun = true;
            self.each(&|stream, run, out| stream.begin(run, out))?;
        }
        self.listings += 1;
        self.tally.add(listing.tally());
        self.each(&|stream, _, out| stream.listing(listing, out))
    }

    /// Writes the ends, puts each file in place and appends the job summary; returns the
    /// exit status of the run.
    pub fn finish(mut self, deny_warnings: bool) -> anyhow::Result<crate::report::Exit> {
        if !self.begun {
            self.begun = true;
            self.each(&|stream, run, out| stream.begin(run, out))?;
        }
        // The ends piece by piece: a JUnit stream reads its spilled suites back as it writes.
        self.chunk.clear();
        if !self.stdout_closed {
            let closed = &mut self.stdout_closed;
            self.stdout
                .end_to(&self.run, &mut self.chunk, &mut |piece| {
                    if !*closed {
                        *closed = !to_stdout(piece)?;
                    }
                    Ok(())
                })
                .context("cannot write the report to stdout")?;
        }
        for output in &mut self.files {
            self.chunk.clear();
            let file = &mut output.file;
            output
                .stream
                .end_to(&self.run, &mut self.chunk, &mut |piece| {
                    file.write_all(piece)
                })
                .with_context(|| format!("cannot write {}", output.path.display()))?;
        }
        for output in self.files {
            output
                .file
                .commit()
                .with_context(|| format!("cannot write {}", output.path.display()))?;
        }
        if let Some((mut summary, path)) = self.summary.take() {
            let mut text = String::new();
            summary.end(&self.run, &mut text);
            append(&path, &text)
                .with_context(|| format!("cannot write the job summary {}", path.display()))?;
        }
        Ok(self.run.exit_with(self.listings, self.tally, deny_warnings))
    }
}

/// The writer of `format`; a JUnit writer keeps its test suites in an unnamed temporary file
/// past a megabyte (in memory when none can be made), so memory does not grow with the
/// listings.
fn open_stream(format: Format, options: HumanOptions) -> Box<dyn Stream> {
    match format {
        Format::Junit => match tempfile::tempfile() {
            Ok(file) => Box::new(crate::render::junit::JunitStream::spilling(file)),
            Err(_) => stream(format, options),
        },
        _ => stream(format, options),
    }
}

/// Writes to stdout; `false` when it is a closed pipe (`mdelist check | head`), which is not a
/// failure.
fn to_stdout(text: impl AsRef<[u8]>) -> std::io::Result<bool> {
    let text = text.as_ref();
    if text.is_empty() {
        return Ok(true);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        other => other.map(|()| true),
    }
}

/// Appends to the job summary, which the runner owns and collects after the step: appended,
/// never replaced, and only if it is a regular file.
fn append(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(reason) = crate::atomic_file::not_replaceable(path) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            reason,
        ));
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}
