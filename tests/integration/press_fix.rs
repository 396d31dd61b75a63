//! `mdelist fix --unsafe-fixes` on press releases in Markdown and plain text: former names,
//! invented abbreviations and inflected names replaced by the current name in the release's
//! language (tests/data/press-fixes: each release before, the diff, the release after), nothing
//! changed inside front matter, code spans, link addresses or a name split by markup.

use std::path::{Path, PathBuf};

use super::support::{mdelist, stderr, stdout};

const TODAY: &str = "2026-11-22";

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/press-fixes")
        .join(name)
}

/// The reference example with `release` (a file of tests/data/press-fixes) as its one press
/// release, `press/release.EXT`; the path of that release.
fn listing(root: &Path, release: &str) -> PathBuf {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-cognito");
    let dir = root.join("listing");
    std::fs::create_dir_all(dir.join("press")).unwrap();
    let extension = Path::new(release).extension().unwrap().to_str().unwrap();
    let relative = format!("press/release.{extension}");
    let manifest = std::fs::read_to_string(example.join("listing.toml"))
        .unwrap()
        .replace("press/2026-11-launch.md", &relative);
    std::fs::write(dir.join("listing.toml"), manifest).unwrap();
    std::fs::copy(example.join("logo.svg"), dir.join("logo.svg")).unwrap();
    std::fs::copy(data(release), dir.join(&relative)).unwrap();
    dir.join(relative)
}

fn fix(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["fix", "--today", TODAY];
    args.extend_from_slice(extra);
    args.push(".");
    mdelist(&args, dir)
}

/// Before, diff, after: the exact bytes, then a second run that finds nothing left to change.
fn before_diff_after(release: &str, stem: &str, held_back: usize, fixed_message: &str) {
    let root = tempfile::tempdir().unwrap();
    let path = listing(root.path(), release);
    let dir = path.parent().unwrap().parent().unwrap().to_path_buf();
    let before = std::fs::read(&path).unwrap();

    // Without --unsafe-fixes the wording is left alone.
    let output = fix(&dir, &["--diff"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let relative = format!(
        "press/release.{}",
        Path::new(release).extension().unwrap().to_str().unwrap()
    );
    assert_eq!(
        stdout(&output),
        format!(
            "{relative}: {held_back} unsafe fixes not applied (product names; they change \
             wording): pass --unsafe-fixes to apply them\n"
        )
    );
    let output = fix(&dir, &[]);
    assert!(
        stdout(&output).starts_with(&format!("{relative}: {held_back} unsafe fixes")),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "fix without --unsafe-fixes wrote"
    );

    let output = fix(&dir, &["--diff", "--unsafe-fixes"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let expected_diff = std::fs::read_to_string(data(&format!("{stem}.diff"))).unwrap();
    assert_eq!(stdout(&output), expected_diff);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "--diff wrote the release"
    );

    let output = fix(&dir, &["--unsafe-fixes"]);
    assert!(
        stdout(&output).starts_with(fixed_message),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    let extension = Path::new(release).extension().unwrap().to_str().unwrap();
    let expected = std::fs::read(data(&format!("{stem}.fixed.{extension}"))).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), expected);
    // The lock's sidecar is gone, and nothing else was left beside the release.
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [format!("release.{extension}")]);

    let output = fix(&dir, &["--diff", "--unsafe-fixes"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn english_markdown_keeps_front_matter_code_link_addresses_and_split_names() {
    before_diff_after(
        "en.md",
        "en",
        4,
        "fixed press/release.md: write \"Microsoft Defender for Endpoint\" (DESC005); write \
         \"Microsoft Defender for Endpoint\" (DESC006); write \"Microsoft Defender for \
         Endpoint\" unchanged (DESC009)\n",
    );
}

#[test]
fn german_markdown_gets_the_german_name() {
    before_diff_after(
        "de.md",
        "de",
        3,
        "fixed press/release.md: write \"Microsoft Defender für Endpunkt\" (DESC006); write \
         \"Microsoft Defender für Endpunkt\" (DESC005)\n",
    );
}

#[test]
fn french_plain_text_gets_the_french_name() {
    before_diff_after(
        "fr.txt",
        "fr",
        3,
        "fixed press/release.txt: write \"Microsoft Defender pour point de terminaison\" \
         (DESC006); write \"Microsoft Defender pour point de terminaison\" (DESC005)\n",
    );
}

#[test]
fn korean_markdown_gets_the_korean_name() {
    before_diff_after(
        "ko.md",
        "ko",
        3,
        "fixed press/release.md: write \"엔드포인트용 Microsoft Defender\" (DESC006); write \
         \"엔드포인트용 Microsoft Defender\" (DESC005)\n",
    );
}

#[test]
fn a_byte_order_mark_is_kept() {
    let root = tempfile::tempdir().unwrap();
    let path = listing(root.path(), "fr.txt");
    let dir = path.parent().unwrap().parent().unwrap().to_path_buf();
    let mut marked = b"\xEF\xBB\xBF".to_vec();
    marked.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, &marked).unwrap();
    let output = fix(&dir, &["--unsafe-fixes"]);
    assert!(
        stdout(&output).starts_with("fixed press/release.txt"),
        "{}",
        stdout(&output)
    );
    let mut expected = b"\xEF\xBB\xBF".to_vec();
    expected.extend(std::fs::read(data("fr.fixed.txt")).unwrap());
    assert_eq!(std::fs::read(&path).unwrap(), expected);
}

#[cfg(unix)]
#[test]
fn a_release_that_is_a_link_is_left_alone() {
    let root = tempfile::tempdir().unwrap();
    let path = listing(root.path(), "de.md");
    let dir = path.parent().unwrap().parent().unwrap().to_path_buf();
    let target = root.path().join("elsewhere.md");
    std::fs::rename(&path, &target).unwrap();
    std::os::unix::fs::symlink(&target, &path).unwrap();
    let before = std::fs::read(&target).unwrap();
    let output = fix(&dir, &["--unsafe-fixes"]);
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(
        std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let out = stdout(&output);
    assert!(
        !out.contains("fixed press/release.md"),
        "{out}{}",
        stderr(&output)
    );
}
