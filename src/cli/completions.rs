use clap::builder::PossibleValuesParser;
use clap::{Args, CommandFactory, ValueHint};
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
    let mut command = completion_command(Cli::command());
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "mdelist", &mut script);
    String::from_utf8_lossy(&script).into_owned()
}

/// The command line as the shell should complete it: folders where a listing path goes, files
/// where a file goes, and the rule codes after `explain`. Only the completion script sees this;
/// parsing keeps its own messages (an unknown code gets "did you mean").
fn completion_command(command: clap::Command) -> clap::Command {
    let command = command.mut_args(|arg| {
        let hint = match arg.get_value_names().and_then(|names| names.first()) {
            Some(name) if name.as_str() == "PATH" || name.as_str() == "DIR" => ValueHint::DirPath,
            Some(name) if name.as_str() == "LISTING" => ValueHint::DirPath,
            Some(name) if name.as_str() == "FILE" || name.as_str() == "BUNDLE.zip" => {
                ValueHint::FilePath
            }
            _ => return arg,
        };
        arg.value_hint(hint)
    });
    let command = if command.get_name() == "explain" {
        let codes: Vec<&'static str> = crate::rules::RULES.iter().map(|rule| rule.code).collect();
        command.mut_arg("code", |arg| {
            arg.value_parser(PossibleValuesParser::new(codes))
        })
    } else {
        command
    };
    command.mut_subcommands(completion_command)
}
