//! mdelist checks, bundles and tracks the listing package a security vendor submits to the
//! partner applications page of Microsoft Defender for Endpoint.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod atomic_file;
pub mod bundle;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod manifest;
pub mod online;
pub mod policy;
pub mod press;
pub mod preview;
pub mod review;
pub mod rules;
pub mod scaffold;
pub mod svg;
pub mod text;
#[cfg(target_os = "linux")]
pub mod worker;
