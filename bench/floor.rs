//! The floor for one listing: the least a program built from the same crates can do with a
//! logo — read it, parse it with usvg, render it once at 128 px with resvg. No rules, no
//! pre-pass, no worker, no output. `bench/goals.py` runs it beside `mdelist check`.
//!
//! Usage: floor LOGO.svg [RUNS] (RUNS renders in one process, for instruction counts per render).

use std::process::ExitCode;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

const SIDE: u32 = 128;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: floor LOGO.svg [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = args
        .next()
        .and_then(|runs| runs.to_str()?.parse().ok())
        .unwrap_or(1);
    let mut drawn = 0usize;
    for _ in 0..runs {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{}: {error}", path.to_string_lossy());
                return ExitCode::from(2);
            }
        };
        let tree = match usvg::Tree::from_data(&bytes, &usvg::Options::default()) {
            Ok(tree) => tree,
            Err(error) => {
                eprintln!("{}: {error}", path.to_string_lossy());
                return ExitCode::from(1);
            }
        };
        let Some(mut pixmap) = Pixmap::new(SIDE, SIDE) else {
            return ExitCode::from(2);
        };
        let size = tree.size();
        let scale = SIDE as f32 / size.width().max(size.height());
        resvg::render(
            &tree,
            Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        drawn += pixmap
            .pixels()
            .iter()
            .filter(|pixel| pixel.alpha() > 0)
            .count();
    }
    // Printed so the render cannot be optimised away.
    println!("{drawn}");
    ExitCode::SUCCESS
}
