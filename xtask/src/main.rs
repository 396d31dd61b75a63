//! Build tasks of the workspace, run as `cargo xtask TASK` (the alias is in .cargo/config.toml).
//!
//! `web`: builds the browser edition's module (web/) for wasm32-unknown-unknown and writes
//! `target/web/mdelist.html`, one file with the module (gzip, base64), the worker, the script
//! and the styles inline, under a Content-Security-Policy that pins each inline script and
//! style by hash and allows no network at all.

#![cfg_attr(test, allow(clippy::unwrap_used))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "web";
/// Where the page is written, under the target folder.
const PAGE: &str = "web/mdelist.html";

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let result = match task.as_deref() {
        Some("web") => web(),
        _ => Err("usage: cargo xtask web   (writes target/web/mdelist.html)".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.clone(), Path::to_path_buf)
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// `'sha256-…'` of an inline script or style, as a CSP source.
fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

fn web() -> Result<(), String> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--locked",
            "--package",
            "mdelist-web",
            "--lib",
            "--target",
            TARGET,
            "--profile",
            PROFILE,
        ])
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err(format!(
            "building the module failed (is the target installed? `rustup target add {TARGET}`)"
        ));
    }
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let module_path = target_dir.join(format!("{TARGET}/{PROFILE}/mdelist_web.wasm"));
    let module = std::fs::read(&module_path)
        .map_err(|error| format!("cannot read {}: {error}", module_path.display()))?;
    let page = assemble(&root, &module)?;
    let target = target_dir.join(PAGE);
    write_atomically(&target, page.as_bytes())?;
    println!(
        "wrote {} ({} bytes; module {} bytes, {} gzipped)",
        target.display(),
        page.len(),
        module.len(),
        gzip(&module)?.len()
    );
    Ok(())
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    // No name and a zero modification time, so the same module always gives the same page.
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|error| format!("cannot compress the module: {error}"))
}

fn assemble(root: &Path, module: &[u8]) -> Result<String, String> {
    let page_dir = root.join("web/page");
    let template = read_text(&page_dir.join("page.html"))?;
    let style = read_text(&page_dir.join("page.css"))?;
    let script = read_text(&page_dir.join("page.js"))?;
    let worker = read_text(&page_dir.join("worker.js"))?;
    // The preview page is shown in a frame of this page (a `blob:` document, which inherits this
    // policy): its own inline style and script (templates/, inserted verbatim by
    // src/preview.rs) are pinned too.
    let preview_style = read_text(&root.join("templates/preview.css"))?;
    let preview_script = read_text(&root.join("templates/preview.js"))?;
    for (name, text) in [("page.js", &script), ("worker.js", &worker)] {
        if text.to_ascii_lowercase().contains("</script") {
            return Err(format!("web/page/{name} may not contain `</script`"));
        }
    }
    let version = read_version(root)?;
    let csp = format!(
        "default-src 'none'; script-src {} {} 'wasm-unsafe-eval'; style-src {} {}; \
         img-src data: blob:; worker-src blob:; frame-src blob:; \
         connect-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(&script),
        csp_hash(&preview_script),
        csp_hash(&style),
        csp_hash(&preview_style),
    );
    let wasm = BASE64.encode(gzip(module)?);
    fill(
        &template,
        &[
            ("@CSP@", &csp),
            ("@VERSION@", &version),
            ("@STYLE@", &style),
            ("@WASM@", &wasm),
            ("@WORKER@", &worker),
            ("@SCRIPT@", &script),
        ],
    )
}

/// Replaces each marker of the template in one pass, so that nothing inserted is read as a
/// marker; every marker must be used.
fn fill(template: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    let mut used = vec![false; values.len()];
    while let Some(at) = rest.find('@') {
        let found = values
            .iter()
            .position(|(marker, _)| rest[at..].starts_with(marker));
        match found {
            Some(index) => {
                out.push_str(&rest[..at]);
                out.push_str(values[index].1);
                rest = &rest[at + values[index].0.len()..];
                used[index] = true;
            }
            None => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    match values.iter().zip(&used).find(|(_, used)| !**used) {
        Some(((marker, _), _)) => Err(format!("web/page/page.html has no {marker}")),
        None => Ok(out),
    }
}

fn read_version(root: &Path) -> Result<String, String> {
    let manifest = read_text(&root.join("Cargo.toml"))?;
    manifest
        .lines()
        .find_map(|line| {
            let value = line.strip_prefix("version = \"")?;
            value.strip_suffix('"').map(str::to_string)
        })
        .ok_or_else(|| "no version in Cargo.toml".to_string())
}

/// Writes beside the target and renames over it, so a reader never sees half a page.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = target
        .parent()
        .ok_or_else(|| format!("{} has no folder", target.display()))?;
    std::fs::create_dir_all(dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let temporary = dir.join(format!(".mdelist.html.{}", std::process::id()));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, target));
    written.map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write {}: {error}", target.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_filled_once_and_inserted_text_is_left_alone() {
        let filled = fill("a @X@ b @Y@ c@", &[("@X@", "@Y@"), ("@Y@", "y")]).unwrap();
        assert_eq!(filled, "a @Y@ b y c@");
        let missing = fill("a @X@", &[("@X@", "x"), ("@Z@", "z")]).unwrap_err();
        assert_eq!(missing, "web/page/page.html has no @Z@");
    }
}
