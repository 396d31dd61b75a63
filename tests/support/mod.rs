//! Shared helpers for integration tests: temporary listing folders and running the binary.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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

pub fn mdelist(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdelist"))
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
