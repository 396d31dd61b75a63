//! The command line: clap definitions resolved into plain options, one file per subcommand.

mod baseline;
mod bundle;
mod check;
pub mod completions;
mod fix;
mod init;
mod jobs;
mod man;
pub mod names;
mod output;
mod preview;
mod review;
pub mod rules;
pub mod schema;
mod user_agent;
mod verify;
mod words;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

pub use crate::render::Format;
pub use crate::report::Exit;

#[derive(Debug, Parser)]
#[command(
    name = "mdelist",
    version,
    about = "Check a Microsoft Defender for Endpoint partner listing",
    long_about = "Check the listing package a security vendor submits to the partner \
                  applications page of Microsoft Defender for Endpoint: product name, 15-word \
                  description, landing page, User-Agent, Entra application name and category, \
                  each finding with its code, position and fix."
)]
pub struct Cli {
    /// When to use colours: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run every rule on listings; print diagnostics and a summary.
    Check(check::CheckArgs),
    /// Check a listing, then write its submission bundle (a deterministic, checksummed zip).
    Bundle(bundle::BundleArgs),
    /// Check a received bundle's checksums and run every offline rule on the listing inside.
    Verify(verify::VerifyArgs),
    /// Accept today's findings, so that `check --baseline FILE` reports only new ones.
    Baseline(baseline::BaselineArgs),
    /// Repair the logo (cleaned, squared, centred, proved pixel by pixel), then check again.
    Fix(fix::FixArgs),
    /// Track the press-release review window: status, submit, record.
    Review(review::ReviewArgs),
    /// Write preview.html: the partner-page row and the tile, light and dark, at real sizes.
    Preview(preview::PreviewArgs),
    /// Write a new listing package from the templates, ready to fill in.
    Init(init::InitArgs),
    /// Print the listing's User-Agent, to paste into the integration's HTTP client.
    #[command(name = "user-agent")]
    UserAgent(user_agent::UserAgentArgs),
    /// Print the numbered words of a text as the description limit counts them.
    Words(words::WordsArgs),
    /// List every form of the product names the rules look for, with where it comes from.
    Names(names::NamesArgs),
    /// List the rule catalogue.
    Rules(rules::RulesArgs),
    /// Print one rule's documentation: what, why, example, fix.
    Explain(rules::ExplainArgs),
    /// Print the JSON Schema of listing.toml (for editor completion).
    Schema,
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff), of mdelist or of one command.
    Man(man::ManArgs),
    /// Render logos for the parent process, confined (framed requests on stdin).
    #[command(name = "__render-worker", hide = true)]
    RenderWorker,
}

/// The commands that render logos, as typed.
#[cfg(target_os = "linux")]
const RENDERING_COMMANDS: [&str; 5] = ["check", "bundle", "verify", "fix", "preview"];

/// Parses the arguments, runs the command, and returns the exit status. Never panics on input.
pub fn run<I, T>(args: I) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // A render worker is started once per rendering thread and asks for nothing more: it is
    // served before the command line is built.
    if args.len() == 2 && args[1] == crate::worker::SUBCOMMAND {
        return match render_worker() {
            Ok(exit) => exit,
            Err(error) => {
                eprintln!("error: {error:#}");
                Exit::Failure
            }
        };
    }
    // The commands that render logos start their first worker before the command line is even
    // parsed, so that its start (exec, dynamic linking, sandbox) overlaps with the parsing and
    // the reading of the listing. A command named after global flags starts it once parsed.
    #[cfg(target_os = "linux")]
    let started_early = args
        .get(1)
        .is_some_and(|command| RENDERING_COMMANDS.iter().any(|name| command == name));
    #[cfg(target_os = "linux")]
    if started_early {
        crate::worker::share_workers();
        crate::worker::prestart();
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                Exit::Failure
            } else {
                Exit::Clean
            };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    // Logos are rendered in confined worker processes wherever one can be started.
    #[cfg(target_os = "linux")]
    if !matches!(cli.command, Command::RenderWorker) {
        crate::worker::share_workers();
        if matches!(
            cli.command,
            Command::Check(_)
                | Command::Bundle(_)
                | Command::Verify(_)
                | Command::Fix(_)
                | Command::Preview(_)
        ) {
            if !started_early {
                crate::worker::prestart();
            }
            // So is the building of the text rules' automata, on a thread of its own.
            let _ = std::thread::Builder::new()
                .name("prepare".into())
                .spawn(crate::text::prepare);
        }
    }
    let result = match cli.command {
        Command::Check(args) => check::run(args, color),
        Command::Bundle(args) => bundle::run(args, color),
        Command::Verify(args) => verify::run(args, color),
        Command::Baseline(args) => baseline::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Review(args) => review::run(args),
        Command::Preview(args) => preview::run(args),
        Command::Init(args) => init::run(args),
        Command::UserAgent(args) => user_agent::run(args, color),
        Command::Words(args) => words::run(args),
        Command::Names(args) => names::run(args),
        Command::Rules(args) => rules::run_rules(args),
        Command::Explain(args) => rules::run_explain(args),
        Command::Schema => schema::run(),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::RenderWorker => render_worker(),
    };
    match result {
        Ok(exit) => exit,
        Err(error) => {
            eprintln!("error: {error:#}");
            Exit::Failure
        }
    }
}

#[cfg(target_os = "linux")]
fn render_worker() -> anyhow::Result<Exit> {
    crate::worker::serve::serve().map_err(|reason| anyhow::anyhow!("render worker: {reason}"))?;
    Ok(Exit::Clean)
}

#[cfg(not(target_os = "linux"))]
fn render_worker() -> anyhow::Result<Exit> {
    anyhow::bail!("the render worker runs on Linux only")
}

/// `--today`: a date, defaulting to the local date.
#[derive(Debug, Clone, clap::Args)]
pub struct TodayArg {
    /// The date to reason with (YYYY-MM-DD); defaults to today's local date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
}

impl TodayArg {
    pub fn date(&self) -> Date {
        self.today.unwrap_or_else(|| jiff::Zoned::now().date())
    }

    /// The date given on the command line, if any.
    pub fn given(&self) -> Option<Date> {
        self.today
    }
}

fn parse_date(value: &str) -> Result<Date, String> {
    value
        .parse::<Date>()
        .map_err(|_| format!("`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22"))
}

/// `[PATH]...` defaulting to the current folder.
fn paths_or_current(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// The width of `stream` when it is a terminal (human output is fitted to it); `None` otherwise,
/// for the renderer's default of 80 columns.
fn terminal_width(stream: &impl std::os::fd::AsFd) -> Option<usize> {
    terminal_size::terminal_size_of(stream).map(|(width, _)| usize::from(width.0))
}

/// Writes to stdout, treating a closed pipe (`mdelist rules | head`) as success.
fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
