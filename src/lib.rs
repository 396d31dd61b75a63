//! mdelist checks, bundles and tracks the listing package a security vendor submits to the
//! partner applications page of Microsoft Defender for Endpoint.
//!
//! The library is a core without I/O (manifest, text, svg, press, rules, policy, diagnostics,
//! review, bundle, preview, scaffold: bytes and a date in, a report out; it builds for
//! `wasm32-unknown-unknown` with `--no-default-features`), and, with the `cli` feature, the
//! adapters that touch the machine (`io`, `atomic_file`) and the command line (`cli`).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[cfg(feature = "cli")]
pub mod atomic_file;
pub mod baseline;
pub mod bundle;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod consistency;
pub mod diagnostics;
pub mod fix;
#[cfg(feature = "cli")]
pub mod io;
pub mod manifest;
pub mod online;
pub mod policy;
pub mod press;
pub mod preview;
pub mod render;
pub mod report;
pub mod review;
pub mod rules;
pub mod scaffold;
pub mod svg;
pub mod text;
#[cfg(all(feature = "cli", target_os = "linux"))]
pub mod worker;
pub mod xml_limits;
