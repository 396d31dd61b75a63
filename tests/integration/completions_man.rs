//! `mdelist completions SHELL` and `mdelist man`: every shell gets a script that names every
//! command, and the man pages are well-formed roff that names every command.

use crate::support;

use std::process::Command;

use support::*;

const COMMANDS: &[&str] = &[
    "check",
    "bundle",
    "verify",
    "preview",
    "init",
    "user-agent",
    "words",
    "rules",
    "explain",
    "schema",
    "completions",
    "man",
];

fn run(args: &[&str]) -> String {
    let output = mdelist(args, &repo_root());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = run(&["completions", shell]);
        for command in COMMANDS {
            assert!(
                script.contains(command),
                "{shell} completions do not mention `{command}`"
            );
        }
        // Options of a subcommand are completed too.
        assert!(
            script.contains("deny-warnings"),
            "{shell}: no check options"
        );
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let Ok(bash) = which("bash") else {
        skipped("the_bash_script_is_valid_bash", "bash is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("mdelist.bash");
    std::fs::write(&script, run(&["completions", "bash"])).unwrap();
    let output = Command::new(bash).arg("-n").arg(&script).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = mdelist(&["completions", "cmd.exe"], &repo_root());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("possible values: bash"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_man_page_names_every_command() {
    let page = run(&["man"]);
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH mdelist 1"), "{page}");
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS"] {
        assert!(page.contains(&format!(".SH {section}")), "no {section}");
    }
    for command in COMMANDS {
        // roff escapes hyphens.
        let reference = format!("mdelist\\-{}(1)", command.replace('-', "\\-"));
        assert!(page.contains(&reference), "no {reference} in mdelist(1)");
    }
    // No help subcommand: it has no page of its own.
    assert!(!page.contains("mdelist\\-help(1)"));
}

#[test]
fn each_command_has_its_page() {
    let page = run(&["man", "preview"]);
    assert!(page.contains(".TH mdelist-preview 1"), "{page}");
    assert!(page.contains("\\fBmdelist preview\\fR"), "{page}");
    assert!(page.contains("\\-\\-out"), "{page}");
    let output = mdelist(&["man", "nope"], &repo_root());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no command `nope`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn groff_reads_the_pages_without_warnings() {
    let Ok(groff) = which("groff") else {
        skipped(
            "groff_reads_the_pages_without_warnings",
            "groff is not installed",
        );
        return;
    };
    for args in [&["man"][..], &["man", "check"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.1");
        std::fs::write(&page, run(args)).unwrap();
        let output = Command::new(&groff)
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
        .ok_or(())
}

#[test]
fn completions_offer_folders_for_paths_and_codes_for_explain() {
    let bash = run(&["completions", "bash"]);
    // After `explain`, the codes of the catalogue.
    let explain = bash
        .lines()
        .skip_while(|line| !line.contains("mdelist__subcmd__explain)"))
        .find(|line| line.contains("opts="))
        .unwrap();
    for code in ["DESC001", "LINK011", "PRESS010", "ONB002"] {
        assert!(explain.contains(code), "{explain}");
    }
    let zsh = run(&["completions", "zsh"]);
    assert!(
        zsh.contains(
            "'*::paths -- Listing folders, listing.toml files, or folders to search for listing.toml:_files -/'"
        ),
        "zsh completes no folders for check"
    );
    assert!(
        zsh.contains("':code -- A rule code, e.g. DESC001:(MAN001 MAN002"),
        "zsh completes no codes"
    );
    let fish = run(&["completions", "fish"]);
    assert!(fish.contains(
        "__fish_mdelist_using_subcommand bundle\" -l out -d 'Folder to write the archive into (default: the current folder)' -r -f -a \"(__fish_complete_directories)\""
    ));
    // Parsing is unchanged: an unknown code still gets its own message.
    let output = mdelist(&["explain", "DESC01"], &repo_root());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown rule `DESC01`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_man_pages_say_what_exit_statuses_and_environment_mean() {
    let page = run(&["man"]);
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "no {section}");
    }
    assert!(page.contains("\\fBNO_COLOR\\fR\nWhen set and not empty, no colours"));
    assert!(page.contains("\\fBSOURCE_DATE_EPOCH\\fR\nSeconds since 1970"));
    assert!(page.contains(".TP\n\\fB2\\fR\nThe tool could not do its job"));
    assert!(page.contains("\\fBmdelist check acme\\-shield\\fR\nCheck it"));
    let check = run(&["man", "check"]);
    assert!(check.contains(".SH \"EXIT STATUS\"") && check.contains(".SH EXAMPLES"));
    assert!(check.contains("\\fBmdelist check \\-\\-online acme\\-shield\\fR"));
}

/// What bash offers at the cursor, running the generated script's completion function the way
/// readline does (the words so far, the index of the word being completed).
fn bash_complete(
    bash: &std::path::Path,
    script: &std::path::Path,
    cwd: &std::path::Path,
    words: &[&str],
) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|word| format!("'{word}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n_mdelist mdelist '{}' '{}' 2>/dev/null\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let output = Command::new(bash)
        .arg("-c")
        .arg(program)
        .current_dir(cwd)
        .output()
        .unwrap();
    let mut offered: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect();
    offered.sort();
    offered
}

#[test]
fn bash_completes_folders_for_listing_paths_files_for_bundles_and_options_after_a_dash() {
    let Ok(bash) = which("bash") else {
        skipped(
            "bash_completes_folders_for_listing_paths_files_for_bundles_and_options_after_a_dash",
            "bash is not installed",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("mdelist.bash");
    std::fs::write(&script, run(&["completions", "bash"])).unwrap();
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(work.path().join("vendor-a")).unwrap();
    std::fs::create_dir_all(work.path().join("vendor-b")).unwrap();
    std::fs::write(work.path().join("vendor.zip"), b"").unwrap();
    let cwd = work.path();
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "check", "ven"]),
        ["vendor-a", "vendor-b"]
    );
    assert_eq!(
        bash_complete(
            &bash,
            &script,
            cwd,
            &["mdelist", "check", "vendor-a", "ven"]
        ),
        ["vendor-a", "vendor-b"]
    );
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "review", "status", "ven"]),
        ["vendor-a", "vendor-b"]
    );
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "preview", "ven"]),
        ["vendor-a", "vendor-b"]
    );
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "verify", "ven"]),
        ["vendor-a", "vendor-b", "vendor.zip"]
    );
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "check", "--form"]),
        ["--format"]
    );
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "check", "--format", "j"]),
        ["json", "junit"]
    );
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "explain", "LINK01"]),
        ["LINK010", "LINK011"]
    );
    assert_eq!(
        bash_complete(&bash, &script, cwd, &["mdelist", "che"]),
        ["check"]
    );
}
