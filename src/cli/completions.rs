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
    let script = String::from_utf8_lossy(&script).into_owned();
    if shell == Shell::Bash {
        bash_paths(script, &command)
    } else {
        script
    }
}

/// The bash script completes a subcommand's positional arguments from its option list only
/// (clap's bash generator ignores value hints there), so `mdelist check ex<Tab>` offered
/// nothing. Where the positional is a folder or a file, complete folders or files instead, and
/// the options once a `-` is typed.
fn bash_paths(mut script: String, command: &clap::Command) -> String {
    let mut blocks = Vec::new();
    collect_positional_hints(command, "mdelist".to_string(), &mut blocks);
    for (name, hint) in blocks {
        let start_marker = format!("\n        {name})\n");
        let Some(start) = script.find(&start_marker) else {
            continue;
        };
        let Some(length) = script[start..].find("\n            ;;\n") else {
            continue;
        };
        let block = &script[start..start + length];
        let generate = match hint {
            ValueHint::DirPath => "compgen -d",
            _ => "compgen -f",
        };
        let mut lines: Vec<String> = block.lines().map(str::to_string).collect();
        for line in &mut lines {
            if line.contains("if [[ ${cur} == -* || ${COMP_CWORD} -eq") {
                *line = "            if [[ ${cur} == -* ]] ; then".to_string();
            }
        }
        let fallback = "            COMPREPLY=( $(compgen -W \"${opts}\" -- \"${cur}\") )";
        if let Some(last) = lines.iter().rposition(|line| line == fallback) {
            lines[last] = format!(
                "            COMPREPLY=( $({generate} -- \"${{cur}}\") )\n            if [[ \
                 \"${{BASH_VERSINFO[0]}}\" -ge 4 ]]; then\n                compopt -o filenames\n            \
                 fi"
            );
        }
        let mut rewritten = lines.join("\n");
        if block.ends_with('\n') {
            rewritten.push('\n');
        }
        script.replace_range(start..start + length, &rewritten);
    }
    script
}

/// Each subcommand's bash case name (as clap's generator spells it) with the hint of its first
/// positional argument, where that is a folder or a file.
fn collect_positional_hints(
    command: &clap::Command,
    name: String,
    out: &mut Vec<(String, ValueHint)>,
) {
    if let Some(hint) = command
        .get_positionals()
        .map(|arg| arg.get_value_hint())
        .find(|hint| matches!(hint, ValueHint::DirPath | ValueHint::FilePath))
    {
        out.push((name.clone(), hint));
    }
    for sub in command.get_subcommands() {
        let sub_name = format!(
            "{name}__subcmd__{}",
            sub.get_name().replace('-', "__subcmd__")
        );
        collect_positional_hints(sub, sub_name, out);
    }
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
