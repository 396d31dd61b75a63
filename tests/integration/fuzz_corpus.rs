//! Every seed of the fuzz targets, and every input a fuzzing run once found a fault with, runs
//! through the same harness in the ordinary test suite (fuzz/README.md). A finding that comes
//! back fails here, without libFuzzer.

#[path = "../../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

/// The files in `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/`.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for folder in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = format!("{folder}/{target}/{}", path.file_name().unwrap().display());
            inputs.push((name, std::fs::read(&path).unwrap()));
        }
    }
    inputs.sort();
    inputs
}

/// Runs each input, naming the one that fails.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let inputs = inputs(target);
    for (name, bytes) in &inputs {
        if std::panic::catch_unwind(|| run(bytes)).is_err() {
            panic!("fuzz input {name} fails");
        }
    }
    inputs.len()
}

#[test]
fn manifest_inputs() {
    assert!(replay("manifest", harness::manifest) >= 50);
}

#[test]
fn logo_inputs() {
    assert!(replay("logo", harness::logo) >= 30);
}

#[test]
fn press_inputs() {
    assert!(replay("press", harness::press) >= 10);
}

#[test]
fn words_inputs() {
    assert!(replay("words", harness::words) >= 8);
}

#[test]
fn verify_inputs() {
    assert!(replay("verify", harness::verify) >= 4);
}

#[test]
fn css_inputs() {
    assert!(replay("css", harness::css) >= 20);
}

/// The harness's own oracle is live: a bundle that the tool wrote verifies, so the manifest
/// target reaches the bundle round trip for the example listing.
#[test]
fn the_example_listing_reaches_the_bundle_round_trip() {
    let manifest = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-cognito/listing.toml"),
    )
    .unwrap();
    assert!(harness::manifest_bundled(&manifest));
}

#[cfg(target_os = "linux")]
#[test]
fn worker_protocol_inputs() {
    assert!(replay("worker_protocol", harness::worker_protocol) >= 8);
}
