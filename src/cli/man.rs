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
    let mut page = String::from_utf8_lossy(&page).into_owned();
    page.push_str(&extra_sections(path));
    Ok(page)
}

/// The sections clap does not write: EXIT STATUS, ENVIRONMENT, FILES and, for mdelist(1) and
/// the commands people start with, EXAMPLES. Plain roff: `\-` is a hyphen, `\fB` bold.
fn extra_sections(path: &[String]) -> String {
    let mut roff = String::from(
        ".SH \"EXIT STATUS\"
.TP
\\fB0\\fR
Clean: nothing to fix (warnings do not count, unless \\fB\\-\\-deny\\-warnings\\fR).
.TP
\\fB1\\fR
Findings: at least one error in a listing (or a warning with \\fB\\-\\-deny\\-warnings\\fR).
.TP
\\fB2\\fR
The tool could not do its job: a usage error, a file that cannot be read or written, a
damaged bundle.
.SH ENVIRONMENT
.TP
\\fBNO_COLOR\\fR
When set and not empty, no colours, even on a terminal (\\fB\\-\\-color always\\fR still colours).
.TP
\\fBSOURCE_DATE_EPOCH\\fR
Seconds since 1970: the timestamp of every entry of a bundle, for reproducible archives.
.SH FILES
.TP
\\fBlisting.toml\\fR
The listing's manifest, in the listing folder with the logo and \\fBpress/\\fR.
.TP
\\fBpress/\\fR
The listing's press releases (.md, .txt, .html, .docx); every one is read, listed or not.
.TP
\\fBmdelist.toml\\fR
Policy for the listings below it (limits, severity overrides, \\fBrules_version\\fR), found
by walking up from the listing folder to the repository root, or given with \\fB\\-\\-config\\fR.
",
    );
    let examples: &[(&str, &str)] = match path.first().map(String::as_str) {
        None => &[
            (
                "mdelist init acme-shield --company \"Acme Security\" --product \"Acme Shield\"",
                "Start a listing from the templates.",
            ),
            (
                "mdelist check acme-shield",
                "Check it: each finding with its position and fix.",
            ),
            (
                "mdelist preview acme-shield",
                "See the tile and the row, light and dark.",
            ),
            (
                "mdelist bundle acme-shield --out submissions",
                "Write the archive to send.",
            ),
            (
                "mdelist review submit acme-shield --release press/launch.md",
                "Record that a press release was sent for review.",
            ),
        ],
        Some("check") => &[
            ("mdelist check .", "Every listing under the current folder."),
            (
                "mdelist check --format sarif . > mdelist.sarif",
                "For a code-scanning dashboard.",
            ),
            (
                "mdelist check --online acme-shield",
                "Also check that the landing page answers.",
            ),
        ],
        Some("words") => &[
            (
                "mdelist words \"Stream alerts into Microsoft Sentinel\"",
                "Number the words as the limit counts them.",
            ),
            (
                "mdelist words acme-shield",
                "Every description of a listing.",
            ),
        ],
        Some("review") => &[
            (
                "mdelist review status --ics reviews.ics .",
                "The review windows, and a calendar of them.",
            ),
            (
                "mdelist review record acme-shield --release press/launch.md --team marketing --verdict approved",
                "Record a verdict.",
            ),
        ],
        _ => &[],
    };
    if !examples.is_empty() {
        roff.push_str(".SH EXAMPLES\n");
        for (command, what) in examples {
            roff.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                command.replace('-', "\\-"),
                what
            ));
        }
    }
    roff
}
