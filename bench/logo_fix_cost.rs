//! What computing the logo repair would add to `check`: the analysis `check` does of a logo
//! (read, pre-pass, parse, render at the checked sizes, measure), alone or followed by the
//! repair with its pixel proof, both with the in-process renderer so that `valgrind
//! --tool=callgrind` counts every instruction (the confined worker cannot run under valgrind).
//!
//! Usage: logo_fix_cost check|repair LOGO.svg

use std::process::ExitCode;

use mdelist::fix::logo::{RepairOptions, repair};
use mdelist::manifest::LoadedFile;
use mdelist::svg::render::InProcess;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, path] = args.as_slice() else {
        eprintln!("usage: logo_fix_cost check|repair LOGO.svg");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    let file = LoadedFile {
        relative: "logo.svg".into(),
        path: path.into(),
        bytes,
    };
    let logo = mdelist::svg::analyze(&file, &InProcess, &mdelist::svg::CHECKED_SIZES);
    println!("analysed: rendered {}", logo.renders().is_some());
    if mode == "repair" {
        match repair(
            &file.bytes,
            RepairOptions {
                title: Some("Product"),
                fonts: &[],
            },
            &InProcess,
        ) {
            Ok(repaired) => println!(
                "repaired: {} bytes, display only: {}",
                repaired.bytes.len(),
                repaired.display_only.is_some()
            ),
            Err(refusal) => println!("refused: {refusal}"),
        }
    }
    ExitCode::SUCCESS
}
