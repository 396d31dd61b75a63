//! CLI behaviour as snapshot cases: `tests/cmd/**/*.toml`, each with its expected stdout/stderr
//! and, for rule fixtures, a `<name>.in/` listing folder that is the working directory; literate
//! cases in `tests/cmd/*.md` and the README; and the README's walk-through, run in a fresh
//! folder.

use std::path::Path;

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.md")
        .case("tests/cmd/rules/*.toml")
        .case("README.md");
}

const WALK_THROUGH_START: &str = "<!-- walk-through:";
const WALK_THROUGH_END: &str = "<!-- end of walk-through -->";

/// The README's "Your first listing" writes files, so its blocks are marked `console,ignore`
/// for the README case above and run here instead, in a temporary folder: the console blocks
/// before the toml block, then that block's lines put in place of the same keys in the
/// listing, as the reader would edit it, then the console blocks after it.
#[test]
fn readme_walk_through() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find(WALK_THROUGH_START).unwrap();
    let end = readme.find(WALK_THROUGH_END).unwrap();
    let section = &readme[start..end];
    let (before, rest) = section.split_once("```toml\n").unwrap();
    let (edit, after) = rest.split_once("```\n").unwrap();
    let runnable = |text: &str| text.replace("```console,ignore\n", "```console\n");
    assert!(before.contains("```console,ignore\n") && after.contains("```console,ignore\n"));

    let root = tempfile::tempdir().unwrap();
    let first = root.path().join("first.md");
    std::fs::write(&first, runnable(before)).unwrap();
    // A `first.in` folder is the working directory, kept between the two halves.
    let work = root.path().join("first.in");
    std::fs::create_dir(&work).unwrap();
    run_case(&first);

    let manifest = work.join("acme-shield/listing.toml");
    apply_edit(&manifest, edit);

    let second = root.path().join("second.md");
    std::fs::write(&second, runnable(after)).unwrap();
    std::fs::rename(&work, root.path().join("second.in")).unwrap();
    run_case(&second);
}

fn run_case(path: &Path) {
    trycmd::TestCases::new()
        .register_bin(
            "mdelist",
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_mdelist")),
        )
        .env("NO_COLOR", "1")
        .case(path)
        .run();
}

/// Replaces each `key = …` line of the manifest with the edit's line for the same key.
fn apply_edit(manifest: &Path, edit: &str) {
    let mut text = std::fs::read_to_string(manifest).unwrap();
    for line in edit.lines().filter(|line| !line.trim().is_empty()) {
        let key = line.split_once(" = ").unwrap().0;
        let prefix = format!("{key} = ");
        let found: Vec<&str> = text
            .lines()
            .filter(|old| old.starts_with(&prefix))
            .collect();
        assert_eq!(found.len(), 1, "{key} is not in the listing once");
        text = text.replace(found[0], line);
    }
    std::fs::write(manifest, text).unwrap();
}
