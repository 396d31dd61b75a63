use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Exit, print};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_name = "SHELL", value_enum)]
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<Exit> {
    print(&completions(args.shell))?;
    Ok(Exit::Clean)
}

/// The completion script for `shell`, as text.
pub fn completions(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "mdelist", &mut script);
    String::from_utf8_lossy(&script).into_owned()
}
