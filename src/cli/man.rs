use clap::{Args, CommandFactory};

use super::{Cli, Exit, print};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to write instead, e.g. `check` for mdelist-check(1).
    #[arg(value_name = "COMMAND")]
    command: Vec<String>,
}

pub fn run(args: ManArgs) -> anyhow::Result<Exit> {
    print(&man_page(&args.command)?)?;
    Ok(Exit::Clean)
}

/// The roff source of mdelist(1), or of the page of a (nested) command, e.g.
/// `["check"]` for mdelist-check(1), which mdelist(1) refers to.
pub fn man_page(path: &[String]) -> anyhow::Result<String> {
    let mut command = Cli::command().disable_help_subcommand(true);
    // Building gives every command its full name ("mdelist check") for the synopsis.
    command.build();
    for name in path {
        let Some(found) = command.find_subcommand(name) else {
            let known: Vec<&str> = command
                .get_subcommands()
                .map(clap::Command::get_name)
                .collect();
            anyhow::bail!(
                "no command `{name}`; the commands are: {}",
                known.join(", ")
            );
        };
        command = found.clone();
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .source(concat!("mdelist ", env!("CARGO_PKG_VERSION")))
        .render(&mut page)?;
    Ok(String::from_utf8_lossy(&page).into_owned())
}
