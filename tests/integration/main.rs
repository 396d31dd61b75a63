//! The integration suite: one test binary, a module per area, so the suite links once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod action;
mod architecture;
mod baseline;
mod blank_words;
mod browser;
mod bundle;
mod bundle_properties;
mod catalogue;
mod changed_since;
mod check;
mod cli;
mod completions_man;
mod consistency;
mod css_browser;
mod entry_names;
mod faults;
mod fix;
mod formats;
mod fuzz_corpus;
mod hostile;
mod init;
mod input_size;
mod junit_readers;
#[cfg(target_os = "linux")]
mod logo_hostile;
#[cfg(target_os = "linux")]
mod logo_repair;
mod manifest_fix;
mod names;
mod online;
mod policy_discovery;
mod pre_commit;
mod press;
mod press_fix;
mod press_fix_docx;
mod preview;
mod properties;
mod release_status;
mod robustness;
mod segmentation_agreement;
mod throughput;
mod verify_hostile;
mod web;
#[cfg(target_os = "linux")]
mod worker;
mod writes;
