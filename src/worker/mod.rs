//! The confined render worker: the logo's parsing and rendering run in a child process of the
//! same binary (`mdelist __render-worker`), under OS limits and a seccomp filter, so that no
//! logo can take the run down, read a file, open a socket or start a program.
//!
//! - [`protocol`]: the frames on the worker's stdin and stdout, strict and capped;
//! - [`sandbox`]: the limits the worker puts on itself before it reads a request;
//! - [`serve`]: the worker's loop;
//! - [`pool`]: the parent's side: one worker per rendering thread, reused, with a wall-clock
//!   budget per logo; a worker that dies or overruns is killed, reaped and replaced, and its
//!   logo gets a finding.

pub mod pool;
pub mod protocol;
pub mod sandbox;
pub mod serve;

pub use pool::{Failure, Pool};

/// The hidden subcommand that runs a worker.
pub const SUBCOMMAND: &str = "__render-worker";

/// Sends every logo render of this process to a pool of confined workers started from this
/// binary. Without a path to this binary every render fails with the reason.
pub fn install() {
    let pool = std::env::current_exe().map(Pool::new);
    crate::svg::render::install(Box::new(move |text: &str, sizes: &[u32]| match &pool {
        Ok(pool) => pool.render(text, sizes),
        Err(error) => Err(crate::svg::RenderError::Failed(format!(
            "the renderer could not be started (this program's path is unknown: {error})"
        ))),
    }));
}
