//! `mdelist fix` on real listing folders: the logo repaired and its original kept, a second run
//! changing nothing, `--diff` writing nothing and giving, through `patch`, the same bytes as the
//! fix, uncommitted changes in a git work tree left alone unless `--allow-dirty`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mdelist(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdelist"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A copy of the passing example whose logo is the wide Illustrator export of the corpus.
fn listing(root: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("listing");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        source.join("examples/contoso-cognito/listing.toml"),
        dir.join("listing.toml"),
    )
    .unwrap();
    std::fs::copy(
        source.join("tests/data/logos/repairable/hostile-everything-at-once.svg"),
        dir.join("logo.svg"),
    )
    .unwrap();
    // The example lists press releases; this copy has none.
    let manifest = std::fs::read_to_string(dir.join("listing.toml")).unwrap();
    let manifest = match manifest.find("[[press_release]]") {
        Some(at) => manifest[..at].to_string(),
        None => manifest,
    };
    std::fs::write(dir.join("listing.toml"), manifest).unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn fix_repairs_the_logo_keeps_the_original_and_is_idempotent() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing(root.path());
    let original = std::fs::read(dir.join("logo.svg")).unwrap();
    let output = mdelist(&["fix", "listing"], root.path());
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with(
            "fixed listing/logo.svg: viewBox 0 0 480 240 → 11.25 -108.75 457.5 457.5 (square, \
             centred on the artwork); removed 1 script, 2 event handlers, 2 external references, \
             1 <foreignObject>, 1 animation, 1 comment; added a <title>; proof: 64 px 0.0 % \
             differing, 128 px 0.0 % differing, 256 px 0.0 % differing (the original is kept as \
             listing/logo.orig.svg)\n"
        ),
        "{text}"
    );
    // What is left is the example's own findings, none about the logo.
    assert!(!text.contains("LOGO"), "{text}");
    assert_eq!(std::fs::read(dir.join("logo.orig.svg")).unwrap(), original);
    let repaired = std::fs::read(dir.join("logo.svg")).unwrap();
    assert_eq!(
        String::from_utf8(repaired.clone()).unwrap(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"11.25 -108.75 457.5 457.5\" \
         width=\"457.5\" height=\"457.5\">\n  <title>Contoso Cognito</title>\n  <rect x=\"40\" \
         y=\"20\" width=\"400\" height=\"200\" rx=\"24\" fill=\"#0078D4\"/>\n  <circle cx=\"420\" \
         cy=\"60\" r=\"12\" fill=\"#FFFFFF\"/>\n</svg>\n"
    );
    // A second run has nothing to do.
    let again = mdelist(&["fix", "listing"], root.path());
    assert!(stdout(&again).starts_with("listing/listing.toml: "));
    assert!(!stdout(&again).contains("fixed"), "{}", stdout(&again));
    assert_eq!(std::fs::read(dir.join("logo.svg")).unwrap(), repaired);
    let diff = mdelist(&["fix", "--diff", "listing"], root.path());
    assert_eq!(
        (diff.status.code(), stdout(&diff)),
        (Some(0), String::new())
    );
}

#[test]
fn the_diff_writes_nothing_and_patch_gives_the_fixed_bytes() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing(root.path());
    let original = std::fs::read(dir.join("logo.svg")).unwrap();
    let diff = mdelist(&["fix", "--diff", "listing"], root.path());
    assert_eq!(diff.status.code(), Some(1));
    assert!(stdout(&diff).starts_with("--- listing/logo.svg\n+++ listing/logo.svg\n@@ "));
    assert_eq!(std::fs::read(dir.join("logo.svg")).unwrap(), original);
    assert!(!dir.join("logo.orig.svg").exists());

    // The diff applied with patch, in a second copy, equals what fix writes.
    let patched_root = tempfile::tempdir().unwrap();
    let patched = listing(patched_root.path());
    let mut child = Command::new("patch")
        .args(["-p0", "--quiet"])
        .current_dir(patched_root.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&diff.stdout).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(
        mdelist(&["fix", "listing"], root.path()).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read(patched.join("logo.svg")).unwrap(),
        std::fs::read(dir.join("logo.svg")).unwrap()
    );
}

