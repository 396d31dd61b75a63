//! Shared helpers for integration tests: temporary listing folders and running the binary.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const VALID_LISTING: &str = r#"[partner]
company = "Tenvik Security"

[product]
name = "Tenvik Sentry"
description = "Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint and block malicious files everywhere."
logo = "logo.svg"
landing_page = "https://www.tenvik.io/sentry/defender"
category = "threat-intelligence"

[integration]
version = "3.2.0"
multi_tenant = false
"#;

pub const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="8" y="8" width="48" height="48" fill="#0F4C81"/></svg>"##;

/// A temporary listing folder holding `listing.toml` (given) and `logo.svg`.
pub fn listing(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("listing.toml"), manifest).unwrap();
    std::fs::write(dir.path().join("logo.svg"), LOGO).unwrap();
    dir
}

/// The data (heap and stacks) every run of the binary in the tests may use: a run that needs
/// more fails its allocation and the test with it.
pub const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;

/// The binary under [`MEMORY_LIMIT_KIB`] (the shell sets the limit and becomes mdelist, so the
/// child's process id is mdelist's), ready for arguments.
pub fn limited_mdelist() -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "ulimit -d {MEMORY_LIMIT_KIB} || exit 125; exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_mdelist"))
        // A run inside a GitHub job would append its summary to the job's own.
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

/// Runs mdelist in `cwd` under [`MEMORY_LIMIT_KIB`]; arguments may be any OS strings (paths
/// that are not UTF-8, say).
pub fn mdelist<S: AsRef<std::ffi::OsStr>>(args: &[S], cwd: &Path) -> Output {
    limited_mdelist()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `check --format json` on a folder: the exit code and the report.
pub fn check_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json", "--today", "2026-11-22"];
    args.extend_from_slice(extra);
    args.push(".");
    let output = mdelist(&args, dir);
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(&output), stderr(&output)));
    (output.status.code().unwrap_or(-1), report)
}

/// The codes of the counted (not suppressed) diagnostics of the first listing.
pub fn codes(report: &serde_json::Value) -> Vec<String> {
    report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| diagnostic.get("suppressed").is_none())
        .map(|diagnostic| diagnostic["code"].as_str().unwrap().to_string())
        .collect()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README's screenshot of the example's preview page.
pub const SCREENSHOT: &str = "docs/preview.png";
/// The PNG text chunk of the screenshot that holds the SHA-256 of the page it shows, so a
/// test can tell when the page changed and the screenshot did not.
pub const SCREENSHOT_KEY: &str = "mdelist-preview-sha256";

/// `mdelist preview examples/contoso-cognito --out OUT`, from the repository root (so the page
/// names the listing by its relative path and is the same on every machine).
pub fn example_preview(out: &Path) -> Output {
    mdelist(
        &[
            "preview",
            "examples/contoso-cognito",
            "--today",
            "2026-11-22",
            "--out",
            out.to_str().unwrap(),
        ],
        &repo_root(),
    )
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A decoded PNG as RGBA pixels, with its text chunks.
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
    pub texts: Vec<(String, String)>,
}

pub fn decode_png(bytes: &[u8]) -> Picture {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().unwrap();
    let texts = reader
        .info()
        .uncompressed_latin1_text
        .iter()
        .map(|chunk| (chunk.keyword.clone(), chunk.text.clone()))
        .collect();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buffer).unwrap();
    buffer.truncate(frame.buffer_size());
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let rgba = match frame.color_type {
        png::ColorType::Rgba => buffer,
        png::ColorType::GrayscaleAlpha => buffer
            .chunks(2)
            .flat_map(|pixel| [pixel[0], pixel[0], pixel[0], pixel[1]])
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    Picture {
        width: frame.width,
        height: frame.height,
        rgba,
        texts,
    }
}

/// Whether this process runs as root, who may read any file whatever its mode.
pub fn running_as_root() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

/// Runs mdelist as a user who is subject to file permissions: as `nobody` (through `setpriv`,
/// from a copy of the binary any user may run) when the tests run as root, else as the user.
pub struct Unprivileged {
    binary: PathBuf,
    drop_to_nobody: bool,
    _keep: tempfile::TempDir,
}

impl Unprivileged {
    pub fn new() -> Unprivileged {
        let keep = tempfile::tempdir().unwrap();
        let binary = keep.path().join("mdelist");
        std::fs::copy(env!("CARGO_BIN_EXE_mdelist"), &binary).unwrap();
        open_to_all(keep.path());
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
        Unprivileged {
            binary,
            drop_to_nobody: running_as_root(),
            _keep: keep,
        }
    }

    pub fn run(&self, args: &[&str], cwd: &Path) -> Output {
        let mut command = if self.drop_to_nobody {
            let mut command = Command::new("setpriv");
            command
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(&self.binary);
            command
        } else {
            Command::new(&self.binary)
        };
        command
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

pub fn open_to_all(path: &Path) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

pub fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The names in a folder, sorted.
pub fn file_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `review submit` of the press release `launch.md` in the current folder, on 2026-11-22.
pub const SUBMIT_LAUNCH: [&str; 9] = [
    "review",
    "submit",
    ".",
    "--release",
    "launch.md",
    "--date",
    "2026-11-22",
    "--today",
    "2026-11-22",
];

/// Says that a test did not run and why, where `cargo test` shows it: written straight to the
/// standard error stream, which the test harness does not capture (it captures `eprintln!`),
/// so a skipped test never passes silently.
pub fn skipped(test: &str, reason: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "note: skipped {test}: {reason}");
}
