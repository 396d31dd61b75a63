//! `mdelist-render-worker`: the confined render worker on its own, installed beside `mdelist`,
//! which starts it to parse and render logos. It holds only that work, so it starts in a
//! fraction of the time the whole program takes.
//!
//! `mdelist-render-worker __render-worker` serves requests on stdin, as `mdelist
//! __render-worker` does. `mdelist` adds `--build ID --else PROGRAM`: a worker of another build
//! (an older one left beside a newer `mdelist`) speaks another protocol, so it hands over to
//! `PROGRAM __render-worker` (that `mdelist` itself) before reading anything.

use std::process::ExitCode;

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    eprintln!("mdelist-render-worker runs on Linux only");
    ExitCode::from(2)
}

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    use mdelist::worker::{BUILD, SUBCOMMAND};
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let serve = match args.as_slice() {
        [subcommand] if subcommand == SUBCOMMAND => true,
        [subcommand, build_flag, build, else_flag, _]
            if subcommand == SUBCOMMAND && build_flag == "--build" && else_flag == "--else" =>
        {
            build == BUILD
        }
        _ => {
            eprintln!(
                "mdelist-render-worker renders logos for mdelist, which starts it: run mdelist"
            );
            return ExitCode::from(2);
        }
    };
    if !serve {
        use std::os::unix::process::CommandExt;
        let program = &args[4];
        let error = std::process::Command::new(program).arg(SUBCOMMAND).exec();
        eprintln!(
            "error: render worker: this worker is of another build than {} and could not hand \
             over to it: {error}",
            std::path::Path::new(program).display()
        );
        return ExitCode::FAILURE;
    }
    match mdelist::worker::serve::serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("error: render worker: {reason}");
            ExitCode::FAILURE
        }
    }
}