fn git(args: &[&str], dir: &Path) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
}

#[test]
fn uncommitted_logos_are_left_alone_unless_allowed() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing(root.path());
    git(&["init", "--quiet"], root.path());
    let original = std::fs::read(dir.join("logo.svg")).unwrap();
    let refused = mdelist(&["fix", "listing"], root.path());
    assert!(
        stdout(&refused).starts_with(
            "not repaired: listing/logo.svg has uncommitted changes (commit them, or pass \
             --allow-dirty)\n"
        ),
        "{}",
        stdout(&refused)
    );
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.join("logo.svg")).unwrap(), original);

    git(&["add", "."], root.path());
    git(&["commit", "--quiet", "-m", "listing"], root.path());
    let committed = mdelist(&["fix", "listing"], root.path());
    assert_eq!(committed.status.code(), Some(0), "{}", stdout(&committed));
    assert_ne!(std::fs::read(dir.join("logo.svg")).unwrap(), original);

    // Now the logo has uncommitted changes (the fix); --allow-dirty lets a repair through.
    std::fs::write(dir.join("logo.svg"), &original).unwrap();
    std::fs::remove_file(dir.join("logo.orig.svg")).unwrap();
    let allowed = mdelist(&["fix", "--allow-dirty", "listing"], root.path());
    assert_eq!(allowed.status.code(), Some(0), "{}", stdout(&allowed));
}

#[test]
fn an_existing_original_is_never_overwritten() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing(root.path());
    std::fs::write(dir.join("logo.orig.svg"), "kept").unwrap();
    let output = mdelist(&["fix", "listing"], root.path());
    assert!(
        stdout(&output).starts_with(
            "not repaired: listing/logo.orig.svg exists; move it away to keep this original\n"
        ),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read(dir.join("logo.orig.svg")).unwrap(), b"kept");
}

/// The broken-logo example: its logo has live text, so the repair is shown and not applied,
/// and every finding stays, named.
#[test]
fn live_text_keeps_the_broken_logo_example_as_it_is() {
    let root = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-logo");
    let dir = root.path().join("broken-logo");
    std::fs::create_dir(&dir).unwrap();
    for name in ["listing.toml", "logo.svg"] {
        std::fs::copy(source.join(name), dir.join(name)).unwrap();
    }
    let before = std::fs::read(dir.join("logo.svg")).unwrap();
    let output = mdelist(&["fix", "broken-logo"], root.path());
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "not applied (display only): broken-logo/logo.svg: the logo has live text (\"Tenvik\")"
        ),
        "{text}"
    );
    assert!(
        text.contains("broken-logo/listing.toml: 8 left to fix by hand:\n"),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.join("logo.svg")).unwrap(), before);
}

/// A copy of the broken listing, whose User-Agent does not match it (`UA003`), among many other
/// fixable findings (`--select` picks one family at a time).
fn broken_listing(root: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-listing");
    let dir = root.join("broken-listing");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(source.join("listing.toml"), dir.join("listing.toml")).unwrap();
    dir
}

fn codes(dir: &Path, root: &Path) -> Vec<String> {
    let output = mdelist(&["check", "--format", "json", dir.to_str().unwrap()], root);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The User-Agent fix: before, the diff, after; nothing else in the file changes, the finding
/// it claimed to remove is gone, no finding is new, and a second run changes nothing.
#[test]
fn the_user_agent_fix_before_diff_and_after() {
    let root = tempfile::tempdir().unwrap();
    let dir = broken_listing(root.path());
    let before = std::fs::read_to_string(dir.join("listing.toml")).unwrap();
    let codes_before = codes(&dir, root.path());
    assert!(codes_before.contains(&"UA003".to_string()));

    let diff = mdelist(
        &["fix", "--diff", "--select", "UA", "broken-listing"],
        root.path(),
    );
    assert_eq!(diff.status.code(), Some(1));
    assert_eq!(
        stdout(&diff),
        "--- broken-listing/listing.toml\n+++ broken-listing/listing.toml\n@@ -18,7 +18,7 @@\n \n \
         [integration]\n version = \"v2.1\"\n-user_agent = \"MdePartner-Fabrikam-Shield-Pro/2.0\"\n\
         +user_agent = \"MdePartner-FabrikamInc-FabrikamDefenderShield/2.1.0\"\n multi_tenant = \
         \"yes\"\n \n [checks]\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("listing.toml")).unwrap(),
        before
    );

    let fixed = mdelist(&["fix", "--select", "UA", "broken-listing"], root.path());
    assert!(
        stdout(&fixed).starts_with(
            "fixed broken-listing/listing.toml: write the derived User-Agent (UA003)\n"
        ),
        "{}",
        stdout(&fixed)
    );
    let after = std::fs::read_to_string(dir.join("listing.toml")).unwrap();
    assert_eq!(
        after,
        before.replace(
            "user_agent = \"MdePartner-Fabrikam-Shield-Pro/2.0\"",
            "user_agent = \"MdePartner-FabrikamInc-FabrikamDefenderShield/2.1.0\""
        )
    );
    // No finding is new; UA003 is gone, and UA004 (the ambiguous hyphens of the old value)
    // with it.
    let codes_after = codes(&dir, root.path());
    let mut remaining = codes_before.clone();
    for code in &codes_after {
        let at = remaining.iter().position(|c| c == code);
        assert!(at.is_some(), "{code} is new: {codes_after:?}");
        remaining.remove(at.unwrap());
    }
    assert_eq!(remaining, ["UA003", "UA004"]);

    let again = mdelist(&["fix", "--select", "UA", "broken-listing"], root.path());
    assert!(!stdout(&again).contains("fixed"), "{}", stdout(&again));
    assert_eq!(
        std::fs::read_to_string(dir.join("listing.toml")).unwrap(),
        after
    );

    // The diff, applied with patch to a fresh copy, gives the same bytes.
    let other = tempfile::tempdir().unwrap();
    let copy = broken_listing(other.path());
    let mut child = Command::new("patch")
        .args(["-p0", "--quiet"])
        .current_dir(other.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&diff.stdout).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(
        std::fs::read_to_string(copy.join("listing.toml")).unwrap(),
        after
    );
}

/// The category fix is unsafe (a guess, and the section the listing shows under): applied only
/// with `--unsafe-fixes`.
#[test]
fn the_category_fix_needs_unsafe_fixes() {
    let root = tempfile::tempdir().unwrap();
    let dir = broken_listing(root.path());
    let safe_only = mdelist(
        &["fix", "--select", "CAT001", "broken-listing"],
        root.path(),
    );
    let text = std::fs::read_to_string(dir.join("listing.toml")).unwrap();
    assert!(
        text.contains("category = \"Threat Intelligence\""),
        "{}",
        stdout(&safe_only)
    );
    assert!(codes(&dir, root.path()).contains(&"CAT001".to_string()));

    let with_unsafe = mdelist(
        &[
            "fix",
            "--unsafe-fixes",
            "--select",
            "CAT001",
            "broken-listing",
        ],
        root.path(),
    );
    assert!(
        stdout(&with_unsafe).starts_with(
            "fixed broken-listing/listing.toml: use the category \"threat-intelligence\" (CAT001)\n"
        ),
        "{}",
        stdout(&with_unsafe)
    );
    let fixed = std::fs::read_to_string(dir.join("listing.toml")).unwrap();
    assert_eq!(
        fixed,
        text.replace(
            "category = \"Threat Intelligence\"",
            "category = \"threat-intelligence\""
        )
    );
    assert!(!codes(&dir, root.path()).contains(&"CAT001".to_string()));
}
